package dev.conversations.enduser;

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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/v2/end-users")
@Produces(MediaType.APPLICATION_JSON)
public class EndUserResource {
    private final EndUserService service;
    private final CurrentTenant tenant;

    public EndUserResource(EndUserService service, CurrentTenant tenant) {
        this.service = service;
        this.tenant = tenant;
    }

    /** 201 with a new end user; 200 with the existing one when the external_id is already mapped (Ada's upsert). */
    @Idempotent
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<EndUser>> create(JsonNode body) {
        return service.create(tenant.id(), body)
                .map(result -> RestResponse.status(
                        result.created() ? RestResponse.Status.CREATED : RestResponse.Status.OK, result.endUser()));
    }

    /** A page of end users, or with {@code external_id} the one end user mapped to it (Ada). */
    @GET
    public Uni<Object> list(
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor,
            @QueryParam("external_id") String externalId) {
        if (externalId != null) {
            EndUserQuery.requireLookupAlone(limit, cursor);
            return service.findByExternalId(tenant.id(), externalId).map(endUser -> endUser);
        }
        EndUserQuery query = EndUserQuery.parse(limit, cursor);
        return service.page(tenant.id(), query, limit).map(page -> page);
    }

    @GET
    @Path("/{endUserId}")
    public Uni<EndUser> find(@PathParam("endUserId") String endUserId) {
        return service.find(tenant.id(), endUserId);
    }

    /** See sql/patch-end-user.sql for what is merged and what replaced. */
    @PATCH
    @Path("/{endUserId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<EndUser> patch(@PathParam("endUserId") String endUserId, JsonNode body) {
        return service.patch(tenant.id(), endUserId, body);
    }
}
