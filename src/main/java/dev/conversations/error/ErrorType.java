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
    /** An upload without a Content-Length (411). */
    public static final String LENGTH_REQUIRED = "length_required";
    /** An attachment URL with a wrong signature or past its expiry (403). */
    public static final String FORBIDDEN = "forbidden";

    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
    public static final String RATE_LIMITED = "rate_limited";
    /** A message posted to a conversation that has ended. */
    public static final String CONVERSATION_ENDED = "conversation_ended";
    /** end-handoff on a conversation that is not in handoff (422). */
    public static final String NOT_IN_HANDOFF = "not_in_handoff";
    /** An external id already held by another end user of the tenant (409). */
    public static final String EXTERNAL_ID_TAKEN = "external_id_taken";
    /** A feature the operator has not configured on this server (501), e.g. sensitive metadata without a key. */
    public static final String NOT_CONFIGURED = "not_configured";
    /** Concurrent writers kept changing the resource between our attempts (409, retry). */
    public static final String CONFLICT = "conflict";
    /** A resource a tenant may hold only so many of (409), e.g. webhooks. */
    public static final String LIMIT_REACHED = "limit_reached";
    /** A POST with an Idempotency-Key while a request with the key still runs (409). */
    public static final String IDEMPOTENCY_KEY_IN_USE = "idempotency_key_in_use";
    /** An Idempotency-Key sent again with a different request (422). */
    public static final String IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused";

    public static final String INTERNAL_ERROR = "internal_error";
    public static final String SERVICE_UNAVAILABLE = "service_unavailable";

    private ErrorType() {}
}
