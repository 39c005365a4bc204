package dev.conversations.tenant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.conversations.security.SecretDigest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * Checks API keys. What was read about a key is kept for at most {@link ApiKeyConfig#cacheTtl()}, which bounds
 * how long a revoked key keeps working on a replica that did not revoke it. Runs on every request of the tenant
 * API, so it uses the reactive pool directly (see docs/decisions/003).
 */
@ApplicationScoped
public class ApiKeyAuthenticator {
    private static final String FIND_KEY =
            "SELECT secret_hash, revoked_at IS NULL AS active FROM api_keys WHERE tenant_id = $1 AND id = $2";
    private static final StoredKey UNKNOWN = new StoredKey(new byte[32], false);

    private final Pool pool;
    private final Cache<ApiKey.Key, StoredKey> keys;

    public ApiKeyAuthenticator(Pool pool, ApiKeyConfig config) {
        Duration ttl = config.cacheTtl();
        if (ttl.isNegative() || ttl.compareTo(Duration.ofSeconds(5)) > 0) {
            throw new IllegalArgumentException("conversations.api-keys.cache-ttl must be between 0 and 5 seconds");
        }
        this.pool = pool;
        this.keys =
                Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
    }

    /** The tenant id when {@code token} is an active key, otherwise empty. */
    public Uni<Optional<String>> authenticate(String token) {
        Optional<ApiKeySecret> parsed = ApiKeySecret.parse(token);
        if (parsed.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        ApiKeySecret secret = parsed.get();
        ApiKey.Key key = new ApiKey.Key(secret.tenantId(), secret.keyId());
        StoredKey cached = keys.getIfPresent(key);
        Uni<StoredKey> stored = cached != null ? Uni.createFrom().item(cached) : load(key);
        return stored.map(found -> found.matches(secret) ? Optional.of(secret.tenantId()) : Optional.empty());
    }

    /** Forgets what this replica knows about a key, so a revocation takes effect here at once. */
    public void forget(String tenantId, String keyId) {
        keys.invalidate(new ApiKey.Key(tenantId, keyId));
    }

    private Uni<StoredKey> load(ApiKey.Key key) {
        return pool.preparedQuery(FIND_KEY)
                .execute(Tuple.of(key.tenantId(), key.id()))
                .map(rows -> {
                    StoredKey found = toStoredKey(rows);
                    keys.put(key, found);
                    return found;
                });
    }

    private static StoredKey toStoredKey(RowSet<Row> rows) {
        var iterator = rows.iterator();
        if (!iterator.hasNext()) {
            return UNKNOWN;
        }
        Row row = iterator.next();
        return new StoredKey(row.getBuffer("secret_hash").getBytes(), row.getBoolean("active"));
    }

    private record StoredKey(byte[] secretHash, boolean active) {
        boolean matches(ApiKeySecret presented) {
            // Hash and compare even for unknown or revoked keys, so timing does not tell them apart.
            boolean equal = SecretDigest.matches(secretHash, presented.hash());
            return equal && active;
        }
    }
}
