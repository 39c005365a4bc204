package dev.conversations.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The two sets of metadata rules: conversations and channels (the default), end users. */
@Singleton
public class MetadataRulesProducer {

    @Produces
    @Singleton
    MetadataRules conversationMetadata(ObjectMapper mapper, MetadataLimits limits) {
        return new MetadataRules(mapper, limits.maxBytes(), limits.maxKeysPerPatch(), true);
    }

    @Produces
    @Singleton
    @EndUserMetadata
    MetadataRules endUserMetadata(ObjectMapper mapper, MetadataLimits limits) {
        return new MetadataRules(mapper, limits.endUserMaxBytes(), limits.maxKeysPerPatch(), false);
    }
}
