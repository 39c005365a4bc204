package dev.conversations.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conversations.error.ApiError;
import dev.conversations.error.ApiException;
import dev.conversations.event.EventType;
import dev.conversations.id.ResourceId;
import dev.conversations.idempotency.Idempotent;
import dev.conversations.pagination.Page;
import dev.conversations.pagination.PageLinks;
import dev.conversations.pagination.PageSize;
import dev.conversations.tenant.CurrentTenant;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Ada's webhook management API, plus delivery attempts and replay (README, Webhooks). */
@Path("/api/v2/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {
    private final WebhookService service;
    private final CurrentTenant tenant;
    private final PageLinks pageLinks;

    public WebhookResource(WebhookService service, CurrentTenant tenant, PageLinks pageLinks) {
        this.service = service;
        this.tenant = tenant;
        this.pageLinks = pageLinks;
    }

    @Idempotent
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public Uni<Webhook> create(JsonNode body) {
        return service.create(tenant.id(), body);
    }

    @GET
    public Uni<Page<Webhook>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        List<ApiError> errors = new ArrayList<>();
        int size = PageSize.parse(limit, errors);
        if (cursor != null && !ResourceId.isValid(cursor)) {
            errors.add(PageSize.invalidParameter("cursor", "is not a cursor this API returned"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        return service.page(tenant.id(), cursor, size + 1)
                .map(found -> pageLinks.page(found, size, "/api/v2/webhooks/", query(limit), Webhook::id));
    }

    @GET
    @Path("event-types")
    public EventTypes eventTypes() {
        return EventTypes.ALL;
    }

    @GET
    @Path("{webhookId}")
    public Uni<Webhook> find(@PathParam("webhookId") String webhookId) {
        return service.find(tenant.id(), webhookId);
    }

    @PATCH
    @Path("{webhookId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Webhook> update(@PathParam("webhookId") String webhookId, JsonNode body) {
        return service.update(tenant.id(), webhookId, body);
    }

    @DELETE
    @Path("{webhookId}")
    public Uni<Void> delete(@PathParam("webhookId") String webhookId) {
        return service.delete(tenant.id(), webhookId);
    }

    @GET
    @Path("{webhookId}/secret")
    public Uni<WebhookSecret> secret(@PathParam("webhookId") String webhookId) {
        return service.secret(tenant.id(), webhookId).map(WebhookSecret::new);
    }

    /** Ada answers {} (the new secret is read with GET .../secret/). A body is optional: {"key": "whsec_..."}. */
    @Idempotent
    @POST
    @Path("{webhookId}/secret/rotate")
    public Uni<Map<String, Object>> rotateSecret(@PathParam("webhookId") String webhookId, JsonNode body) {
        return service.rotateSecret(tenant.id(), webhookId, body).map(done -> Map.of());
    }

    @GET
    @Path("{webhookId}/attempts")
    public Uni<Page<WebhookAttempt>> attempts(
            @PathParam("webhookId") String webhookId,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        List<ApiError> errors = new ArrayList<>();
        int size = PageSize.parse(limit, errors);
        Long before = null;
        if (cursor != null) {
            try {
                before = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                errors.add(PageSize.invalidParameter("cursor", "is not a cursor this API returned"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        String path = "/api/v2/webhooks/" + webhookId + "/attempts/";
        return service.attempts(tenant.id(), webhookId, before, size + 1)
                .map(found ->
                        pageLinks.page(found, size, path, query(limit), attempt -> Long.toString(attempt.number())));
    }

    /** 202: the events are due again at once; {"replayed": n, "more": true} asks for another call. */
    @Idempotent
    @POST
    @Path("{webhookId}/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(202)
    public Uni<WebhookService.Replay> replay(@PathParam("webhookId") String webhookId, JsonNode body) {
        return service.replay(tenant.id(), webhookId, body);
    }

    private static Map<String, String> query(String limit) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("limit", limit);
        return query;
    }

    /** GET .../secret/: Ada's {"key": "whsec_..."}. */
    public record WebhookSecret(String key) {}

    /** GET .../event-types/: Ada's {"data": [{"name", "description"}]}. */
    public record EventTypes(List<EventTypeView> data) {
        static final EventTypes ALL = new EventTypes(Arrays.stream(EventType.values())
                .map(type -> new EventTypeView(type.typeName(), type.description()))
                .toList());
    }

    public record EventTypeView(String name, String description) {}
}
