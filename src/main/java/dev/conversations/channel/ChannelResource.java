package dev.conversations.channel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conversations.idempotency.Idempotent;
import dev.conversations.pagination.PageLinks;
import dev.conversations.pagination.PageMeta;
import dev.conversations.tenant.CurrentTenant;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.ResponseStatus;

@Path("/api/v2/channels")
@Produces(MediaType.APPLICATION_JSON)
public class ChannelResource {
    private final ChannelService service;
    private final CurrentTenant tenant;
    private final PageLinks pageLinks;

    public ChannelResource(ChannelService service, CurrentTenant tenant, PageLinks pageLinks) {
        this.service = service;
        this.tenant = tenant;
        this.pageLinks = pageLinks;
    }

    @Idempotent
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public Uni<ChannelView> create(JsonNode body) {
        Channel channel = service.newChannel(tenant.id(), body);
        return service.create(channel).map(ChannelView::of);
    }

    @GET
    public Uni<ChannelPage> list(
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor,
            @QueryParam("modality") String modality,
            @QueryParam("type") String type) {
        ChannelQuery query = ChannelQuery.parse(limit, cursor, modality, type);
        if (query.nativeOnly()) {
            // Only custom channels exist here; Ada's native channels belong to Ada's own platform.
            return Uni.createFrom().item(new ChannelPage(List.of(), new PageMeta(null)));
        }
        return service.page(tenant.id(), query).map(found -> {
            boolean more = found.size() > query.limit();
            List<Channel> page = more ? found.subList(0, query.limit()) : found;
            Map<String, String> filters = new LinkedHashMap<>();
            filters.put("limit", limit);
            filters.put("modality", modality);
            filters.put("type", type);
            String next = more ? pageLinks.next("/api/v2/channels/", filters, page.get(page.size() - 1).id) : null;
            return new ChannelPage(page.stream().map(ChannelView::of).toList(), new PageMeta(next));
        });
    }
}
