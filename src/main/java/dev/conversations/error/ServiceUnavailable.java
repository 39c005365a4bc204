package dev.conversations.error;

import jakarta.ws.rs.core.Response;

/** 503 in Ada's envelope with {@code Retry-After}: a dependency (PostgreSQL, Redis) cannot serve right now. */
public final class ServiceUnavailable {
    /** Seconds a client should wait: long enough for a pool to drain or a database to restart, short for a user. */
    public static final int RETRY_AFTER_SECONDS = 2;

    private ServiceUnavailable() {}

    public static Response response(String message) {
        return Response.fromResponse(ErrorResponses.of(503, ErrorType.SERVICE_UNAVAILABLE, message, null))
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }
}
