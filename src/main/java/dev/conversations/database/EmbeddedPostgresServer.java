package dev.conversations.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The embedded PostgreSQL of the fallback (docs/decisions/001), one per JVM. Its port is kept in a system
 * property so that a dev-mode restart, which builds the configuration again in a new class loader, reuses the
 * running server instead of starting a second one on the same data directory.
 */
final class EmbeddedPostgresServer {
    private static final String PORT_PROPERTY = "conversations.embedded-postgres.port";
    private static final String DATA_DIR_PROPERTY = "conversations.embedded-postgres.data-dir";
    static final String USER = "postgres";
    static final String DATABASE = "postgres";

    private EmbeddedPostgresServer() {}

    static boolean available() {
        try {
            Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * The port of the running server, started on first use. With {@code dataDirectory} null the data lives in a
     * temporary directory removed when the JVM exits.
     */
    static synchronized int start(Path dataDirectory) {
        String running = System.getProperty(PORT_PROPERTY);
        if (running != null && answers(Integer.parseInt(running))) {
            return Integer.parseInt(running);
        }
        try {
            boolean temporary = dataDirectory == null;
            Path directory = temporary ? Files.createTempDirectory("conversations-pg-") : dataDirectory;
            Files.createDirectories(directory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(temporary)
                    .setServerConfig("max_connections", "200")
                    .start();
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(() -> stop(postgres, temporary ? directory : null), "embedded-pg"));
            System.setProperty(PORT_PROPERTY, Integer.toString(postgres.getPort()));
            System.setProperty(DATA_DIR_PROPERTY, temporary ? "(temporary)" : directory.toString());
            return postgres.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    /** {@code //127.0.0.1:port/database} of the server this JVM started, or null. */
    static String runningAddress() {
        String port = System.getProperty(PORT_PROPERTY);
        return port == null ? null : address(Integer.parseInt(port));
    }

    static String address(int port) {
        return "//127.0.0.1:" + port + "/" + DATABASE;
    }

    static String dataDirectory() {
        return System.getProperty(DATA_DIR_PROPERTY, "(temporary)");
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

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
