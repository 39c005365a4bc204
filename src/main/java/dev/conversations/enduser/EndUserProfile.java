package dev.conversations.enduser;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Ada's EndUserProfile. {@code metadata} is the JSON text PostgreSQL returned, written as it is. Sensitive metadata
 * is never part of it.
 */
public record EndUserProfile(
        @JsonProperty("first_name") String firstName,
        @JsonProperty("last_name") String lastName,
        @JsonProperty("display_name") String displayName,
        String avatar,
        String email,
        String language,
        @JsonRawValue String metadata) {

    static EndUserProfile of(Row row) {
        return new EndUserProfile(
                row.getString("first_name"),
                row.getString("last_name"),
                row.getString("display_name"),
                row.getString("avatar"),
                row.getString("email"),
                row.getString("language"),
                row.getString("metadata"));
    }
}
