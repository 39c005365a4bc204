package dev.conversations.database;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Statements that lock the same row take turns in this replica: at most {@code statements-per-row} of them are in flight
 * per row, the others wait here in arrival order (docs/decisions/005, "The hot row"). PostgreSQL would queue them on
 * the row lock anyway, each holding a connection and a backend that wakes up to find the lock still taken; waiting
 * here costs neither, so the connections stay free for every other row. The order of the statements is the order
 * in which they arrive, as on the lock, so each response still shows the state after its own statement.
 *
 * <p>Bounds: one entry per row with a statement in flight; at most {@code row-queue} statements wait per row,
 * the next ones go straight to PostgreSQL (and its lock queue) as they would without this class. A statement waits
 * here at most {@code row-turn-timeout} (default 5 s, the statement timeout: the longest it could have waited at the
 * row lock instead), then fails as a request that got no connection does (503); a request that is cancelled while it
 * waits is dropped from the queue.
 */
@Singleton
public class RowTurns {
    private final ConcurrentHashMap<String, Row> rows = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final int perRow;
    private final int maxWaiting;
    private final long maxWaitMillis;

    @Inject
    public RowTurns(
            @ConfigProperty(name = "conversations.database.statements-per-row", defaultValue = "2") int perRow,
            @ConfigProperty(name = "conversations.database.row-queue", defaultValue = "256") int maxWaiting,
            @ConfigProperty(name = "conversations.database.row-turn-timeout", defaultValue = "5s") Duration maxWait,
            MeterRegistry registry) {
        if (perRow < 0 || perRow > 64) {
            throw new IllegalArgumentException("conversations.database.statements-per-row must be between 0 and 64");
        }
        if (maxWaiting < 0 || maxWaiting > 100_000) {
            throw new IllegalArgumentException("conversations.database.row-queue must be between 0 and 100000");
        }
        this.perRow = perRow;
        this.maxWaiting = maxWaiting;
        this.maxWaitMillis = Math.max(1, maxWait.toMillis());
        Gauge.builder("conversations.database.row_queue", waiting, AtomicInteger::get)
                .description("Statements waiting in this replica for their turn on a row another one is changing")
                .register(registry);
    }

    /**
     * Runs {@code statement} when it is its turn on the row {@code key}; with {@code statements-per-row=0} at once.
     */
    public <T> Uni<T> inTurn(String key, Supplier<Uni<T>> statement) {
        if (perRow == 0) {
            return statement.get();
        }
        return Uni.createFrom().emitter(emitter -> {
            AtomicBoolean passed = new AtomicBoolean();
            Runnable passOn = () -> {
                if (passed.compareAndSet(false, true)) {
                    done(key);
                }
            };
            Turn turn = new Turn(Vertx.currentContext(), () -> {
                try {
                    statement
                            .get()
                            .subscribe()
                            .with(
                                    item -> {
                                        passOn.run();
                                        emitter.complete(item);
                                    },
                                    failure -> {
                                        passOn.run();
                                        emitter.fail(failure);
                                    });
                } catch (Throwable failure) { // the turn passes on whatever happened, exactly once
                    passOn.run();
                    emitter.fail(failure);
                }
            });
            emitter.onTermination(turn::abandon);
            if (take(key, turn)) {
                turn.start.run();
            } else if (turn.context != null) {
                // As long as a request waits for a pool connection, then 503 (DatabaseFailures), as the pool does.
                turn.timer = turn.context.owner().setTimer(maxWaitMillis, ignored -> {
                    if (turn.giveUp()) {
                        emitter.fail(new TimeoutException("Timeout waiting for the row's turn"));
                    }
                });
            }
        });
    }

    /** True when the statement may start now; otherwise it waits (or, past the bound, was started untracked). */
    private boolean take(String key, Turn turn) {
        boolean[] now = {false};
        rows.compute(key, (ignored, row) -> {
            Row current = row == null ? new Row() : row;
            if (current.inFlight < perRow || current.waiting.size() >= maxWaiting) {
                current.inFlight++;
                now[0] = true;
            } else {
                current.waiting.add(turn);
                waiting.incrementAndGet();
            }
            return current;
        });
        return now[0];
    }

    /** A statement ended: the next one waiting that is still wanted starts, on its own request's context. */
    private void done(String key) {
        Turn[] next = {null};
        rows.computeIfPresent(key, (ignored, row) -> {
            Turn queued;
            while ((queued = row.waiting.poll()) != null) {
                waiting.decrementAndGet();
                if (queued.begin()) {
                    next[0] = queued;
                    return row; // the ended statement's place goes to this one
                }
            }
            row.inFlight--;
            return row.inFlight == 0 ? null : row;
        });
        if (next[0] != null) {
            next[0].startOnItsContext();
        }
    }

    /** How many rows have statements in flight or waiting. */
    int rowsInTurn() {
        return rows.size();
    }

    private static final class Row {
        int inFlight;
        final ArrayDeque<Turn> waiting = new ArrayDeque<>();
    }

    private static final class Turn {
        final Context context;
        final Runnable start;
        long timer = -1;
        private final AtomicBoolean decided = new AtomicBoolean();

        Turn(Context context, Runnable start) {
            this.context = context;
            this.start = start;
        }

        /** The request went away: if it still waits, it never starts. */
        void abandon() {
            decided.compareAndSet(false, true);
        }

        /** Its wait is over: true when it was still waiting (it fails now and never starts). */
        boolean giveUp() {
            return decided.compareAndSet(false, true);
        }

        /** Its turn came: true when it still waits, so it starts (and can no longer give up). */
        boolean begin() {
            return decided.compareAndSet(false, true);
        }

        void startOnItsContext() {
            if (context == null) {
                start.run();
                return;
            }
            context.runOnContext(ignored -> {
                if (timer >= 0) {
                    context.owner().cancelTimer(timer);
                }
                start.run();
            });
        }
    }
}
