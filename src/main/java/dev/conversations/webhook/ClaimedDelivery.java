package dev.conversations.webhook;

import dev.conversations.event.EventIds;
import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A delivery this replica claimed for one attempt (claim-webhook-deliveries.sql). */
record ClaimedDelivery(
        long id,
        String tenantId,
        String webhookId,
        int attempt,
        UUID eventId,
        OffsetDateTime eventCreatedAt,
        String payload,
        String url,
        String secret,
        String previousSecret) {

    static ClaimedDelivery of(Row row) {
        return new ClaimedDelivery(
                row.getLong("id"),
                row.getString("tenant_id"),
                row.getString("webhook_id"),
                row.getInteger("attempts"),
                row.getUUID("event_id"),
                row.getOffsetDateTime("event_created_at"),
                row.getString("payload"),
                row.getString("url"),
                row.getString("secret"),
                row.getString("previous_secret"));
    }

    /** The {@code webhook-id}: the event's, the same on every attempt and for every webhook (receivers dedupe on it). */
    String messageId() {
        return EventIds.format(eventId);
    }
}
