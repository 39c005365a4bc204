package dev.conversations.ratelimit;

/** The fixed windows a tenant's requests are counted in. */
enum RateLimitWindow {
    SECOND(1),
    MINUTE(60),
    DAY(86_400);

    final long seconds;

    RateLimitWindow(long seconds) {
        this.seconds = seconds;
    }

    /** Which window of this length {@code epochMillis} falls in. */
    long index(long epochMillis) {
        return epochMillis / 1000 / seconds;
    }

    /** Whole seconds, at least 1, until the window holding {@code epochMillis} ends. */
    long secondsToEnd(long epochMillis) {
        long endMillis = (index(epochMillis) + 1) * seconds * 1000;
        return Math.max(1, (endMillis - epochMillis + 999) / 1000);
    }
}
