package dev.conversations.database;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which failures are the database's (503, retry) and which are ours (500). */
class DatabaseFailuresTest {

    @ParameterizedTest
    @ValueSource(strings = {"08006", "08001", "53300", "57014", "57P01", "57P03", "40001", "40P01"})
    void serverStatesOfAnUnavailableDatabaseAreTransient(String sqlState) {
        assertTrue(DatabaseFailures.isTransientState(sqlState));
    }

    @ParameterizedTest
    @ValueSource(strings = {"23505", "23514", "42601", "42883", "22P02", "XX000", "40002"})
    void statementErrorsAreOurs(String sqlState) {
        assertFalse(DatabaseFailures.isTransientState(sqlState));
    }

    @Test
    void connectionAndPoolFailuresAreFoundBehindWrappers() {
        assertTrue(DatabaseFailures.isUnavailable(new CompletionException(new ConnectException("refused"))));
        assertTrue(DatabaseFailures.isUnavailable(new RuntimeException(ClosedConnectionException.INSTANCE)));
        assertTrue(DatabaseFailures.isUnavailable(new ConnectionPoolTooBusyException("queue full")));
        assertTrue(DatabaseFailures.isUnavailable(new CompletionException(new UnknownHostException("postgres"))));
        assertTrue(DatabaseFailures.isUnavailable(new NoStackTraceTimeoutException("Timeout")));
        assertTrue(DatabaseFailures.isUnavailable(new VertxException("Timeout waiting for connection", true)));
        assertTrue(DatabaseFailures.isUnavailable(new NoStackTraceThrowable("Timeout")));
        assertFalse(DatabaseFailures.isUnavailable(new VertxException("Something else", true)));
        assertFalse(DatabaseFailures.isUnavailable(new IllegalStateException("a bug of ours")));
        assertFalse(DatabaseFailures.isUnavailable(new CompletionException(new NullPointerException())));
    }
}
