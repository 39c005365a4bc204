package dev.conversations.tenant;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Refuses forged API keys before any lookup (docs/decisions/004). Keys end with an HMAC-SHA256 (128 bits) over the
 * rest of the key, keyed by a secret generated in the database ({@code server_secrets}), so a key we did not issue
 * fails a check that costs a microsecond. Keys issued before the MAC existed stay valid: their ids are held here
 * ({@code api_keys.legacy}), and an old-format key with any other id is refused just as cheaply.
 */
@ApplicationScoped
public class ApiKeyScreen {
    private static final Logger LOG = Logger.getLogger(ApiKeyScreen.class);
    private static final String MAC_ALGORITHM = "HmacSHA256";
    private static final int MAC_BYTES = 16;
    /** Picks up legacy keys issued by a replica of the previous version during a rolling upgrade. */
    private static final Duration LEGACY_REFRESH = Duration.ofMinutes(1);

    private final Pool pool;
    private final Vertx vertx;
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);
    private volatile SecretKeySpec macKey;
    private volatile Set<ApiKey.Key> legacyKeys = Set.of();
    private long refreshTimer = -1;

    public ApiKeyScreen(Pool pool, Vertx vertx) {
        this.pool = pool;
        this.vertx = vertx;
    }

    /** Before anything that authenticates or issues keys (the dev seed included). */
    void load(@Observes @Priority(1) StartupEvent event) {
        byte[] secret = pool.query("SELECT secret FROM server_secrets WHERE name = 'api-key-mac'")
                .execute()
                .map(rows -> rows.iterator().next().getBuffer("secret").getBytes())
                .await()
                .atMost(Duration.ofSeconds(30));
        macKey = new SecretKeySpec(secret, MAC_ALGORITHM);
        reloadLegacyKeys().await().atMost(Duration.ofSeconds(30));
        refreshTimer = vertx.setPeriodic(LEGACY_REFRESH.toMillis(), tick -> reloadLegacyKeys()
                .subscribe()
                .with(done -> {}, failure -> LOG.warnf("Could not refresh the legacy API keys: %s", failure)));
    }

    void stop(@Observes ShutdownEvent event) {
        if (refreshTimer >= 0) {
            vertx.cancelTimer(refreshTimer);
        }
    }

    /** Reads the ids of the keys issued without a MAC. */
    public Uni<Void> reloadLegacyKeys() {
        return pool.query("SELECT tenant_id, id FROM api_keys WHERE legacy")
                .execute()
                .invoke(rows -> {
                    Set<ApiKey.Key> keys = new HashSet<>();
                    for (Row row : rows) {
                        keys.add(new ApiKey.Key(row.getString("tenant_id"), row.getString("id")));
                    }
                    legacyKeys = Set.copyOf(keys);
                })
                .replaceWithVoid();
    }

    /** False when the key cannot be one we issued: worth no lookup. */
    boolean mayExist(ApiKeySecret presented) {
        if (presented.legacy()) {
            return legacyKeys.contains(new ApiKey.Key(presented.tenantId(), presented.keyId()));
        }
        byte[] expected = mac(presented);
        byte[] actual;
        try {
            actual = Base64.getUrlDecoder().decode(presented.mac());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, actual);
    }

    /** A new key for the tenant, with its MAC. */
    public ApiKeySecret issue(String tenantId, String keyId) {
        return signed(ApiKeySecret.random(tenantId, keyId));
    }

    public ApiKeySecret signed(ApiKeySecret secret) {
        return secret.withMac(Base64.getUrlEncoder().withoutPadding().encodeToString(mac(secret)));
    }

    private byte[] mac(ApiKeySecret secret) {
        Mac mac = macs.get();
        byte[] full = mac.doFinal(secret.signed().getBytes(StandardCharsets.US_ASCII));
        byte[] truncated = new byte[MAC_BYTES];
        System.arraycopy(full, 0, truncated, 0, MAC_BYTES);
        return truncated;
    }

    private Mac newMac() {
        if (macKey == null) {
            throw new IllegalStateException("The API key MAC secret is not loaded yet");
        }
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(macKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java runtime", e);
        }
    }
}
