package dev.conversations.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A JDBC connection of the test to the service's PostgreSQL, to hold a row lock as a concurrent writer would and
 * to see who waits for it: a concurrency test can then make requests overlap for certain instead of by chance.
 */
public final class TestDatabase implements AutoCloseable {
    /**
     * The backends waiting for a lock this connection holds, directly or behind another waiter: the first UPDATE of
     * a locked row waits for our transaction, the next ones for the first one's tuple lock.
     */
    private static final String WAITING_FOR_OUR_LOCKS = """
            WITH RECURSIVE waiting AS (
                SELECT DISTINCT pid FROM pg_locks WHERE NOT granted
            ), blocked (pid) AS (
                SELECT pid FROM waiting WHERE pg_backend_pid() = ANY (pg_blocking_pids(pid))
                UNION
                SELECT w.pid FROM waiting w JOIN blocked b ON b.pid = ANY (pg_blocking_pids(w.pid))
            )
            SELECT count(*) FROM blocked""";

    private final Connection connection;

    private TestDatabase(Connection connection) {
        this.connection = connection;
    }

    /** Connects with the datasource configuration of the running test application. */
    public static TestDatabase connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        Properties properties = new Properties();
        config.getOptionalValue("quarkus.datasource.username", String.class)
                .ifPresent(user -> properties.setProperty("user", user));
        properties.setProperty(
                "password",
                config.getOptionalValue("quarkus.datasource.password", String.class)
                        .orElse(""));
        // The driver itself rather than DriverManager, whose registry depends on the class loader that first used
        // it (Quarkus tests run in their own).
        Connection connection = new org.postgresql.Driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("Not a PostgreSQL JDBC URL: " + url);
        }
        return new TestDatabase(connection);
    }

    /** Opens a transaction that locks the conversation's row until {@link #release()}. */
    public void lockConversation(String tenantId, String conversationId) throws SQLException {
        lock("conversations", tenantId, conversationId);
    }

    /** Opens a transaction that locks the end user's row until {@link #release()}. */
    public void lockEndUser(String tenantId, String endUserId) throws SQLException {
        lock("end_users", tenantId, endUserId);
    }

    /**
     * Opens a transaction and runs {@code sql} in it (a lock a replica would take, e.g. a job's advisory lock),
     * held until {@link #release()}.
     */
    public void holdInTransaction(String sql) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
    }

    private void lock(String table, String tenantId, String id) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement lock =
                connection.prepareStatement("SELECT 1 FROM " + table + " WHERE tenant_id = ? AND id = ? FOR UPDATE")) {
            lock.setString(1, tenantId);
            lock.setString(2, id);
            try (ResultSet row = lock.executeQuery()) {
                if (!row.next()) {
                    throw new AssertionError("No row " + id + " in " + table + " to lock");
                }
            }
        }
    }

    /** How many other backends wait, directly or in a queue, for the locks this connection holds. */
    public int waitingForOurLocks() throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(WAITING_FOR_OUR_LOCKS);
                ResultSet result = count.executeQuery()) {
            result.next();
            return result.getInt(1);
        }
    }

    /** Runs one statement with text parameters, as another replica or an operator would; returns the rows changed. */
    public int update(String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    /** The first column of the first row of a query with text parameters, as text (null when no row). */
    public String queryText(String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getString(1) : null;
            }
        }
    }

    /** Ends the transaction of a lock without changing anything: the waiters go on. */
    public void release() throws SQLException {
        connection.rollback();
        connection.setAutoCommit(true);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
