package dev.conversations.observability;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Says at start-up whether the network runs on Netty's native (epoll) transport or fell back to NIO. */
@Singleton
public class NetworkTransportLog {
    private static final Logger LOG = Logger.getLogger(NetworkTransportLog.class);

    void log(@Observes StartupEvent event, Vertx vertx) {
        if (vertx.isNativeTransportEnabled()) {
            LOG.info("Network transport: native (epoll)");
            return;
        }
        Throwable cause = vertx.unavailableNativeTransportCause();
        LOG.infof("Network transport: NIO (%s)", cause == null ? "native transport not requested" : cause.toString());
    }
}
