package dev.conversations.ratelimit;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.newTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Configured to fail closed, the service refuses what it cannot count. The store here accepts connections and never
 * answers (a hung Redis, worse than a refused connection): the store timeout must still answer the request.
 */
@QuarkusTest
@TestProfile(RateLimitFailClosedTest.FailClosed.class)
class RateLimitFailClosedTest {

    public static class FailClosed implements QuarkusTestProfile {
        /** Open for the whole test run; never accepts, so connections stay in its backlog unanswered. */
        private static ServerSocket silentRedis;

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "conversations.rate-limit.enabled", "true",
                    "conversations.rate-limit.redis-url", "redis://127.0.0.1:" + silentPort(),
                    "conversations.rate-limit.store-timeout", "300ms",
                    "conversations.rate-limit.fail-closed", "true");
        }

        private static synchronized int silentPort() {
            try {
                if (silentRedis == null) {
                    silentRedis = new ServerSocket(0);
                }
                return silentRedis.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void requestsAreRefusedWith503AndRetryAfterWhenTheStoreDoesNotAnswer() {
        as(newTenant())
                .get("/api/v2/channels")
                .then()
                .time(lessThan(5_000L))
                .statusCode(503)
                .header("Retry-After", equalTo("2"))
                .body("errors[0].type", equalTo("service_unavailable"));
    }
}
