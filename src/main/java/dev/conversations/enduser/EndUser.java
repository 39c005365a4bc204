package dev.conversations.enduser;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.conversations.json.ApiTimestamps;
import io.vertx.mutiny.sqlclient.Row;

/** Ada's EndUser. */
public record EndUser(
        @JsonProperty("end_user_id") String id,
        @JsonProperty("external_id") String externalId,
        EndUserProfile profile,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt) {

    static EndUser of(Row row) {
        return new EndUser(
                row.getString("id"),
                row.getString("external_id"),
                EndUserProfile.of(row),
                ApiTimestamps.format(row.getOffsetDateTime("created_at")),
                ApiTimestamps.format(row.getOffsetDateTime("updated_at")));
    }
}
