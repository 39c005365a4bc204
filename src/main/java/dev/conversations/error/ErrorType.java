package dev.conversations.error;

/** The {@code type} values of our error items, one per HTTP failure kind. */
public final class ErrorType {
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String NOT_FOUND = "not_found";
    public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    public static final String NOT_ACCEPTABLE = "not_acceptable";
    public static final String REQUEST_TIMEOUT = "request_timeout";
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
    public static final String RATE_LIMITED = "rate_limited";
    /** A message posted to a conversation that has ended. */
    public static final String CONVERSATION_ENDED = "conversation_ended";
    /** end-handoff on a conversation that is not in handoff (422). */
    public static final String NOT_IN_HANDOFF = "not_in_handoff";

    public static final String INTERNAL_ERROR = "internal_error";
    public static final String SERVICE_UNAVAILABLE = "service_unavailable";

    private ErrorType() {}
}
