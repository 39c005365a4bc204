package dev.conversations.database;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the tenant API's reads of one statement run: a pool of few connections, each carrying many statements in
 * flight (the PostgreSQL client's pipelining), so a backend finds its next statement waiting instead of sleeping
 * between two (docs/decisions/005, "Pipelining: kept for reads, not for writes"). Writes stay on the main pool: a pipelined connection runs
 * its statements one after the other, so a commit's wait for the WAL would hold up every statement behind it, and
 * a pipelined pool cannot give a connection to a transaction. A plain SELECT waits for no lock, so a read
 * pipeline is only ever behind other reads. With {@code conversations.database.read-pool-size=0} reads use the
 * main pool.
 */
@Singleton
public class ReadPool {
    private final Pool reads;
    private final boolean own;

    public ReadPool(
            Pool pool,
            BoundedPoolCreator creator,
            Vertx vertx,
            @ConfigProperty(name = "conversations.database.read-pool-size", defaultValue = "4") int size) {
        if (size < 0 || size > 64) {
            throw new IllegalArgumentException("conversations.database.read-pool-size must be between 0 and 64");
        }
        pool.getDelegate(); // the main pool exists, so its creator knows the connection settings
        this.own = size > 0;
        this.reads = own ? Pool.newInstance(creator.createPipelined(vertx.getDelegate(), size)) : pool;
    }

    /** The pool for a read of one statement. */
    public Pool pool() {
        return reads;
    }

    @PreDestroy
    void close() {
        if (own) {
            reads.closeAndAwait();
        }
    }
}
