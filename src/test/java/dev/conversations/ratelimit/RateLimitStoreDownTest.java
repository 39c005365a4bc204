package dev.conversations.ratelimit;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.newTenant;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conversations.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shared store is unreachable: the service keeps serving (fail open) and counts the failures. */
@QuarkusTest
@TestProfile(RateLimitStoreDownTest.StoreDown.class)
class RateLimitStoreDownTest {
    private static final Pattern FAILURES =
            Pattern.compile("conversations_rate_limit_store_failures_total(?:\\{[^}]*})? ([0-9.]+)");

    public static class StoreDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Port 1 on loopback refuses connections at once.
            return Map.of(
                    "conversations.rate-limit.enabled", "true",
                    "conversations.rate-limit.redis-url", "redis://127.0.0.1:1");
        }
    }

    @Test
    void requestsAreServedWithoutLimitHeadersAndTheFailuresAreCounted() {
        Api.Tenant tenant = newTenant();
        double before = failures();

        for (int i = 0; i < 15; i++) {
            as(tenant).get("/api/v2/channels").then().statusCode(200).header("RateLimit-Limit", equalTo(null));
        }

        assertTrue(failures() >= before + 15, "every unchecked request is counted");
    }

    private static double failures() {
        Matcher matcher =
                FAILURES.matcher(given().get("/q/metrics").then().extract().asString());
        assertTrue(matcher.find(), "the failure counter is published");
        return Double.parseDouble(matcher.group(1));
    }
}
