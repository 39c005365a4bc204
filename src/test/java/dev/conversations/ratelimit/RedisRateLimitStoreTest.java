package dev.conversations.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/** Two replicas sharing one Redis: together they never allow more than the limit. */
class RedisRateLimitStoreTest {
    private static final long[] LIMITS = {10, 25, 10_000};

    private static RedisServer server;
    private static Vertx vertx;
    private static String url;

    @BeforeAll
    static void startRedis() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = new RedisServer(port);
        server.start();
        vertx = Vertx.vertx();
        url = "redis://127.0.0.1:" + port;
    }

    @AfterAll
    static void stopRedis() throws IOException {
        vertx.closeAndAwait();
        server.stop();
    }

    @Test
    void twoReplicasTogetherAllowNoMoreThanTheLimitPerWindow() {
        RedisRateLimitStore replicaA = store();
        RedisRateLimitStore replicaB = store();
        List<Uni<WindowCounts>> requests = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            requests.add((i % 2 == 0 ? replicaA : replicaB).acquire("tenant-a", LIMITS));
        }

        List<WindowCounts> answers =
                Uni.join().all(requests).andFailFast().await().atMost(Duration.ofSeconds(10));

        Map<Long, Integer> allowedPerSecond = new TreeMap<>();
        Map<Long, Integer> requestsPerSecond = new TreeMap<>();
        Map<Long, Integer> allowedPerMinute = new TreeMap<>();
        for (WindowCounts answer : answers) {
            requestsPerSecond.merge(answer.epochMillis() / 1000, 1, Integer::sum);
            if (answer.allowed()) {
                allowedPerSecond.merge(answer.epochMillis() / 1000, 1, Integer::sum);
                allowedPerMinute.merge(answer.epochMillis() / 60_000, 1, Integer::sum);
            }
        }
        allowedPerSecond.values().forEach(allowed -> assertTrue(allowed <= 10, "per second: " + allowedPerSecond));
        allowedPerMinute.values().forEach(allowed -> assertTrue(allowed <= 25, "per minute: " + allowedPerMinute));
        // Nothing refused below the limit: each second allowed exactly its requests up to 10 (the burst may cross
        // a second's boundary; two seconds' worth stays under the minute's 25).
        requestsPerSecond.forEach((second, sent) -> assertEquals(
                Math.min(10, sent),
                allowedPerSecond.getOrDefault(second, 0),
                "second " + second + " of " + requestsPerSecond + ", allowed " + allowedPerSecond));
    }

    @Test
    void limitsArePerTenant() {
        RedisRateLimitStore store = store();
        for (int i = 0; i < 10; i++) {
            store.acquire("tenant-b", LIMITS).await().indefinitely();
        }
        WindowCounts other = store.acquire("tenant-c", LIMITS).await().indefinitely();

        assertTrue(other.allowed());
        assertEquals(1, other.counts()[0]);
    }

    @Test
    void aRedisThatNeverAnswersFailsTheCallWithinTheStoreTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0)) {
            // Accepts connections (the kernel's backlog) and never reads or answers.
            String silentUrl = "redis://127.0.0.1:" + silent.getLocalPort();
            Redis client = Redis.createClient(vertx, RedisRateLimitStore.options(silentUrl));
            RedisRateLimitStore store = new RedisRateLimitStore(client, silentUrl, Duration.ofMillis(300));
            long started = System.nanoTime();

            Throwable failure;
            try {
                failure = store.acquire("tenant-d", LIMITS)
                        .onItemOrFailure()
                        .transform((counts, error) -> error)
                        .await()
                        .atMost(Duration.ofSeconds(10));
            } finally {
                client.close();
            }

            long waitedMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(failure instanceof TimeoutException, "a timeout, not " + failure);
            assertTrue(waitedMillis < 3_000, "failed after " + waitedMillis + " ms");
        }
    }

    private static RedisRateLimitStore store() {
        return new RedisRateLimitStore(
                Redis.createClient(vertx, RedisRateLimitStore.options(url)), url, Duration.ofSeconds(5));
    }
}
