package dev.conversations.observability;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A WARN line at most once per interval for a failure that can repeat on every request, with the number of times
 * it happened since the last line: an outage costs a few log lines, not one (or a stack trace) per request.
 * Occurrences after an outage's last line are counted in the next outage's first line.
 */
public final class ThrottledWarning {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong lastLogged;
    private final AtomicLong unreported = new AtomicLong();

    public ThrottledWarning(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000;
        // So that the first occurrence is logged at once (nanoTime has no fixed origin).
        this.lastLogged = new AtomicLong(System.nanoTime() - intervalNanos);
    }

    /** Counts one occurrence; logs {@code what} with the count when the interval has passed since the last line. */
    public void occurred(Supplier<String> what) {
        unreported.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= intervalNanos && lastLogged.compareAndSet(last, now)) {
            log.warnf("%s (%d times since the last such line)", what.get(), unreported.getAndSet(0));
        }
    }
}
