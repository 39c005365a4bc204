package dev.conversations.database;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Decides which PostgreSQL the service uses, before Quarkus needs the datasource (docs/decisions/001):
 * <ol>
 *   <li>a datasource given by configuration: the missing one of the JDBC (Flyway) and reactive URLs is derived;
 *   <li>in dev and test, Dev Services when a container engine answers;
 *   <li>otherwise an embedded PostgreSQL, with its data kept in {@code conversations.database.embedded.data-dir}
 *       (tests: a throw-away directory).
 * </ol>
 * The choice is published as {@code conversations.database.source} and logged at start-up.
 */
public class DatabaseConfigSourceFactory implements ConfigSourceFactory {
    /** Below application.properties (250) and the environment (300): everything a user sets wins. */
    private static final int ORDINAL = 150;

    static final String SOURCE = "conversations.database.source";
    static final String DATA_DIR = "conversations.database.embedded.data-dir";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        return List.of(new PropertiesConfigSource(choose(context), "conversations-database", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static Map<String, String> choose(ConfigSourceContext context) {
        Map<String, String> properties = new HashMap<>();
        String reactiveUrl = value(context, "quarkus.datasource.reactive.url");
        String jdbcUrl = value(context, "quarkus.datasource.jdbc.url");
        if (reactiveUrl != null || jdbcUrl != null) {
            // Dev mode hands the build's choice to the application as configured values: recognise our own server.
            String embedded = EmbeddedPostgresServer.runningAddress();
            boolean ours = embedded != null && (reactiveUrl != null ? reactiveUrl : jdbcUrl).endsWith(embedded);
            properties.put(SOURCE, ours ? "embedded" : "configured");
            if (ours) {
                properties.put(DATA_DIR, EmbeddedPostgresServer.dataDirectory());
            }
            if (jdbcUrl == null) {
                properties.put(
                        "quarkus.datasource.jdbc.url", "jdbc:" + reactiveUrl.replaceFirst("^vertx-reactive:", ""));
            }
            if (reactiveUrl == null) {
                properties.put("quarkus.datasource.reactive.url", jdbcUrl.replaceFirst("^jdbc:", ""));
            }
            return properties;
        }
        List<String> profiles = context.getProfiles();
        boolean devOrTest = profiles.contains("dev") || profiles.contains("test");
        if (!"true".equals(valueOr(context, "conversations.database.embedded.enabled", "true"))
                || !EmbeddedPostgresServer.available()
                || !devOrTest && isBuild()) {
            return properties;
        }
        boolean devServices = !"false".equals(value(context, "quarkus.devservices.enabled"))
                && !"false".equals(value(context, "quarkus.datasource.devservices.enabled"));
        if (devOrTest && devServices && DockerEngine.reachable(System.getenv())) {
            properties.put(SOURCE, "dev-services");
            return properties;
        }
        Path dataDirectory = profiles.contains("test")
                ? null
                : Path.of(valueOr(context, DATA_DIR, ".data/postgres")).toAbsolutePath();
        int port = EmbeddedPostgresServer.start(dataDirectory);
        String address = EmbeddedPostgresServer.address(port);
        properties.put(SOURCE, "embedded");
        properties.put(DATA_DIR, dataDirectory == null ? "(temporary)" : dataDirectory.toString());
        properties.put("quarkus.datasource.reactive.url", "postgresql:" + address);
        properties.put("quarkus.datasource.jdbc.url", "jdbc:postgresql:" + address);
        properties.put("quarkus.datasource.username", EmbeddedPostgresServer.USER);
        properties.put("quarkus.datasource.password", "");
        if (devOrTest) {
            properties.put("quarkus.datasource.devservices.enabled", "false");
        }
        return properties;
    }

    /**
     * The Quarkus build (augmentation) reads the configuration too, through its deployment classes; a production
     * build must not start a server. (Dev and test build and run in one JVM, and the build needs the answer to
     * leave Dev Services off.)
     */
    private static boolean isBuild() {
        return StackWalker.getInstance()
                .walk(frames -> frames.anyMatch(frame -> frame.getClassName().startsWith("io.quarkus.deployment.")));
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
    }

    private static String valueOr(ConfigSourceContext context, String name, String fallback) {
        String value = value(context, name);
        return value == null ? fallback : value;
    }
}
