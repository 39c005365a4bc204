package dev.conversations.database;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Keeps a known Vert.x bug out of the error log. When the database refuses connections, the pool fails the
 * request at once (our 503) but does not cancel its acquire-timeout timer, which fires later and fails the same
 * promise again: "IllegalStateException: Result is already complete" reaches Vert.x' uncaught-exception handler,
 * one ERROR per request of an outage (eclipse-vertx/vertx-sql-client#1706, open in 4.5.34). That exception alone is
 * dropped here; everything else goes to the handler Quarkus installed.
 */
@Singleton
public class PoolTimerRace {

    void install(@Observes @Priority(1) StartupEvent event, Vertx vertx) {
        Handler<Throwable> quarkusHandler = vertx.exceptionHandler();
        vertx.exceptionHandler(failure -> {
            if (isPoolTimerRace(failure)) {
                return;
            }
            if (quarkusHandler != null) {
                quarkusHandler.handle(failure);
            }
        });
    }

    static boolean isPoolTimerRace(Throwable failure) {
        if (!(failure instanceof IllegalStateException) || !"Result is already complete".equals(failure.getMessage())) {
            return false;
        }
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getClassName().startsWith("io.vertx.sqlclient.impl.pool.SqlConnectionPool")) {
                return true;
            }
        }
        return false;
    }
}
