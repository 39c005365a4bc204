package dev.conversations.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.conversations.json.ApiTimestamps;
import dev.conversations.tenant.Tenant;

public record TenantView(
        String id, String name, @JsonProperty("created_at") String createdAt) {

    static TenantView of(Tenant tenant) {
        return new TenantView(tenant.id, tenant.name, ApiTimestamps.format(tenant.createdAt));
    }
}
