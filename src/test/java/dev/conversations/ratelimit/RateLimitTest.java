package dev.conversations.ratelimit;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.newConversation;
import static dev.conversations.support.Api.newTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conversations.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(RateLimitTest.WithLimits.class)
class RateLimitTest {

    /** Ada's published limits, counted in memory (no shared store configured). */
    public static class WithLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("conversations.rate-limit.enabled", "true", "conversations.rate-limit.per-minute", "1000");
        }
    }

    @Test
    void eleventhRequestInOneSecondIsRefusedWithHeaders() {
        Api.Tenant tenant = newTenant();
        String id = newConversation(tenant, "{}");
        Api.Tenant bystander = newTenant();
        startOfAFreshSecond();

        for (int sent = 1; sent <= 10; sent++) {
            Response response = as(tenant).get("/api/v2/conversations/" + id);
            assertEquals(200, response.statusCode());
            assertEquals("10", response.header("RateLimit-Limit"));
            assertEquals(Integer.toString(10 - sent), response.header("RateLimit-Remaining"));
            assertEquals("1", response.header("RateLimit-Reset"));
            assertEquals("10;w=1, 1000;w=60, 10000;w=86400", response.header("RateLimit-Policy"));
        }
        Response refused = as(tenant).get("/api/v2/conversations/" + id);

        assertEquals(429, refused.statusCode());
        assertEquals("rate_limited", refused.path("errors[0].type"));
        assertEquals("1", refused.header("Retry-After"));
        assertEquals("0", refused.header("RateLimit-Remaining"));
        assertEquals("10", refused.header("RateLimit-Limit"));
        // Limits are per tenant: another tenant is served in the same second.
        as(bystander).get("/api/v2/channels").then().statusCode(200).header("RateLimit-Remaining", equalTo("9"));
    }

    @Test
    void refusedRequestsDoNotCountAndTheNextSecondIsServed() {
        Api.Tenant tenant = newTenant();
        startOfAFreshSecond();
        int served = 0;
        for (int sent = 0; sent < 15; sent++) {
            if (as(tenant).get("/api/v2/channels").statusCode() == 200) {
                served++;
            }
        }
        assertEquals(10, served);
        startOfAFreshSecond();
        as(tenant).get("/api/v2/channels").then().statusCode(200).header("RateLimit-Remaining", equalTo("9"));
    }

    @Test
    void adminApiAndUnauthenticatedRequestsCarryNoLimitHeaders() {
        Response admin = Api.admin()
                .get("/admin/tenants/" + newTenant().id() + "/api-keys")
                .then()
                .statusCode(200)
                .extract()
                .response();
        assertNoRateLimitHeaders(admin, "admin API");
        Response unauthenticated = as("cak_nope")
                .get("/api/v2/channels")
                .then()
                .statusCode(401)
                .header("X-Request-Id", notNullValue())
                .extract()
                .response();
        assertNoRateLimitHeaders(unauthenticated, "unauthenticated request");
    }

    private static void assertNoRateLimitHeaders(Response response, String what) {
        for (String header : List.of("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy")) {
            assertNull(response.header(header), header + " on the " + what);
        }
    }

    /** The in-memory windows follow this JVM's clock: start a burst early in a second so it fits in one. */
    private static void startOfAFreshSecond() {
        long now = System.currentTimeMillis();
        long wait = 1000 - now % 1000 + 5;
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertTrue(System.currentTimeMillis() % 1000 < 500, "the burst must start early in a second");
    }
}
