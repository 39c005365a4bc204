package dev.conversations.ratelimit;

import jakarta.ws.rs.core.MultivaluedMap;

/**
 * The outcome for one request and the headers that describe it (IETF draft "RateLimit header fields"): the window
 * with the fewest requests left is the one reported.
 */
record RateLimitDecision(boolean allowed, long limit, long remaining, long resetSeconds, String policy) {

    static RateLimitDecision of(WindowCounts counts, long[] limits) {
        RateLimitWindow[] windows = RateLimitWindow.values();
        int reported = 0;
        long fewestLeft = Long.MAX_VALUE;
        long retryAfter = 0;
        StringBuilder policy = new StringBuilder();
        for (int i = 0; i < windows.length; i++) {
            long left = Math.max(0, limits[i] - counts.counts()[i]);
            if (left < fewestLeft) {
                fewestLeft = left;
                reported = i;
            }
            if (left == 0) {
                retryAfter = Math.max(retryAfter, windows[i].secondsToEnd(counts.epochMillis()));
            }
            policy.append(i == 0 ? "" : ", ").append(limits[i]).append(";w=").append(windows[i].seconds);
        }
        long reset =
                counts.allowed() || retryAfter == 0 ? windows[reported].secondsToEnd(counts.epochMillis()) : retryAfter;
        return new RateLimitDecision(counts.allowed(), limits[reported], fewestLeft, reset, policy.toString());
    }

    void addHeaders(MultivaluedMap<String, Object> headers) {
        headers.putSingle("RateLimit-Limit", limit);
        headers.putSingle("RateLimit-Remaining", remaining);
        headers.putSingle("RateLimit-Reset", resetSeconds);
        headers.putSingle("RateLimit-Policy", policy);
        if (!allowed) {
            headers.putSingle("Retry-After", resetSeconds);
        }
    }
}
