package dev.conversations.event;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/**
 * GET /api/v2/conversations/{id}/events: the conversation's events as Server-Sent Events, each with its event id
 * (resume with Last-Event-ID), its type as the event name and the webhook payload as data (README, Live stream).
 * ConversationEventStreamFilter opened the stream (or answered a refusal) before this runs.
 */
@Path("/api/v2/conversations/{conversationId}/events")
public class ConversationEventResource {
    private final OpenedStream opened;

    public ConversationEventResource(OpenedStream opened) {
        this.opened = opened;
    }

    @GET
    @LiveStream
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> events(@PathParam("conversationId") String conversationId, @Context Sse sse) {
        return opened.events().map(event -> toSse(sse, event));
    }

    private static OutboundSseEvent toSse(Sse sse, StreamedEvent event) {
        if (event.heartbeat()) {
            return sse.newEventBuilder().comment("keep-alive").build();
        }
        return sse.newEventBuilder()
                .id(event.id())
                .name(event.type())
                .data(event.payload())
                .build();
    }
}
