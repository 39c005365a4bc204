package dev.conversations.json;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "conversations.metadata")
public interface MetadataLimits {

    /** Largest metadata object, in bytes of its compact UTF-8 JSON. Ada documents 4 KB. */
    @WithDefault("4096")
    int maxBytes();
}
