package dev.conversations.webhook;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.newTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conversations.support.Api;
import dev.conversations.support.ConcurrentRequests;
import dev.conversations.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ada's webhook management API over HTTP: shapes, validation, receivers refused, secrets, isolation, limits. */
@QuarkusTest
class WebhookApiTest {
    private static final String RECEIVER = "http://127.0.0.1:9/hooks";

    @Test
    void aCreatedWebhookReadsBackListsChangesAndDeletes() {
        Api.Tenant tenant = newTenant();
        String id = as(tenant)
                .body("{\"url\":\"" + RECEIVER + "\",\"description\":\"CRM sync\"}")
                .post("/api/v2/webhooks/")
                .then()
                .statusCode(201)
                .body("url", equalTo(RECEIVER))
                .body("description", equalTo("CRM sync"))
                .body("event_filters", equalTo(List.of()))
                .body("channels", equalTo(List.of()))
                .body("enabled", equalTo(true))
                .body("disabled_reason", nullValue())
                .extract()
                .path("id");
        JsonPath created = Webhooks.get(tenant, id);
        assertEquals(created.getString("created_at"), created.getString("updated_at"));
        as(tenant).get("/api/v2/webhooks/").then().statusCode(200).body("data.id", equalTo(List.of(id)));

        String channel = Api.newChannel(tenant);
        as(tenant)
                .body("{\"event_filters\":[\"v1.conversation.message\",\"v1.conversation.message\"],"
                        + "\"channels\":[\"" + channel + "\"],\"enabled\":false}")
                .patch("/api/v2/webhooks/" + id)
                .then()
                .statusCode(200)
                .body("description", equalTo("CRM sync"))
                .body("url", equalTo(RECEIVER))
                .body("event_filters", equalTo(List.of("v1.conversation.message")))
                .body("channels", equalTo(List.of(channel)))
                .body("enabled", equalTo(false));
        as(tenant)
                .body("{\"event_filters\":null}")
                .patch("/api/v2/webhooks/" + id + "/")
                .then()
                .statusCode(200)
                .body("event_filters", equalTo(List.of()))
                .body("channels", equalTo(List.of(channel)));

        as(tenant).delete("/api/v2/webhooks/" + id).then().statusCode(204);
        as(tenant).get("/api/v2/webhooks/" + id).then().statusCode(404);
        as(tenant).delete("/api/v2/webhooks/" + id).then().statusCode(404);
    }

    @Test
    void listsPageInCreationOrder() {
        Api.Tenant tenant = newTenant();
        List<String> ids = List.of(
                Webhooks.create(tenant, RECEIVER, null),
                Webhooks.create(tenant, RECEIVER, null),
                Webhooks.create(tenant, RECEIVER, null));
        JsonPath first = as(tenant)
                .get("/api/v2/webhooks/?limit=2")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(ids.subList(0, 2), first.getList("data.id"));
        String next = first.getString("meta.next_page_url");
        JsonPath second = as(tenant).get(next).then().statusCode(200).extract().jsonPath();
        assertEquals(ids.subList(2, 3), second.getList("data.id"));
        assertEquals(null, second.getString("meta.next_page_url"));
    }

    @Test
    void badFieldsAreRefusedWithTheirPaths() {
        Api.Tenant tenant = newTenant();
        as(tenant)
                .body("{}")
                .post("/api/v2/webhooks/")
                .then()
                .statusCode(400)
                .body("errors[0].details", startsWith("$.url"));
        as(tenant)
                .body("{\"url\":\"ftp://example.com/x\"}")
                .post("/api/v2/webhooks/")
                .then()
                .statusCode(400)
                .body("errors[0].details", equalTo("$.url: must be an http or https URL"));
        as(tenant)
                .body("{\"url\":\"https://user:pw@example.com/x\"}")
                .post("/api/v2/webhooks/")
                .then()
                .statusCode(400)
                .body("errors[0].details", equalTo("$.url: must not hold credentials"));
        as(tenant)
                .body("{\"url\":\"" + RECEIVER + "\",\"event_filters\":[\"v1.conversation.deleted\"],"
                        + "\"channels\":[\"nope\"],\"enabled\":\"yes\",\"id\":\"x\"}")
                .post("/api/v2/webhooks/")
                .then()
                .statusCode(400)
                .body("errors.details", hasItem(startsWith("$.event_filters[0]: unknown event type")))
                .body("errors.details", hasItem("$.channels[0]: is not a channel id"))
                .body("errors.details", hasItem("$.enabled: must be true or false"))
                .body("errors.details", hasItem("$.id: the field is read-only"));
        String tooMany = channels(101);
        as(tenant)
                .body("{\"url\":\"" + RECEIVER + "\",\"channels\":[" + tooMany + "]}")
                .post("/api/v2/webhooks/")
                .then()
                .statusCode(400)
                .body("errors.details", hasItem("$.channels: at most 100 items"));
        assertEquals(
                0,
                as(tenant)
                        .get("/api/v2/webhooks/")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("data")
                        .size());
    }

    @Test
    void receiversOnInternalAddressesAreRefused() {
        Api.Tenant tenant = newTenant();
        for (String url : List.of(
                "http://10.1.2.3/hook",
                "http://169.254.169.254/latest/meta-data",
                "http://192.168.0.10:8080/",
                "http://172.16.5.4/",
                "http://100.100.100.200/",
                "http://0.0.0.0:8080/",
                "http://127.0.0.2/",
                "http://[::1]/",
                "http://[fd00:ec2::254]/",
                "http://[::ffff:10.0.0.1]/",
                "http://[64:ff9b::a9fe:a9fe]/")) {
            as(tenant)
                    .body("{\"url\":\"" + url + "\"}")
                    .post("/api/v2/webhooks/")
                    .then()
                    .statusCode(400)
                    .body("errors[0].details", startsWith("$.url: resolves to a loopback, private"))
                    .body("errors[0].details", not(org.hamcrest.Matchers.containsString(url.substring(7))));
        }
        String id = Webhooks.create(tenant, RECEIVER, null);
        as(tenant)
                .body("{\"url\":\"http://10.0.0.1/\"}")
                .patch("/api/v2/webhooks/" + id)
                .then()
                .statusCode(400);
        assertEquals(RECEIVER, Webhooks.get(tenant, id).getString("url"));
    }

    @Test
    void theSecretIsAStandardWebhooksSecretSealedAtRestAndRotates() throws Exception {
        Api.Tenant tenant = newTenant();
        String id = Webhooks.create(tenant, RECEIVER, null);
        String secret = Webhooks.secret(tenant, id);
        assertTrue(secret.matches("whsec_[A-Za-z0-9+/]{43}="), secret);
        try (TestDatabase database = TestDatabase.connect()) {
            String stored = database.queryText("SELECT secret FROM webhooks WHERE id = ?", id);
            assertTrue(!stored.contains(secret.substring(6)), "the secret is not stored in clear");
        }

        as(tenant)
                .post("/api/v2/webhooks/" + id + "/secret/rotate/")
                .then()
                .statusCode(200)
                .body(equalTo("{}"));
        String rotated = Webhooks.secret(tenant, id);
        assertNotEquals(secret, rotated);

        String chosen = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        as(tenant)
                .body("{\"key\":\"" + chosen + "\"}")
                .post("/api/v2/webhooks/" + id + "/secret/rotate/")
                .then()
                .statusCode(200);
        assertEquals(chosen, Webhooks.secret(tenant, id));
        as(tenant)
                .body("{\"key\":\"whsec_c2hvcnQ=\"}")
                .post("/api/v2/webhooks/" + id + "/secret/rotate/")
                .then()
                .statusCode(400)
                .body("errors[0].details", startsWith("$.key: must hold 24 to 64 bytes"));
        assertEquals(chosen, Webhooks.secret(tenant, id));
    }

    @Test
    void anotherTenantsWebhooksDoNotExistForThisOne() {
        Api.Tenant owner = newTenant();
        Api.Tenant other = newTenant();
        String id = Webhooks.create(owner, RECEIVER, null);
        as(other).get("/api/v2/webhooks/" + id).then().statusCode(404);
        as(other).get("/api/v2/webhooks/" + id + "/secret/").then().statusCode(404);
        as(other).get("/api/v2/webhooks/" + id + "/attempts/").then().statusCode(404);
        as(other).post("/api/v2/webhooks/" + id + "/secret/rotate/").then().statusCode(404);
        as(other)
                .body("{\"since\":\"2020-01-01T00:00:00Z\"}")
                .post("/api/v2/webhooks/" + id + "/replay/")
                .then()
                .statusCode(404);
        as(other)
                .body("{\"enabled\":false}")
                .patch("/api/v2/webhooks/" + id)
                .then()
                .statusCode(404);
        as(other).delete("/api/v2/webhooks/" + id).then().statusCode(404);
        as(other).get("/api/v2/webhooks/").then().statusCode(200).body("data", equalTo(List.of()));
        assertEquals(true, Webhooks.get(owner, id).getBoolean("enabled"));
    }

    @Test
    void theEventTypesAreListed() {
        as(newTenant())
                .get("/api/v2/webhooks/event-types/")
                .then()
                .statusCode(200)
                .body(
                        "data.name",
                        equalTo(List.of(
                                "v1.conversation.created",
                                "v1.conversation.ended",
                                "v1.conversation.message",
                                "v1.end_user.created",
                                "v1.end_user.updated")))
                .body("data.description", not(hasItem(nullValue())));
    }

    @Test
    void concurrentCreatesNeverPassTheLimitOfFiftyPerTenant() {
        Api.Tenant tenant = newTenant();
        List<ConcurrentRequests.Answer> answers = ConcurrentRequests.send(
                tenant, "POST", "/api/v2/webhooks/", Collections.nCopies(60, "{\"url\":\"" + RECEIVER + "\"}"));
        Map<Integer, Long> statuses = answers.stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        ConcurrentRequests.Answer::status, java.util.stream.Collectors.counting()));
        assertEquals(Map.of(201, 50L, 409, 10L), statuses);
        assertEquals(
                50,
                as(tenant)
                        .get("/api/v2/webhooks/?limit=100")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("data")
                        .size());
    }

    private static String channels(int count) {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < count; i++) {
            ids.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(String.format("%024x", i))
                    .append('"');
        }
        return ids.toString();
    }
}
