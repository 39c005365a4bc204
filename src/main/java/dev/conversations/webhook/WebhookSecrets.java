package dev.conversations.webhook;

import dev.conversations.error.ApiError;
import dev.conversations.error.ApiException;
import dev.conversations.error.ErrorType;
import dev.conversations.security.SealedValues;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Signing secrets in the Standard Webhooks form ({@code whsec_} and the base64 of the key), sealed at rest with the
 * configured key (SealedValues), bound to their webhook.
 */
@ApplicationScoped
public class WebhookSecrets {
    static final String PREFIX = "whsec_";
    private static final int GENERATED_BYTES = 32;
    private static final int MIN_BYTES = 24;
    private static final int MAX_BYTES = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Optional<SealedValues> sealer;

    public WebhookSecrets(WebhookSettings settings) {
        this.sealer = settings.secretKey().map(key -> SealedValues.withKey(key, "conversations.webhooks.secret-key"));
    }

    /** Refuses (501) when no key is configured: secrets are never stored in clear. */
    void requireConfigured() {
        if (sealer.isEmpty()) {
            throw new ApiException(
                    501,
                    List.of(new ApiError(
                            ErrorType.NOT_CONFIGURED,
                            "Webhooks are not enabled on this server",
                            "the operator has not configured conversations.webhooks.secret-key")));
        }
    }

    static String generate() {
        byte[] key = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The problem with a secret chosen by the client, or null when it is a valid one. */
    static String problem(String secret) {
        if (!secret.startsWith(PREFIX)) {
            return "must start with " + PREFIX;
        }
        try {
            int bytes = Base64.getDecoder().decode(secret.substring(PREFIX.length())).length;
            return bytes >= MIN_BYTES && bytes <= MAX_BYTES
                    ? null
                    : "must hold " + MIN_BYTES + " to " + MAX_BYTES + " bytes of key in base64";
        } catch (IllegalArgumentException e) {
            return "must be " + PREFIX + " followed by base64";
        }
    }

    /** The key bytes of a secret (the HMAC key of Standard Webhooks). */
    static byte[] keyOf(String secret) {
        return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    }

    String seal(String tenantId, String webhookId, String secret) {
        return sealer.orElseThrow().seal(place(tenantId, webhookId), secret);
    }

    String open(String tenantId, String webhookId, String sealed) throws GeneralSecurityException {
        if (sealer.isEmpty()) {
            throw new GeneralSecurityException("conversations.webhooks.secret-key is not configured");
        }
        return sealer.get().open(place(tenantId, webhookId), sealed);
    }

    private static String place(String tenantId, String webhookId) {
        return "webhook/" + tenantId + "/" + webhookId;
    }
}
