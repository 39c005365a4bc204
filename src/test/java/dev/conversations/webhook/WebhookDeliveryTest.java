package dev.conversations.webhook;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.json;
import static dev.conversations.support.Api.newTenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conversations.support.Api;
import dev.conversations.support.ExactJson;
import dev.conversations.support.Polling;
import dev.conversations.support.TestDatabase;
import dev.conversations.support.WebhookReceiver;
import dev.conversations.support.WebhookReceiver.Delivery;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Webhooks delivered over real HTTP to a receiver that verifies every signature with the Standard Webhooks library.
 * The test profile retries on a compressed schedule (200 ms ... 2 s, 8 attempts) with a 2 s timeout.
 */
@QuarkusTest
class WebhookDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void conversationAndEndUserEventsArriveSignedWithTheApisRepresentation() throws Exception {
        Api.Tenant tenant = newTenant();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String webhook = Webhooks.create(tenant, receiver.url(), null);
            receiver.verifyWith(Webhooks.secret(tenant, webhook));
            String channel = Api.newChannel(tenant);

            String created = as(tenant)
                    .body("{\"channel_id\":\"" + channel + "\",\"metadata\":{\"plan\":\"gold\",\"price\":12.50}}")
                    .post("/api/v2/conversations/")
                    .then()
                    .statusCode(201)
                    .extract()
                    .asString();
            JsonNode conversation = json(created);
            String id = conversation.get("id").asText();
            String message = as(tenant)
                    .body(
                            "{\"author\":{\"role\":\"human_agent\",\"display_name\":\"Grace\","
                                    + "\"avatar\":\"https://example.com/g.png\"},\"content\":{\"type\":\"text\",\"body\":\"Hi\"}}")
                    .post("/api/v2/conversations/" + id + "/messages/")
                    .then()
                    .statusCode(201)
                    .extract()
                    .asString();
            as(tenant).post("/api/v2/conversations/" + id + "/end/").then().statusCode(200);
            String ended = as(tenant)
                    .get("/api/v2/conversations/" + id)
                    .then()
                    .extract()
                    .asString();
            String endUser = as(tenant)
                    .get("/api/v2/end-users/" + conversation.get("end_user_id").asText())
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();

            List<Delivery> deliveries =
                    Polling.until(WAIT, "four events delivered", receiver::deliveries, all -> all.size() >= 4);
            assertEquals(4, deliveries.size(), "each event once: " + deliveries);
            assertTrue(deliveries.stream().allMatch(Delivery::verifiedByAll), "every signature verifies");
            assertEquals(4, deliveries.stream().map(Delivery::id).distinct().count(), "one webhook-id per event");
            assertTrue(deliveries.stream().allMatch(d -> d.id().matches("evt_[0-9a-f]{32}")));

            JsonNode createdEvent = only(receiver, "v1.conversation.created");
            JsonNode data = createdEvent.get("data");
            assertEquals(id, data.get("conversation_id").asText());
            for (String field : List.of("channel_id", "end_user_id", "status", "created_at", "updated_at")) {
                assertEquals(conversation.get(field), data.get(field), field);
            }
            String createdBody =
                    receiver.deliveries("v1.conversation.created").get(0).body();
            assertEquals(ExactJson.at(created, "/metadata"), ExactJson.at(createdBody, "/data/metadata"));
            assertEquals(conversation.get("created_at"), createdEvent.get("timestamp"));

            JsonNode messageData = only(receiver, "v1.conversation.message").get("data");
            JsonNode posted = json(message);
            assertEquals(posted.get("id"), messageData.get("message_id"));
            assertEquals(id, messageData.get("conversation_id").asText());
            assertEquals(posted.get("author"), messageData.get("author"));
            assertEquals(posted.get("content"), messageData.get("content"));
            assertEquals(posted.get("created_at"), messageData.get("created_at"));
            assertEquals(channel, messageData.get("channel_id").asText());
            assertEquals(channel, messageData.get("channel").get("id").asText());
            assertEquals("custom", messageData.get("channel").get("type").asText());
            assertEquals(conversation.get("end_user_id"), messageData.get("end_user_id"));

            JsonNode endedData = only(receiver, "v1.conversation.ended").get("data");
            JsonNode endedConversation = json(ended);
            assertEquals("ended", endedData.get("status").asText());
            assertEquals(endedConversation.get("ended_at"), endedData.get("ended_at"));
            assertEquals(endedConversation.get("updated_at"), endedData.get("updated_at"));
            assertEquals("system", endedData.get("ended_by").get("role").asText());

            JsonNode endUserData = only(receiver, "v1.end_user.created").get("data");
            assertEquals(ExactJson.canonical(endUser), ExactJson.canonical(endUserData.toString()));
        }
    }

    @Test
    void endUserCreatesAndPatchesAreEventsAndRefusedChangesAreNot() throws Exception {
        Api.Tenant tenant = newTenant();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String webhook = Webhooks.create(
                    tenant, receiver.url(), "\"event_filters\":[\"v1.end_user.created\",\"v1.end_user.updated\"]");
            receiver.verifyWith(Webhooks.secret(tenant, webhook));
            String endUserId = as(tenant)
                    .body("{\"external_id\":\"crm-1\",\"profile\":{\"first_name\":\"Ada\"}}")
                    .post("/api/v2/end-users/")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("end_user_id");
            // The same external id again: the existing end user, no new event.
            as(tenant)
                    .body("{\"external_id\":\"CRM-1\"}")
                    .post("/api/v2/end-users/")
                    .then()
                    .statusCode(200);
            String patched = as(tenant)
                    .body("{\"profile\":{\"last_name\":\"Lovelace\",\"metadata\":{\"tier\":\"gold\"}}}")
                    .patch("/api/v2/end-users/" + endUserId)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            // Changes nothing the API shows: no event.
            as(tenant)
                    .body("{\"profile\":{\"last_name\":\"Lovelace\"}}")
                    .patch("/api/v2/end-users/" + endUserId)
                    .then()
                    .statusCode(200);
            // Refused (metadata over the limit): no event.
            as(tenant)
                    .body("{\"profile\":{\"metadata\":{\"big\":\"" + "x".repeat(20_000) + "\"}}}")
                    .patch("/api/v2/end-users/" + endUserId)
                    .then()
                    .statusCode(400);

            Polling.until(WAIT, "two events", receiver::deliveries, all -> all.size() >= 2);
            assertEquals(
                    ExactJson.canonical(patched),
                    ExactJson.canonical(
                            only(receiver, "v1.end_user.updated").get("data").toString()));
            assertEquals(
                    "Ada",
                    only(receiver, "v1.end_user.created")
                            .get("data")
                            .get("profile")
                            .get("first_name")
                            .asText());
            try (TestDatabase database = TestDatabase.connect()) {
                assertEquals("2", database.queryText("SELECT count(*) FROM events WHERE tenant_id = ?", tenant.id()));
            }
            assertEquals(2, receiver.deliveries().size());
        }
    }

    @Test
    void aReceiverThatIsDownGetsEverythingOnceItIsBack() throws Exception {
        Api.Tenant tenant = newTenant();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String webhook = Webhooks.create(tenant, receiver.url(), "\"event_filters\":[\"v1.conversation.created\"]");
            receiver.verifyWith(Webhooks.secret(tenant, webhook));
            receiver.down();
            String channel = Api.newChannel(tenant);
            Set<String> conversations = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                conversations.add(as(tenant)
                        .body("{\"channel_id\":\"" + channel + "\"}")
                        .post("/api/v2/conversations/")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"));
            }
            JsonPath failures = Polling.until(
                    WAIT,
                    "failed attempts recorded",
                    () -> Webhooks.attempts(tenant, webhook),
                    attempts -> attempts.getList("data").size() >= 20);
            assertEquals("failed", failures.getString("data[0].status"));
            assertEquals("connection refused", failures.getString("data[0].error"));
            assertNull(failures.get("data[0].response_status_code"));
            assertNotNull(failures.getString("data[0].next_retry_at"));

            receiver.up();
            Polling.until(WAIT, "all 20 delivered", () -> deliveredConversations(receiver), conversations::equals);
            assertTrue(receiver.deliveries().stream().allMatch(Delivery::verifiedByAll));
            assertEquals(true, Webhooks.get(tenant, webhook).getBoolean("enabled"));
        }
    }

    @Test
    void filtersByEventTypeAndByChannel() throws Exception {
        Api.Tenant tenant = newTenant();
        try (WebhookReceiver messagesOnly = new WebhookReceiver();
                WebhookReceiver channelOnly = new WebhookReceiver();
                WebhookReceiver everything = new WebhookReceiver()) {
            String channel = Api.newChannel(tenant);
            String otherChannel = Api.newChannel(tenant);
            Webhooks.create(tenant, messagesOnly.url(), "\"event_filters\":[\"v1.conversation.message\"]");
            Webhooks.create(tenant, channelOnly.url(), "\"channels\":[\"" + channel + "\"]");
            Webhooks.create(tenant, everything.url(), null);

            for (String onChannel : List.of(channel, otherChannel)) {
                String id = as(tenant)
                        .body("{\"channel_id\":\"" + onChannel + "\"}")
                        .post("/api/v2/conversations/")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id");
                as(tenant)
                        .body("{\"author\":{\"role\":\"ai_agent\",\"display_name\":\"Bot\"},"
                                + "\"content\":{\"type\":\"text\",\"body\":\"hello\"}}")
                        .post("/api/v2/conversations/" + id + "/messages/")
                        .then()
                        .statusCode(201);
            }
            // Two end users, two conversations, two messages.
            Polling.until(WAIT, "six events", everything::deliveries, all -> all.size() >= 6);
            Polling.until(WAIT, "two messages", messagesOnly::deliveries, all -> all.size() >= 2);
            Polling.until(WAIT, "channel events", channelOnly::deliveries, all -> all.size() >= 2);
            Thread.sleep(500);
            assertEquals(
                    List.of("v1.conversation.message", "v1.conversation.message"),
                    messagesOnly.deliveries().stream().map(Delivery::type).toList());
            assertEquals(
                    Set.of("v1.conversation.created", "v1.conversation.message"),
                    channelOnly.deliveries().stream().map(Delivery::type).collect(Collectors.toSet()));
            assertEquals(2, channelOnly.deliveries().size(), "end-user events carry no channel tag");
            assertTrue(channelOnly.deliveries().stream()
                    .allMatch(
                            d -> d.json().get("data").get("channel_id").asText().equals(channel)));
            assertEquals(6, everything.deliveries().size());
        }
    }

    @Test
    void afterARotationBothSecretsSignUntilThePreviousExpires() throws Exception {
        Api.Tenant tenant = newTenant();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String webhook = Webhooks.create(tenant, receiver.url(), "\"event_filters\":[\"v1.conversation.created\"]");
            String old = Webhooks.secret(tenant, webhook);
            as(tenant)
                    .post("/api/v2/webhooks/" + webhook + "/secret/rotate/")
                    .then()
                    .statusCode(200);
            String rotated = Webhooks.secret(tenant, webhook);
            receiver.verifyWith(old, rotated);
            Api.newConversation(tenant, "{}");
            Delivery delivery = Polling.until(WAIT, "a delivery", receiver::deliveries, all -> !all.isEmpty())
                    .get(0);
            assertEquals(List.of(true, true), delivery.verified(), "both the old and the new secret verify");
            assertEquals(2, delivery.signature().split(" ").length);

            try (TestDatabase database = TestDatabase.connect()) {
                database.update(
                        "UPDATE webhooks SET previous_secret_until = now() - interval '1 second' WHERE id = ?",
                        webhook);
            }
            receiver.verifyWith(old, rotated);
            Api.newConversation(tenant, "{}");
            Delivery later = Polling.until(WAIT, "a second delivery", receiver::deliveries, all -> all.size() >= 2)
                    .get(1);
            assertEquals(List.of(false, true), later.verified(), "only the new secret signs after the overlap");
        }
    }

    @Test
    void theWebhookIsDisabledAfterTheLastRetryFailsAndReplayRecoversWhatItMissed() throws Exception {
        Api.Tenant tenant = newTenant();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer(500);
            String webhook = Webhooks.create(tenant, receiver.url(), "\"event_filters\":[\"v1.conversation.created\"]");
            receiver.verifyWith(Webhooks.secret(tenant, webhook));
            OffsetDateTime before = OffsetDateTime.now().minusSeconds(5);
            String first = Api.newConversation(tenant, "{}");

            JsonPath disabled = Polling.until(
                    WAIT,
                    "the webhook disabled",
                    () -> Webhooks.get(tenant, webhook),
                    found -> !found.getBoolean("enabled"));
            assertEquals("failing", disabled.getString("disabled_reason"));
            assertEquals(8, receiver.deliveries().size(), "the first attempt and seven retries");
            JsonPath attempts = Webhooks.attempts(tenant, webhook);
            assertEquals(8, attempts.getList("data").size());
            assertEquals(8, attempts.getInt("data[0].attempt"));
            assertEquals(500, attempts.getInt("data[0].response_status_code"));
            assertNull(attempts.get("data[0].next_retry_at"), "no retry after the last");
            assertEquals("v1.conversation.created", attempts.getString("data[0].event_type"));
            assertEquals(receiver.deliveries().get(0).id(), attempts.getString("data[0].event_id"));

            // Disabled: new events are not queued for it.
            String second = Api.newConversation(tenant, "{}");
            Thread.sleep(300);
            assertEquals(8, receiver.deliveries().size());

            receiver.answer(200);
            as(tenant)
                    .body("{\"enabled\":true}")
                    .patch("/api/v2/webhooks/" + webhook)
                    .then()
                    .statusCode(200);
            as(tenant)
                    .body("{\"since\":\"" + before + "\"}")
                    .post("/api/v2/webhooks/" + webhook + "/replay/")
                    .then()
                    .statusCode(202)
                    .body("replayed", org.hamcrest.Matchers.equalTo(2))
                    .body("more", org.hamcrest.Matchers.equalTo(false));
            Polling.until(WAIT, "both replayed", () -> deliveredConversations(receiver), ids -> ids.contains(second));
            assertTrue(deliveredConversations(receiver).contains(first));
            // Nothing left to replay: delivered events are not sent again.
            as(tenant)
                    .body("{\"since\":\"" + before + "\"}")
                    .post("/api/v2/webhooks/" + webhook + "/replay/")
                    .then()
                    .statusCode(202)
                    .body("replayed", org.hamcrest.Matchers.equalTo(0));
            as(tenant)
                    .body("{\"since\":\"yesterday\"}")
                    .post("/api/v2/webhooks/" + webhook + "/replay/")
                    .then()
                    .statusCode(400);
        }
    }

    @Test
    void aSlowReceiverDoesNotDelayTheOthers() throws Exception {
        Api.Tenant tenant = newTenant();
        try (WebhookReceiver slow = new WebhookReceiver();
                WebhookReceiver fast = new WebhookReceiver()) {
            slow.delay(Duration.ofMillis(1500));
            Webhooks.create(tenant, slow.url(), "\"event_filters\":[\"v1.conversation.created\"]");
            Webhooks.create(tenant, fast.url(), "\"event_filters\":[\"v1.conversation.created\"]");
            String channel = Api.newChannel(tenant);
            for (int i = 0; i < 40; i++) {
                as(tenant)
                        .body("{\"channel_id\":\"" + channel + "\"}")
                        .post("/api/v2/conversations/")
                        .then()
                        .statusCode(201);
            }
            Polling.until(WAIT, "the fast receiver has all 40", fast::deliveries, all -> all.size() >= 40);
            assertTrue(
                    slow.deliveries().size() <= 24,
                    "the slow one works through its share meanwhile (8 at a time): "
                            + slow.deliveries().size());
        }
    }

    @Test
    void anAddressThatBecameInternalIsNotContactedAtDelivery() throws Exception {
        Api.Tenant tenant = newTenant();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String webhook = Webhooks.create(tenant, receiver.url(), "\"event_filters\":[\"v1.conversation.created\"]");
            try (TestDatabase database = TestDatabase.connect()) {
                // As if the receiver's DNS name now pointed at another loopback address (not allowed in the tests).
                database.update(
                        "UPDATE webhooks SET url = ? WHERE id = ?",
                        "http://127.0.0.2:" + receiver.port() + "/hooks",
                        webhook);
            }
            Api.newConversation(tenant, "{}");
            JsonPath attempts = Polling.until(
                    WAIT, "a refused attempt", () -> Webhooks.attempts(tenant, webhook), found -> !found.getList("data")
                            .isEmpty());
            assertEquals("address not allowed", attempts.getString("data[0].error"));
            assertTrue(receiver.deliveries().isEmpty());
        }
    }

    @Test
    void theEventsOfAConversationAreLoggedInTheOrderOfItsMessages() throws Exception {
        Api.Tenant tenant = newTenant();
        String conversation = Api.newConversation(tenant, "{}");
        List<String> bodies = java.util.Collections.nCopies(
                40,
                "{\"author\":{\"role\":\"ai_agent\",\"display_name\":\"Bot\"},\"content\":{\"type\":\"text\",\"body\":\"x\"}}");
        dev.conversations.support.ConcurrentRequests.send(
                tenant, "POST", "/api/v2/conversations/" + conversation + "/messages/", bodies);
        List<String> messages = as(tenant)
                .get("/api/v2/conversations/" + conversation + "/messages/?limit=100")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data.message_id");
        try (TestDatabase database = TestDatabase.connect()) {
            String logged = database.queryText(
                    "SELECT string_agg(event_payload_of(e)::json -> 'data' ->> 'message_id', ',' ORDER BY seq) FROM events e"
                            + " WHERE tenant_id = ? AND conversation_id = ? AND type = 'v1.conversation.message'",
                    tenant.id(),
                    conversation);
            assertEquals(String.join(",", messages), logged);
        }
        assertEquals(40, messages.size());
    }

    private static JsonNode only(WebhookReceiver receiver, String type) {
        List<Delivery> found = receiver.deliveries(type);
        assertEquals(1, found.size(), type + ": " + found);
        return found.get(0).json();
    }

    private static Set<String> deliveredConversations(WebhookReceiver receiver) {
        return receiver.deliveries("v1.conversation.created").stream()
                .map(d -> d.json().get("data").get("conversation_id").asText())
                .collect(Collectors.toSet());
    }
}
