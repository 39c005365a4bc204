package dev.conversations.database;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.function.IntConsumer;

/** The background jobs' batches: a statement that changes at most a batch of rows, repeated until a batch is short. */
public final class Batches {

    private Batches() {}

    /** Runs {@code statement} until it changes fewer than {@code batchSize} rows; each batch's count goes to {@code changed}. */
    public static Uni<Void> untilShort(
            Pool pool, String statement, Tuple parameters, int batchSize, IntConsumer changed) {
        return pool.preparedQuery(statement).execute(parameters).flatMap(rows -> {
            changed.accept(rows.rowCount());
            return rows.rowCount() < batchSize
                    ? Uni.createFrom().voidItem()
                    : untilShort(pool, statement, parameters, batchSize, changed);
        });
    }
}
