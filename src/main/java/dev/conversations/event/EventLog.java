package dev.conversations.event;

import dev.conversations.database.Batches;
import dev.conversations.database.SqlStatements;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The event log's upkeep, run by every replica on a timer: events past the retention are pruned (one replica at a
 * time, prune-events.sql), and the gauges of the log's size, the pending deliveries and the disabled webhooks are
 * refreshed from the database (every replica reports the same, database-wide figures).
 */
@ApplicationScoped
public class EventLog {
    private static final Logger LOG = Logger.getLogger(EventLog.class);
    private static final String PRUNE = SqlStatements.load("prune-events.sql");
    private static final String STATS = SqlStatements.load("event-log-stats.sql");
    /** Pending deliveries are counted up to this (a gauge, not an inventory). */
    private static final long PENDING_COUNT_LIMIT = 10_000_000;

    private final Pool pool;
    private final EventSettings settings;
    private final Counter pruned;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong disabled = new AtomicLong();

    public EventLog(Pool pool, EventSettings settings, MeterRegistry registry) {
        this.pool = pool;
        this.settings = settings;
        this.pruned = Counter.builder("conversations.events.pruned")
                .description("Events deleted from the log after the retention period")
                .register(registry);
        Gauge.builder("conversations.events.log.size", events, AtomicLong::get)
                .description("Events held in the log (PostgreSQL's estimate)")
                .register(registry);
        Gauge.builder("conversations.webhooks.deliveries.pending", pending, AtomicLong::get)
                .description("Webhook deliveries waiting for a first attempt or a retry")
                .register(registry);
        Gauge.builder("conversations.webhooks.disabled", disabled, AtomicLong::get)
                .description("Webhooks disabled (by their tenant, or after the last retry failed)")
                .register(registry);
    }

    @Scheduled(
            identity = "prune-events",
            every = "${conversations.events.prune-interval:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        Tuple parameters = Tuple.of((double) settings.retention().toSeconds(), settings.pruneBatchSize());
        return Batches.untilShort(pool, PRUNE, parameters, settings.pruneBatchSize(), pruned::increment)
                .chain(this::refreshGauges)
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf("The upkeep of the event log failed and will run again: %s", failure.getMessage());
                    return null;
                });
    }

    Uni<Void> refreshGauges() {
        return pool.preparedQuery(STATS).execute(Tuple.of(PENDING_COUNT_LIMIT)).map(rows -> {
            Row row = rows.iterator().next();
            events.set(row.getLong("events") == null ? 0 : row.getLong("events"));
            pending.set(row.getLong("pending"));
            disabled.set(row.getLong("disabled"));
            return null;
        });
    }
}
