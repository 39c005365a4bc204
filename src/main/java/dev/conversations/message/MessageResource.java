package dev.conversations.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conversations.idempotency.Idempotent;
import dev.conversations.tenant.CurrentTenant;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;

@Path("/api/v2/conversations/{conversationId}/messages")
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {
    private final MessageService service;
    private final CurrentTenant tenant;

    public MessageResource(MessageService service, CurrentTenant tenant) {
        this.service = service;
        this.tenant = tenant;
    }

    /** Adds a message: see sql/post-message.sql for the order and the end. */
    @Idempotent
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public Uni<Message> post(@PathParam("conversationId") String conversationId, JsonNode body) {
        return service.post(tenant.id(), conversationId, body);
    }

    @GET
    public Uni<MessagePage> list(
            @PathParam("conversationId") String conversationId,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return service.list(tenant.id(), conversationId, limit, cursor);
    }
}
