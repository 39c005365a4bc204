package dev.conversations.idempotency;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The open transaction of the current POST with an Idempotency-Key: its effect and its stored response commit in it
 * together; it ends exactly once (committed by IdempotencyFilter's response filter, or rolled back when the response
 * fails or the client goes away first).
 */
@RequestScoped
public class IdempotentRequest {
    private SqlConnection connection;
    private Transaction transaction;
    private String tenantId;
    private String key;
    private byte[] fingerprint;
    private final AtomicBoolean ended = new AtomicBoolean();

    /**
     * Holds the transaction until commit or rollback. If the response ends first (the client went away, the request
     * was cancelled), the end handler rolls it back: it runs outside the request context, so it captures this
     * instance, never the request-scoped proxy.
     */
    void start(
            SqlConnection connection,
            Transaction transaction,
            String tenantId,
            String key,
            byte[] fingerprint,
            RoutingContext routing) {
        this.connection = connection;
        this.transaction = transaction;
        this.tenantId = tenantId;
        this.key = key;
        this.fingerprint = fingerprint;
        IdempotentRequest self = this;
        routing.addEndHandler(ended -> self.abandon());
    }

    /** Rolls back a transaction still open when the request context ends (a cancelled request). */
    @PreDestroy
    void abandon() {
        try {
            end(false).subscribe().with(done -> {}, failure -> {});
        } catch (RuntimeException e) {
            // Never let a clean-up break the other end handlers of the response.
        }
    }

    /** Whether a transaction is open that this request still has to end. */
    boolean open() {
        return connection != null && !ended.get();
    }

    SqlConnection connection() {
        return connection;
    }

    String tenantId() {
        return tenantId;
    }

    String key() {
        return key;
    }

    byte[] fingerprint() {
        return fingerprint;
    }

    Uni<Void> commit() {
        return end(true);
    }

    Uni<Void> rollback() {
        return end(false);
    }

    /** Ends the transaction (once) and gives the connection back to the pool, whatever happens. */
    private Uni<Void> end(boolean commit) {
        if (connection == null || !ended.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        SqlConnection held = connection;
        Uni<Void> ending = commit ? transaction.commit() : transaction.rollback();
        return ending.onTermination().call(held::close);
    }
}
