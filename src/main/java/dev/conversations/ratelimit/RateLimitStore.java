package dev.conversations.ratelimit;

import io.smallrye.mutiny.Uni;

/**
 * Counts a tenant's requests in the second, minute and day windows, atomically. A store that can wait (a remote
 * one) fails its call after its own timeout: the limiter sets none, so that a local store costs no timer.
 */
interface RateLimitStore {
    /** Counts one request if every window has room under {@code limits} (second, minute, day). */
    Uni<WindowCounts> acquire(String tenantId, long[] limits);

    String description();
}
