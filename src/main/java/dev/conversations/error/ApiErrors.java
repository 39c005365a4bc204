package dev.conversations.error;

import java.util.List;

/** Ada's error envelope: {@code {"errors":[{"type","message","details"}]}}. */
public record ApiErrors(List<ApiError> errors) {

    public static ApiErrors of(ApiError error) {
        return new ApiErrors(List.of(error));
    }
}
