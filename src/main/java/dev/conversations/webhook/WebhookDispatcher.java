package dev.conversations.webhook;

import dev.conversations.database.SqlStatements;
import dev.conversations.event.EventNotifications;
import dev.conversations.observability.ThrottledWarning;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.jboss.logging.Logger;

/**
 * Delivers webhooks from every replica (docs/decisions/012). Woken by the database's notification of a new
 * delivery and by a timer (retries, lost notifications), it claims due deliveries (claim-webhook-deliveries.sql:
 * FOR UPDATE SKIP LOCKED, a lease instead of a held transaction), POSTs each with the Standard Webhooks headers,
 * and records the outcome (record-webhook-attempt.sql): delivered on 2xx, otherwise due again after the next wait of
 * the retry schedule, or failed, and the webhook disabled, after the last. At-least-once: a replica that dies
 * mid-attempt leaves the delivery to be claimed again when its lease ends, with the same {@code webhook-id}.
 * Attempts in flight are bounded per replica and per webhook, so a slow or failing receiver holds only its share.
 */
@ApplicationScoped
public class WebhookDispatcher {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private static final String CLAIM = SqlStatements.load("claim-webhook-deliveries.sql");
    private static final String RECORD = SqlStatements.load("record-webhook-attempt.sql");
    /** What we read of a receiver's answer before closing the connection (its body is never used). */
    private static final long MAX_RESPONSE_BODY = 64 * 1024;
    /** Attempts that end close together share one claim. */
    private static final long CLAIM_COALESCING_MS = 5;

    private final Pool pool;
    private final Vertx vertx;
    private final WebhookSettings settings;
    private final WebhookSecrets secrets;
    private final WebhookUrls urls;
    private final EventNotifications notifications;
    private final Map<String, AtomicInteger> inFlightPerWebhook = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicBoolean claimScheduled = new AtomicBoolean();
    private volatile boolean claimAgain;
    private volatile boolean stopped = true;
    private final ThrottledWarning claimFailures = new ThrottledWarning(LOG, 60_000);
    private final ThrottledWarning recordFailures = new ThrottledWarning(LOG, 60_000);
    private final Counter delivered;
    private final Counter failed;
    private final Timer latency;
    private final Timer attemptDuration;
    private HttpClient client;
    private long timer = -1;

    public WebhookDispatcher(
            Pool pool,
            Vertx vertx,
            WebhookSettings settings,
            WebhookSecrets secrets,
            WebhookUrls urls,
            EventNotifications notifications,
            MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        this.settings = settings;
        this.secrets = secrets;
        this.urls = urls;
        this.notifications = notifications;
        this.delivered = Counter.builder("conversations.webhooks.attempts")
                .tag("outcome", "delivered")
                .description("Webhook delivery attempts, by outcome")
                .register(registry);
        this.failed = Counter.builder("conversations.webhooks.attempts")
                .tag("outcome", "failed")
                .description("Webhook delivery attempts, by outcome")
                .register(registry);
        this.latency = Timer.builder("conversations.webhooks.delivery.latency")
                .description("From an event's commit to its receiver's 2xx, retries included")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.attemptDuration = Timer.builder("conversations.webhooks.attempt.duration")
                .description("One delivery attempt, from the address check to the receiver's answer")
                .register(registry);
    }

    void start(@Observes StartupEvent start) {
        if (settings.lease().compareTo(settings.timeout()) <= 0) {
            // An attempt still running when its lease ends is made again by another replica: twice at once.
            throw new IllegalStateException("conversations.webhooks.lease (" + settings.lease()
                    + ") must be longer than conversations.webhooks.timeout (" + settings.timeout() + ")");
        }
        if (!settings.dispatch()) {
            LOG.info("Webhook delivery is off on this replica (conversations.webhooks.dispatch=false)");
            return;
        }
        int connectTimeout = (int) Math.min(settings.timeout().toMillis(), 10_000);
        client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(connectTimeout)
                .setKeepAlive(true)
                // Webhooks of many tenants may share a host: the per-webhook share is kept by the claim, not here.
                .setMaxPoolSize(settings.maxInFlight())
                .setIdleTimeout((int) settings.timeout().toSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setVerifyHost(true));
        stopped = false;
        notifications.onWebhookDeliveries(this::wake);
        timer = vertx.setPeriodic(settings.pollInterval().toMillis(), id -> wake());
    }

    void stop(@Observes ShutdownEvent stop) {
        // Attempts in flight are left to their leases: another replica (or this one restarted) makes them again.
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (client != null) {
            client.close();
        }
    }

    /** Claims due deliveries, unless a claim is running (it then runs once more when done). */
    void wake() {
        if (stopped) {
            return;
        }
        // Set before trying: a claim that ends meanwhile sees it after releasing the flag, and runs again.
        claimAgain = true;
        if (!claiming.compareAndSet(false, true)) {
            return;
        }
        claimAgain = false;
        int free = settings.maxInFlight() - inFlight.get();
        if (free <= 0) {
            claiming.set(false);
            return;
        }
        List<String> busy = new ArrayList<>();
        List<Integer> busyCounts = new ArrayList<>();
        inFlightPerWebhook.forEach((webhookId, count) -> {
            if (count.get() > 0) {
                busy.add(webhookId);
                busyCounts.add(count.get());
            }
        });
        Tuple parameters = Tuple.of(
                busy.toArray(String[]::new),
                busyCounts.toArray(Integer[]::new),
                settings.maxInFlightPerWebhook(),
                free,
                (double) settings.lease().toSeconds());
        pool.preparedQuery(CLAIM)
                .execute(parameters)
                .subscribe()
                .with(
                        rows -> {
                            for (Row row : rows) {
                                attempt(ClaimedDelivery.of(row));
                            }
                            claiming.set(false);
                            if (rows.size() >= free || claimAgain) {
                                wake();
                            }
                        },
                        failure -> {
                            claiming.set(false);
                            claimFailures.occurred(() -> "Claiming webhook deliveries failed: " + failure.getMessage());
                        });
    }

    private void attempt(ClaimedDelivery delivery) {
        inFlight.incrementAndGet();
        AtomicInteger forWebhook = inFlightPerWebhook.computeIfAbsent(delivery.webhookId(), id -> new AtomicInteger());
        forWebhook.incrementAndGet();
        AtomicBoolean receiverFreed = new AtomicBoolean();
        OffsetDateTime attemptedAt = OffsetDateTime.now(ZoneOffset.UTC);
        long started = System.nanoTime();
        Uni.createFrom()
                .deferred(() -> send(delivery))
                .ifNoItem()
                .after(settings.timeout())
                .failWith(() -> new TimeoutException())
                .onFailure()
                .recoverWithItem(failure -> AttemptOutcome.failed(describe(failure)))
                .chain(outcome -> {
                    // The receiver is done: its share frees now, while the outcome is recorded.
                    if (receiverFreed.compareAndSet(false, true)) {
                        forWebhook.decrementAndGet();
                        claimSoon();
                    }
                    long nanos = System.nanoTime() - started;
                    attemptDuration.record(nanos, TimeUnit.NANOSECONDS);
                    if (outcome.delivered()) {
                        delivered.increment();
                        latency.record(Duration.between(delivery.eventCreatedAt(), OffsetDateTime.now()));
                    } else {
                        failed.increment();
                    }
                    return record(delivery, outcome, attemptedAt, (int) TimeUnit.NANOSECONDS.toMillis(nanos));
                })
                .onTermination()
                .invoke(() -> {
                    if (receiverFreed.compareAndSet(false, true)) {
                        forWebhook.decrementAndGet();
                    }
                    inFlight.decrementAndGet();
                    claimSoon();
                })
                .subscribe()
                .with(
                        ignored -> {},
                        failure -> recordFailures.occurred(() ->
                                "Recording a webhook attempt failed (the delivery is attempted again after its lease): "
                                        + failure.getMessage()));
    }

    private Uni<AttemptOutcome> send(ClaimedDelivery delivery) {
        List<String> signing;
        try {
            signing = new ArrayList<>();
            signing.add(secrets.open(delivery.tenantId(), delivery.webhookId(), delivery.secret()));
            if (delivery.previousSecret() != null) {
                signing.add(secrets.open(delivery.tenantId(), delivery.webhookId(), delivery.previousSecret()));
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // Our fault (a wrong or missing key): retried like a receiver's failure, and logged.
            LOG.errorf("The signing secret of webhook %s cannot be opened: %s", delivery.webhookId(), e.getMessage());
            return Uni.createFrom().item(AttemptOutcome.failed("signing secret unavailable"));
        }
        URI uri = URI.create(delivery.url());
        long timestamp = System.currentTimeMillis() / 1000;
        String signature = WebhookSignatures.header(delivery.messageId(), timestamp, delivery.payload(), signing);
        return urls.target(uri).chain(address -> post(uri, address, delivery, timestamp, signature));
    }

    private Uni<AttemptOutcome> post(
            URI uri, InetAddress address, ClaimedDelivery delivery, long timestamp, String signature) {
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : (https ? 443 : 80);
        String host = uri.getHost().replaceAll("^\\[|\\]$", "");
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(host)
                .setPort(port)
                .setURI(path)
                .setSsl(https)
                // The address just checked, so that a second DNS answer cannot send the request elsewhere.
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setFollowRedirects(false)
                .setIdleTimeout(settings.timeout().toMillis())
                .putHeader("content-type", "application/json")
                .putHeader("user-agent", "conversations-api-webhooks")
                .putHeader("webhook-id", delivery.messageId())
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", signature);
        options.setConnectTimeout(settings.timeout().toMillis());
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        AtomicBoolean abandoned = new AtomicBoolean();
        return Uni.createFrom()
                .completionStage(() -> client.request(options)
                        .compose(request -> {
                            sent.set(request);
                            if (abandoned.get()) {
                                // Connected after the deadline: the attempt is already recorded as failed and will
                                // be made again, so sending now would deliver it twice.
                                request.reset();
                                return Future.failedFuture(new TimeoutException());
                            }
                            return request.send(Buffer.buffer(delivery.payload()));
                        })
                        .map(response -> {
                            drain(response, sent.get());
                            return AttemptOutcome.responded(response.statusCode());
                        })
                        .toCompletionStage())
                // The attempt's deadline passed (ifNoItem in attempt): the exchange is aborted, not left running.
                .onCancellation()
                .invoke(() -> {
                    abandoned.set(true);
                    HttpClientRequest request = sent.get();
                    if (request != null) {
                        request.reset();
                    }
                });
    }

    /**
     * Reads and drops a response's body (so that the connection can serve the next attempt), at most
     * {@link #MAX_RESPONSE_BODY} bytes and for at most the timeout: a receiver cannot hold a connection with an
     * endless or trickling body.
     */
    private void drain(HttpClientResponse response, HttpClientRequest request) {
        AtomicLong read = new AtomicLong();
        long deadline = vertx.setTimer(settings.timeout().toMillis(), id -> request.reset());
        response.handler(chunk -> {
            if (read.addAndGet(chunk.length()) > MAX_RESPONSE_BODY) {
                request.reset();
            }
        });
        response.end().onComplete(done -> vertx.cancelTimer(deadline));
    }

    private Uni<Void> record(ClaimedDelivery delivery, AttemptOutcome outcome, OffsetDateTime attemptedAt, int millis) {
        Double retryIn = outcome.delivered() ? null : retryDelaySeconds(delivery.attempt());
        Tuple parameters = Tuple.tuple(Arrays.asList(
                delivery.id(),
                delivery.attempt(),
                outcome.delivered(),
                outcome.status(),
                outcome.error(),
                millis,
                attemptedAt,
                retryIn));
        return pool.preparedQuery(RECORD).execute(parameters).map(rows -> {
            Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
            if (row != null && Boolean.TRUE.equals(row.getBoolean("disabled"))) {
                LOG.infof(
                        "Webhook %s of tenant %s was disabled: its last retry failed",
                        delivery.webhookId(), delivery.tenantId());
            }
            return null;
        });
    }

    /** Seconds until the next attempt after attempt {@code attempt} failed; null after the last one. */
    Double retryDelaySeconds(int attempt) {
        List<Duration> schedule = settings.retrySchedule();
        return attempt <= schedule.size() ? schedule.get(attempt - 1).toMillis() / 1000.0 : null;
    }

    /** A claim a moment from now (coalescing the attempts that end meanwhile). */
    private void claimSoon() {
        if (!stopped && claimScheduled.compareAndSet(false, true)) {
            vertx.setTimer(CLAIM_COALESCING_MS, id -> {
                claimScheduled.set(false);
                wake();
            });
        }
    }

    /** Why an attempt got no response, in words that name no address of ours. */
    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof WebhookUrls.Refused) {
                break;
            }
            cause = cause.getCause();
        }
        if (failure instanceof WebhookUrls.Refused || cause instanceof WebhookUrls.Refused) {
            return (failure instanceof WebhookUrls.Refused ? failure : cause).getMessage();
        }
        if (failure instanceof TimeoutException
                || cause instanceof TimeoutException
                || String.valueOf(cause.getMessage()).contains("timeout")) {
            return "timeout";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        if (cause instanceof UnknownHostException) {
            return "host not found";
        }
        if (cause instanceof SSLException) {
            return "TLS handshake failed";
        }
        return "connection failed";
    }
}
