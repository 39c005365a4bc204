package dev.conversations.attachment;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The URLs of attachments: {@code /attachments/{id}/{filename}?expires=<epoch seconds>&signature=<HMAC>}, served by
 * us without an API key (a chat front end shows them to the end user), refused once expired or when the signature
 * does not match. The HMAC-SHA256 covers the id and the expiry, keyed by a secret every replica reads from the
 * database ({@code server_secrets}, V5).
 */
@ApplicationScoped
public class AttachmentUrls {
    static final String PATH = "/attachments/";

    private final Pool pool;
    private final Duration validity;
    private final String baseUrl;
    private final Clock clock;
    private volatile SecretKeySpec key;

    public AttachmentUrls(
            Pool pool,
            AttachmentSettings settings,
            @ConfigProperty(name = "conversations.public-base-url") Optional<String> publicBaseUrl) {
        this.pool = pool;
        this.validity = settings.urlValidity();
        this.baseUrl = publicBaseUrl
                .map(String::trim)
                .filter(url -> !url.isEmpty())
                .map(url -> url.replaceAll("/+$", ""))
                .orElse("");
        this.clock = Clock.systemUTC();
    }

    void load(@Observes @Priority(1) StartupEvent event) {
        byte[] secret = pool.query("SELECT secret FROM server_secrets WHERE name = 'attachment-url'")
                .execute()
                .map(rows -> rows.iterator().next().getBuffer("secret").getBytes())
                .await()
                .atMost(Duration.ofSeconds(30));
        key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** A URL of the attachment, valid for the configured time from now. */
    String of(String attachmentId, String filename) {
        return of(attachmentId, filename, clock.instant().plus(validity).getEpochSecond());
    }

    /** A URL of the attachment that works until {@code expires} (epoch seconds). */
    String of(String attachmentId, String filename, long expires) {
        String name = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
        return baseUrl + PATH + attachmentId + "/" + name + "?expires=" + expires + "&signature="
                + signature(attachmentId, expires);
    }

    /** Whether the signature is ours for this id and expiry, and the expiry has not passed. */
    boolean valid(String attachmentId, String expires, String signature) {
        if (attachmentId == null || expires == null || signature == null) {
            return false;
        }
        long expiresAt;
        try {
            expiresAt = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            return false;
        }
        byte[] expected = signature(attachmentId, expiresAt).getBytes(StandardCharsets.US_ASCII);
        boolean ours = MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
        return ours && clock.instant().getEpochSecond() < expiresAt;
    }

    /**
     * The attachment a URL given by a client names, when it is one of our attachment URLs with a valid signature;
     * only the path and the two parameters count (the host is not compared: the gateway's public name may differ
     * from what we know). Callers store {@link SignedUrl#canonical} rather than what the client sent.
     */
    Optional<SignedUrl> parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme();
        boolean web = scheme == null || scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http");
        if (!web || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return Optional.empty();
        }
        String path = uri.getRawPath();
        if (path == null || !path.startsWith(PATH)) {
            return Optional.empty();
        }
        String[] segments = path.substring(PATH.length()).split("/", -1);
        if (segments.length != 2) {
            return Optional.empty();
        }
        Map<String, String> query = query(uri.getRawQuery());
        if (!valid(segments[0], query.get("expires"), query.get("signature"))) {
            return Optional.empty();
        }
        return Optional.of(new SignedUrl(segments[0], Long.parseLong(query.get("expires"))));
    }

    /** A valid attachment URL: the attachment and the expiry it was signed with. */
    record SignedUrl(String attachmentId, long expires) {}

    /** The URL as we issue it for this attachment and expiry: what a file message stores and returns. */
    String canonical(SignedUrl url, String filename) {
        return of(url.attachmentId(), filename, url.expires());
    }

    private String signature(String attachmentId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((attachmentId + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.putIfAbsent(
                        pair.substring(0, equals),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }
}
