package dev.conversations.ratelimit;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.newTenant;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configured to fail closed, the service refuses what it cannot count. */
@QuarkusTest
@TestProfile(RateLimitFailClosedTest.FailClosed.class)
class RateLimitFailClosedTest {

    public static class FailClosed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "conversations.rate-limit.enabled", "true",
                    "conversations.rate-limit.redis-url", "redis://127.0.0.1:1",
                    "conversations.rate-limit.fail-closed", "true");
        }
    }

    @Test
    void requestsAreRefusedWith503AndRetryAfterWhenTheStoreIsDown() {
        as(newTenant())
                .get("/api/v2/channels")
                .then()
                .statusCode(503)
                .header("Retry-After", equalTo("2"))
                .body("errors[0].type", equalTo("service_unavailable"));
    }
}
