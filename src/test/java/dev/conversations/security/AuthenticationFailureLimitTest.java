package dev.conversations.security;

import static dev.conversations.support.Api.admin;
import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.newTenant;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conversations.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An address that fails to authenticate too often is answered 429 before any key is checked, until its minute ends. */
@QuarkusTest
@TestProfile(AuthenticationFailureLimitTest.FiveFailures.class)
class AuthenticationFailureLimitTest {

    public static class FiveFailures implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("conversations.auth.failures-per-minute", "5");
        }
    }

    @Test
    void theSixthFailureInAMinuteBlocksTheAddressForTheTenantAndTheOperatorApi() {
        Api.Tenant tenant = newTenant();
        as(tenant).get("/api/v2/channels").then().statusCode(200);
        String forged = tenant.key().substring(0, tenant.key().length() - 4) + "AAAA";

        for (int i = 0; i < 3; i++) {
            as(forged).get("/api/v2/channels").then().statusCode(401);
        }
        given().header("Authorization", "Bearer wrong-admin-token")
                .get("/admin/tenants/" + tenant.id() + "/api-keys")
                .then()
                .statusCode(401);
        given().get("/api/v2/channels").then().statusCode(401);
        Response blocked = as(forged).get("/api/v2/channels");

        blocked.then().statusCode(429).body("errors[0].type", equalTo("rate_limited"));
        int retryAfter = Integer.parseInt(blocked.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        // The whole address waits, whatever key it presents next: guessing gets no further answers.
        as(tenant).get("/api/v2/channels").then().statusCode(429);
        admin().get("/admin/tenants/" + tenant.id() + "/api-keys").then().statusCode(429);
    }
}
