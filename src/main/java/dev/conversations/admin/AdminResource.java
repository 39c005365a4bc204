package dev.conversations.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conversations.json.RequestObject;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.jboss.resteasy.reactive.ResponseStatus;

/** The operator API: tenants and their API keys. Guarded by {@link AdminTokenFilter}. */
@Path("/admin/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminResource {
    private static final Set<String> NAME_ONLY = Set.of("name");
    private static final Set<String> READ_ONLY = Set.of("id", "created_at", "key", "revoked_at");

    private final TenantAdministration administration;

    public AdminResource(TenantAdministration administration) {
        this.administration = administration;
    }

    @POST
    @ResponseStatus(201)
    public Uni<TenantView> createTenant(JsonNode body) {
        String name = readName(body);
        return administration.createTenant(name).map(TenantView::of);
    }

    @POST
    @Path("{tenantId}/api-keys")
    @ResponseStatus(201)
    public Uni<ApiKeyView> createKey(@PathParam("tenantId") String tenantId, JsonNode body) {
        String name = readName(body);
        return administration.createKey(tenantId, name);
    }

    @GET
    @Path("{tenantId}/api-keys")
    public Uni<ListView<ApiKeyView>> listKeys(@PathParam("tenantId") String tenantId) {
        return administration
                .listKeys(tenantId)
                .map(keys ->
                        new ListView<>(keys.stream().map(ApiKeyView::listed).toList()));
    }

    @DELETE
    @Path("{tenantId}/api-keys/{keyId}")
    public Uni<Void> revokeKey(@PathParam("tenantId") String tenantId, @PathParam("keyId") String keyId) {
        return administration.revokeKey(tenantId, keyId);
    }

    private static String readName(JsonNode body) {
        RequestObject request = RequestObject.of(body, NAME_ONLY, READ_ONLY);
        String name = request.requiredString("name", 200);
        request.done();
        return name;
    }
}
