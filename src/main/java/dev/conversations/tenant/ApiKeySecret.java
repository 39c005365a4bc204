package dev.conversations.tenant;

import dev.conversations.id.ResourceId;
import dev.conversations.security.SecretDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The secret form of an API key: {@code cak_<tenant id>_<key id>_<secret>_<mac>}. The prefix makes leaked keys
 * easy to find by secret scanners; the ids let the key be looked up by primary key; the secret is 256 random bits;
 * the MAC (see {@link ApiKeyScreen}) lets a forged key be refused without a lookup. Keys issued before the MAC
 * existed have no {@code _<mac>} part ({@code mac} is null).
 */
public record ApiKeySecret(String tenantId, String keyId, String secret, String mac) {
    private static final String PREFIX = "cak_";
    // cak_<24 hex>_<24 hex>_<43 base64url>[_<22 base64url>], read by position (the secret and the MAC may contain
    // '_' themselves); a regular expression here cost about 3% of a GET's CPU.
    private static final int KEY_ID_AT = PREFIX.length() + 25;
    private static final int SECRET_AT = KEY_ID_AT + 25;
    private static final int SECRET_LENGTH = 43;
    private static final int MAC_AT = SECRET_AT + SECRET_LENGTH + 1;
    private static final int MAC_LENGTH = 22;
    private static final int LEGACY_LENGTH = SECRET_AT + SECRET_LENGTH;
    private static final int LENGTH = MAC_AT + MAC_LENGTH;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new random secret for the key, without its MAC yet. */
    static ApiKeySecret random(String tenantId, String keyId) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new ApiKeySecret(
                tenantId, keyId, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), null);
    }

    public static Optional<ApiKeySecret> parse(String token) {
        int length = token.length();
        boolean wellFormed = (length == LENGTH || length == LEGACY_LENGTH)
                && token.startsWith(PREFIX)
                && ResourceId.isLowerHex(token, PREFIX.length(), KEY_ID_AT - 1)
                && token.charAt(KEY_ID_AT - 1) == '_'
                && ResourceId.isLowerHex(token, KEY_ID_AT, SECRET_AT - 1)
                && token.charAt(SECRET_AT - 1) == '_'
                && isBase64Url(token, SECRET_AT, LEGACY_LENGTH)
                && (length == LEGACY_LENGTH || token.charAt(MAC_AT - 1) == '_' && isBase64Url(token, MAC_AT, LENGTH));
        if (!wellFormed) {
            return Optional.empty();
        }
        return Optional.of(new ApiKeySecret(
                token.substring(PREFIX.length(), KEY_ID_AT - 1),
                token.substring(KEY_ID_AT, SECRET_AT - 1),
                token.substring(SECRET_AT, LEGACY_LENGTH),
                length == LENGTH ? token.substring(MAC_AT) : null));
    }

    private static boolean isBase64Url(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            boolean valid =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!valid) {
                return false;
            }
        }
        return true;
    }

    public boolean legacy() {
        return mac == null;
    }

    /** What the MAC is computed over: the key without its MAC part. */
    String signed() {
        return PREFIX + tenantId + "_" + keyId + "_" + secret;
    }

    public String token() {
        return legacy() ? signed() : signed() + "_" + mac;
    }

    public byte[] hash() {
        return SecretDigest.sha256(secret);
    }

    ApiKeySecret withMac(String mac) {
        return new ApiKeySecret(tenantId, keyId, secret, mac);
    }

    @Override
    public String toString() {
        return "ApiKeySecret[" + tenantId + "/" + keyId + "]";
    }
}
