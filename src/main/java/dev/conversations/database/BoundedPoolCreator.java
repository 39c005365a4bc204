package dev.conversations.database;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.impl.PgPoolOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The reactive pool as Quarkus configures it, plus the bounds Quarkus has no settings for: how long a request
 * waits for a connection, how many may wait, how long a connection attempt and a statement may take. Without
 * them a slow or absent database queues requests without limit (README, Operations).
 */
@Singleton
public class BoundedPoolCreator implements PgPoolCreator {
    private final Duration acquireTimeout;
    private final int maxWaiting;
    private final Duration connectTimeout;
    private final Duration statementTimeout;
    private volatile PgConnectOptions connectOptions;
    private volatile List<PgConnectOptions> poolConnectOptions;
    private volatile PoolOptions poolOptions;

    public BoundedPoolCreator(
            @ConfigProperty(name = "conversations.database.acquire-timeout", defaultValue = "2s")
                    Duration acquireTimeout,
            @ConfigProperty(name = "conversations.database.max-waiting", defaultValue = "1000") int maxWaiting,
            @ConfigProperty(name = "conversations.database.connect-timeout", defaultValue = "2s")
                    Duration connectTimeout,
            @ConfigProperty(name = "conversations.database.statement-timeout", defaultValue = "5s")
                    Duration statementTimeout) {
        this.acquireTimeout = acquireTimeout;
        this.maxWaiting = maxWaiting;
        this.connectTimeout = connectTimeout;
        this.statementTimeout = statementTimeout;
    }

    @Override
    public Pool create(Input input) {
        PoolOptions pool = input.poolOptions()
                .setMaxWaitQueueSize(maxWaiting)
                .setConnectionTimeout((int) acquireTimeout.toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        for (PgConnectOptions connection : input.pgConnectOptionsList()) {
            connection.setConnectTimeout((int) connectTimeout.toMillis());
            // Every statement of sql/ stays prepared (SqlStatements refuses a longer one).
            connection.setPreparedStatementCacheSqlLimit(SqlStatements.CACHEABLE_LENGTH);
            // A run-time parameter of the connection's start-up message: the server ends any longer statement.
            connection.addProperty("statement_timeout", Long.toString(statementTimeout.toMillis()));
        }
        connectOptions = new PgConnectOptions(input.pgConnectOptionsList().get(0));
        poolConnectOptions =
                input.pgConnectOptionsList().stream().map(PgConnectOptions::new).toList();
        poolOptions = new PoolOptions(pool);
        return PgBuilder.pool()
                .with(pool)
                .connectingTo(List.<SqlConnectOptions>copyOf(input.pgConnectOptionsList()))
                .using(input.vertx())
                .build();
    }

    /**
     * A second pool with the same connections settings and bounds, but {@code size} connections that each carry
     * statements in flight up to the pipelining limit ({@link ReadPool}). Only after the main pool exists.
     */
    Pool createPipelined(io.vertx.core.Vertx vertx, int size) {
        PoolOptions options = new PoolOptions(poolOptions).setMaxSize(size).setName("reads");
        // Its own name in the client metrics (tag clientName), beside the main pool's.
        List<SqlConnectOptions> connections = poolConnectOptions.stream()
                .<SqlConnectOptions>map(connection -> new PgConnectOptions(connection).setMetricsName("reads"))
                .toList();
        return PgBuilder.pool()
                .with(new PgPoolOptions(options).setPipelined(true))
                .connectingTo(connections)
                .using(vertx)
                .build();
    }

    /**
     * A copy of the pool's connection options, for a connection of its own beside the pool (LISTEN); empty until
     * the pool exists.
     */
    public java.util.Optional<PgConnectOptions> connectOptions() {
        PgConnectOptions options = connectOptions;
        return options == null ? java.util.Optional.empty() : java.util.Optional.of(new PgConnectOptions(options));
    }
}
