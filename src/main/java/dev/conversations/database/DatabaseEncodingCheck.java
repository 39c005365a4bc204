package dev.conversations.database;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Refuses to start on a database whose encoding is not UTF-8: metadata limits count UTF-8 bytes in SQL, and
 * another encoding would count differently or refuse characters that the API accepts.
 */
@Singleton
public class DatabaseEncodingCheck {

    void check(@Observes @Priority(0) StartupEvent event, Pool pool) {
        verify(pool).await().atMost(Duration.ofSeconds(30));
    }

    public static Uni<Void> verify(Pool pool) {
        return pool.query("SHOW server_encoding").execute().map(rows -> {
            String encoding = rows.iterator().next().getString(0);
            if (!"UTF8".equalsIgnoreCase(encoding)) {
                throw new IllegalStateException("The database's encoding is " + encoding
                        + "; conversations-api needs a UTF8 database (CREATE DATABASE ... ENCODING 'UTF8')");
            }
            return null;
        });
    }
}
