package dev.conversations.json;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "conversations.metadata")
public interface MetadataLimits {

    /** Largest metadata object, in bytes of its compact UTF-8 JSON. Ada documents 4 KB. */
    @WithDefault("4096")
    int maxBytes();

    /** Largest metadata object of an end user's profile. Ada documents 10 KB. */
    @WithDefault("10240")
    int endUserMaxBytes();

    /**
     * Keys one PATCH may name, removals (keys sent as null) included. Keys sent as null cost nothing in the stored
     * metadata, so without this a body could name hundreds of thousands of them.
     */
    @WithDefault("1000")
    int maxKeysPerPatch();
}
