package dev.conversations.database;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.RequestScoped;
import java.util.function.Function;

/**
 * Where the statements of the current request run: the pool, or the connection of the request's own transaction
 * when one is open (a POST with an Idempotency-Key, whose stored response must commit with its effect:
 * idempotency/IdempotencyFilter, docs/decisions/013). Repositories of the tenant API's POSTs go through it.
 */
@RequestScoped
public class RequestSql {
    private final Pool pool;
    private SqlConnection transaction;

    public RequestSql(Pool pool) {
        this.pool = pool;
    }

    /** The pool, or the request's transaction. */
    public SqlClient client() {
        return transaction != null ? transaction : pool;
    }

    /** Whether this request runs in a transaction of its own, on a connection it holds. */
    public boolean hasTransaction() {
        return transaction != null;
    }

    /** Runs {@code work} in a transaction: the request's own when it has one, otherwise a new one on the pool. */
    public <T> Uni<T> inTransaction(Function<SqlClient, Uni<T>> work) {
        return transaction != null ? work.apply(transaction) : pool.withTransaction(work::apply);
    }

    /** Makes the statements of this request run on {@code connection}, in the transaction open on it. */
    public void bind(SqlConnection connection) {
        this.transaction = connection;
    }
}
