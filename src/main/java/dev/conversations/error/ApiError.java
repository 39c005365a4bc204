package dev.conversations.error;

/** One item of Ada's error envelope: {@code type} and {@code message} always, {@code details} a string or null. */
public record ApiError(String type, String message, String details) {

    public static ApiError of(String type, String message) {
        return new ApiError(type, message, null);
    }
}
