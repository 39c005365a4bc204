package dev.conversations.attachment;

import dev.conversations.database.SqlStatements;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Deletes content stored in PostgreSQL for uploads whose row never came (sql/delete-orphan-attachment-chunks.sql),
 * hourly on every replica, done by one at a time. Objects in S3 are not swept: a bucket lifecycle rule or the
 * object store's own tools do that (README, Operations).
 */
@ApplicationScoped
public class AttachmentSweep {
    private static final Logger LOG = Logger.getLogger(AttachmentSweep.class);
    private static final String DELETE_ORPHANS = SqlStatements.load("delete-orphan-attachment-chunks.sql");

    private final Pool pool;
    private final Counter deleted;

    public AttachmentSweep(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.deleted = Counter.builder("conversations.attachments.orphan_pieces.deleted")
                .description("Pieces of attachment content deleted because their upload was never recorded")
                .register(registry);
    }

    @Scheduled(
            identity = "delete-orphan-attachment-chunks",
            every = "1h",
            delayed = "5m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return pool.query(DELETE_ORPHANS)
                .execute()
                .invoke(rows -> deleted.increment(rows.rowCount()))
                .replaceWithVoid()
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf(
                            "The sweep of orphan attachment content failed and will run again: %s",
                            failure.getMessage());
                    return null;
                });
    }
}
