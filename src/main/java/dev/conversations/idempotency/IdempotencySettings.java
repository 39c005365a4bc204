package dev.conversations.idempotency;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "conversations.idempotency")
public interface IdempotencySettings {

    /** A key's stored response is replayed this long after the first request (Stripe: 24 hours). */
    @WithDefault("24h")
    Duration validity();

    /** How often each replica deletes expired keys. */
    @WithDefault("10m")
    Duration cleanupInterval();

    /** Keys one clean-up statement deletes; a run repeats until a statement deletes fewer. */
    @WithDefault("1000")
    int cleanupBatchSize();
}
