package dev.conversations.enduser;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * In production, a replica without the sensitive-metadata key refuses to start when the database holds sensitive
 * fields (they were written with a key this replica would not have). Without such fields it starts, and requests
 * that send sensitive values are answered 501 until a key is configured.
 */
@Singleton
public class SensitiveMetadataKeyCheck {
    private static final Logger LOG = Logger.getLogger(SensitiveMetadataKeyCheck.class);
    private static final String FIELDS_HELD =
            "SELECT EXISTS (SELECT FROM end_users WHERE sensitive_purge_at IS NOT NULL) AS held";

    void check(@Observes StartupEvent start, SensitiveMetadataCipher cipher, Pool pool) {
        if (cipher.configured() || LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        boolean held = pool.query(FIELDS_HELD)
                .execute()
                .map(rows -> rows.iterator().next().getBoolean("held"))
                .await()
                .atMost(Duration.ofSeconds(30));
        if (held) {
            throw new IllegalStateException("The database holds sensitive metadata but no key is configured: set "
                    + "CONVERSATIONS_END_USERS_SENSITIVE_METADATA_KEY to the key it was written with");
        }
        LOG.info("Sensitive metadata is disabled (no conversations.end-users.sensitive-metadata.key): requests that"
                + " send sensitive values are answered 501");
    }
}
