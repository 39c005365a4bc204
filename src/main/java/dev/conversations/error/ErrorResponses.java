package dev.conversations.error;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Builds every error response, so all failures leave in the same envelope and media type. */
public final class ErrorResponses {

    private ErrorResponses() {}

    public static Response of(int status, ApiErrors errors) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(errors)
                .build();
    }

    public static Response of(int status, String type, String message, String details) {
        return of(status, ApiErrors.of(new ApiError(type, message, details)));
    }

    /** The answer to a refusal: its status and errors, and its Retry-After when it has one. */
    public static Response of(ApiException refusal) {
        Response response = of(refusal.status(), new ApiErrors(refusal.errors()));
        return refusal.retryAfterSeconds() == null
                ? response
                : Response.fromResponse(response)
                        .header("Retry-After", refusal.retryAfterSeconds())
                        .build();
    }
}
