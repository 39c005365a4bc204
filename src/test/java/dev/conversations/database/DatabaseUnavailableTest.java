package dev.conversations.database;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.newConversation;
import static dev.conversations.support.Api.newTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conversations.support.Api;
import dev.conversations.support.ConcurrentPatches;
import dev.conversations.support.Metrics;
import dev.conversations.support.Polling;
import dev.conversations.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A database that cannot serve (a statement over statement_timeout, no connection within the acquire timeout, a
 * full wait queue) is a 503 with Retry-After in bounded time, counted and logged once in a while; never a 500.
 */
@QuarkusTest
@TestProfile(DatabaseUnavailableTest.SmallPool.class)
class DatabaseUnavailableTest {
    private static final Map<String, String> NO_LABELS = Map.of();
    private static final String UNAVAILABLE = "conversations_database_unavailable_total";

    public static class SmallPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.reactive.max-size", "3",
                    "conversations.database.statement-timeout", "3s",
                    "conversations.database.acquire-timeout", "300ms",
                    "conversations.database.row-turn-timeout", "300ms",
                    "conversations.database.max-waiting", "2",
                    "conversations.database.statements-per-row", "1");
        }
    }

    @Test
    void aStatementOverTheStatementTimeoutIs503AndChangesNothing() throws Exception {
        Api.Tenant tenant = newTenant();
        String id = newConversation(tenant, "{\"keep\":\"me\"}");
        double before = Metrics.scrape().value(UNAVAILABLE, NO_LABELS);

        Response response;
        try (TestDatabase database = TestDatabase.connect()) {
            database.lockConversation(tenant.id(), id);
            response = Api.patch(tenant, id, "{\"late\":true}");
            database.release();
        }

        response.then()
                .statusCode(503)
                .header("Retry-After", equalTo("2"))
                .body("errors[0].type", equalTo("service_unavailable"));
        assertEquals("{\"keep\":\"me\"}", Api.exactMetadata(tenant, id), "the cancelled merge changed nothing");
        assertEquals(before + 1, Metrics.scrape().value(UNAVAILABLE, NO_LABELS));
    }

    @Test
    void requestsWaitingForAConnectionEndIn503WithinTheAcquireTimeoutAndTheServiceRecovers() throws Exception {
        Api.Tenant tenant = newTenant();
        List<String> locked =
                List.of(newConversation(tenant, "{}"), newConversation(tenant, "{}"), newConversation(tenant, "{}"));
        String other = newConversation(tenant, "{\"other\":1}");
        as(tenant).get("/api/v2/conversations/" + other).then().statusCode(200); // the key is now cached
        Path log = Path.of(ConfigProvider.getConfig().getValue("quarkus.log.file.path", String.class));
        long logBefore = Files.size(log);

        List<CompletableFuture<TimedResponse>> waiting = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<CompletableFuture<Map<Integer, Integer>>> holders = new ArrayList<>();
        try (TestDatabase database = TestDatabase.connect()) {
            for (String id : locked) {
                database.lockConversation(tenant.id(), id);
            }
            // Three merges of three locked rows take the pool's three connections and wait on the locks.
            for (String id : locked) {
                holders.add(ConcurrentPatches.start(tenant, id, List.of("{\"a\":1}")));
            }
            Polling.until(
                    Duration.ofSeconds(5), "three merges wait on the locks", database::waitingForOurLocks, n -> n == 3);
            // Four more writes at once: two may wait (max-waiting), for at most the acquire timeout; two are refused
            // at once.
            for (int i = 0; i < 4; i++) {
                waiting.add(CompletableFuture.supplyAsync(() -> TimedResponse.patch(tenant, other), clients));
            }
            CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).join();
            // Reads have a pool of their own (database/ReadPool): they are still served.
            as(tenant).get("/api/v2/conversations/" + other).then().statusCode(200);
            database.release();
        } finally {
            clients.shutdown();
        }

        for (CompletableFuture<TimedResponse> write : waiting) {
            assertUnavailableInTime(write.join());
        }
        for (CompletableFuture<Map<Integer, Integer>> holder : holders) {
            assertEquals(Map.of(200, 1), holder.join(), "the merges go on once the locks are released");
        }
        Api.patch(tenant, other, "{\"after\":1}").then().statusCode(200);
        String logged = Files.readString(log).substring((int) logBefore);
        long warnings = logged.lines()
                .filter(line -> line.contains("PostgreSQL cannot serve requests"))
                .count();
        assertTrue(warnings <= 1, "one line per 10 s, not one per request: " + warnings);
        assertTrue(logged.lines().noneMatch(line -> line.startsWith("\tat ")), "no stack trace logged");
    }

    @Test
    void mergesQueuedBehindABusyRowEndIn503WithinTheRowTurnTimeout() throws Exception {
        Api.Tenant tenant = newTenant();
        String hot = newConversation(tenant, "{}");
        List<CompletableFuture<TimedResponse>> queued = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        CompletableFuture<Map<Integer, Integer>> first;
        try (TestDatabase database = TestDatabase.connect()) {
            database.lockConversation(tenant.id(), hot);
            first = ConcurrentPatches.start(tenant, hot, List.of("{\"first\":1}"));
            Polling.until(
                    Duration.ofSeconds(5),
                    "the first merge waits on the lock",
                    database::waitingForOurLocks,
                    n -> n == 1);
            // The next two wait in the replica for the row's turn, no longer than the row-turn timeout.
            for (String key : List.of("second", "third")) {
                queued.add(CompletableFuture.supplyAsync(
                        () -> TimedResponse.patch(tenant, hot, "{\"" + key + "\":1}"), clients));
            }
            CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).join();
            database.release();
        } finally {
            clients.shutdown();
        }

        for (CompletableFuture<TimedResponse> patch : queued) {
            assertUnavailableInTime(patch.join());
        }
        assertEquals(Map.of(200, 1), first.join(), "the merge in flight goes on once the lock is released");
        assertEquals("{\"first\":1}", Api.exactMetadata(tenant, hot), "the refused merges changed nothing");
    }

    private static void assertUnavailableInTime(TimedResponse timed) {
        timed.response()
                .then()
                .statusCode(503)
                .header("Retry-After", notNullValue())
                .body("errors[0].type", equalTo("service_unavailable"));
        // Far below the 3 s the connections are held: nobody waited longer than the acquire or row-turn timeout (300
        // ms).
        assertTrue(timed.millis() < 1500, "waited " + timed.millis() + " ms");
    }

    private record TimedResponse(Response response, long millis) {
        static TimedResponse patch(Api.Tenant tenant, String conversationId) {
            return patch(tenant, conversationId, "{\"late\":1}");
        }

        static TimedResponse patch(Api.Tenant tenant, String conversationId, String metadata) {
            long start = System.nanoTime();
            Response response = Api.patch(tenant, conversationId, metadata);
            return new TimedResponse(response, (System.nanoTime() - start) / 1_000_000);
        }
    }
}
