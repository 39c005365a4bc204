package dev.conversations.event;

import dev.conversations.error.ApiException;
import dev.conversations.error.ErrorResponses;
import dev.conversations.tenant.CurrentTenant;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Opens the live stream of GET /api/v2/conversations/{id}/events, after authentication and rate limits, or answers
 * its refusal: once an event stream's headers are sent its status cannot change, so every refusal (404, 400, 429,
 * 503) and the 204 of a finished conversation are answered before ConversationEventResource runs.
 */
public class ConversationEventStreamFilter {
    private final ConversationEventStreams streams;
    private final CurrentTenant tenant;
    private final OpenedStream opened;

    public ConversationEventStreamFilter(ConversationEventStreams streams, CurrentTenant tenant, OpenedStream opened) {
        this.streams = streams;
        this.tenant = tenant;
        this.opened = opened;
    }

    @LiveStream
    @ServerRequestFilter(priority = Priorities.USER)
    public Uni<Response> open(ContainerRequestContext request) {
        if (!tenant.isAuthenticated()) {
            return Uni.createFrom().nullItem();
        }
        String conversationId = request.getUriInfo().getPathParameters().getFirst("conversationId");
        String lastEventId = request.getHeaderString("Last-Event-ID");
        return Uni.createFrom()
                .deferred(() -> streams.open(tenant.id(), conversationId, lastEventId))
                .map(stream -> {
                    if (stream.finished()) {
                        // Nothing more will come: 204 tells an EventSource to stop reconnecting.
                        return Response.noContent().build();
                    }
                    opened.set(stream.events());
                    return (Response) null;
                })
                .onFailure(ApiException.class)
                .recoverWithItem(failure -> ErrorResponses.of((ApiException) failure));
    }
}
