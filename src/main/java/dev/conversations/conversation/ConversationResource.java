package dev.conversations.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conversations.idempotency.Idempotent;
import dev.conversations.tenant.CurrentTenant;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;

@Path("/api/v2/conversations")
@Produces(MediaType.APPLICATION_JSON)
public class ConversationResource {
    private final ConversationService service;
    private final CurrentTenant tenant;

    public ConversationResource(ConversationService service, CurrentTenant tenant) {
        this.service = service;
        this.tenant = tenant;
    }

    @Idempotent
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public Uni<Conversation> create(JsonNode body) {
        return service.create(tenant.id(), body);
    }

    @GET
    @Path("{conversationId}")
    public Uni<Conversation> get(@PathParam("conversationId") String conversationId) {
        return service.find(tenant.id(), conversationId);
    }

    @Idempotent
    @POST
    @Path("{conversationId}/end")
    public Uni<OutcomeMessage> end(@PathParam("conversationId") String conversationId) {
        return service.end(tenant.id(), conversationId);
    }

    @Idempotent
    @POST
    @Path("{conversationId}/end-handoff")
    public Uni<OutcomeMessage> endHandoff(@PathParam("conversationId") String conversationId) {
        return service.endHandoff(tenant.id(), conversationId);
    }

    /** Merges the request's metadata into the conversation's: see sql/merge-conversation-metadata.sql. */
    @PATCH
    @Path("{conversationId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Conversation> patch(@PathParam("conversationId") String conversationId, JsonNode body) {
        return service.patchMetadata(tenant.id(), conversationId, body);
    }
}
