package dev.conversations.support;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Test fixtures created through the public HTTP API, each test with its own tenant so tests run in any order.
 * Every response passes through {@link AdaResponseValidation}.
 */
public final class Api {
    public static final String ADMIN_TOKEN = "test-admin-token";
    public static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    static {
        RestAssured.filters(new AdaResponseValidation());
    }

    private Api() {}

    public record Tenant(String id, String key) {}

    public static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN_TOKEN).contentType(ContentType.JSON);
    }

    public static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    public static RequestSpecification as(Tenant tenant) {
        return as(tenant.key());
    }

    public static Tenant newTenant() {
        String id = admin().body("{\"name\":\"test tenant\"}")
                .post("/admin/tenants")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        return new Tenant(id, newKey(id));
    }

    public static String newKey(String tenantId) {
        return admin().body("{\"name\":\"test key\"}")
                .post("/admin/tenants/" + tenantId + "/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("key");
    }

    public static String newChannel(Tenant tenant) {
        return newChannel(tenant, "messaging");
    }

    public static String newChannel(Tenant tenant, String modality) {
        return as(tenant)
                .body("{\"name\":\"web\",\"description\":\"test channel\",\"modality\":\"" + modality + "\"}")
                .post("/api/v2/channels/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** A new conversation on a new channel of the tenant, with the given metadata JSON. */
    public static String newConversation(Tenant tenant, String metadataJson) {
        String channel = newChannel(tenant);
        return as(tenant)
                .body("{\"channel_id\":\"" + channel + "\",\"metadata\":" + metadataJson + "}")
                .post("/api/v2/conversations/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** POST /api/v2/conversations/ on the channel for the given end user. */
    public static Response createConversation(Tenant tenant, String channelId, String endUserId) {
        return as(tenant)
                .body("{\"channel_id\":\"" + channelId + "\",\"end_user_id\":\"" + endUserId + "\"}")
                .post("/api/v2/conversations/");
    }

    public static Response patch(Tenant tenant, String conversationId, String metadataJson) {
        return as(tenant)
                .body("{\"metadata\":" + metadataJson + "}")
                .patch("/api/v2/conversations/" + conversationId + "/");
    }

    /**
     * The conversation's metadata as read back with GET, in {@link ExactJson}'s canonical text: numbers exactly as
     * the service wrote them.
     */
    /** The whole conversation as read back, exactly: metadata digits and updated_at included. */
    public static String exactConversation(Tenant tenant, String conversationId) {
        return ExactJson.canonical(as(tenant)
                .get("/api/v2/conversations/" + conversationId)
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    public static String exactMetadata(Tenant tenant, String conversationId) {
        return ExactJson.at(
                as(tenant)
                        .get("/api/v2/conversations/" + conversationId + "/")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString(),
                "/metadata");
    }

    /** The conversation's metadata as a tree: decimals compare by value, use {@link #exactMetadata} for digits. */
    public static JsonNode metadata(Tenant tenant, String conversationId) {
        return json(as(tenant)
                        .get("/api/v2/conversations/" + conversationId + "/")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .get("metadata");
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("Not JSON: " + text, e);
        }
    }
}
