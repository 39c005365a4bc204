package dev.conversations.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.conversations.json.ApiTimestamps;
import dev.conversations.tenant.ApiKey;

/** An API key as the operator API shows it. {@code key}, the secret, is only present in the create response. */
public record ApiKeyView(
        String id,
        String name,
        @JsonInclude(JsonInclude.Include.NON_NULL) String key,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("revoked_at") String revokedAt) {

    static ApiKeyView listed(ApiKey key) {
        return new ApiKeyView(
                key.id,
                key.name,
                null,
                ApiTimestamps.format(key.createdAt),
                key.revokedAt == null ? null : ApiTimestamps.format(key.revokedAt));
    }

    static ApiKeyView created(ApiKey key, String secret) {
        return new ApiKeyView(key.id, key.name, secret, ApiTimestamps.format(key.createdAt), null);
    }
}
