package dev.conversations.admin;

import dev.conversations.error.ApiException;
import dev.conversations.id.ResourceId;
import dev.conversations.tenant.ApiKey;
import dev.conversations.tenant.ApiKeyAuthenticator;
import dev.conversations.tenant.ApiKeySecret;
import dev.conversations.tenant.Tenant;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Tenants and their API keys, as the operator manages them. */
@ApplicationScoped
public class TenantAdministration {
    private final ApiKeyAuthenticator authenticator;

    public TenantAdministration(ApiKeyAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @WithTransaction
    public Uni<Tenant> createTenant(String name) {
        Tenant tenant = new Tenant();
        tenant.id = ResourceId.next();
        tenant.name = name;
        tenant.createdAt = now();
        return tenant.persist().replaceWith(tenant);
    }

    /** Creates a key and returns it with its secret, which exists only in this response. */
    @WithTransaction
    public Uni<ApiKeyView> createKey(String tenantId, String name) {
        return existingTenant(tenantId).chain(tenant -> {
            ApiKey key = new ApiKey();
            key.tenantId = tenant.id;
            key.id = ResourceId.next();
            key.name = name;
            ApiKeySecret secret = ApiKeySecret.generate(key.tenantId, key.id);
            key.secretHash = secret.hash();
            key.createdAt = now();
            return key.persist().replaceWith(ApiKeyView.created(key, secret.token()));
        });
    }

    @WithSession
    public Uni<List<ApiKey>> listKeys(String tenantId) {
        return existingTenant(tenantId).chain(tenant -> ApiKey.<ApiKey>list("tenantId = ?1 order by id", tenant.id));
    }

    /** Revokes a key; revoking a revoked key again changes nothing. */
    @WithTransaction
    public Uni<Void> revokeKey(String tenantId, String keyId) {
        if (!ResourceId.isValid(tenantId) || !ResourceId.isValid(keyId)) {
            return Uni.createFrom().failure(ApiException.notFound("API key not found"));
        }
        return ApiKey.<ApiKey>findById(new ApiKey.Key(tenantId, keyId))
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("API key not found"))
                .invoke(key -> {
                    if (key.revokedAt == null) {
                        key.revokedAt = now();
                    }
                })
                .invoke(() -> authenticator.forget(tenantId, keyId))
                .replaceWithVoid();
    }

    private static Uni<Tenant> existingTenant(String tenantId) {
        if (!ResourceId.isValid(tenantId)) {
            return Uni.createFrom().failure(ApiException.notFound("Tenant not found"));
        }
        return Tenant.<Tenant>findById(tenantId)
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("Tenant not found"));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
