package dev.conversations.ratelimit;

/** The shared rate-limit store failed and the service is configured to fail closed. */
public class RateLimitStoreUnavailable extends RuntimeException {
    RateLimitStoreUnavailable() {
        super("The rate-limit store is unavailable", null, false, false);
    }
}
