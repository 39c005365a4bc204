package dev.conversations.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "conversations.webhooks")
public interface WebhookSettings {

    /**
     * The AES-256 key that seals the webhooks' signing secrets at rest, 32 bytes in base64. A secret: give it
     * through the environment (CONVERSATIONS_WEBHOOKS_SECRET_KEY). Without it the webhook API answers 501.
     */
    Optional<String> secretKey();

    /** Whether http:// URLs are accepted (development only); https:// always is. */
    @WithDefault("false")
    boolean allowHttp();

    /**
     * Networks (CIDR) that webhook URLs may resolve to although they are loopback, private, link-local or
     * cloud-metadata addresses, e.g. 127.0.0.1/32 for a receiver on the same host in development. Empty by default.
     */
    Optional<List<String>> allowedNetworks();

    /** The waits before each retry after the first attempt (Ada's schedule); after the last failure the webhook is disabled. */
    @WithDefault("5s,5m,30m,2h,5h,10h,10h")
    List<Duration> retrySchedule();

    /** A receiver must answer 2xx within this (Ada: 15 seconds). */
    @WithDefault("15s")
    Duration timeout();

    /**
     * How long a claimed delivery belongs to the replica that claimed it; a replica that dies mid-attempt leaves it
     * due again after this. Longer than the timeout (checked at start), and best longer than the timeout plus the
     * time to record the outcome (the database's acquire and statement timeouts, 7 s by default): a lease that ends
     * first lets another replica make the attempt again.
     */
    @WithDefault("60s")
    Duration lease();

    /** How often each replica looks for due deliveries besides the database's notifications (retries, lost notices). */
    @WithDefault("1s")
    Duration pollInterval();

    /** Whether this replica delivers webhooks (every replica does by default). */
    @WithDefault("true")
    boolean dispatch();

    /** Attempts in flight on one replica, and per webhook: a slow receiver holds at most its own share. */
    @WithDefault("256")
    int maxInFlight();

    @WithDefault("8")
    int maxInFlightPerWebhook();

    /** Webhooks one tenant may have. */
    @WithDefault("50")
    int maxPerTenant();

    /** After a rotation the previous secret keeps signing beside the new one this long (Ada/Svix: 24 hours). */
    @WithDefault("24h")
    Duration previousSecretValidity();
}
