package dev.conversations.database;

import dev.conversations.observability.ThrottledWarning;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Counts the requests answered 503 because PostgreSQL could not serve, and says so in the log once in a while. */
@ApplicationScoped
@Startup // the counter is at 0 in /q/metrics before the first outage
public class DatabaseOutages {
    private static final Logger LOG = Logger.getLogger(DatabaseOutages.class);
    private static final long LOG_INTERVAL_MILLIS = 10_000;

    private final Counter unavailable;
    private final ThrottledWarning warning = new ThrottledWarning(LOG, LOG_INTERVAL_MILLIS);

    public DatabaseOutages(MeterRegistry registry) {
        this.unavailable = Counter.builder("conversations.database.unavailable")
                .description("Requests answered 503 because PostgreSQL could not serve them")
                .register(registry);
    }

    public void record(Throwable failure) {
        unavailable.increment();
        warning.occurred(() -> "PostgreSQL cannot serve requests, answering 503: " + describe(failure));
    }

    /** The innermost cause's class and message: no stack trace, and no SQL (driver messages carry none). */
    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
