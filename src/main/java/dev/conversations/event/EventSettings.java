package dev.conversations.event;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "conversations.events")
public interface EventSettings {

    /**
     * Events are kept this long (webhook replay and the live stream's resume reach this far back), then pruned once
     * no delivery to an enabled webhook is pending.
     */
    @WithDefault("7d")
    Duration retention();

    /** How often each replica runs the pruning (one replica at a time does the work). */
    @WithDefault("60s")
    Duration pruneInterval();

    /** Events one pruning statement deletes; a run repeats until a statement deletes fewer. */
    @WithDefault("1000")
    int pruneBatchSize();

    /** A live stream sends a comment this often while idle, so that gateways keep the connection open. */
    @WithDefault("15s")
    Duration heartbeatInterval();

    /** Live streams open at once on one replica, and per tenant on one replica. */
    @WithDefault("1000")
    int maxStreams();

    @WithDefault("100")
    int maxStreamsPerTenant();

    /**
     * Events a live stream holds for a client that reads slower than they come; past this the stream ends and the
     * client resumes with Last-Event-ID.
     */
    @WithDefault("1000")
    int streamBuffer();
}
