package dev.conversations.observability;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.newConversation;
import static dev.conversations.support.Api.newTenant;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conversations.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@QuarkusTest
class ObservabilityTest {
    @Inject
    Vertx vertx;

    @Test
    void everyResponseHasARequestIdTakenFromTheRequestWhenPresent() {
        given().header("X-Request-Id", "trace-42.abc")
                .get("/q/health/ready")
                .then()
                .header("X-Request-Id", equalTo("trace-42.abc"));
        String first =
                given().get("/no/such/route").then().statusCode(404).extract().header("X-Request-Id");
        String second =
                given().get("/no/such/route").then().statusCode(404).extract().header("X-Request-Id");
        assertNotEquals(first, second);
        // An id that is not a sane token (here: too long) is replaced, not echoed.
        given().header("X-Request-Id", "x".repeat(200))
                .get("/q/health/live")
                .then()
                .header("X-Request-Id", matchesPattern("[0-9a-f]{24}"));
    }

    @Test
    void healthReportsLivenessAndReadinessWithTheDatabase() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.name", org.hamcrest.Matchers.hasItem(containsString("PostgreSQL")));
    }

    @Test
    void metricsCountRequestsByRouteAndStatusAndMergeRejections() {
        Api.Tenant tenant = newTenant();
        String id = newConversation(tenant, "{\"big\":\"" + "x".repeat(4000) + "\"}");
        as(tenant)
                .body("{\"metadata\":{\"more\":\"" + "y".repeat(200) + "\"}}")
                .patch("/api/v2/conversations/" + id)
                .then()
                .statusCode(400);

        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("http_server_requests_seconds_count{"))
                .body(containsString("http_server_requests_seconds_bucket{"))
                .body(containsString("uri=\"/api/v2/conversations/{conversationId}\""))
                .body(containsString("status=\"400\""))
                .body(containsString("conversations_metadata_merge_rejections_total{reason=\"too_large\"}"))
                .body(containsString("conversations_rate_limit_rejections_total"))
                .body(containsString("conversations_rate_limit_store_failures_total"))
                .body(containsString("postgresql_current{clientName=\"<default>\",clientType=\"sql\"}"))
                .body(containsString("postgresql_queue_size{"));
    }

    /** The epoll library ships for both Linux architectures; without it the service silently falls back to NIO. */
    @Test
    @EnabledOnOs(
            value = OS.LINUX,
            architectures = {"amd64", "aarch64"})
    void runsOnTheNativeTransportOnLinux() {
        assertNull(vertx.unavailableNativeTransportCause());
        assertTrue(vertx.isNativeTransportEnabled());
    }
}
