package dev.conversations.tenant;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "conversations.api-keys")
public interface ApiKeyConfig {

    /**
     * How long a replica may trust what it read about a key. Revocation takes effect on every replica within this
     * time, so it may not exceed 5 seconds.
     */
    @WithDefault("2s")
    Duration cacheTtl();
}
