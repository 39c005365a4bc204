package dev.conversations.database;

import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.unix.Errors;
import io.netty.resolver.dns.DnsNameResolverException;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/**
 * Tells a database that cannot serve right now (down, restarting, out of connections, a statement cancelled by
 * {@code statement_timeout}) from a fault of ours (a wrong statement, a violated constraint): the first is a 503
 * the client may retry, the second a 500.
 */
public final class DatabaseFailures {
    /** Hibernate Reactive and Mutiny wrap the driver's failure; a few levels are enough. */
    private static final int MAX_CAUSES = 8;

    private DatabaseFailures() {}

    public static boolean isUnavailable(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (cause instanceof PgException pg) {
                return isTransientState(pg.getSqlState());
            }
            if (cause instanceof ConnectException
                    || cause instanceof ConnectTimeoutException
                    || cause instanceof SocketException
                    // The database's host name does not resolve (a container being replaced, DNS away).
                    || cause instanceof UnknownHostException
                    || cause instanceof DnsNameResolverException
                    // A connection reset by the server (epoll transport), e.g. when it is killed mid-statement.
                    || cause instanceof Errors.NativeIoException
                    || cause instanceof ClosedChannelException
                    || cause instanceof ClosedConnectionException
                    || cause instanceof ConnectionPoolTooBusyException
                    || cause instanceof TimeoutException
                    || isAcquireTimeout(cause)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The pool's acquire timeout has no type of its own: a VertxException "Timeout waiting for connection" (pool
     * queries) or a NoStackTraceThrowable "Timeout" (getConnection, as Hibernate Reactive uses it).
     */
    private static boolean isAcquireTimeout(Throwable cause) {
        return (cause instanceof VertxException || cause instanceof NoStackTraceThrowable)
                && ("Timeout waiting for connection".equals(cause.getMessage())
                        || "Timeout".equals(cause.getMessage()));
    }

    /**
     * SQLSTATE classes of a server that cannot serve now: 08 connection exception, 53 insufficient resources
     * (too many connections, out of memory or disk), 57 operator intervention (57014 query cancelled, which is
     * how statement_timeout ends a statement; 57P01-57P03 shutdown and start-up), and 40001/40P01 (serialization
     * failure, deadlock), which a retry resolves.
     */
    static boolean isTransientState(String sqlState) {
        if (sqlState == null || sqlState.length() < 2) {
            return false;
        }
        return switch (sqlState.substring(0, 2)) {
            case "08", "53", "57" -> true;
            case "40" -> sqlState.equals("40001") || sqlState.equals("40P01");
            default -> false;
        };
    }
}
