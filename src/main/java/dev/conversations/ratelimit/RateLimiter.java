package dev.conversations.ratelimit;

import dev.conversations.observability.ThrottledWarning;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Decides whether a tenant's request is within its limits. The counts live in Redis when one is configured (shared
 * by all replicas), otherwise in this JVM. A failing store does not stop the service unless configured to
 * (docs/decisions/006).
 */
@ApplicationScoped
public class RateLimiter {
    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    private static final long FAILURE_LOG_INTERVAL_MILLIS = 10_000;

    private final RateLimitConfig config;
    private final long[] limits;
    private final RateLimitStore store;
    private final Optional<Redis> redis;
    private final Counter rejections;
    private final Counter storeFailures;
    private final ThrottledWarning failureLog = new ThrottledWarning(LOG, FAILURE_LOG_INTERVAL_MILLIS);

    public RateLimiter(RateLimitConfig config, Vertx vertx, MeterRegistry registry) {
        this.config = config;
        this.limits = new long[] {config.perSecond(), config.perMinute(), config.perDay()};
        this.redis = config.redisUrl()
                .filter(url -> !url.isBlank())
                .map(url -> Redis.createClient(vertx, RedisRateLimitStore.options(url)));
        this.store = redis.<RateLimitStore>map(
                        client -> new RedisRateLimitStore(client, address(config), config.storeTimeout()))
                .orElseGet(InMemoryRateLimitStore::new);
        this.rejections = Counter.builder("conversations.rate_limit.rejections")
                .description("Requests answered 429 because a tenant was over a limit")
                .register(registry);
        this.storeFailures = Counter.builder("conversations.rate_limit.store_failures")
                .description("Requests whose limit could not be checked because the shared store failed")
                .register(registry);
    }

    void logChoice(@Observes StartupEvent event) {
        if (config.enabled()) {
            LOG.infof(
                    "Rate limits per tenant: %d/s, %d/min, %d/day, counted %s; if the store fails: %s",
                    limits[0],
                    limits[1],
                    limits[2],
                    store.description(),
                    config.failClosed() ? "refuse (503)" : "serve (fail open)");
        } else {
            LOG.warn("Rate limits are disabled (conversations.rate-limit.enabled=false)");
        }
    }

    void close(@Observes ShutdownEvent event) {
        redis.ifPresent(Redis::close);
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** The decision for one request of {@code tenantId}; empty when the store failed and policy is fail open. */
    public Uni<Optional<RateLimitDecision>> check(String tenantId) {
        // The in-memory store answers at once: only the Redis store carries a timeout (a timer per request).
        return store.acquire(tenantId, limits)
                .map(counts -> {
                    RateLimitDecision decision = RateLimitDecision.of(counts, limits);
                    if (!decision.allowed()) {
                        rejections.increment();
                    }
                    return Optional.of(decision);
                })
                .onFailure()
                .recoverWithUni(failure -> storeFailed(failure));
    }

    private Uni<Optional<RateLimitDecision>> storeFailed(Throwable failure) {
        storeFailures.increment();
        failureLog.occurred(() -> String.format(
                "Rate-limit store %s failed (%s); %s",
                store.description(),
                failure,
                config.failClosed() ? "refusing requests (503)" : "serving without limits"));
        if (config.failClosed()) {
            return Uni.createFrom().failure(new RateLimitStoreUnavailable());
        }
        return Uni.createFrom().item(Optional.empty());
    }

    /** The store's address without credentials, for the log. */
    private static String address(RateLimitConfig config) {
        return config.redisUrl().orElse("").replaceAll("//[^/@]*@", "//");
    }
}
