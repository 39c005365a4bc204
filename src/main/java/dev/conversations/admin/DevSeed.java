package dev.conversations.admin;

import dev.conversations.tenant.ApiKeyScreen;
import dev.conversations.tenant.ApiKeySecret;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * In dev mode only: a tenant and an API key with fixed, well-known values, so {@code ./mvnw quarkus:dev} can be
 * called at once. Never part of a production build.
 */
@ApplicationScoped
@IfBuildProfile("dev")
public class DevSeed {
    private static final Logger LOG = Logger.getLogger(DevSeed.class);
    /** Signed with this database's MAC secret at start, so the logged key stays the same for one data directory. */
    private static final ApiKeySecret DEV_KEY = new ApiKeySecret(
            "000000000000000000000001",
            "000000000000000000000002",
            "dev-only-key-never-use-in-production-000000",
            null);

    private static final String SEED = """
            WITH tenant AS (
                INSERT INTO tenants (id, name) VALUES ($1, 'dev') ON CONFLICT (id) DO NOTHING
            )
            INSERT INTO api_keys (tenant_id, id, name, secret_hash, legacy) VALUES ($1, $2, 'dev', $3, false)
            ON CONFLICT (tenant_id, id) DO UPDATE SET revoked_at = NULL, secret_hash = excluded.secret_hash,
                legacy = false
            """;

    private final Pool pool;
    private final ApiKeyScreen screen;

    public DevSeed(Pool pool, ApiKeyScreen screen) {
        this.pool = pool;
        this.screen = screen;
    }

    void seed(@Observes StartupEvent event) {
        ApiKeySecret key = screen.signed(DEV_KEY);
        pool.preparedQuery(SEED)
                .execute(Tuple.of(key.tenantId(), key.keyId(), io.vertx.core.buffer.Buffer.buffer(key.hash())))
                .subscribe()
                .with(
                        done -> LOG.infof(
                                "Dev tenant %s, API key: %s (admin token: dev-admin-token unless ADMIN_TOKEN is set)",
                                key.tenantId(), key.token()),
                        failure -> LOG.error("Could not seed the dev tenant", failure));
    }
}
