package dev.conversations.admin;

import dev.conversations.security.SecretDigest;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** The operator API's token. Only its hash is kept, and presented tokens are compared in constant time. */
@ApplicationScoped
public class AdminToken {
    private static final Logger LOG = Logger.getLogger(AdminToken.class);

    private final byte[] hash;

    public AdminToken(AdminConfig config) {
        this.hash = config.token().map(SecretDigest::sha256).orElse(null);
    }

    void logState(@Observes StartupEvent event) {
        if (enabled()) {
            LOG.info("Admin API enabled at /admin");
        } else {
            LOG.info("Admin API disabled: ADMIN_TOKEN is not set");
        }
    }

    public boolean enabled() {
        return hash != null;
    }

    public boolean matches(String presented) {
        // Comparing hashes takes the same time whatever the length of the presented token.
        return hash != null && SecretDigest.matches(hash, SecretDigest.sha256(presented));
    }
}
