package dev.conversations.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 of secrets: what we store and compare instead of the secrets themselves. */
public final class SecretDigest {
    /** One per thread: every request digests its API key, and the provider lookup of getInstance showed in its profile. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(SecretDigest::newSha256);

    private SecretDigest() {}

    public static byte[] sha256(String secret) {
        // digest() leaves the instance reset for the thread's next use.
        return SHA_256.get().digest(secret.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    /** Constant-time comparison of two digests. */
    public static boolean matches(byte[] expected, byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }
}
