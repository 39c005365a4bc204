package dev.conversations.id;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ids like Ada's: 24 lowercase hex characters, time-ordered. 4 bytes of seconds since the epoch, 5 random bytes
 * fixed per process and a 3-byte counter, so ids from many replicas never collide and sort by creation second.
 */
public final class ResourceId {
    private static final int LENGTH = 24;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PROCESS = new byte[5];
    private static final AtomicInteger COUNTER = new AtomicInteger(RANDOM.nextInt());

    static {
        RANDOM.nextBytes(PROCESS);
    }

    private ResourceId() {}

    public static String next() {
        byte[] id = new byte[12];
        int seconds = (int) (System.currentTimeMillis() / 1000);
        id[0] = (byte) (seconds >>> 24);
        id[1] = (byte) (seconds >>> 16);
        id[2] = (byte) (seconds >>> 8);
        id[3] = (byte) seconds;
        System.arraycopy(PROCESS, 0, id, 4, 5);
        int count = COUNTER.getAndIncrement();
        id[9] = (byte) (count >>> 16);
        id[10] = (byte) (count >>> 8);
        id[11] = (byte) count;
        return HexFormat.of().formatHex(id);
    }

    public static boolean isValid(String candidate) {
        return candidate != null && candidate.length() == LENGTH && isLowerHex(candidate, 0, LENGTH);
    }

    /** Whether the characters from {@code start} to {@code end} (exclusive) are all in [0-9a-f]: on every request. */
    public static boolean isLowerHex(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }
}
