package dev.conversations.http;

import dev.conversations.error.ErrorType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.ArrayDeque;

/**
 * Large JSON bodies take turns in this replica (docs/decisions/007, "Large bodies take turns"): at most
 * {@code large-bodies-at-once} requests whose body is larger than {@code large-body-size} are parsed and served at
 * once; the others wait here in arrival order, their bodies read (RequestBodyLimits, within its budget for bodies
 * held), so a client that sends slowly holds no turn. Without turns every client sending such a body keeps a thread
 * busy parsing, and the event loops serving everyone else get an ever smaller share of the cores.
 *
 * <p>Bounds: at most {@code large-body-queue} requests wait, each at most {@code large-body-wait}; beyond either,
 * 503 with {@code Retry-After}. A request whose client goes away while it waits leaves the queue.
 */
@Singleton
public class LargeBodyTurns {
    static final String BUSY = "{\"errors\":[{\"type\":\"" + ErrorType.SERVICE_UNAVAILABLE
            + "\",\"message\":\"Too many large request bodies are being served at the moment\",\"details\":null}]}";

    private final Vertx vertx;
    private final long largeBodyBytes;
    private final int atOnce;
    private final int maxWaiting;
    private final long maxWaitMillis;
    private final ArrayDeque<Turn> waiting = new ArrayDeque<>();
    private int served;

    public LargeBodyTurns(Vertx vertx, HttpLimits limits, MeterRegistry registry) {
        this.vertx = vertx;
        this.largeBodyBytes = limits.largeBodySize().asLongValue();
        this.atOnce = limits.largeBodiesAtOnce();
        this.maxWaiting = limits.largeBodyQueue();
        this.maxWaitMillis = Math.max(1, limits.largeBodyWait().toMillis());
        if (atOnce < 1 || atOnce > 1024) {
            throw new IllegalArgumentException("conversations.http.large-bodies-at-once must be between 1 and 1024");
        }
        if (maxWaiting < 0 || maxWaiting > 100_000) {
            throw new IllegalArgumentException("conversations.http.large-body-queue must be between 0 and 100000");
        }
        Gauge.builder("conversations.http.large_bodies_waiting", this, LargeBodyTurns::waitingNow)
                .description(
                        "Requests with a large body, read, waiting in this replica for their turn to be parsed and served")
                .register(registry);
    }

    public boolean isLarge(long bodyBytes) {
        return bodyBytes > largeBodyBytes;
    }

    /** Runs {@code receive} on the request's context when its turn comes; answers 503 if none comes in time. */
    public void inTurn(RoutingContext context, Runnable receive) {
        Turn turn = new Turn(context, receive, vertx.getOrCreateContext());
        boolean now = false;
        boolean full = false;
        synchronized (this) {
            if (served < atOnce) {
                served++;
                turn.state = State.SERVED;
                now = true;
            } else if (waiting.size() >= maxWaiting) {
                turn.state = State.REFUSED;
                full = true;
            } else {
                waiting.addLast(turn);
                turn.timer = vertx.setTimer(maxWaitMillis, fired -> timedOut(turn));
            }
        }
        if (full) {
            refuse(context);
            return;
        }
        context.addEndHandler(ended -> finished(turn));
        if (now) {
            receive.run();
        }
    }

    private void timedOut(Turn turn) {
        synchronized (this) {
            if (turn.state != State.WAITING) {
                return;
            }
            waiting.remove(turn);
            turn.state = State.REFUSED;
        }
        refuse(turn.request);
    }

    /** The response ended or the connection closed: a served turn passes to the next one waiting. */
    private void finished(Turn turn) {
        Turn next;
        synchronized (this) {
            switch (turn.state) {
                case WAITING -> {
                    waiting.remove(turn);
                    turn.state = State.REFUSED;
                    vertx.cancelTimer(turn.timer);
                    return;
                }
                case SERVED -> {
                    turn.state = State.DONE;
                    next = waiting.pollFirst();
                    if (next == null) {
                        served--;
                        return;
                    }
                    next.state = State.SERVED;
                    vertx.cancelTimer(next.timer);
                }
                default -> {
                    return;
                }
            }
        }
        next.context.runOnContext(ignored -> {
            // A client gone since leaves nothing to serve; its end handler has passed the turn on.
            if (!next.request.response().closed() && !next.request.response().ended()) {
                next.receive.run();
            }
        });
    }

    private synchronized int waitingNow() {
        return waiting.size();
    }

    private static void refuse(RoutingContext context) {
        if (!context.response().ended() && !context.response().closed()) {
            context.response()
                    .setStatusCode(503)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.RETRY_AFTER, "1")
                    .end(BUSY);
        }
    }

    private enum State {
        WAITING,
        SERVED,
        DONE,
        REFUSED
    }

    private static final class Turn {
        final RoutingContext request;
        final Runnable receive;
        final Context context;
        State state = State.WAITING;
        long timer;

        Turn(RoutingContext request, Runnable receive, Context context) {
            this.request = request;
            this.receive = receive;
            this.context = context;
        }
    }
}
