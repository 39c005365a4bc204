package dev.conversations.event;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.newTenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conversations.support.Api;
import dev.conversations.support.SseClient;
import dev.conversations.support.SseClient.Event;
import dev.conversations.support.TestDatabase;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /api/v2/conversations/{id}/events over real HTTP, read as an EventSource reads it. */
@QuarkusTest
class ConversationEventStreamTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URL base;

    @Test
    void eachMessageAndTheEndArriveInOrderAndTheStreamCloses() throws Exception {
        Api.Tenant tenant = newTenant();
        String conversation = Api.newConversation(tenant, "{}");
        try (SseClient stream = connect(tenant, conversation, null)) {
            assertEquals(200, stream.status());
            assertTrue(stream.header("content-type").startsWith("text/event-stream"));
            try (TestDatabase database = TestDatabase.connect()) {
                assertEquals(
                        "1",
                        database.queryText(
                                "SELECT count(*) FROM event_watches WHERE tenant_id = ? AND conversation_id = ?",
                                tenant.id(),
                                conversation),
                        "the conversation is watched: its events notify this replica");
            }
            List<String> posted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                posted.add(post(tenant, conversation, "message " + i));
            }
            as(tenant)
                    .post("/api/v2/conversations/" + conversation + "/end/")
                    .then()
                    .statusCode(200);

            for (String messageId : posted) {
                Event event = stream.nextEvent(WAIT);
                assertNotNull(event, "the message event arrives");
                assertEquals("v1.conversation.message", event.name());
                assertTrue(event.id().matches("evt_[0-9a-f]{32}"), event.id());
                JsonNode payload = Api.json(event.data());
                assertEquals("v1.conversation.message", payload.get("type").asText());
                assertEquals(messageId, payload.get("data").get("message_id").asText());
            }
            Event ended = stream.nextEvent(WAIT);
            assertEquals("v1.conversation.ended", ended.name());
            assertTrue(stream.ended(WAIT), "the stream ends after the conversation's end");
        }
        try (SseClient after = connect(tenant, conversation, null)) {
            assertEquals(204, after.status(), "nothing more can come: an EventSource stops reconnecting");
        }
    }

    @Test
    void aClientThatReconnectsWithLastEventIdMissesNothingAndGetsNothingTwice() throws Exception {
        Api.Tenant tenant = newTenant();
        String conversation = Api.newConversation(tenant, "{}");
        List<String> posted = new ArrayList<>();
        String lastSeen;
        try (SseClient stream = connect(tenant, conversation, null)) {
            posted.add(post(tenant, conversation, "one"));
            posted.add(post(tenant, conversation, "two"));
            stream.nextEvent(WAIT);
            lastSeen = stream.nextEvent(WAIT).id();
        }
        // Posted while the client is away.
        posted.add(post(tenant, conversation, "three"));
        posted.add(post(tenant, conversation, "four"));
        try (SseClient resumed = connect(tenant, conversation, lastSeen)) {
            assertEquals(200, resumed.status());
            posted.add(post(tenant, conversation, "five"));
            List<String> received = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Event event = resumed.nextEvent(WAIT);
                assertNotNull(event, "event " + i + " after the resume");
                received.add(
                        Api.json(event.data()).get("data").get("message_id").asText());
            }
            assertEquals(posted.subList(2, 5), received);
            assertNull(resumed.nextEvent(Duration.ofMillis(300)), "no duplicate");
        }
    }

    @Test
    void heartbeatsKeepAnIdleStreamOpen() throws Exception {
        Api.Tenant tenant = newTenant();
        String conversation = Api.newConversation(tenant, "{}");
        try (SseClient stream = connect(tenant, conversation, null)) {
            Event first = stream.next(Duration.ofSeconds(5));
            assertNotNull(first);
            assertEquals("keep-alive", first.comment());
        }
    }

    @Test
    void unknownConversationsOtherTenantsAndUnknownEventIdsAreRefused() throws Exception {
        Api.Tenant owner = newTenant();
        Api.Tenant other = newTenant();
        String conversation = Api.newConversation(owner, "{}");
        try (SseClient stream = connect(other, conversation, null)) {
            assertEquals(404, stream.status());
        }
        try (SseClient stream = connect(owner, "0123456789abcdef01234567", null)) {
            assertEquals(404, stream.status());
        }
        try (SseClient stream = connect(owner, conversation, "evt_00000000000000000000000000000000")) {
            assertEquals(400, stream.status());
        }
        try (SseClient stream = connect(owner, conversation, "not-an-id")) {
            assertEquals(400, stream.status());
        }
        // Another conversation's event id does not resume this one.
        String elsewhere = Api.newConversation(owner, "{}");
        String foreignId;
        try (SseClient stream = connect(owner, elsewhere, null)) {
            post(owner, elsewhere, "hello");
            foreignId = stream.nextEvent(WAIT).id();
        }
        try (SseClient stream = connect(owner, conversation, foreignId)) {
            assertEquals(400, stream.status());
        }
        as(owner)
                .header("Authorization", "Bearer nope")
                .get("/api/v2/conversations/" + conversation + "/events")
                .then()
                .statusCode(401);
    }

    @Test
    void aTenantMayHoldOnlySoManyStreamsOnOneReplica() throws Exception {
        Api.Tenant tenant = newTenant();
        String conversation = Api.newConversation(tenant, "{}");
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                SseClient stream = connect(tenant, conversation, null);
                assertEquals(200, stream.status());
                open.add(stream);
            }
            try (SseClient refused = connect(tenant, conversation, null)) {
                assertEquals(429, refused.status());
                assertNotNull(refused.header("retry-after"));
            }
            try (SseClient otherTenant = connect(newTenant(), Api.newConversation(newTenant(), "{}"), null)) {
                assertEquals(404, otherTenant.status(), "counted per tenant (and this one is not its conversation)");
            }
            open.remove(0).close();
            long deadline = System.nanoTime() + WAIT.toNanos();
            int status = 0;
            while (System.nanoTime() < deadline && status != 200) {
                try (SseClient again = connect(tenant, conversation, null)) {
                    status = again.status();
                }
                Thread.sleep(50);
            }
            assertEquals(200, status, "a slot frees when a client leaves");
        } finally {
            for (SseClient stream : open) {
                stream.close();
            }
        }
    }

    private SseClient connect(Api.Tenant tenant, String conversation, String lastEventId) throws Exception {
        String root = base.toString().replaceAll("/$", "");
        return SseClient.connect(root, "/api/v2/conversations/" + conversation + "/events", tenant.key(), lastEventId);
    }

    private static String post(Api.Tenant tenant, String conversation, String text) {
        return as(tenant)
                .body("{\"author\":{\"role\":\"ai_agent\",\"display_name\":\"Bot\"},\"content\":{\"type\":\"text\","
                        + "\"body\":\"" + text + "\"}}")
                .post("/api/v2/conversations/" + conversation + "/messages/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }
}
