package dev.conversations.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.conversations.json.ApiTimestamps;
import io.vertx.mutiny.sqlclient.Row;
import java.util.List;

/**
 * Ada's Webhook, plus {@code channels} (the channel filter Ada offers in its dashboard through Svix's channel tags)
 * and {@code disabled_reason} ({@code "failing"} when the service disabled it after the last retry failed).
 */
public record Webhook(
        String id,
        String url,
        String description,
        @JsonProperty("event_filters") List<String> eventFilters,
        List<String> channels,
        boolean enabled,
        @JsonProperty("disabled_reason") String disabledReason,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt) {

    static Webhook of(Row row) {
        return new Webhook(
                row.getString("id"),
                row.getString("url"),
                row.getString("description"),
                List.of(row.getArrayOfStrings("event_filters")),
                List.of(row.getArrayOfStrings("channels")),
                row.getBoolean("enabled"),
                row.getString("disabled_reason"),
                ApiTimestamps.format(row.getOffsetDateTime("created_at")),
                ApiTimestamps.format(row.getOffsetDateTime("updated_at")));
    }
}
