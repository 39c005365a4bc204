package dev.conversations.observability;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.newConversation;
import static dev.conversations.support.Api.newTenant;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conversations.support.Api;
import dev.conversations.support.Metrics;
import dev.conversations.support.Polling;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@QuarkusTest
class ObservabilityTest {
    private static final String MERGE_REJECTIONS = "conversations_metadata_merge_rejections_total";
    private static final Map<String, String> TOO_LARGE = Map.of("reason", "too_large");
    private static final String HTTP_REQUESTS = "http_server_requests_seconds_count";
    private static final Map<String, String> PATCH_400 =
            Map.of("method", "PATCH", "uri", "/api/v2/conversations/{conversationId}", "status", "400");
    /** HTTP metrics are recorded when the response ends, which may be just after the client has read it. */
    private static final Duration METRICS_RECORDED = Duration.ofSeconds(5);

    private record RefusedPatchCounts(double mergeRejections, double patchesAnswered400) {
        static RefusedPatchCounts of(Metrics metrics) {
            return new RefusedPatchCounts(
                    metrics.value(MERGE_REJECTIONS, TOO_LARGE), metrics.value(HTTP_REQUESTS, PATCH_400));
        }
    }

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
        // Every counter is registered at 0 from the start: only the increase says the refusal was counted, once.
        RefusedPatchCounts before = RefusedPatchCounts.of(Metrics.scrape());

        as(tenant)
                .body("{\"metadata\":{\"more\":\"" + "y".repeat(200) + "\"}}")
                .patch("/api/v2/conversations/" + id)
                .then()
                .statusCode(400);

        RefusedPatchCounts after = Polling.until(
                METRICS_RECORDED,
                "the refused PATCH is in the metrics",
                () -> RefusedPatchCounts.of(Metrics.scrape()),
                now -> now.mergeRejections() > before.mergeRejections()
                        && now.patchesAnswered400() > before.patchesAnswered400());
        assertEquals(
                new RefusedPatchCounts(before.mergeRejections() + 1, before.patchesAnswered400() + 1),
                after,
                "exactly one more merge rejection (too_large) and one more PATCH answered 400");

        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("http_server_requests_seconds_count{"))
                .body(containsString("http_server_requests_seconds_bucket{"))
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
