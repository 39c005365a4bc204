package dev.conversations.event;

import static dev.conversations.support.Api.newTenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conversations.support.Api;
import dev.conversations.support.Metrics;
import dev.conversations.support.Polling;
import dev.conversations.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The event log's upkeep: events past the retention are pruned unless an enabled webhook still waits for them. */
@QuarkusTest
class EventLogTest {

    @Test
    void eventsPastTheRetentionArePrunedUnlessAnEnabledWebhookWaitsForThem() throws Exception {
        Api.Tenant tenant = newTenant();
        String delivered = Api.newConversation(tenant, "{}");
        String waitedFor = Api.newConversation(tenant, "{}");
        String fresh = Api.newConversation(tenant, "{}");
        try (TestDatabase database = TestDatabase.connect()) {
            // A webhook that still waits for the second conversation's event (a retry far away).
            database.update(
                    "INSERT INTO webhooks (tenant_id, id, url, secret) VALUES (?, '0123456789abcdef0123abcd',"
                            + " 'https://example.com/hooks', 'sealed')",
                    tenant.id());
            database.update(
                    "INSERT INTO webhook_deliveries (tenant_id, webhook_id, event_seq, due_at)"
                            + " SELECT tenant_id, '0123456789abcdef0123abcd', seq, now() + interval '1 day'"
                            + " FROM events WHERE tenant_id = ? AND conversation_id = ?",
                    tenant.id(),
                    waitedFor);
            for (String conversation : new String[] {delivered, waitedFor}) {
                database.update(
                        "UPDATE events SET created_at = now() - interval '8 days'"
                                + " WHERE tenant_id = ? AND conversation_id = ?",
                        tenant.id(),
                        conversation);
            }
            Polling.until(
                    Duration.ofSeconds(10),
                    "the old, delivered event pruned",
                    () -> count(database, tenant, delivered),
                    "0"::equals);
            assertEquals("1", count(database, tenant, waitedFor), "an enabled webhook still waits for it");
            assertEquals("1", count(database, tenant, fresh), "within the retention");

            database.update("UPDATE webhooks SET enabled = false WHERE tenant_id = ?", tenant.id());
            Polling.until(
                    Duration.ofSeconds(10),
                    "pruned once its webhook is disabled",
                    () -> count(database, tenant, waitedFor),
                    "0"::equals);
        }
        Metrics metrics = Metrics.scrape();
        assertTrue(metrics.value("conversations_events_pruned_total", Map.of()) >= 2, "pruned events are counted");
    }

    private static String count(TestDatabase database, Api.Tenant tenant, String conversation) throws Exception {
        return database.queryText(
                "SELECT count(*) FROM events WHERE tenant_id = ? AND conversation_id = ?", tenant.id(), conversation);
    }
}
