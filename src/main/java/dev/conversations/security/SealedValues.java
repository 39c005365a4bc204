package dev.conversations.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets we must read back (sensitive metadata, webhook signing secrets) sealed with AES-256-GCM under a key given by
 * configuration, never by the database: a random 96-bit nonce per value, the 128-bit tag, and the value's place as
 * associated data, so that a ciphertext copied to another row or field does not open. Stored as base64 of nonce
 * followed by ciphertext and tag.
 */
public final class SealedValues {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    private SealedValues(SecretKey key) {
        this.key = key;
    }

    /** A key of 32 bytes in base64; the error names the property, never the value (a secret). */
    public static SealedValues withKey(String base64, String property) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length != 32) {
            throw new IllegalStateException(property + " must be 32 bytes in base64 (openssl rand -base64 32)");
        }
        return new SealedValues(new SecretKeySpec(bytes, "AES"));
    }

    public String seal(String place, String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            byte[] sealed =
                    cipher(Cipher.ENCRYPT_MODE, nonce, place).doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder()
                    .encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                            .put(nonce)
                            .put(sealed)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The plaintext of a sealed value; fails when it was not sealed for this place with this key. */
    public String open(String place, String sealed) throws GeneralSecurityException {
        byte[] bytes = Base64.getDecoder().decode(sealed);
        byte[] nonce = Arrays.copyOf(bytes, NONCE_BYTES);
        Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, place);
        return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
    }

    private Cipher cipher(int mode, byte[] nonce, String place) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(place.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
