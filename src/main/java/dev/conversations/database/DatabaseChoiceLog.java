package dev.conversations.database;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Says at start-up which PostgreSQL was chosen (docs/decisions/001). */
@Singleton
public class DatabaseChoiceLog {
    private static final Logger LOG = Logger.getLogger(DatabaseChoiceLog.class);

    private final String source;
    private final String dataDirectory;
    private final String url;

    public DatabaseChoiceLog(
            @ConfigProperty(name = DatabaseConfigSourceFactory.SOURCE, defaultValue = "configured") String source,
            @ConfigProperty(name = DatabaseConfigSourceFactory.DATA_DIR, defaultValue = "-") String dataDirectory,
            @ConfigProperty(name = "quarkus.datasource.reactive.url", defaultValue = "-") String url) {
        this.source = source;
        this.dataDirectory = dataDirectory;
        this.url = withoutCredentials(url);
    }

    void log(@Observes StartupEvent event) {
        switch (source) {
            case "embedded" ->
                LOG.infof(
                        "Database: embedded PostgreSQL at %s, data directory %s (no datasource configured)",
                        url, dataDirectory);
            case "dev-services" -> LOG.info("Database: Dev Services PostgreSQL container");
            default -> LOG.infof("Database: configured PostgreSQL at %s", url);
        }
    }

    /** Connection URLs may carry a user and password; neither belongs in a log. */
    static String withoutCredentials(String url) {
        return url.replaceAll("//[^/@]*@", "//").replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    }
}
