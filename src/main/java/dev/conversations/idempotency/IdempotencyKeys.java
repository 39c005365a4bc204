package dev.conversations.idempotency;

import dev.conversations.database.Batches;
import dev.conversations.database.SqlStatements;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The stored responses of idempotent POSTs (db/migration/V7), read and written in the request's transaction. */
@ApplicationScoped
public class IdempotencyKeys {
    private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class);
    private static final String LOCK = SqlStatements.load("lock-idempotency-key.sql");
    private static final String FIND = SqlStatements.load("find-idempotency-key.sql");
    private static final String STORE = SqlStatements.load("store-idempotency-key.sql");
    private static final String DELETE_EXPIRED = SqlStatements.load("delete-expired-idempotency-keys.sql");

    /** Longer than any request may take (body 10 s, statements 5 s each), short enough to free a lost connection. */
    private static final Duration IDLE_IN_TRANSACTION = Duration.ofSeconds(30);

    private final Pool pool;
    private final IdempotencySettings settings;

    public IdempotencyKeys(Pool pool, IdempotencySettings settings) {
        this.pool = pool;
        this.settings = settings;
    }

    /** A response stored for a key. */
    record Stored(byte[] fingerprint, int status, byte[] body) {}

    /** False when another request with the key is still running (its transaction holds the lock). */
    Uni<Boolean> lock(SqlConnection connection, String tenantId, String key) {
        Tuple parameters = Tuple.of(tenantId, key, Long.toString(IDLE_IN_TRANSACTION.toMillis()));
        return connection.preparedQuery(LOCK).execute(parameters).map(rows -> rows.iterator()
                .next()
                .getBoolean("acquired"));
    }

    Uni<Optional<Stored>> find(SqlConnection connection, String tenantId, String key) {
        return connection
                .preparedQuery(FIND)
                .execute(Tuple.of(tenantId, key, validSeconds()))
                .map(rows -> {
                    RowIterator<Row> iterator = rows.iterator();
                    if (!iterator.hasNext()) {
                        return Optional.empty();
                    }
                    Row row = iterator.next();
                    return Optional.of(new Stored(
                            row.getBuffer("fingerprint").getBytes(),
                            row.getInteger("status"),
                            row.getBuffer("body").getBytes()));
                });
    }

    /** False when a valid row of the key exists after all (the caller rolls back). */
    Uni<Boolean> store(
            SqlConnection connection, String tenantId, String key, byte[] fingerprint, int status, byte[] body) {
        Tuple parameters = Tuple.of(
                tenantId,
                key,
                io.vertx.core.buffer.Buffer.buffer(fingerprint),
                status,
                io.vertx.core.buffer.Buffer.buffer(body),
                validSeconds());
        return connection.preparedQuery(STORE).execute(parameters).map(rows -> rows.rowCount() == 1);
    }

    @Scheduled(
            identity = "delete-expired-idempotency-keys",
            every = "${conversations.idempotency.cleanup-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deleteExpired() {
        int batchSize = settings.cleanupBatchSize();
        return Batches.untilShort(pool, DELETE_EXPIRED, Tuple.of(validSeconds(), batchSize), batchSize, deleted -> {})
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf(
                            "The clean-up of expired idempotency keys failed and will run again: %s",
                            failure.getMessage());
                    return null;
                });
    }

    private double validSeconds() {
        return settings.validity().toMillis() / 1000.0;
    }
}
