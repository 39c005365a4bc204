package dev.conversations.event;

import dev.conversations.database.BoundedPoolCreator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * The database's notifications of new events (the trigger events_fan_out, db/migration/V6), received on one
 * connection of its own per replica (LISTEN), whichever replica wrote the event. A notification is only a wake-up:
 * listeners read the tables, so one lost while the connection was down costs a delay, never an event; every
 * (re)subscription wakes every listener for that reason.
 */
@ApplicationScoped
public class EventNotifications {
    static final String DELIVERIES_CHANNEL = "webhook_deliveries";
    static final String CONVERSATIONS_CHANNEL = "conversation_events";
    private static final Logger LOG = Logger.getLogger(EventNotifications.class);
    private static final long MAX_RECONNECT_DELAY_MS = 5_000;

    private final List<Runnable> deliveryListeners = new CopyOnWriteArrayList<>();
    private final List<ConversationListener> conversationListeners = new CopyOnWriteArrayList<>();
    private volatile PgSubscriber subscriber;

    /** Called with the tenant and conversation of each new event, and with nulls for "anything may have changed". */
    public interface ConversationListener {
        void eventsMayHaveCommitted(String tenantId, String conversationId);
    }

    public void onWebhookDeliveries(Runnable listener) {
        deliveryListeners.add(listener);
    }

    public void onConversationEvents(ConversationListener listener) {
        conversationListeners.add(listener);
    }

    public void removeConversationListener(ConversationListener listener) {
        conversationListeners.remove(listener);
    }

    void start(@Observes StartupEvent start, Vertx vertx, Pool pool, BoundedPoolCreator pools) {
        // The pool is created on first use; its options are those of this connection.
        pool.getDelegate();
        PgConnectOptions options = pools.connectOptions().orElse(null);
        if (options == null) {
            LOG.warn("No database connection options: events are found by polling only");
            return;
        }
        PgSubscriber listening = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> Math.min(MAX_RECONNECT_DELAY_MS, 100L * (1L << Math.min(retries, 6))));
        listening
                .channel(DELIVERIES_CHANNEL)
                .handler(payload -> wakeDeliveries())
                .subscribeHandler(ignored -> wakeDeliveries());
        listening
                .channel(CONVERSATIONS_CHANNEL)
                .handler(this::conversationNotified)
                .subscribeHandler(ignored -> wakeConversations(null, null));
        listening
                .connect()
                .onFailure(failure -> LOG.warnf(
                        "Listening for events failed (%s); retrying in the background, polling meanwhile",
                        failure.getMessage()));
        subscriber = listening;
    }

    void stop(@Observes ShutdownEvent stop) {
        PgSubscriber listening = subscriber;
        if (listening != null) {
            listening.close();
        }
    }

    private void conversationNotified(String payload) {
        int slash = payload.indexOf('/');
        if (slash > 0) {
            wakeConversations(payload.substring(0, slash), payload.substring(slash + 1));
        }
    }

    private void wakeDeliveries() {
        deliveryListeners.forEach(Runnable::run);
    }

    private void wakeConversations(String tenantId, String conversationId) {
        for (ConversationListener listener : conversationListeners) {
            listener.eventsMayHaveCommitted(tenantId, conversationId);
        }
    }
}
