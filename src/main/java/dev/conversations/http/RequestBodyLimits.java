package dev.conversations.http;

import dev.conversations.attachment.AttachmentSettings;
import dev.conversations.error.ErrorType;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;

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
    private static final String BUSY = "{\"errors\":[{\"type\":\"" + ErrorType.SERVICE_UNAVAILABLE
            + "\",\"message\":\"Too many request bodies are being received at the moment\",\"details\":null}]}";
    /**
     * Bytes of streamed bodies this replica holds at once. Each may hold 64 KiB for 10 s before any key is checked;
     * thousands of connections doing it at once would fill the heap.
     */
    static final long STREAMED_BODY_BUDGET = 16L * 1024 * 1024;

    private static final String LENGTH_REQUIRED = "{\"errors\":[{\"type\":\"" + ErrorType.LENGTH_REQUIRED
            + "\",\"message\":\"An upload must announce its Content-Length\",\"details\":null}]}";
    private static final String UPLOADS_BUSY = "{\"errors\":[{\"type\":\"" + ErrorType.SERVICE_UNAVAILABLE
            + "\",\"message\":\"Too many uploads are being received at the moment\",\"details\":null}]}";
    /** Multipart framing around the file: boundaries and part headers. */
    static final long MULTIPART_FRAMING_BYTES = 64 * 1024;

    private static final Pattern UPLOAD = Pattern.compile("/api/v2/conversations/[^/]+/attachments/?");
    private static final String TOO_SLOW = "{\"errors\":[{\"type\":\"" + ErrorType.REQUEST_TIMEOUT
            + "\",\"message\":\"The request body did not arrive in time\",\"details\":\"limit: %d ms\"}]}";

    private final Vertx vertx;
    private final LargeBodyTurns largeBodies;
    private final long jsonBodyBytes;
    private final long adminBodyBytes;
    private final long bodyTimeoutMillis;
    private final long uploadBodyBytes;
    private final long uploadTimeoutMillis;
    private final int maxConcurrentUploads;
    private final AtomicLong streamedBytes = new AtomicLong();
    private final int maxConcurrentUploadsPerTenant;
    private final AtomicInteger uploads = new AtomicInteger();
    private final Map<String, Integer> uploadsByTenant = new ConcurrentHashMap<>();

    public RequestBodyLimits(
            Vertx vertx, LargeBodyTurns largeBodies, HttpLimits limits, AttachmentSettings attachments) {
        this.vertx = vertx;
        this.largeBodies = largeBodies;
        this.jsonBodyBytes = limits.maxJsonBodySize().asLongValue();
        long inMemory = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.rest.input-buffer-size", MemorySize.class)
                .map(MemorySize::asLongValue)
                .orElse(10L * 1024);
        if (jsonBodyBytes > inMemory) {
            // A body read here is handed over in memory; Quarkus REST misreads one it would have streamed.
            throw new IllegalArgumentException("conversations.http.max-json-body-size (" + jsonBodyBytes
                    + " bytes) must not exceed quarkus.rest.input-buffer-size (" + inMemory
                    + " bytes, fixed when the application is built)");
        }
        this.adminBodyBytes = limits.maxAdminBodySize().asLongValue();
        this.bodyTimeoutMillis = limits.bodyTimeout().toMillis();
        this.uploadBodyBytes = attachments.maxSize().asLongValue() + MULTIPART_FRAMING_BYTES;
        this.uploadTimeoutMillis = attachments.uploadTimeout().toMillis();
        this.maxConcurrentUploads = attachments.maxConcurrentUploads();
        this.maxConcurrentUploadsPerTenant = attachments.maxConcurrentUploadsPerTenant();
    }

    /** Right after the request id is assigned (RequestIds). */
    @RouteFilter(Integer.MAX_VALUE - 1)
    void limitBodies(RoutingContext context) {
        HttpServerRequest request = context.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        // A body without a length: chunked in HTTP/1.1, any body in HTTP/2 (h2c) that does not announce one.
        boolean streamed = length == null
                && (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                        || request.version() == HttpVersion.HTTP_2);
        // "Content-Length: 0" is no body (Java 17's HTTP client sends it with every GET, live streams included); in
        // HTTP/2 the stream's end says so, not the header.
        boolean empty = length != null && announced(length) == 0 && request.version() != HttpVersion.HTTP_2;
        if (length == null && !streamed || request.isEnded() || empty) {
            context.next();
            return;
        }
        boolean upload = request.method() == HttpMethod.POST
                && UPLOAD.matcher(request.path()).matches();
        long limit = upload ? uploadBodyBytes : request.path().startsWith("/admin/") ? adminBodyBytes : jsonBodyBytes;
        if (length != null && exceeds(length, limit)) {
            refuseAndClose(context, 413, TOO_LARGE.formatted(limit));
            return;
        }
        if (upload && !admitUpload(context, streamed)) {
            return;
        }
        long timeout = upload ? uploadTimeoutMillis : bodyTimeoutMillis;
        long timer = vertx.setTimer(timeout, fired -> {
            // A response under way means the body was taken: too late for a 408.
            if (!request.isEnded() && !context.response().headWritten()) {
                refuseAndClose(context, 408, TOO_SLOW.formatted(timeout));
            }
        });
        context.addEndHandler(ended -> vertx.cancelTimer(timer));
        // A large JSON body is read here before it takes its turn (LargeBodyTurns): a slow sender holds no turn.
        boolean large = !upload && length != null && largeBodies.isLarge(announced(length));
        if (streamed || large) {
            readStreamed(context, limit);
        } else {
            context.next();
        }
    }

    /**
     * Uploads are spooled to temporary files by Quarkus REST, not held in the heap: they must announce their length
     * (so that the limit is decided before reading), and at most {@code maxConcurrentUploads} are received at once,
     * which bounds the disk they take, at most {@code maxConcurrentUploadsPerTenant} of them for one tenant.
     */
    private boolean admitUpload(RoutingContext context, boolean streamed) {
        if (streamed) {
            refuseAndClose(context, 411, LENGTH_REQUIRED);
            return false;
        }
        String tenant = claimedTenant(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (uploads.incrementAndGet() > maxConcurrentUploads) {
            uploads.decrementAndGet();
            refuseBusy(context);
            return false;
        }
        if (uploadsByTenant.merge(tenant, 1, Integer::sum) > maxConcurrentUploadsPerTenant) {
            release(tenant);
            refuseBusy(context);
            return false;
        }
        context.addEndHandler(ended -> release(tenant));
        return true;
    }

    private void release(String tenant) {
        uploads.decrementAndGet();
        uploadsByTenant.computeIfPresent(tenant, (key, count) -> count > 1 ? count - 1 : null);
    }

    private static void refuseBusy(RoutingContext context) {
        context.response().putHeader(HttpHeaders.RETRY_AFTER, "2");
        refuseAndClose(context, 503, UPLOADS_BUSY);
    }

    /**
     * The tenant an API key names ({@code cak_<tenant>_...}), not yet verified: the key is checked before the body
     * is read, so a key that names another tenant is answered 401 at once and frees its slot.
     */
    private static String claimedTenant(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer cak_")) {
            return "";
        }
        int end = authorization.indexOf('_', "Bearer cak_".length());
        return end < 0 ? "" : authorization.substring("Bearer cak_".length(), end);
    }

    /**
     * Reads a body of unknown length, or a large one, up to {@code limit} and hands it to the REST layer, which takes
     * a body already read from the routing context; a large body of a POST, PUT or PATCH first waits for its turn.
     * (Left to Vert.x, an oversized chunked body gets an empty 413 and an error in the log.) What all such bodies hold
     * at once, waiting ones included, is bounded by {@link #STREAMED_BODY_BUDGET}: beyond, 503.
     */
    @SuppressWarnings("deprecation") // RoutingContext.setBody: how a handler passes a read body on in Vert.x 4.
    private void readStreamed(RoutingContext context, long limit) {
        HttpServerRequest request = context.request();
        Buffer body = Buffer.buffer();
        context.addEndHandler(ended -> streamedBytes.addAndGet(-body.length()));
        request.handler(chunk -> {
            if (context.response().ended()) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                refuseAndClose(context, 413, TOO_LARGE.formatted(limit));
                return;
            }
            if (streamedBytes.addAndGet(chunk.length()) > STREAMED_BODY_BUDGET) {
                streamedBytes.addAndGet(-chunk.length());
                refuseAndClose(context, 503, BUSY);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(ended -> {
            if (context.response().ended()) {
                return;
            }
            context.setBody(body);
            if (largeBodies.isLarge(body.length()) && carriesWork(request.method())) {
                largeBodies.inTurn(context, context::next);
            } else {
                context.next();
            }
        });
        request.resume();
    }

    /** The methods whose body the API parses and acts on; a body sent with any other is read and ignored. */
    private static boolean carriesWork(HttpMethod method) {
        return method == HttpMethod.POST || method == HttpMethod.PATCH || method == HttpMethod.PUT;
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
        return announced(contentLength) > limit;
    }

    /** The announced length; 0 when it is not a number (Vert.x refuses such a request itself). */
    private static long announced(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
