package dev.conversations.database;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The per-row queue of statements: how many run at once, in which order, and what it never holds back. */
class RowTurnsTest {
    private final List<String> started = new ArrayList<>();
    private final List<CompletableFuture<String>> running = new ArrayList<>();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private RowTurns turns(int perRow, int maxWaiting) {
        return new RowTurns(perRow, maxWaiting, Duration.ofSeconds(2), registry);
    }

    private double waitingGauge() {
        return registry.get("conversations.database.row_queue").gauge().value();
    }

    private Uni<String> statement(String name) {
        return Uni.createFrom().deferred(() -> {
            started.add(name);
            CompletableFuture<String> result = new CompletableFuture<>();
            running.add(result);
            return Uni.createFrom().completionStage(result);
        });
    }

    private final List<String> answers = new ArrayList<>();

    private Cancellable submit(RowTurns turns, String row, String name) {
        return turns.inTurn(row, () -> statement(name)).subscribe().with(answers::add);
    }

    @Test
    void statementsOnOneRowRunOneAtATimeInArrivalOrder() {
        RowTurns turns = turns(1, 256);
        submit(turns, "a", "first");
        submit(turns, "a", "second");
        submit(turns, "a", "third");

        assertEquals(List.of("first"), started);
        assertEquals(2, waitingGauge());
        running.get(0).complete("1");
        assertEquals(List.of("first", "second"), started);
        running.get(1).complete("2");
        running.get(2).complete("3");
        assertEquals(List.of("first", "second", "third"), started);
        assertEquals(List.of("1", "2", "3"), answers);
        assertEquals(0, turns.rowsInTurn(), "a row without statements is forgotten");
        assertEquals(0, waitingGauge());
    }

    @Test
    void otherRowsDoNotWait() {
        RowTurns turns = turns(1, 256);
        submit(turns, "a", "a1");
        submit(turns, "a", "a2");
        submit(turns, "b", "b1");

        assertEquals(List.of("a1", "b1"), started);
    }

    @Test
    void aFailedStatementPassesTheTurnOn() {
        RowTurns turns = turns(1, 256);
        List<Throwable> failures = new ArrayList<>();
        turns.inTurn("a", () -> statement("first")).subscribe().with(answers::add, failures::add);
        submit(turns, "a", "second");

        running.get(0).completeExceptionally(new IllegalStateException("connection closed"));

        assertEquals(1, failures.size());
        assertEquals(List.of("first", "second"), started);
    }

    @Test
    void aRequestCancelledWhileWaitingNeverRuns() {
        RowTurns turns = turns(1, 256);
        submit(turns, "a", "first");
        Cancellable gone = submit(turns, "a", "cancelled");
        submit(turns, "a", "third");

        gone.cancel();
        running.get(0).complete("1");

        assertEquals(List.of("first", "third"), started);
    }

    @Test
    void moreStatementsPerRowRunTogether() {
        RowTurns turns = turns(2, 256);
        submit(turns, "a", "first");
        submit(turns, "a", "second");
        submit(turns, "a", "third");

        assertEquals(List.of("first", "second"), started);
    }

    @Test
    void pastTheQueueBoundStatementsGoStraightToTheDatabase() {
        RowTurns turns = turns(1, 1);
        submit(turns, "a", "first");
        submit(turns, "a", "queued");
        submit(turns, "a", "over the bound");

        assertEquals(List.of("first", "over the bound"), started);
        running.get(0).complete("1");
        assertEquals(List.of("first", "over the bound", "queued"), started);
    }

    @Test
    void zeroStatementsPerRowTurnsTheQueueOff() {
        RowTurns turns = turns(0, 256);
        submit(turns, "a", "first");
        submit(turns, "a", "second");

        assertEquals(List.of("first", "second"), started);
    }
}
