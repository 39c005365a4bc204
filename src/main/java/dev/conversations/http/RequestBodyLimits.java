package dev.conversations.http;

import dev.conversations.error.ErrorType;
import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Bounds what a request body may cost before our code sees it: a body announced larger than its route's limit is
 * refused with Ada's envelope before it is read, a chunked body is read here and refused as soon as it passes the
 * limit, and a body that does not arrive within the body timeout ends in 408 and a closed connection, so a client
 * sending a byte per second cannot hold a request open.
 */
@ApplicationScoped
public class RequestBodyLimits {
    private static final String TOO_LARGE = "{\"errors\":[{\"type\":\"" + ErrorType.PAYLOAD_TOO_LARGE
            + "\",\"message\":\"The request body is larger than the limit\",\"details\":\"limit: %d bytes\"}]}";
    private static final String TOO_SLOW = "{\"errors\":[{\"type\":\"" + ErrorType.REQUEST_TIMEOUT
            + "\",\"message\":\"The request body did not arrive in time\",\"details\":\"limit: %d ms\"}]}";

    private final Vertx vertx;
    private final long jsonBodyBytes;
    private final long adminBodyBytes;
    private final long bodyTimeoutMillis;

    public RequestBodyLimits(Vertx vertx, HttpLimits limits) {
        this.vertx = vertx;
        this.jsonBodyBytes = limits.maxJsonBodySize().asLongValue();
        this.adminBodyBytes = limits.maxAdminBodySize().asLongValue();
        this.bodyTimeoutMillis = limits.bodyTimeout().toMillis();
    }

    /** Right after the request id is assigned (RequestIds). */
    @RouteFilter(Integer.MAX_VALUE - 1)
    void limitBodies(RoutingContext context) {
        HttpServerRequest request = context.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        boolean chunked = length == null && request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
        if (length == null && !chunked || request.isEnded()) {
            context.next();
            return;
        }
        long limit = request.path().startsWith("/admin/") ? adminBodyBytes : jsonBodyBytes;
        if (length != null && exceeds(length, limit)) {
            refuseAndClose(context, 413, TOO_LARGE.formatted(limit));
            return;
        }
        long timer = vertx.setTimer(bodyTimeoutMillis, fired -> {
            if (!request.isEnded() && !context.response().ended()) {
                refuseAndClose(context, 408, TOO_SLOW.formatted(bodyTimeoutMillis));
            }
        });
        context.addEndHandler(ended -> vertx.cancelTimer(timer));
        if (chunked) {
            readChunked(context, limit);
        } else {
            context.next();
        }
    }

    /**
     * Reads a chunked body up to {@code limit} and hands it to the REST layer, which takes a body already read from
     * the routing context. (Left to Vert.x, an oversized chunked body gets an empty 413 and an error in the log.)
     */
    @SuppressWarnings("deprecation") // RoutingContext.setBody: how a handler passes a read body on in Vert.x 4.
    private static void readChunked(RoutingContext context, long limit) {
        HttpServerRequest request = context.request();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (context.response().ended()) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                refuseAndClose(context, 413, TOO_LARGE.formatted(limit));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(ended -> {
            if (!context.response().ended()) {
                context.setBody(body);
                context.next();
            }
        });
        request.resume();
    }

    private static void refuseAndClose(RoutingContext context, int status, String body) {
        context.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body)
                // The rest of the body will not be read: close rather than leave the client sending into a paused
                // socket.
                .onComplete(sent -> context.request().connection().close());
    }

    private static boolean exceeds(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
