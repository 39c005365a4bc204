package dev.conversations.enduser;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts sensitive metadata values with AES-256-GCM before they reach the database: a random 96-bit nonce per
 * value, the 128-bit tag, and the value's place (tenant, end user, key) as associated data, so that a ciphertext
 * copied to another row or key does not decrypt. Stored as base64 of nonce followed by ciphertext and tag.
 */
@ApplicationScoped
public class SensitiveMetadataCipher {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Optional<SecretKey> key;
    private final SecureRandom random = new SecureRandom();

    public SensitiveMetadataCipher(EndUserSettings settings) {
        this.key = settings.sensitiveMetadata().key().map(SensitiveMetadataCipher::parseKey);
    }

    /** Whether a key is configured: without one, sensitive values are refused (501). */
    boolean configured() {
        return key.isPresent();
    }

    String encrypt(String tenantId, String endUserId, String field, String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, tenantId, endUserId, field);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder()
                    .encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                            .put(nonce)
                            .put(sealed)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The plaintext of a stored value; fails when it was not sealed for this place with this key. */
    String decrypt(String tenantId, String endUserId, String field, String stored) throws GeneralSecurityException {
        byte[] bytes = Base64.getDecoder().decode(stored);
        byte[] nonce = java.util.Arrays.copyOf(bytes, NONCE_BYTES);
        Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, tenantId, endUserId, field);
        return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
    }

    private Cipher cipher(int mode, byte[] nonce, String tenantId, String endUserId, String field)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key.orElseThrow(), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD((tenantId + "/" + endUserId + "/" + field).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static SecretKey parseKey(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length != 32) {
            // The message never quotes the configured value: it is a secret.
            throw new IllegalStateException(
                    "conversations.end-users.sensitive-metadata.key must be 32 bytes in base64 (openssl rand -base64 32)");
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
