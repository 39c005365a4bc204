package dev.conversations.pagination;

import dev.conversations.error.ApiError;
import dev.conversations.error.ErrorType;
import java.util.List;

/** The {@code limit} of a list: 1 to 100, 100 when absent (Ada's lists). */
public final class PageSize {
    public static final int MAX = 100;

    private PageSize() {}

    /** The page size {@code limit} asks for; a problem is added to {@code errors} (and MAX returned) when invalid. */
    public static int parse(String limit, List<ApiError> errors) {
        if (limit == null) {
            return MAX;
        }
        int size;
        try {
            size = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size < 1 || size > MAX) {
            errors.add(invalidParameter("limit", "must be an integer from 1 to " + MAX));
            return MAX;
        }
        return size;
    }

    public static ApiError invalidParameter(String parameter, String problem) {
        return new ApiError(
                ErrorType.INVALID_REQUEST, "Invalid query parameter", "query." + parameter + ": " + problem);
    }
}
