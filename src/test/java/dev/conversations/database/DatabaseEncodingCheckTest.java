package dev.conversations.database;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conversations.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The size limits count UTF-8 bytes in SQL: a database in another encoding is refused at start. */
@QuarkusTest
class DatabaseEncodingCheckTest {
    @Inject
    Vertx vertx;

    @Inject
    Pool pool;

    @Test
    void theServicesOwnDatabaseIsUtf8() {
        DatabaseEncodingCheck.verify(pool).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void aDatabaseInAnotherEncodingIsRefused() throws Exception {
        try (TestDatabase database = TestDatabase.connect()) {
            database.update("DROP DATABASE IF EXISTS encoding_check");
            database.update("CREATE DATABASE encoding_check ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'"
                    + " TEMPLATE template0");
        }
        Config config = ConfigProvider.getConfig();
        URI server = URI.create(
                config.getValue("quarkus.datasource.jdbc.url", String.class).substring("jdbc:".length()));
        PgConnectOptions options = new PgConnectOptions()
                .setHost(server.getHost())
                .setPort(server.getPort())
                .setDatabase("encoding_check")
                .setUser(config.getOptionalValue("quarkus.datasource.username", String.class)
                        .orElse("postgres"))
                .setPassword(config.getOptionalValue("quarkus.datasource.password", String.class)
                        .orElse(""));
        Pool otherDatabase = Pool.newInstance(PgBuilder.pool()
                .connectingTo(options)
                .using(vertx.getDelegate())
                .build());
        try {
            IllegalStateException refused = assertThrows(
                    IllegalStateException.class,
                    () -> DatabaseEncodingCheck.verify(otherDatabase).await().atMost(Duration.ofSeconds(10)));
            assertTrue(refused.getMessage().contains("SQL_ASCII"), refused.getMessage());
        } finally {
            otherDatabase.closeAndAwait();
        }
    }
}
