package dev.conversations.admin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.util.Optional;

@ConfigMapping(prefix = "conversations.admin")
public interface AdminConfig {

    /** Bearer token of the operator API (secret, from the ADMIN_TOKEN environment variable). Unset: API off. */
    @WithName("token")
    Optional<String> token();
}
