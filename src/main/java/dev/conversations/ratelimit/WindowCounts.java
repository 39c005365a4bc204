package dev.conversations.ratelimit;

/**
 * What a store answered for one request: whether it was counted (every window had room), the counts of the
 * second, minute and day windows after it, and the store's clock.
 */
record WindowCounts(boolean allowed, long[] counts, long epochMillis) {}
