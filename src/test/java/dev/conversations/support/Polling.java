package dev.conversations.support;

import java.time.Duration;
import java.util.function.Predicate;

/** Waits for a state by looking at it again and again until a deadline, never for a fixed time. */
public final class Polling {
    private static final long PAUSE_MILLIS = 10;

    private Polling() {}

    /** Something to look at; it may fail, which fails the wait. */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws Exception;
    }

    /**
     * Looks at {@code probe} until {@code reached} holds and returns what it saw then; fails with the last value
     * seen when {@code timeout} passes first.
     */
    public static <T> T until(Duration timeout, String what, Probe<T> probe, Predicate<? super T> reached) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T seen;
            try {
                seen = probe.get();
            } catch (Exception e) {
                throw new AssertionError("While waiting until " + what, e);
            }
            if (reached.test(seen)) {
                return seen;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError(
                        "Not within " + timeout.toMillis() + " ms: " + what + " (last seen: " + seen + ")");
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting until " + what, e);
            }
        }
    }
}
