package dev.conversations.error;

import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body announced larger than the limit with Ada's envelope before it is read. (Vert.x's own check,
 * which still guards chunked bodies, answers 413 with an empty body.)
 */
@ApplicationScoped
public class RequestSizeLimit {
    private static final String TOO_LARGE = "{\"errors\":[{\"type\":\"" + ErrorType.PAYLOAD_TOO_LARGE
            + "\",\"message\":\"The request body is larger than the limit\",\"details\":\"limit: %d bytes\"}]}";

    private final long maxBytes;

    public RequestSizeLimit(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size")
                    io.quarkus.runtime.configuration.MemorySize maxBodySize) {
        this.maxBytes = maxBodySize.asLongValue();
    }

    /** Right after the request id is assigned (RequestIds). */
    @RouteFilter(Integer.MAX_VALUE - 1)
    void refuseOversizedBodies(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && exceeds(length)) {
            context.response()
                    .setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(TOO_LARGE.formatted(maxBytes))
                    // The body will not be read: close rather than leave the client uploading into a paused socket.
                    .onComplete(sent -> context.request().connection().close());
            return;
        }
        context.next();
    }

    private boolean exceeds(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
