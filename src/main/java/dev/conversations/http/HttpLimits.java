package dev.conversations.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** What one request may cost before it reaches our code (README, Limits). */
@ConfigMapping(prefix = "conversations.http")
public interface HttpLimits {

    /**
     * Largest JSON body of the tenant API. Metadata is at most a few KB; even fully escaped ({@code \\uXXXX} per
     * character) with every removal named it stays far below this. Also Vert.x' own limit for chunked bodies.
     */
    @WithDefault("64K")
    MemorySize maxJsonBodySize();

    /** Largest body of the operator API (a name). */
    @WithDefault("4K")
    MemorySize maxAdminBodySize();

    /** How long a client may take to send a request body; then 408 and the connection is closed. */
    @WithDefault("10s")
    Duration bodyTimeout();

    /**
     * A JSON body larger than this takes turns with the others as large (LargeBodyTurns): only PATCHes naming
     * hundreds of keys and the largest messages are; metadata at its limit is far below.
     */
    @WithDefault("16K")
    MemorySize largeBodySize();

    /** Requests with a large body read, parsed and served at once by one replica. */
    @WithDefault("2")
    int largeBodiesAtOnce();

    /** Requests with a large body that may wait for their turn; beyond, 503. */
    @WithDefault("128")
    int largeBodyQueue();

    /** How long a request with a large body waits for its turn; then 503. */
    @WithDefault("5s")
    Duration largeBodyWait();
}
