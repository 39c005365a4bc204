package dev.conversations.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "conversations.auth")
public interface AuthenticationFailureConfig {

    /**
     * Failed authentications one client address (an IPv6 /64) may have in a minute, counted per replica; then its
     * requests are answered 429 until the minute is over.
     */
    @WithDefault("30")
    int failuresPerMinute();
}
