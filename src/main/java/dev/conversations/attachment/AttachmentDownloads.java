package dev.conversations.attachment;

import dev.conversations.error.ErrorType;
import io.quarkus.vertx.web.Route;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Serves attachment URLs ({@link AttachmentUrls}): no API key, the signature is the permission. The content is
 * streamed piece by piece from the store, the next piece read only when the client has taken the previous one, and
 * at most {@code max-concurrent-downloads} are served at once per replica (each holds a piece; beyond, 503).
 * Served so that a browser never runs it: nosniff, a sandboxing CSP, and as a download unless it is a raster
 * image, audio, video or PDF.
 */
@ApplicationScoped
public class AttachmentDownloads {
    private static final Logger LOG = Logger.getLogger(AttachmentDownloads.class);
    private static final Set<String> INLINE_PREFIXES = Set.of("image/", "audio/", "video/");
    private static final String ERROR = "{\"errors\":[{\"type\":\"%s\",\"message\":\"%s\",\"details\":null}]}";
    private static final long MAX_CACHE_SECONDS = 3600;

    private final AttachmentUrls urls;
    private final AttachmentRepository attachments;
    private final AttachmentStores stores;
    private final int maxDownloads;
    private final AtomicInteger downloads = new AtomicInteger();

    public AttachmentDownloads(
            AttachmentUrls urls,
            AttachmentRepository attachments,
            AttachmentStores stores,
            AttachmentSettings settings) {
        this.urls = urls;
        this.attachments = attachments;
        this.stores = stores;
        this.maxDownloads = settings.maxConcurrentDownloads();
    }

    @Route(path = "/attachments/:id/:filename", methods = Route.HttpMethod.GET)
    void download(RoutingContext context) {
        String id = context.pathParam("id");
        String expires = context.queryParams().get("expires");
        if (!urls.valid(id, expires, context.queryParams().get("signature"))) {
            error(context, 403, ErrorType.FORBIDDEN, "The attachment URL is invalid or has expired");
            return;
        }
        if (downloads.incrementAndGet() > maxDownloads) {
            downloads.decrementAndGet();
            context.response().putHeader(HttpHeaders.RETRY_AFTER, "2");
            error(context, 503, ErrorType.SERVICE_UNAVAILABLE, "Too many downloads at the moment");
            return;
        }
        context.addEndHandler(ended -> downloads.decrementAndGet());
        // Database and object-store answers arrive on other threads: the response is only touched on the request's
        // own event loop.
        Context request = Vertx.currentContext();
        Executor onRequest = command -> request.runOnContext(run -> command.run());
        attachments
                .find(id)
                .emitOn(onRequest)
                .subscribe()
                .with(
                        found -> start(context, found, Long.parseLong(expires), onRequest),
                        failure -> failed(context, failure));
    }

    private void start(RoutingContext context, Optional<Attachment> found, long expires, Executor onRequest) {
        Optional<AttachmentStore> store = found.flatMap(attachment -> stores.named(attachment.storage()));
        if (found.isEmpty() || store.isEmpty()) {
            error(context, 404, ErrorType.NOT_FOUND, "Attachment not found");
            return;
        }
        Attachment attachment = found.get();
        // Never cached beyond the URL's own expiry.
        long cacheSeconds =
                Math.max(0, Math.min(MAX_CACHE_SECONDS, expires - Instant.now().getEpochSecond()));
        HttpServerResponse response = context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, attachment.mimeType())
                .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(attachment.sizeBytes()))
                .putHeader("Content-Disposition", disposition(attachment))
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
                .putHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=" + cacheSeconds);
        AttachmentStore.Reader reader = store.get().open(attachment.id());
        context.addEndHandler(ended -> reader.close());
        send(context, response, reader, new Progress(attachment.sizeBytes()), onRequest);
    }

    /** Bytes written so far against the size announced in Content-Length. */
    private static final class Progress {
        private final long size;
        private long sent;

        Progress(long size) {
            this.size = size;
        }
    }

    /** Writes one piece, then the next once the client has taken it (the write queue drained). */
    private void send(
            RoutingContext context,
            HttpServerResponse response,
            AttachmentStore.Reader reader,
            Progress progress,
            Executor onRequest) {
        reader.next()
                .emitOn(onRequest)
                .subscribe()
                .with(
                        piece -> {
                            if (response.closed()) {
                                return;
                            }
                            if (piece == null) {
                                if (progress.sent != progress.size) {
                                    // The store had less than the row says: never let a client wait for the rest.
                                    LOG.warnf(
                                            "Attachment content ended at %d of %d bytes", progress.sent, progress.size);
                                    response.reset();
                                } else {
                                    response.end();
                                }
                                return;
                            }
                            progress.sent += piece.length();
                            response.write(piece.getDelegate());
                            if (response.writeQueueFull()) {
                                // Once: a handler left in place would start a second loop at the next drain.
                                response.drainHandler(drained -> {
                                    response.drainHandler(null);
                                    send(context, response, reader, progress, onRequest);
                                });
                            } else {
                                send(context, response, reader, progress, onRequest);
                            }
                        },
                        failure -> failed(context, failure));
    }

    private static void failed(RoutingContext context, Throwable failure) {
        HttpServerResponse response = context.response();
        if (response.headWritten()) {
            // Part of the file was sent: the client sees a short body against Content-Length.
            LOG.warnf("An attachment download broke off: %s", failure.getMessage());
            response.reset();
            return;
        }
        // Nothing sent yet, but the file's headers are set: the error replaces them.
        for (CharSequence header : new CharSequence[] {
            HttpHeaders.CONTENT_TYPE, HttpHeaders.CONTENT_LENGTH, "Content-Disposition", HttpHeaders.CACHE_CONTROL
        }) {
            response.headers().remove(header);
        }
        if (failure instanceof ContentMissing) {
            LOG.warnf("%s", failure.getMessage());
            error(context, 404, ErrorType.NOT_FOUND, "Attachment not found");
            return;
        }
        LOG.warnf("An attachment could not be read: %s", failure.getMessage());
        response.putHeader(HttpHeaders.RETRY_AFTER, "2");
        error(context, 503, ErrorType.SERVICE_UNAVAILABLE, "The attachment cannot be read right now");
    }

    private static void error(RoutingContext context, int status, String type, String message) {
        context.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(ERROR.formatted(type, message));
    }

    private static String disposition(Attachment attachment) {
        String type = attachment.mimeType();
        boolean inline = !type.equals("image/svg+xml")
                && (type.equals("application/pdf") || INLINE_PREFIXES.stream().anyMatch(type::startsWith));
        return (inline ? "inline" : "attachment") + "; filename*=UTF-8''"
                + URLEncoder.encode(attachment.filename(), StandardCharsets.UTF_8)
                        .replace("+", "%20");
    }
}
