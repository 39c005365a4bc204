package dev.conversations.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conversations.database.RequestSql;
import dev.conversations.database.SqlStatements;
import dev.conversations.id.ResourceId;
import dev.conversations.json.MetadataRules;
import dev.conversations.json.RequestObject;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

@ApplicationScoped
public class ChannelService {
    private static final Set<String> FIELDS = Set.of("name", "description", "modality", "metadata", "type");
    private static final Set<String> READ_ONLY = Set.of("id", "created_at");

    private static final String CREATE = SqlStatements.load("create-channel.sql");

    private final ChannelRepository channels;
    private final MetadataRules metadataRules;
    private final RequestSql sql;

    public ChannelService(ChannelRepository channels, MetadataRules metadataRules, RequestSql sql) {
        this.channels = channels;
        this.metadataRules = metadataRules;
        this.sql = sql;
    }

    /** Validates a create request; every problem is reported at once. */
    Channel newChannel(String tenantId, JsonNode body) {
        RequestObject request = RequestObject.of(body, FIELDS, READ_ONLY);
        String name = request.requiredString("name", 200);
        String description = request.requiredString("description", 2000);
        String modality = request.requiredString("modality", 20);
        if (modality != null && !ChannelQuery.MODALITIES.contains(modality)) {
            request.reject("modality", "must be one of messaging, email, voice");
        }
        String type = request.optionalString("type", 20);
        if (type != null && !type.equals("custom")) {
            request.reject("type", "only custom channels can be created");
        }
        JsonNode metadataNode = request.get("metadata");
        ObjectNode metadata = metadataNode == null || metadataNode.isNull()
                ? JsonNodeFactory.instance.objectNode()
                : metadataRules.forCreate(metadataNode, "$.metadata", request.errors());
        request.done();

        Channel channel = new Channel();
        channel.tenantId = tenantId;
        channel.id = ResourceId.next();
        channel.name = name;
        channel.description = description;
        channel.modality = modality;
        channel.metadata = metadataRules.toJson(metadata);
        return channel;
    }

    /** One statement on the request's SQL client (database/RequestSql), with the database's clock. */
    Uni<Channel> create(Channel channel) {
        Tuple parameters = Tuple.of(
                channel.tenantId, channel.id, channel.name, channel.description, channel.modality, channel.metadata);
        return sql.client().preparedQuery(CREATE).execute(parameters).map(rows -> {
            channel.createdAt = rows.iterator().next().getOffsetDateTime("created_at");
            return channel;
        });
    }

    @WithSession
    Uni<List<Channel>> page(String tenantId, ChannelQuery query) {
        return channels.page(tenantId, query, query.limit() + 1);
    }
}
