package dev.conversations.conversation;

import dev.conversations.database.ReadPool;
import dev.conversations.database.RequestSql;
import dev.conversations.database.RowTurns;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Conversations through the reactive pool with prepared statements (docs/decisions/003): each operation is one
 * statement, so no transaction spans a round trip.
 */
@ApplicationScoped
public class ConversationRepository {
    private final Pool pool;
    private final Pool reads;
    private final RequestSql sql;
    private final RowTurns turns;

    public ConversationRepository(Pool pool, ReadPool reads, RequestSql sql, RowTurns turns) {
        this.pool = pool;
        this.reads = reads.pool();
        this.sql = sql;
        this.turns = turns;
    }

    Uni<Optional<Conversation>> find(String tenantId, String id) {
        return reads.preparedQuery(ConversationSql.FIND)
                .execute(Tuple.of(tenantId, id))
                .map(ConversationRepository::first);
    }

    /** Empty when the channel or the given end user does not exist for the tenant. */
    Uni<Optional<Conversation>> create(
            String tenantId, String id, String channelId, String endUserId, String newEndUserId, String metadata) {
        Tuple parameters = Tuple.of(tenantId, channelId, endUserId, newEndUserId, id, metadata);
        return sql.client()
                .preparedQuery(ConversationSql.CREATE)
                .execute(parameters)
                .map(ConversationRepository::first);
    }

    Uni<MergeResult> mergeMetadata(String tenantId, String id, MetadataPatch patch, int maxBytes) {
        Tuple parameters = Tuple.of(tenantId, id, patch.removals().toArray(String[]::new), patch.values(), maxBytes);
        return turns.inTurn(tenantId + '/' + id, () -> pool.preparedQuery(ConversationSql.MERGE_METADATA)
                        .execute(parameters))
                .flatMap(rows -> {
                    RowIterator<Row> iterator = rows.iterator();
                    if (iterator.hasNext()) {
                        return Uni.createFrom().item(MergeResult.merged(Conversation.of(iterator.next())));
                    }
                    // Nothing merged: only a read can tell a refused patch from a missing conversation.
                    return pool.preparedQuery(ConversationSql.EXISTS)
                            .execute(Tuple.of(tenantId, id))
                            .map(found -> found.size() > 0 ? MergeResult.TOO_LARGE : MergeResult.NOT_FOUND);
                });
    }

    /** Ends an active conversation: CHANGED, UNCHANGED (it had ended before) or NOT_FOUND. */
    Uni<Outcome> end(String tenantId, String id) {
        return changeOrExplain(ConversationSql.END, tenantId, id);
    }

    /** Gives control back to the AI agent: CHANGED, UNCHANGED (not in handoff) or NOT_FOUND. */
    Uni<Outcome> endHandoff(String tenantId, String id) {
        return changeOrExplain(ConversationSql.END_HANDOFF, tenantId, id);
    }

    /** Runs a conditional update; when it changed nothing, a read tells "not in that state" from "no such row". */
    private Uni<Outcome> changeOrExplain(String statement, String tenantId, String id) {
        Tuple parameters = Tuple.of(tenantId, id);
        return sql.client().preparedQuery(statement).execute(parameters).flatMap(rows -> {
            if (rows.rowCount() > 0) {
                return Uni.createFrom().item(Outcome.CHANGED);
            }
            return sql.client()
                    .preparedQuery(ConversationSql.EXISTS)
                    .execute(parameters)
                    .map(found -> found.size() > 0 ? Outcome.UNCHANGED : Outcome.NOT_FOUND);
        });
    }

    enum Outcome {
        CHANGED,
        UNCHANGED,
        NOT_FOUND
    }

    private static Optional<Conversation> first(RowSet<Row> rows) {
        RowIterator<Row> iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(Conversation.of(iterator.next())) : Optional.empty();
    }

    /** What the merge statement did: merged (with the updated conversation), refused for size, or no such row. */
    record MergeResult(Conversation conversation, boolean tooLarge) {
        static final MergeResult NOT_FOUND = new MergeResult(null, false);
        static final MergeResult TOO_LARGE = new MergeResult(null, true);

        static MergeResult merged(Conversation conversation) {
            return new MergeResult(conversation, false);
        }
    }
}
