package dev.conversations.channel;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class ChannelRepository implements PanacheRepositoryBase<Channel, Channel.Key> {

    /** Up to {@code count} channels of the tenant after the cursor, in id order. */
    Uni<List<Channel>> page(String tenantId, ChannelQuery query, int count) {
        StringBuilder where = new StringBuilder("tenantId = :tenant");
        Parameters parameters = Parameters.with("tenant", tenantId);
        if (query.cursor() != null) {
            where.append(" and id > :cursor");
            parameters.and("cursor", query.cursor());
        }
        if (query.modality() != null) {
            where.append(" and modality = :modality");
            parameters.and("modality", query.modality());
        }
        return find(where.append(" order by id").toString(), parameters)
                .range(0, count - 1)
                .list();
    }
}
