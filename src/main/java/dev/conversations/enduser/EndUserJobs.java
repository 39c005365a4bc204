package dev.conversations.enduser;

import dev.conversations.database.Batches;
import dev.conversations.database.SqlStatements;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The two clean-ups of end users, run by every replica on a timer and done by one at a time through PostgreSQL
 * (a transaction-scoped advisory lock in each statement, rows claimed with FOR UPDATE SKIP LOCKED):
 * sensitive fields older than their retention are purged, end users created through the API and never taken by a
 * conversation are deleted. Each run repeats its statement until a batch comes back smaller than the batch size.
 */
@ApplicationScoped
public class EndUserJobs {
    private static final Logger LOG = Logger.getLogger(EndUserJobs.class);
    private static final String PURGE = SqlStatements.load("purge-sensitive-metadata.sql");
    private static final String DELETE_ORPHANS = SqlStatements.load("delete-orphan-end-users.sql");

    private final Pool pool;
    private final EndUserSettings settings;
    private final Counter purged;
    private final Counter deleted;

    public EndUserJobs(Pool pool, EndUserSettings settings, MeterRegistry registry) {
        this.pool = pool;
        this.settings = settings;
        this.purged = Counter.builder("conversations.end_users.sensitive_metadata.purges")
                .description("End users whose expired sensitive fields were purged")
                .register(registry);
        this.deleted = Counter.builder("conversations.end_users.orphans.deleted")
                .description("End users created through the API and deleted because no conversation took them")
                .register(registry);
    }

    @Scheduled(
            identity = "purge-sensitive-metadata",
            every = "${conversations.end-users.job-interval:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeSensitiveMetadata() {
        double retention = settings.sensitiveMetadata().retention().toSeconds();
        return inBatches("purge of sensitive metadata", PURGE, Tuple.of(retention, settings.jobBatchSize()), purged);
    }

    @Scheduled(
            identity = "delete-orphan-end-users",
            every = "${conversations.end-users.job-interval:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deleteOrphanEndUsers() {
        return inBatches("deletion of orphan end users", DELETE_ORPHANS, Tuple.of(settings.jobBatchSize()), deleted);
    }

    private Uni<Void> inBatches(String job, String statement, Tuple parameters, Counter changed) {
        return Batches.untilShort(pool, statement, parameters, settings.jobBatchSize(), changed::increment)
                .onFailure()
                .recoverWithItem(failure -> {
                    // The next run tries again (a database away for a while logs one line per run).
                    LOG.warnf("The %s failed and will run again: %s", job, failure.getMessage());
                    return null;
                });
    }
}
