package dev.conversations.http;

import static dev.conversations.support.Api.metadata;
import static dev.conversations.support.Api.newConversation;
import static dev.conversations.support.Api.newTenant;
import static dev.conversations.support.Api.patch;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conversations.support.Api;
import dev.conversations.support.Polling;
import dev.conversations.support.RawHttp;
import dev.conversations.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Requests with a large body take turns: one at a time here, so a PATCH held at a row lock holds the only turn and
 * the next large body waits for it, while small bodies never wait.
 */
@QuarkusTest
@TestProfile(LargeBodyTurnsTest.OneLargeBodyAtATime.class)
class LargeBodyTurnsTest {
    private static final long WAIT_MILLIS = 3000;

    public static class OneLargeBodyAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "conversations.http.large-body-size", "1K",
                    "conversations.http.large-bodies-at-once", "1",
                    "conversations.http.large-body-queue", "1",
                    "conversations.http.large-body-wait", WAIT_MILLIS + "ms",
                    // The PATCH holding the turn waits at a row lock through a whole wait and more.
                    "conversations.database.statement-timeout", "30s");
        }
    }

    @Test
    void aLargeBodyWaitsForItsTurnThenIsRefused503WhileSmallBodiesGoOn() throws Exception {
        Api.Tenant tenant = newTenant();
        String held = newConversation(tenant, "{}");
        String other = newConversation(tenant, "{}");
        try (TestDatabase database = TestDatabase.connect()) {
            CompletableFuture<Response> holder = holdTheOnlyTurn(database, tenant, held);

            long start = System.nanoTime();
            patch(tenant, other, "{\"small\":\"body\"}").then().statusCode(200);
            Response refused = patch(tenant, other, large("b"));
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;

            assertEquals(503, refused.statusCode(), refused.asString());
            assertEquals("1", refused.header("Retry-After"));
            assertEquals("service_unavailable", refused.jsonPath().getString("errors[0].type"), refused.asString());
            assertTrue(waitedMillis >= WAIT_MILLIS - 100, "refused only after its wait: " + waitedMillis + " ms");
            assertFalse(metadata(tenant, other).has("b000"), "the refused body was not applied");
            assertEquals("body", metadata(tenant, other).get("small").asText());

            database.release();
            holder.get(10, TimeUnit.SECONDS).then().statusCode(200);
        }
        patch(tenant, other, large("c")).then().statusCode(200);
        assertTrue(metadata(tenant, other).has("c099"), "the turn was handed back");
    }

    @Test
    void beyondTheQueueALargeBodyIsRefusedAtOnceAndTheOneWaitingIsServedNext() throws Exception {
        Api.Tenant tenant = newTenant();
        String held = newConversation(tenant, "{}");
        String queued = newConversation(tenant, "{}");
        String refusedOne = newConversation(tenant, "{}");
        try (TestDatabase database = TestDatabase.connect()) {
            CompletableFuture<Response> holder = holdTheOnlyTurn(database, tenant, held);
            CompletableFuture<Response> waiter = CompletableFuture.supplyAsync(() -> patch(tenant, queued, large("b")));
            awaitWaiting(1, Duration.ofSeconds(10), "the second large PATCH waits for its turn");

            long start = System.nanoTime();
            Response refused = patch(tenant, refusedOne, large("c"));
            long refusedAfterMillis = (System.nanoTime() - start) / 1_000_000;
            database.release();

            assertEquals(503, refused.statusCode(), refused.asString());
            assertTrue(refusedAfterMillis < WAIT_MILLIS, "refused without waiting: " + refusedAfterMillis + " ms");
            holder.get(10, TimeUnit.SECONDS).then().statusCode(200);
            waiter.get(10, TimeUnit.SECONDS).then().statusCode(200);
        }
        assertTrue(metadata(tenant, queued).has("b099"), "the queued body was served");
        assertFalse(metadata(tenant, refusedOne).has("c000"));
    }

    @Test
    void aClientThatGoesAwayWhileWaitingLeavesTheQueue() throws Exception {
        Api.Tenant tenant = newTenant();
        String held = newConversation(tenant, "{}");
        String other = newConversation(tenant, "{}");
        try (TestDatabase database = TestDatabase.connect()) {
            CompletableFuture<Response> holder = holdTheOnlyTurn(database, tenant, held);
            try (Socket socket = rawPatch(tenant, other, 4000)) {
                RawHttp.send(socket, "x".repeat(4000));
                awaitWaiting(1, Duration.ofSeconds(10), "the large body, read, waits for its turn");
            }
            awaitWaiting(
                    0,
                    Duration.ofMillis(WAIT_MILLIS - 500),
                    "the closed connection left the queue before its wait ended");
            database.release();
            holder.get(10, TimeUnit.SECONDS).then().statusCode(200);
        }
        patch(tenant, other, large("d")).then().statusCode(200);
    }

    @Test
    void aClientSendingALargeBodySlowlyHoldsNoTurn() throws Exception {
        Api.Tenant tenant = newTenant();
        String slow = newConversation(tenant, "{}");
        String other = newConversation(tenant, "{}");
        try (Socket socket = rawPatch(tenant, slow, 4000)) {
            RawHttp.send(socket, "{\"metadata\":{");

            long start = System.nanoTime();
            patch(tenant, other, large("e")).then().statusCode(200);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMillis < WAIT_MILLIS, "the only turn was free: " + tookMillis + " ms");
        }
    }

    /**
     * Locks the conversation's row and sends a large PATCH of it, which takes the only turn and keeps it while it
     * waits at the lock; the caller releases the lock.
     */
    private static CompletableFuture<Response> holdTheOnlyTurn(
            TestDatabase database, Api.Tenant tenant, String conversation) throws Exception {
        database.lockConversation(tenant.id(), conversation);
        CompletableFuture<Response> holder =
                CompletableFuture.supplyAsync(() -> patch(tenant, conversation, large("a")));
        Polling.until(
                Duration.ofSeconds(10),
                "the first large PATCH waits at the row lock",
                database::waitingForOurLocks,
                n -> n == 1);
        return holder;
    }

    private static void awaitWaiting(int count, Duration within, String what) {
        Polling.until(within, what, LargeBodyTurnsTest::largeBodiesWaiting, n -> n == count);
    }

    /** A PATCH announcing {@code length} bytes, its head sent, its body left to the caller. */
    private static Socket rawPatch(Api.Tenant tenant, String conversation, int length) throws Exception {
        return RawHttp.open(
                "PATCH",
                "/api/v2/conversations/" + conversation + "/",
                tenant.key(),
                "Content-Type: application/json",
                "Content-Length: " + length);
    }

    /** 100 keys of 10 characters: about 2 KB, above this profile's 1 KiB, below the metadata limit. */
    private static String large(String prefix) {
        StringBuilder metadata = new StringBuilder("{");
        for (int i = 0; i < 100; i++) {
            metadata.append(i == 0 ? "" : ",").append("\"%s%03d\":\"0123456789\"".formatted(prefix, i));
        }
        return metadata.append('}').toString();
    }

    private static double largeBodiesWaiting() {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("conversations_http_large_bodies_waiting"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no conversations_http_large_bodies_waiting in /q/metrics"));
    }
}
