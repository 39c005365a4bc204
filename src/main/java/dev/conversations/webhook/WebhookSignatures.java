package dev.conversations.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code webhook-signature} header of Standard Webhooks: {@code v1,<base64 HMAC-SHA256>} of
 * {@code <webhook-id>.<webhook-timestamp>.<body>} per secret, separated by spaces (two during a rotation).
 */
final class WebhookSignatures {

    private WebhookSignatures() {}

    static String header(String messageId, long timestamp, String body, List<String> secrets) {
        byte[] content = (messageId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
        return secrets.stream().map(secret -> "v1," + sign(content, secret)).collect(Collectors.joining(" "));
    }

    private static String sign(byte[] content, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(WebhookSecrets.keyOf(secret), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
