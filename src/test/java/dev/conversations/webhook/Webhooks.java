package dev.conversations.webhook;

import static dev.conversations.support.Api.as;

import dev.conversations.support.Api;
import io.restassured.path.json.JsonPath;

/** Webhook fixtures through the API. */
final class Webhooks {

    private Webhooks() {}

    /** A new webhook of the tenant; {@code fields} are further JSON fields, e.g. {@code "event_filters":[...]}. */
    static String create(Api.Tenant tenant, String url, String fields) {
        String extra = fields == null || fields.isEmpty() ? "" : "," + fields;
        return as(tenant)
                .body("{\"url\":\"" + url + "\"" + extra + "}")
                .post("/api/v2/webhooks/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static String secret(Api.Tenant tenant, String webhookId) {
        return as(tenant)
                .get("/api/v2/webhooks/" + webhookId + "/secret/")
                .then()
                .statusCode(200)
                .extract()
                .path("key");
    }

    static JsonPath attempts(Api.Tenant tenant, String webhookId) {
        return as(tenant)
                .get("/api/v2/webhooks/" + webhookId + "/attempts/")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static JsonPath get(Api.Tenant tenant, String webhookId) {
        return as(tenant)
                .get("/api/v2/webhooks/" + webhookId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
