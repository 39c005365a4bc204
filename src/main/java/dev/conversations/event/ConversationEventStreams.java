package dev.conversations.event;

import dev.conversations.database.SqlStatements;
import dev.conversations.error.ApiError;
import dev.conversations.error.ApiException;
import dev.conversations.error.ErrorType;
import dev.conversations.error.ServiceUnavailable;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live streams of conversations' events on this replica (docs/decisions/012). A stream starts at the
 * conversation's newest event (or after its Last-Event-ID) and reads the log after its position whenever the
 * database notifies a commit of the conversation's events, whichever replica wrote them: in log order, so without a
 * gap or a duplicate. It ends after {@code v1.conversation.ended}, when the client leaves, or when the client reads so
 * slowly that its buffer fills (it resumes with Last-Event-ID).
 */
@ApplicationScoped
public class ConversationEventStreams {
    private static final String POSITION = SqlStatements.load("conversation-event-position.sql");
    private static final String LIST = SqlStatements.load("list-conversation-events.sql");
    private static final String WATCH = SqlStatements.load("watch-conversations.sql");
    private static final String DELETE_EXPIRED_WATCHES = SqlStatements.load("delete-expired-watches.sql");
    private static final String UNWATCH = SqlStatements.load("unwatch-conversations.sql");
    /** A watch outlives three missed refreshes. */
    private static final long WATCH_SECONDS = 90;

    private static final int PAGE = 100;
    /** A stream slot frees when a client leaves; a few seconds is a fair wait. */
    private static final int STREAM_LIMIT_RETRY_SECONDS = 5;

    private final Pool pool;
    private final Vertx vertx;
    private final EventSettings settings;
    private final Map<String, Set<Stream>> byConversation = new ConcurrentHashMap<>();
    private final Map<String, Integer> perTenant = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    /** This process, in event_watches (V8). */
    private final UUID replica = UUID.randomUUID();

    public ConversationEventStreams(
            Pool pool, Vertx vertx, EventSettings settings, EventNotifications notifications, MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        this.settings = settings;
        notifications.onConversationEvents(this::notified);
        Gauge.builder("conversations.events.streams", open, AtomicInteger::get)
                .description("Live event streams open on this replica")
                .register(registry);
    }

    /** A stream opened: its events, or none at all when the conversation has ended and every event was sent (204). */
    public record Opened(Multi<StreamedEvent> events, boolean finished) {}

    /**
     * The stream of a conversation's events; fails with 404 (no such conversation for the tenant), 400 (a
     * Last-Event-ID that is not one of its events within the retention period), 429 or 503 (too many streams).
     */
    public Uni<Opened> open(String tenantId, String conversationId, String lastEventId) {
        Optional<UUID> resumeFrom = Optional.empty();
        if (lastEventId != null && !lastEventId.isBlank()) {
            resumeFrom = EventIds.parse(lastEventId.trim());
            if (resumeFrom.isEmpty()) {
                throw unknownLastEventId();
            }
        }
        boolean resuming = resumeFrom.isPresent();
        UUID resumeId = resumeFrom.orElse(null);
        return pool.preparedQuery(POSITION)
                .execute(Tuple.of(tenantId, conversationId, resumeId))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw ApiException.notFound("Conversation not found");
                    }
                    Row row = rows.iterator().next();
                    Long latest = row.getLong("latest");
                    Long start = resuming ? row.getLong("resume") : latest;
                    if (resuming && start == null) {
                        throw unknownLastEventId();
                    }
                    long position = start == null ? 0 : start;
                    if ("ended".equals(row.getString("status")) && (latest == null || position >= latest)) {
                        // Nothing more will come: 204 tells an EventSource to stop reconnecting.
                        return new Opened(Multi.createFrom().empty(), true);
                    }
                    requireCapacity(tenantId);
                    return new Opened(stream(tenantId, conversationId, position), false);
                })
                // Watched before the stream's first read: later commits of the conversation notify this replica.
                .call(opened -> opened.finished()
                        ? Uni.createFrom().voidItem()
                        : watch(List.of(tenantId), List.of(conversationId)));
    }

    private Multi<StreamedEvent> stream(String tenantId, String conversationId, long position) {
        return Multi.createFrom()
                .<StreamedEvent>emitter(emitter -> {
                    reserve(tenantId);
                    Stream stream = new Stream(tenantId, conversationId, position, emitter);
                    String key = key(tenantId, conversationId);
                    byConversation
                            .computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet())
                            .add(stream);
                    // Each heartbeat also reads the log: a wake-up missed (a notification lost while the listening
                    // connection was down, a watch registered late) delays an event by one interval, never more.
                    long heartbeat =
                            vertx.setPeriodic(settings.heartbeatInterval().toMillis(), id -> {
                                emitter.emit(StreamedEvent.HEARTBEAT);
                                stream.read();
                            });
                    emitter.onTermination(() -> {
                        vertx.cancelTimer(heartbeat);
                        Set<Stream> streams = byConversation.get(key);
                        if (streams != null) {
                            streams.remove(stream);
                            if (byConversation.computeIfPresent(key, (k, set) -> set.isEmpty() ? null : set) == null) {
                                // The last stream of the conversation here: its commits need not notify us any more.
                                unwatch(tenantId, conversationId).subscribe().with(done -> {}, failure -> {});
                            }
                        }
                        release(tenantId);
                    });
                    stream.read();
                })
                .onOverflow()
                .buffer(settings.streamBuffer());
    }

    /**
     * Refuses a stream over the limits: checked before the response starts, counted while the stream runs, so
     * streams opened at the same instant may pass a limit by their number.
     */
    private void requireCapacity(String tenantId) {
        if (open.get() >= settings.maxStreams()) {
            throw new ApiException(
                            503,
                            List.of(ApiError.of(
                                    ErrorType.SERVICE_UNAVAILABLE, "Too many live streams on this server; retry")))
                    .retryAfter(ServiceUnavailable.RETRY_AFTER_SECONDS);
        }
        if (perTenant.getOrDefault(tenantId, 0) >= settings.maxStreamsPerTenant()) {
            throw new ApiException(
                            429,
                            List.of(ApiError.of(
                                    ErrorType.RATE_LIMITED,
                                    "At most " + settings.maxStreamsPerTenant()
                                            + " live streams per tenant on one server")))
                    .retryAfter(STREAM_LIMIT_RETRY_SECONDS);
        }
    }

    private void reserve(String tenantId) {
        open.incrementAndGet();
        perTenant.merge(tenantId, 1, Integer::sum);
    }

    private void release(String tenantId) {
        open.decrementAndGet();
        perTenant.computeIfPresent(tenantId, (id, count) -> count <= 1 ? null : count - 1);
    }

    private void notified(String tenantId, String conversationId) {
        if (tenantId == null) {
            byConversation.values().forEach(streams -> streams.forEach(Stream::read));
            return;
        }
        Set<Stream> streams = byConversation.get(key(tenantId, conversationId));
        if (streams != null) {
            streams.forEach(Stream::read);
        }
    }

    /** Keeps this replica's watches of the conversations it streams, and drops every replica's expired ones. */
    @Scheduled(
            identity = "refresh-event-watches",
            every = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshWatches() {
        List<String> tenants = new ArrayList<>();
        List<String> conversations = new ArrayList<>();
        for (String key : byConversation.keySet()) {
            int slash = key.indexOf('/');
            tenants.add(key.substring(0, slash));
            conversations.add(key.substring(slash + 1));
        }
        Uni<Void> refreshed = tenants.isEmpty() ? Uni.createFrom().voidItem() : watch(tenants, conversations);
        return refreshed
                .chain(() -> pool.query(DELETE_EXPIRED_WATCHES).execute())
                .replaceWithVoid()
                .onFailure()
                .recoverWithNull();
    }

    private Uni<Void> watch(List<String> tenantIds, List<String> conversationIds) {
        Tuple parameters = Tuple.of(
                tenantIds.toArray(String[]::new),
                conversationIds.toArray(String[]::new),
                (double) WATCH_SECONDS,
                replica);
        return pool.preparedQuery(WATCH).execute(parameters).replaceWithVoid();
    }

    private Uni<Void> unwatch(String tenantId, String conversationId) {
        return pool.preparedQuery(UNWATCH)
                .execute(Tuple.of(tenantId, conversationId, replica))
                .replaceWithVoid();
    }

    void stop(@Observes ShutdownEvent stop) {
        pool.preparedQuery(UNWATCH)
                .execute(Tuple.of(null, null, replica))
                .subscribe()
                .with(done -> {}, failure -> {});
        // Clients resume on another replica with Last-Event-ID.
        byConversation.values().forEach(streams -> streams.forEach(stream -> stream.emitter.complete()));
    }

    private static String key(String tenantId, String conversationId) {
        return tenantId + "/" + conversationId;
    }

    private static ApiException unknownLastEventId() {
        return ApiException.badRequest(
                "Invalid Last-Event-ID",
                "header.Last-Event-ID: not an event of this conversation within the retention period");
    }

    /** One client's stream: its position in the log, read forward by one query at a time. */
    private final class Stream {
        private final String tenantId;
        private final String conversationId;
        private final MultiEmitter<? super StreamedEvent> emitter;
        private final AtomicBoolean reading = new AtomicBoolean();
        private volatile boolean readAgain;
        private volatile long position;

        Stream(String tenantId, String conversationId, long position, MultiEmitter<? super StreamedEvent> emitter) {
            this.tenantId = tenantId;
            this.conversationId = conversationId;
            this.position = position;
            this.emitter = emitter;
        }

        void read() {
            if (emitter.isCancelled()) {
                return;
            }
            // Set before trying: a read that ends meanwhile sees it after releasing the flag, and reads again.
            readAgain = true;
            if (!reading.compareAndSet(false, true)) {
                return;
            }
            readAgain = false;
            pool.preparedQuery(LIST)
                    .execute(Tuple.of(tenantId, conversationId, position, PAGE))
                    .subscribe()
                    .with(
                            rows -> {
                                boolean ended = false;
                                for (Row row : rows) {
                                    position = row.getLong("seq");
                                    String type = row.getString("type");
                                    emitter.emit(new StreamedEvent(
                                            EventIds.format(row.getUUID("id")), type, row.getString("payload")));
                                    ended |= EventType.CONVERSATION_ENDED
                                            .typeName()
                                            .equals(type);
                                }
                                reading.set(false);
                                if (ended) {
                                    emitter.complete();
                                } else if (rows.size() == PAGE || readAgain) {
                                    read();
                                }
                            },
                            failure -> {
                                // The client resumes with Last-Event-ID (a database fault ends the stream).
                                reading.set(false);
                                emitter.fail(failure);
                            });
        }
    }
}
