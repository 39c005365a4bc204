package dev.conversations.admin;

import dev.conversations.database.DatabaseClock;
import dev.conversations.error.ApiException;
import dev.conversations.id.ResourceId;
import dev.conversations.tenant.ApiKey;
import dev.conversations.tenant.ApiKeyAuthenticator;
import dev.conversations.tenant.ApiKeyScreen;
import dev.conversations.tenant.ApiKeySecret;
import dev.conversations.tenant.Tenant;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Tenants and their API keys, as the operator manages them. */
@ApplicationScoped
public class TenantAdministration {
    /**
     * One statement, committed on its own, with the database's clock: never before the key's creation, and a
     * second revocation keeps the first time.
     */
    private static final String REVOKE_KEY = "UPDATE api_keys"
            + " SET revoked_at = coalesce(revoked_at, greatest(clock_timestamp(), created_at))"
            + " WHERE tenant_id = $1 AND id = $2 RETURNING id";

    private final ApiKeyAuthenticator authenticator;
    private final ApiKeyScreen screen;
    private final Pool pool;

    public TenantAdministration(ApiKeyAuthenticator authenticator, ApiKeyScreen screen, Pool pool) {
        this.authenticator = authenticator;
        this.screen = screen;
        this.pool = pool;
    }

    @WithTransaction
    public Uni<Tenant> createTenant(String name) {
        Tenant tenant = new Tenant();
        tenant.id = ResourceId.next();
        tenant.name = name;
        return DatabaseClock.now().chain(now -> {
            tenant.createdAt = now;
            return tenant.persist().replaceWith(tenant);
        });
    }

    /** Creates a key and returns it with its secret, which exists only in this response. */
    @WithTransaction
    public Uni<ApiKeyView> createKey(String tenantId, String name) {
        return existingTenant(tenantId).chain(tenant -> DatabaseClock.now().chain(now -> {
            ApiKey key = new ApiKey();
            key.tenantId = tenant.id;
            key.id = ResourceId.next();
            key.name = name;
            ApiKeySecret secret = screen.issue(key.tenantId, key.id);
            key.secretHash = secret.hash();
            key.legacy = false;
            key.createdAt = now;
            return key.persist().replaceWith(() -> ApiKeyView.created(key, secret.token()));
        }));
    }

    @WithSession
    public Uni<List<ApiKey>> listKeys(String tenantId) {
        return existingTenant(tenantId).chain(tenant -> ApiKey.<ApiKey>list("tenantId = ?1 order by id", tenant.id));
    }

    /**
     * Revokes a key; revoking a revoked key again changes nothing. This replica forgets the key once the revocation
     * has committed (before, a request could read and cache the still-active key); others within the cache TTL.
     */
    public Uni<Void> revokeKey(String tenantId, String keyId) {
        if (!ResourceId.isValid(tenantId) || !ResourceId.isValid(keyId)) {
            return Uni.createFrom().failure(ApiException.notFound("API key not found"));
        }
        return pool.preparedQuery(REVOKE_KEY).execute(Tuple.of(tenantId, keyId)).map(rows -> {
            if (rows.rowCount() == 0) {
                throw ApiException.notFound("API key not found");
            }
            authenticator.forget(tenantId, keyId);
            return null;
        });
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
}
