package dev.conversations.error;

import java.util.List;

/** A request we refuse on purpose: the status and the items of the envelope the client receives. */
public class ApiException extends RuntimeException {
    /** Items listed in one response; a body with more problems gets the first ones and a count of the rest. */
    static final int MAX_ITEMS = 20;

    private final int status;
    private final List<ApiError> errors;
    private final Integer retryAfterSeconds;

    public ApiException(int status, List<ApiError> errors) {
        this(status, errors, null);
    }

    private ApiException(int status, List<ApiError> errors, Integer retryAfterSeconds) {
        super(errors.isEmpty() ? "" : errors.get(0).message(), null, false, false);
        this.status = status;
        this.errors = errors.size() <= MAX_ITEMS ? List.copyOf(errors) : firstItems(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The same refusal with a Retry-After header (429, 503). */
    public ApiException retryAfter(int seconds) {
        return new ApiException(status, errors, seconds);
    }

    /** Seconds of the Retry-After header, or null for none. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiException badRequest(List<ApiError> errors) {
        return new ApiException(400, errors);
    }

    public static ApiException badRequest(String message, String details) {
        return new ApiException(400, List.of(new ApiError(ErrorType.INVALID_REQUEST, message, details)));
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, List.of(ApiError.of(ErrorType.NOT_FOUND, message)));
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, List.of(ApiError.of(ErrorType.UNAUTHORIZED, message)));
    }

    private static List<ApiError> firstItems(List<ApiError> errors) {
        List<ApiError> shown = new java.util.ArrayList<>(errors.subList(0, MAX_ITEMS - 1));
        ApiError first = errors.get(0);
        shown.add(new ApiError(
                first.type(), first.message(), (errors.size() - shown.size()) + " more problems not listed"));
        return List.copyOf(shown);
    }

    public int status() {
        return status;
    }

    public List<ApiError> errors() {
        return errors;
    }
}
