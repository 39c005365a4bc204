package dev.conversations.conversation;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.conversations.json.ApiTimestamps;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Ada's Conversation, plus {@code ended_at} (null while active). {@code metadata} is the JSON text PostgreSQL
 * returned, written as it is: no parse and re-serialisation, so numbers stay exactly as stored.
 */
public record Conversation(
        String id,
        @JsonProperty("channel_id") String channelId,
        @JsonProperty("end_user_id") String endUserId,
        String status,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("ended_at") String endedAt,
        @JsonRawValue String metadata) {

    static Conversation of(Row row) {
        return new Conversation(
                row.getString("id"),
                row.getString("channel_id"),
                row.getString("end_user_id"),
                row.getString("status"),
                ApiTimestamps.format(row.getOffsetDateTime("created_at")),
                ApiTimestamps.format(row.getOffsetDateTime("updated_at")),
                ApiTimestamps.formatOrNull(row.getOffsetDateTime("ended_at")),
                row.getString("metadata"));
    }
}
