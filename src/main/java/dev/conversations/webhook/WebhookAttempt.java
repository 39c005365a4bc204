package dev.conversations.webhook;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.conversations.event.EventIds;
import dev.conversations.json.ApiTimestamps;
import io.vertx.mutiny.sqlclient.Row;

/** One delivery attempt, as GET /api/v2/webhooks/{id}/attempts/ lists it (newest first). */
public record WebhookAttempt(
        @JsonIgnore long number,
        @JsonProperty("event_id") String eventId,
        @JsonProperty("event_type") String eventType,
        int attempt,
        String status,
        @JsonProperty("response_status_code") Integer responseStatusCode,
        String error,
        @JsonProperty("duration_ms") int durationMs,
        @JsonProperty("attempted_at") String attemptedAt,
        @JsonProperty("next_retry_at") String nextRetryAt) {

    static WebhookAttempt of(Row row) {
        return new WebhookAttempt(
                row.getLong("id"),
                EventIds.format(row.getUUID("event_id")),
                row.getString("event_type"),
                row.getInteger("attempt"),
                row.getString("outcome"),
                row.getInteger("response_status"),
                row.getString("error"),
                row.getInteger("duration_ms"),
                ApiTimestamps.format(row.getOffsetDateTime("attempted_at")),
                ApiTimestamps.formatOrNull(row.getOffsetDateTime("next_retry_at")));
    }
}
