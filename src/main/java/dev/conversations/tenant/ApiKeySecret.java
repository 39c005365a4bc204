package dev.conversations.tenant;

import dev.conversations.security.SecretDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The secret form of an API key: {@code cak_<tenant id>_<key id>_<secret>_<mac>}. The prefix makes leaked keys
 * easy to find by secret scanners; the ids let the key be looked up by primary key; the secret is 256 random bits;
 * the MAC (see {@link ApiKeyScreen}) lets a forged key be refused without a lookup. Keys issued before the MAC
 * existed have no {@code _<mac>} part ({@code mac} is null).
 */
public record ApiKeySecret(String tenantId, String keyId, String secret, String mac) {
    private static final String PREFIX = "cak_";
    private static final Pattern FORMAT =
            Pattern.compile("cak_([0-9a-f]{24})_([0-9a-f]{24})_([A-Za-z0-9_-]{43})(?:_([A-Za-z0-9_-]{22}))?");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new random secret for the key, without its MAC yet. */
    static ApiKeySecret random(String tenantId, String keyId) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new ApiKeySecret(
                tenantId, keyId, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), null);
    }

    public static Optional<ApiKeySecret> parse(String token) {
        var matcher = FORMAT.matcher(token);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ApiKeySecret(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4)));
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
