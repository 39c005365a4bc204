package dev.conversations.enduser;

import dev.conversations.security.SealedValues;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * Encrypts sensitive metadata values before they reach the database (SealedValues), with the value's place (tenant,
 * end user, key) as associated data.
 */
@ApplicationScoped
public class SensitiveMetadataCipher {
    private final Optional<SealedValues> sealer;

    public SensitiveMetadataCipher(EndUserSettings settings) {
        this.sealer = settings.sensitiveMetadata()
                .key()
                .map(key -> SealedValues.withKey(key, "conversations.end-users.sensitive-metadata.key"));
    }

    /** Whether a key is configured: without one, sensitive values are refused (501). */
    boolean configured() {
        return sealer.isPresent();
    }

    String encrypt(String tenantId, String endUserId, String field, String plaintext) {
        return sealer.orElseThrow().seal(place(tenantId, endUserId, field), plaintext);
    }

    /** The plaintext of a stored value; fails when it was not sealed for this place with this key. */
    String decrypt(String tenantId, String endUserId, String field, String stored) throws GeneralSecurityException {
        return sealer.orElseThrow().open(place(tenantId, endUserId, field), stored);
    }

    private static String place(String tenantId, String endUserId, String field) {
        return tenantId + "/" + endUserId + "/" + field;
    }
}
