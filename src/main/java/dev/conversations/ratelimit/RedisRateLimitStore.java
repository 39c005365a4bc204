package dev.conversations.ratelimit;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Counts in Redis with one Lua script per request (ratelimit/acquire.lua), so the check and the increments of all
 * three windows are atomic across replicas. Windows follow Redis' clock, not the replicas'.
 */
class RedisRateLimitStore implements RateLimitStore {
    private static final String SCRIPT = load();

    private final RedisAPI redis;
    private final String address;
    private final Duration timeout;

    /** A call that gets no answer within {@code timeout} fails, and the limiter's failure policy applies. */
    RedisRateLimitStore(Redis client, String address, Duration timeout) {
        this.redis = RedisAPI.api(client);
        this.address = address;
        this.timeout = timeout;
    }

    /**
     * Client options for {@code url}: a small pool with a long wait queue, since every tenant request makes one
     * short call (the defaults, 6 connections and 24 waiting, refuse calls under load).
     */
    static RedisOptions options(String url) {
        return new RedisOptions().setConnectionString(url).setMaxPoolSize(16).setMaxPoolWaiting(10_000);
    }

    @Override
    public Uni<WindowCounts> acquire(String tenantId, long[] limits) {
        List<String> arguments = List.of(
                SCRIPT,
                "1",
                "rate-limit:{" + tenantId + "}",
                Long.toString(limits[0]),
                Long.toString(limits[1]),
                Long.toString(limits[2]));
        // EVAL ships the script each time (under 1 KB); EVALSHA would need a NOSCRIPT fallback after restarts.
        return redis.eval(arguments).ifNoItem().after(timeout).fail().map(RedisRateLimitStore::toCounts);
    }

    @Override
    public String description() {
        return "Redis at " + address + " (shared by all replicas)";
    }

    private static WindowCounts toCounts(Response response) {
        long[] counts = {
            response.get(1).toLong(), response.get(2).toLong(), response.get(3).toLong()
        };
        return new WindowCounts(
                response.get(0).toLong() == 1, counts, response.get(4).toLong());
    }

    private static String load() {
        try (InputStream in = RedisRateLimitStore.class.getResourceAsStream("/ratelimit/acquire.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
