package dev.conversations.tenant;

import dev.conversations.security.SecretDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The secret form of an API key: {@code cak_<tenant id>_<key id>_<secret>}. The prefix makes leaked keys easy to
 * find by secret scanners; the ids let the key be looked up by primary key; the secret is 256 random bits.
 */
public record ApiKeySecret(String tenantId, String keyId, String secret) {
    private static final String PREFIX = "cak_";
    private static final Pattern FORMAT = Pattern.compile("cak_([0-9a-f]{24})_([0-9a-f]{24})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    public static ApiKeySecret generate(String tenantId, String keyId) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new ApiKeySecret(
                tenantId, keyId, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    public static Optional<ApiKeySecret> parse(String token) {
        var matcher = FORMAT.matcher(token);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ApiKeySecret(matcher.group(1), matcher.group(2), matcher.group(3)));
    }

    public String token() {
        return PREFIX + tenantId + "_" + keyId + "_" + secret;
    }

    public byte[] hash() {
        return SecretDigest.sha256(secret);
    }

    @Override
    public String toString() {
        return "ApiKeySecret[" + tenantId + "/" + keyId + "]";
    }
}
