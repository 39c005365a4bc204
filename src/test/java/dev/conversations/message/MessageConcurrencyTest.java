package dev.conversations.message;

import static dev.conversations.message.Messages.fromEndUser;
import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.json;
import static dev.conversations.support.Api.newTenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conversations.support.Api;
import dev.conversations.support.Polling;
import dev.conversations.support.TestDatabase;
import dev.conversations.support.WithoutRowTurns;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Messages posted at once each appear exactly once, in one stable order, and none is accepted after the end. */
@QuarkusTest
@TestProfile(WithoutRowTurns.class)
class MessageConcurrencyTest {

    @Test
    void threeHundredConcurrentPostsAppearOnceInAStableOrderToAReaderPagingMeanwhile() throws Exception {
        Api.Tenant tenant = newTenant();
        Messages.Conversation conversation = Messages.newConversation(tenant);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            bodies.add(fromEndUser(conversation, "m" + i));
        }
        AtomicBoolean posting = new AtomicBoolean(true);
        List<String> readWhilePosting = new ArrayList<>();
        Thread reader = new Thread(() -> readUntil(tenant, conversation.id(), posting, readWhilePosting));
        reader.start();

        List<Answer> answers = postAll(tenant, conversation.id(), bodies, 32);
        posting.set(false);
        reader.join();

        assertEquals(
                300, answers.stream().filter(answer -> answer.status() == 201).count(), "all accepted");
        List<String> finalOrder = Messages.all(tenant, conversation.id(), 100).stream()
                .map(m -> m.get("message_id").asText())
                .toList();
        assertEquals(300, finalOrder.size());
        assertEquals(300, new HashSet<>(finalOrder).size(), "each message exactly once");
        Set<String> bodiesListed = new HashSet<>();
        Messages.all(tenant, conversation.id(), 100)
                .forEach(m -> bodiesListed.add(m.at("/content/body").asText()));
        assertEquals(300, bodiesListed.size(), "every posted body is listed");
        // The reader paged with small pages while the posts went on: what it saw is the final order, no message
        // skipped or repeated, however far it got.
        assertEquals(finalOrder, readWhilePosting);
        assertOrderedByCreation(tenant, conversation.id());
    }

    @Test
    void aMessageAcceptedIsNeverAfterTheEndAndARefusedOneIsNeverStored() throws Exception {
        Api.Tenant tenant = newTenant();
        int mixedRounds = 0;
        for (int round = 0; round < 20; round++) {
            Messages.Conversation conversation = Messages.newConversation(tenant);
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                bodies.add(fromEndUser(conversation, "r" + round + "m" + i));
            }
            List<Answer> answers;
            try (TestDatabase database = TestDatabase.connect()) {
                // The posts and the end all queue on the conversation's row, held here, and race for it on release.
                database.lockConversation(tenant.id(), conversation.id());
                CompletableFuture<List<Answer>> posts =
                        CompletableFuture.supplyAsync(() -> postAll(tenant, conversation.id(), bodies, 10));
                CompletableFuture<Integer> end = CompletableFuture.supplyAsync(() -> as(tenant)
                        .post("/api/v2/conversations/" + conversation.id() + "/end/")
                        .statusCode());
                Polling.until(
                        Duration.ofSeconds(5),
                        "ten posts and the end wait",
                        database::waitingForOurLocks,
                        n -> n >= 11);
                database.release();
                answers = posts.join();
                assertEquals(200, end.join());
            }

            List<JsonNode> stored = Messages.all(tenant, conversation.id(), 100);
            long accepted =
                    answers.stream().filter(answer -> answer.status() == 201).count();
            for (Answer answer : answers) {
                if (answer.status() != 201) {
                    assertEquals(400, answer.status(), "round " + round);
                    assertEquals(
                            "conversation_ended",
                            json(answer.body()).at("/errors/0/type").asText(),
                            "round " + round);
                }
            }
            if (accepted > 0 && accepted < 10) {
                mixedRounds++;
            }
            assertEquals(accepted, stored.size(), "round " + round + ": exactly the accepted messages are stored");
            OffsetDateTime endedAt = OffsetDateTime.parse(json(as(tenant)
                            .get("/api/v2/conversations/" + conversation.id())
                            .asString())
                    .get("ended_at")
                    .asText());
            for (JsonNode message : stored) {
                OffsetDateTime created =
                        OffsetDateTime.parse(message.get("created_at").asText());
                assertFalse(created.isAfter(endedAt), "round " + round + ": a message after ended_at");
            }
        }
        assertTrue(mixedRounds > 0, "no round had posts both before and after the end: the race was not tested");
    }

    /**
     * Pages through the conversation with pages of 7 while messages are posted. At the end of the list (no next
     * page yet) it reads its current page again and takes what was added after what it already took from it; a page
     * read again must start with the same messages. Stops when posting is over and all 300 are read.
     */
    private static void readUntil(Api.Tenant tenant, String conversationId, AtomicBoolean posting, List<String> seen) {
        String current = "/api/v2/conversations/" + conversationId + "/messages/?limit=7";
        int pageStart = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode page = json(
                    as(tenant).get(current).then().statusCode(200).extract().asString());
            JsonNode data = page.get("data");
            for (int i = 0; i < data.size(); i++) {
                String id = data.get(i).get("message_id").asText();
                if (pageStart + i < seen.size()) {
                    assertEquals(seen.get(pageStart + i), id, "a page read again changed");
                } else {
                    seen.add(id);
                }
            }
            JsonNode next = page.get("meta").get("next_page_url");
            if (!next.isNull()) {
                current = next.asText();
                pageStart = seen.size();
            } else if (!posting.get() && seen.size() >= 300) {
                return;
            }
        }
        throw new AssertionError("the reader did not read all messages within 60 s: " + seen.size());
    }

    private static void assertOrderedByCreation(Api.Tenant tenant, String conversationId) {
        List<JsonNode> listed = Messages.all(tenant, conversationId, 100);
        for (int i = 1; i < listed.size(); i++) {
            OffsetDateTime previous =
                    OffsetDateTime.parse(listed.get(i - 1).get("created_at").asText());
            OffsetDateTime current =
                    OffsetDateTime.parse(listed.get(i).get("created_at").asText());
            assertTrue(!current.isBefore(previous), "listed out of time order at " + i);
        }
    }

    /** A status and the body that came with it. */
    private record Answer(int status, String body) {}

    /** POSTs every body at once over {@code clients} connections; the answers in the order of {@code bodies}. */
    private static List<Answer> postAll(Api.Tenant tenant, String conversationId, List<String> bodies, int clients) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        URI uri = URI.create("http://localhost:" + port + "/api/v2/conversations/" + conversationId + "/messages/");
        ExecutorService executor = Executors.newFixedThreadPool(clients);
        try {
            List<CompletableFuture<Answer>> responses = bodies.stream()
                    .map(body -> CompletableFuture.supplyAsync(() -> send(uri, tenant, body), executor))
                    .toList();
            return responses.stream().map(CompletableFuture::join).toList();
        } finally {
            executor.shutdown();
        }
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static Answer send(URI uri, Api.Tenant tenant, String body) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + tenant.key())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
