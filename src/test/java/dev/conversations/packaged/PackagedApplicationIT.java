package dev.conversations.packaged;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.newConversation;
import static dev.conversations.support.Api.newTenant;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conversations.support.Api;
import dev.conversations.support.ExactJson;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * The packaged application (the jar, or the native executable with -Dnative) in its production profile: the
 * core session, exact numbers, rate-limit headers, request ids, metrics and the OpenAPI document.
 */
@QuarkusIntegrationTest
class PackagedApplicationIT {

    @Test
    void servesTheApiAsPackaged() {
        Api.Tenant tenant = newTenant();
        String id = newConversation(tenant, "{\"plan\":\"pro\",\"price\":0.10}");

        String patched = as(tenant)
                .body("{\"metadata\":{\"plan\":null,\"big\":12345678901234567890}}")
                .patch("/api/v2/conversations/" + id + "/")
                .then()
                .statusCode(200)
                .header("X-Request-Id", notNullValue())
                .header("RateLimit-Limit", notNullValue())
                .extract()
                .asString();
        assertEquals(
                ExactJson.canonical("{\"price\":0.10,\"big\":12345678901234567890}"),
                ExactJson.at(patched, "/metadata"));
        as(tenant)
                .body("{\"metadata\":{\"a\":{\"b\":1}}}")
                .patch("/api/v2/conversations/" + id)
                .then()
                .statusCode(400)
                .body("errors[0].details", equalTo("$.metadata.a: nested objects are not allowed"));
    }

    @Test
    void operatesAsPackaged() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests_seconds"));
        given().get("/q/openapi?format=json").then().statusCode(200).body(containsString("/api/v2/conversations/"));
    }
}
