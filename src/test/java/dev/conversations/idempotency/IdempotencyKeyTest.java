package dev.conversations.idempotency;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.newTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conversations.support.Api;
import dev.conversations.support.ConcurrentRequests;
import dev.conversations.support.Polling;
import dev.conversations.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Idempotency-Key on the tenant API's POSTs, over HTTP (Stripe's semantics). */
@QuarkusTest
class IdempotencyKeyTest {

    @Test
    void fiftyConcurrentPostsWithOneKeyCreateExactlyOneConversation() throws Exception {
        Api.Tenant tenant = newTenant();
        String channel = Api.newChannel(tenant);
        List<ConcurrentRequests.Answer> answers = ConcurrentRequests.send(
                tenant,
                "POST",
                "/api/v2/conversations/",
                Collections.nCopies(50, "{\"channel_id\":\"" + channel + "\"}"),
                "Idempotency-Key",
                "create-1");
        Set<Integer> statuses =
                answers.stream().map(ConcurrentRequests.Answer::status).collect(Collectors.toSet());
        assertTrue(Set.of(201, 409).containsAll(statuses), "only the stored answer or 'still running': " + statuses);
        Set<String> bodies = answers.stream()
                .filter(answer -> answer.status() == 201)
                .map(ConcurrentRequests.Answer::body)
                .collect(Collectors.toSet());
        assertEquals(1, bodies.size(), "every 201 is the same conversation");
        try (TestDatabase database = TestDatabase.connect()) {
            assertEquals(
                    "1", database.queryText("SELECT count(*) FROM conversations WHERE tenant_id = ?", tenant.id()));
            assertEquals(
                    "2",
                    database.queryText("SELECT count(*) FROM events WHERE tenant_id = ?", tenant.id()),
                    "one conversation.created and one end_user.created");
        }
        // A retry after all have finished gets the stored answer.
        Response retry = post(tenant, "/api/v2/conversations/", "{\"channel_id\":\"" + channel + "\"}", "create-1");
        assertEquals(201, retry.statusCode());
        assertEquals(bodies.iterator().next(), retry.asString());
        assertEquals("true", retry.header("Idempotent-Replayed"));
    }

    @Test
    void theFirstAnswerIsStoredAndReplayedButTheSameKeyWithAnotherBodyIsRefused() {
        Api.Tenant tenant = newTenant();
        String channel = Api.newChannel(tenant);
        String body = "{\"channel_id\":\"" + channel + "\",\"metadata\":{\"n\":1}}";
        Response first = post(tenant, "/api/v2/conversations/", body, "key-a");
        assertEquals(201, first.statusCode());
        assertNull(first.header("Idempotent-Replayed"));
        Response again = post(tenant, "/api/v2/conversations/", body, "key-a");
        assertEquals(201, again.statusCode());
        assertEquals(first.asString(), again.asString());
        assertEquals("true", again.header("Idempotent-Replayed"));

        post(tenant, "/api/v2/conversations/", "{\"channel_id\":\"" + channel + "\",\"metadata\":{\"n\":2}}", "key-a")
                .then()
                .statusCode(422)
                .body("errors[0].type", equalTo("idempotency_key_reused"));
        // Another path with the same key is another request too.
        post(tenant, "/api/v2/channels/", "{\"name\":\"x\",\"description\":\"d\",\"modality\":\"messaging\"}", "key-a")
                .then()
                .statusCode(422);
        Response other = post(tenant, "/api/v2/conversations/", body, "key-b");
        assertNotEquals(first.asString(), other.asString(), "a new key is a new conversation");
    }

    @Test
    void refusalsAreStoredToo() {
        Api.Tenant tenant = newTenant();
        String conversation = Api.newConversation(tenant, "{}");
        as(tenant)
                .post("/api/v2/conversations/" + conversation + "/end/")
                .then()
                .statusCode(200);
        String message = "{\"author\":{\"role\":\"ai_agent\",\"display_name\":\"Bot\"},"
                + "\"content\":{\"type\":\"text\",\"body\":\"late\"}}";
        Response first = post(tenant, "/api/v2/conversations/" + conversation + "/messages/", message, "late-1");
        assertEquals(400, first.statusCode());
        Response again = post(tenant, "/api/v2/conversations/" + conversation + "/messages/", message, "late-1");
        assertEquals(400, again.statusCode());
        assertEquals(first.asString(), again.asString());
        assertEquals("true", again.header("Idempotent-Replayed"));
    }

    @Test
    void tenantsNeverShareKeys() {
        Api.Tenant one = newTenant();
        Api.Tenant two = newTenant();
        Response first = post(one, "/api/v2/channels/", channelBody(), "shared");
        Response second = post(two, "/api/v2/channels/", channelBody(), "shared");
        assertEquals(201, first.statusCode());
        assertEquals(201, second.statusCode());
        assertNull(second.header("Idempotent-Replayed"));
        assertNotEquals(first.jsonPath().getString("id"), second.jsonPath().getString("id"));
        as(two).get("/api/v2/channels/")
                .then()
                .body("data.id", equalTo(List.of(second.jsonPath().getString("id"))));
    }

    @Test
    void everyKindOfPostAcceptsAKey() {
        Api.Tenant tenant = newTenant();
        String conversation = Api.newConversation(tenant, "{}");
        String message = "{\"author\":{\"role\":\"human_agent\",\"display_name\":\"Grace\"},"
                + "\"content\":{\"type\":\"text\",\"body\":\"hi\"}}";
        String path = "/api/v2/conversations/" + conversation + "/messages/";
        String posted = post(tenant, path, message, "m-1")
                .then()
                .statusCode(201)
                .extract()
                .asString();
        assertEquals(posted, post(tenant, path, message, "m-1").asString());
        assertEquals(
                1,
                as(tenant).get(path).then().extract().jsonPath().getList("data").size());

        String endHandoff = "/api/v2/conversations/" + conversation + "/end-handoff/";
        assertEquals(200, post(tenant, endHandoff, "", "h-1").statusCode());
        assertEquals(200, post(tenant, endHandoff, "", "h-1").statusCode(), "replayed, not 422 'not in handoff'");

        Response endUser = post(tenant, "/api/v2/end-users/", "{\"profile\":{\"first_name\":\"Ada\"}}", "u-1");
        assertEquals(201, endUser.statusCode());
        Response endUserAgain = post(tenant, "/api/v2/end-users/", "{\"profile\":{\"first_name\":\"Ada\"}}", "u-1");
        assertEquals(endUser.asString(), endUserAgain.asString());

        String webhook = "{\"url\":\"http://127.0.0.1:9/hooks\"}";
        Response created = post(tenant, "/api/v2/webhooks/", webhook, "w-1");
        assertEquals(201, created.statusCode());
        assertEquals(
                created.asString(),
                post(tenant, "/api/v2/webhooks/", webhook, "w-1").asString());
        assertEquals(
                1,
                as(tenant)
                        .get("/api/v2/webhooks/")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("data")
                        .size());

        String end = "/api/v2/conversations/" + conversation + "/end/";
        Response ended = post(tenant, end, "", "e-1");
        assertEquals(ended.asString(), post(tenant, end, "", "e-1").asString());
    }

    @Test
    void badKeysAndUploadsWithAKeyAreRefused() {
        Api.Tenant tenant = newTenant();
        post(tenant, "/api/v2/channels/", channelBody(), "x".repeat(256))
                .then()
                .statusCode(400)
                .body("errors[0].details", equalTo("header.Idempotency-Key: 1 to 255 printable ASCII characters"));
        post(tenant, "/api/v2/channels/", channelBody(), "has space").then().statusCode(400);
        post(tenant, "/api/v2/channels/", channelBody(), "k".repeat(255)).then().statusCode(201);
        String conversation = Api.newConversation(tenant, "{}");
        dev.conversations.attachment.Uploads.send(
                        tenant.key(),
                        "/api/v2/conversations/" + conversation + "/attachments/",
                        "file",
                        "a.txt",
                        "hello".getBytes(),
                        "text/plain",
                        java.util.Map.of("Idempotency-Key", "upload-1"))
                .then()
                .statusCode(400)
                .body("errors[0].message", equalTo("Idempotency-Key is not supported on uploads"));
    }

    @Test
    void aClientThatGoesAwayMidRequestLeavesNoTransactionOpenAndTheKeyUsable() throws Exception {
        Api.Tenant tenant = newTenant();
        String conversation = Api.newConversation(tenant, "{}");
        String path = "/api/v2/conversations/" + conversation + "/messages/";
        String message = "{\"author\":{\"role\":\"ai_agent\",\"display_name\":\"Bot\"},"
                + "\"content\":{\"type\":\"text\",\"body\":\"hello\"}}";
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        try (TestDatabase database = TestDatabase.connect()) {
            // The POST waits for this row lock inside its transaction; the client gives up meanwhile.
            database.lockConversation(tenant.id(), conversation);
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + tenant.key())
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", "gone-1")
                    .timeout(Duration.ofMillis(500))
                    .POST(HttpRequest.BodyPublishers.ofString(message))
                    .build();
            assertThrows(HttpTimeoutException.class, () -> HttpClient.newHttpClient()
                    .send(request, HttpResponse.BodyHandlers.ofString()));
            Polling.until(
                    Duration.ofSeconds(5), "the POST waits for the lock", database::waitingForOurLocks, n -> n > 0);
            database.release();
            Polling.until(
                    Duration.ofSeconds(10),
                    "no transaction of ours left open",
                    () -> database.queryText(
                            "SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'"),
                    "0"::equals);
        }
        // The abandoned request was rolled back (or, had it committed first, is replayed): one message either way.
        assertEquals(201, post(tenant, path, message, "gone-1").statusCode());
        assertEquals(201, post(tenant, path, message, "gone-1").statusCode());
        assertEquals(
                1,
                as(tenant).get(path).then().extract().jsonPath().getList("data").size());
    }

    @Test
    void aKeyOlderThanItsValidityRunsAgainAndExpiredKeysAreDeleted() throws Exception {
        Api.Tenant tenant = newTenant();
        Response first = post(tenant, "/api/v2/channels/", channelBody(), "old-1");
        assertEquals(201, first.statusCode());
        post(tenant, "/api/v2/channels/", channelBody(), "old-2").then().statusCode(201);
        try (TestDatabase database = TestDatabase.connect()) {
            database.update(
                    "UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE tenant_id = ?"
                            + " AND key = 'old-1'",
                    tenant.id());
            // Past its 24 hours the key is free again: the request runs (a second channel), nothing is replayed.
            Response again = post(tenant, "/api/v2/channels/", channelBody(), "old-1");
            assertEquals(201, again.statusCode());
            assertNull(again.header("Idempotent-Replayed"));
            assertNotEquals(first.jsonPath().getString("id"), again.jsonPath().getString("id"));

            database.update(
                    "UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE tenant_id = ?"
                            + " AND key = 'old-2'",
                    tenant.id());
            Polling.until(
                    Duration.ofSeconds(10),
                    "the expired key deleted by the clean-up",
                    () -> database.queryText(
                            "SELECT count(*) FROM idempotency_keys WHERE tenant_id = ? AND key = 'old-2'", tenant.id()),
                    "0"::equals);
            assertEquals(
                    "1",
                    database.queryText(
                            "SELECT count(*) FROM idempotency_keys WHERE tenant_id = ? AND key = 'old-1'", tenant.id()),
                    "the renewed key stays");
        }
    }

    private static String channelBody() {
        return "{\"name\":\"web\",\"description\":\"d\",\"modality\":\"messaging\"}";
    }

    private static Response post(Api.Tenant tenant, String path, String body, String key) {
        return as(tenant).header("Idempotency-Key", key).body(body).post(path);
    }
}
