package dev.conversations.admin;

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
    private static final ApiKeySecret DEV_KEY = new ApiKeySecret(
            "000000000000000000000001", "000000000000000000000002", "dev-only-key-never-use-in-production-000000");
    private static final String SEED = """
            WITH tenant AS (
                INSERT INTO tenants (id, name) VALUES ($1, 'dev') ON CONFLICT (id) DO NOTHING
            )
            INSERT INTO api_keys (tenant_id, id, name, secret_hash) VALUES ($1, $2, 'dev', $3)
            ON CONFLICT (tenant_id, id) DO UPDATE SET revoked_at = NULL, secret_hash = excluded.secret_hash
            """;

    private final Pool pool;

    public DevSeed(Pool pool) {
        this.pool = pool;
    }

    void seed(@Observes StartupEvent event) {
        pool.preparedQuery(SEED)
                .execute(Tuple.of(
                        DEV_KEY.tenantId(), DEV_KEY.keyId(), io.vertx.core.buffer.Buffer.buffer(DEV_KEY.hash())))
                .subscribe()
                .with(
                        done -> LOG.infof(
                                "Dev tenant %s, API key: %s (admin token: dev-admin-token unless ADMIN_TOKEN is set)",
                                DEV_KEY.tenantId(), DEV_KEY.token()),
                        failure -> LOG.error("Could not seed the dev tenant", failure));
    }
}
