package dev.conversations.conversation;

import static dev.conversations.support.Api.metadata;
import static dev.conversations.support.Api.newConversation;
import static dev.conversations.support.Api.newTenant;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conversations.support.Api;
import dev.conversations.support.ConcurrentPatches;
import dev.conversations.support.Metrics;
import dev.conversations.support.Polling;
import dev.conversations.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many PATCHes of one conversation at once: the replica sends two merges of the row at a time and queues the others
 * (database/RowTurns), so they hold no connection while the row is busy; nothing is lost, other rows never wait.
 */
@QuarkusTest
class HotConversationTest {
    private static final String QUEUED = "conversations_database_row_queue";

    @Test
    void patchesOfOneConversationTakeTurnsAndAllApply() throws Exception {
        Api.Tenant tenant = newTenant();
        String hot = newConversation(tenant, "{\"initial\":true}");
        String other = newConversation(tenant, "{}");
        List<String> patches = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            patches.add("{\"key" + i + "\":" + i + "}");
        }

        CompletableFuture<Map<Integer, Integer>> statuses;
        try (TestDatabase database = TestDatabase.connect()) {
            database.lockConversation(tenant.id(), hot);
            statuses = ConcurrentPatches.start(tenant, hot, patches);
            Polling.until(
                    Duration.ofSeconds(5),
                    "two merges wait on the row (statements-per-row), the other 18 in the replica",
                    () -> database.waitingForOurLocks() + "/" + Metrics.scrape().value(QUEUED, Map.of()),
                    seen -> seen.equals("2/18.0"));
            // Another conversation is not held up by the hot one's queue.
            Api.patch(tenant, other, "{\"free\":true}").then().statusCode(200);
            database.release();
        }

        assertEquals(Map.of(200, 20), statuses.get(30, TimeUnit.SECONDS));
        JsonNode metadata = metadata(tenant, hot);
        assertEquals(21, metadata.size());
        for (int i = 0; i < 20; i++) {
            assertEquals(i, metadata.get("key" + i).asInt(), "key" + i);
        }
        assertEquals(0, Metrics.scrape().value(QUEUED, Map.of()));
    }
}
