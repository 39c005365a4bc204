package dev.conversations.tenant;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.conversations.database.ReadPool;
import dev.conversations.security.SecretDigest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Checks API keys. Forged keys are refused by {@link ApiKeyScreen} before any lookup. What was read about a key is
 * kept for at most {@link ApiKeyConfig#cacheTtl()}, which bounds how long a revoked key keeps working on a replica
 * that did not revoke it; concurrent requests with a key that is not cached share one lookup. Runs on every request
 * of the tenant API, so it uses the reactive pool directly (see docs/decisions/003).
 */
@ApplicationScoped
public class ApiKeyAuthenticator {
    private static final String FIND_KEY =
            "SELECT secret_hash, revoked_at IS NULL AS active FROM api_keys WHERE tenant_id = $1 AND id = $2";
    private static final StoredKey UNKNOWN = new StoredKey(new byte[32], false);
    private static final Uni<Optional<String>> REFUSED = Uni.createFrom().item(Optional.empty());

    private final Pool pool;
    private final ApiKeyScreen screen;
    private final AsyncCache<ApiKey.Key, StoredKey> keys;
    private final Counter lookups;

    public ApiKeyAuthenticator(ReadPool reads, ApiKeyScreen screen, ApiKeyConfig config, MeterRegistry registry) {
        Duration ttl = config.cacheTtl();
        if (ttl.isNegative() || ttl.compareTo(Duration.ofSeconds(5)) > 0) {
            throw new IllegalArgumentException("conversations.api-keys.cache-ttl must be between 0 and 5 seconds");
        }
        this.pool = reads.pool();
        this.screen = screen;
        this.keys =
                Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).buildAsync();
        this.lookups = Counter.builder("conversations.api_keys.lookups")
                .description("API keys read from PostgreSQL (cache misses of keys that passed the MAC check)")
                .register(registry);
    }

    /** The tenant id when {@code token} is an active key, otherwise empty. */
    public Uni<Optional<String>> authenticate(String token) {
        Optional<ApiKeySecret> parsed = ApiKeySecret.parse(token);
        // The screen runs for cached keys too, so that a key is valid in exactly one form, cached or not.
        if (parsed.isEmpty() || !screen.mayExist(parsed.get())) {
            return REFUSED;
        }
        ApiKeySecret secret = parsed.get();
        CompletableFuture<StoredKey> stored =
                keys.get(new ApiKey.Key(secret.tenantId(), secret.keyId()), (key, executor) -> load(key));
        return onThisContext(stored)
                .map(found -> found.matches(secret) ? Optional.of(secret.tenantId()) : Optional.empty());
    }

    /**
     * Forgets what this replica knows about a key, so that a revocation takes effect here at once. Call it after
     * the revocation committed: a lookup in flight is dropped with the entry, so it cannot put the key back.
     */
    public void forget(String tenantId, String keyId) {
        keys.synchronous().invalidate(new ApiKey.Key(tenantId, keyId));
    }

    private CompletableFuture<StoredKey> load(ApiKey.Key key) {
        lookups.increment();
        return pool.preparedQuery(FIND_KEY)
                .execute(Tuple.of(key.tenantId(), key.id()))
                .map(ApiKeyAuthenticator::toStoredKey)
                .subscribeAsCompletionStage();
    }

    /**
     * A cached key at once; a lookup (maybe started by another request, on another event loop) continued on this
     * request's own context, where the rest of its processing belongs.
     */
    private static Uni<StoredKey> onThisContext(CompletableFuture<StoredKey> stored) {
        if (stored.isDone() && !stored.isCompletedExceptionally()) {
            return Uni.createFrom().item(stored.join());
        }
        // A copy: cancelling this request's Uni must not cancel the lookup other requests share.
        Uni<StoredKey> result = Uni.createFrom().completionStage(stored.copy());
        Context context = Vertx.currentContext();
        return context == null ? result : result.emitOn(task -> context.runOnContext(ignored -> task.run()));
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
