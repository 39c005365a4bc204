package dev.conversations.database;

import io.quarkus.runtime.Application;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The embedded PostgreSQL of the fallback (docs/decisions/001), one per JVM. Its port is kept in a system
 * property so that a dev-mode restart, which builds the configuration again in a new class loader, reuses the
 * running server instead of starting a second one on the same data directory.
 */
final class EmbeddedPostgresServer {
    private static final String PORT_PROPERTY = "conversations.embedded-postgres.port";
    private static final String DATA_DIR_PROPERTY = "conversations.embedded-postgres.data-dir";
    /** Longer than any sensible SHUTDOWN_DELAY + SHUTDOWN_TIMEOUT: a stuck shutdown must not keep the JVM alive. */
    private static final long MAX_WAIT_FOR_APPLICATION_MILLIS = 120_000;

    static final String USER = "postgres";
    static final String DATABASE = "postgres";

    private EmbeddedPostgresServer() {}

    /** False in builds without the {@code embedded-postgres} profile (container and native images). */
    static boolean available() {
        return launcher().isPresent();
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
        EmbeddedPostgresLauncher launcher =
                launcher().orElseThrow(() -> new IllegalStateException("This build has no embedded PostgreSQL"));
        try {
            boolean temporary = dataDirectory == null;
            Path directory = temporary ? Files.createTempDirectory("conversations-pg-") : dataDirectory;
            Files.createDirectories(directory);
            EmbeddedPostgresLauncher.Server server = launcher.start(directory, temporary);
            int port = server.port();
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(() -> stopAfterApplication(server), "embedded-postgres-stop"));
            System.setProperty(PORT_PROPERTY, Integer.toString(port));
            System.setProperty(DATA_DIR_PROPERTY, temporary ? "(temporary)" : directory.toString());
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    /**
     * JVM shutdown hooks run concurrently: Quarkus' own one drains the HTTP server (SHUTDOWN_DELAY, then in-flight
     * requests), and requests in that time still need the database. So the server stops once the application has.
     */
    private static void stopAfterApplication(EmbeddedPostgresLauncher.Server server) {
        Application application = Application.currentApplication();
        // Not isStarted(): once Quarkus' hook has begun stopping, the application is no longer "started" but still
        // drains requests. awaitShutdown returns when it is stopped (also after a failed start).
        if (application != null) {
            Thread waiter = new Thread(application::awaitShutdown, "embedded-postgres-await-application");
            waiter.setDaemon(true);
            waiter.start();
            try {
                waiter.join(MAX_WAIT_FOR_APPLICATION_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        server.stop();
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

    private static Optional<EmbeddedPostgresLauncher> launcher() {
        return ServiceLoader.load(EmbeddedPostgresLauncher.class, EmbeddedPostgresLauncher.class.getClassLoader())
                .findFirst();
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
