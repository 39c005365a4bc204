package dev.conversations.enduser;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "conversations.end-users")
public interface EndUserSettings {

    /** An end user created by POST /api/v2/end-users/ and not taken by a conversation within this is deleted (Ada). */
    @WithDefault("24h")
    Duration attachWithin();

    /** How often each replica runs the clean-up jobs (one replica at a time does the work: EndUserJobs). */
    @WithDefault("60s")
    Duration jobInterval();

    /** Rows one run of a job changes in one statement; a run repeats until a statement changes fewer. */
    @WithDefault("500")
    int jobBatchSize();

    SensitiveMetadata sensitiveMetadata();

    interface SensitiveMetadata {
        /**
         * The AES-256 key that encrypts sensitive metadata, 32 bytes in base64. A secret: give it through the
         * environment (CONVERSATIONS_END_USERS_SENSITIVE_METADATA_KEY), never in a file of the repository.
         */
        Optional<String> key();

        /** A sensitive field is purged this long after it was set (Ada: 24 hours). */
        @WithDefault("24h")
        Duration retention();

        /** Fields one request may name, and fields an end user may hold at once. */
        @WithDefault("20")
        int maxFields();
    }
}
