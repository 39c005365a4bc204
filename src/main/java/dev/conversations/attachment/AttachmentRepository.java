package dev.conversations.attachment;

import dev.conversations.database.SqlStatements;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Optional;

@ApplicationScoped
public class AttachmentRepository {
    private static final String HANDOFF = SqlStatements.load("conversation-handoff.sql");
    private static final String INSERT = SqlStatements.load("insert-attachment.sql");
    private static final String FIND = SqlStatements.load("find-attachment.sql");

    private final Pool pool;

    public AttachmentRepository(Pool pool) {
        this.pool = pool;
    }

    /** The conversation's handoff state; empty when there is no such conversation for the tenant. */
    Uni<Optional<Boolean>> handoff(String tenantId, String conversationId) {
        return pool.preparedQuery(HANDOFF)
                .execute(Tuple.of(tenantId, conversationId))
                .map(rows -> {
                    RowIterator<Row> found = rows.iterator();
                    return found.hasNext() ? Optional.of(found.next().getBoolean("handoff")) : Optional.empty();
                });
    }

    /** Records a stored attachment; false when the conversation is gone or no longer in handoff. */
    Uni<Boolean> insert(Attachment attachment) {
        Tuple parameters = Tuple.tuple(Arrays.asList(
                attachment.tenantId(),
                attachment.conversationId(),
                attachment.id(),
                attachment.filename(),
                attachment.mimeType(),
                attachment.sizeBytes(),
                attachment.storage()));
        return pool.preparedQuery(INSERT).execute(parameters).map(rows -> rows.rowCount() > 0);
    }

    Uni<Optional<Attachment>> find(String id) {
        return pool.preparedQuery(FIND).execute(Tuple.of(id)).map(rows -> {
            RowIterator<Row> found = rows.iterator();
            return found.hasNext() ? Optional.of(Attachment.of(id, found.next())) : Optional.empty();
        });
    }
}
