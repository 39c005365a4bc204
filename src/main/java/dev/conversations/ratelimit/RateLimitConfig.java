package dev.conversations.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Per-tenant request limits of the tenant API (README, Rate limits; docs/decisions/006). */
@ConfigMapping(prefix = "conversations.rate-limit")
public interface RateLimitConfig {
    /** Off only for benchmarks and tests; Ada enforces its limits, so do we. */
    @WithDefault("true")
    boolean enabled();

    @WithDefault("10")
    long perSecond();

    @WithDefault("100")
    long perMinute();

    @WithDefault("10000")
    long perDay();

    /** The shared store (redis://host:6379); without it each replica counts on its own. */
    Optional<String> redisUrl();

    /** When the shared store fails: false serves the request anyway (fail open), true answers 503. */
    @WithDefault("false")
    boolean failClosed();

    /** How long a request waits for the shared store before the failure policy applies. */
    @WithDefault("250ms")
    Duration storeTimeout();
}
