package dev.conversations.message;

import dev.conversations.database.ReadPool;
import dev.conversations.database.RequestSql;
import dev.conversations.database.RowTurns;
import dev.conversations.database.SqlStatements;
import dev.conversations.json.ApiTimestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Messages through the reactive pool (docs/decisions/003): posting and listing are one statement each. */
@ApplicationScoped
public class MessageRepository {
    private static final String POST = SqlStatements.load("post-message.sql");
    private static final String REFUSAL = SqlStatements.load("message-refusal.sql");
    private static final String LIST = SqlStatements.load("list-messages.sql");

    private final Pool reads;
    private final RequestSql sql;
    private final RowTurns turns;

    public MessageRepository(ReadPool reads, RequestSql sql, RowTurns turns) {
        this.reads = reads.pool();
        this.sql = sql;
        this.turns = turns;
    }

    Uni<Posted> post(String tenantId, String conversationId, String messageId, NewMessage message) {
        MessageAuthor author = message.author();
        MessageContent content = message.content();
        MessageContent.Text text = content instanceof MessageContent.Text t ? t : null;
        MessageContent.File file = content instanceof MessageContent.File f ? f : null;
        Tuple parameters = Tuple.tuple(Arrays.asList(
                tenantId,
                conversationId,
                messageId,
                author.role(),
                author.id(),
                author.displayName(),
                author.avatar(),
                content.type(),
                text == null ? null : text.body(),
                file == null ? null : file.url(),
                file == null ? null : file.mimeType(),
                file == null ? null : file.filename()));
        Supplier<Uni<RowSet<Row>>> statement =
                () -> sql.client().preparedQuery(POST).execute(parameters);
        // A request in its own transaction (an Idempotency-Key) already holds a connection: waiting for the row's
        // turn while holding it could starve the statements whose turn it is of connections.
        Uni<RowSet<Row>> posted =
                sql.hasTransaction() ? statement.get() : turns.inTurn(tenantId + '/' + conversationId, statement);
        return posted.flatMap(rows -> {
            var iterator = rows.iterator();
            if (iterator.hasNext()) {
                Row row = iterator.next();
                String createdAt = ApiTimestamps.format(row.getOffsetDateTime("created_at"));
                return Uni.createFrom()
                        .item(Posted.of(new Message(messageId, conversationId, author, content, createdAt, createdAt)));
            }
            // Nothing written: only a read can tell why.
            return sql.client()
                    .preparedQuery(REFUSAL)
                    .execute(Tuple.of(tenantId, conversationId))
                    .map(found -> {
                        var conversation = found.iterator();
                        if (!conversation.hasNext()) {
                            return Posted.NOT_FOUND;
                        }
                        return "ended".equals(conversation.next().getString("status"))
                                ? Posted.ENDED
                                : Posted.NOT_ITS_END_USER;
                    });
        });
    }

    /** Up to {@code count} messages after number {@code after}, oldest first; empty when no such conversation. */
    Uni<Optional<List<Numbered>>> list(String tenantId, String conversationId, long after, int count) {
        return reads.preparedQuery(LIST)
                .execute(Tuple.of(tenantId, conversationId, after, count))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    List<Numbered> messages = new ArrayList<>();
                    for (Row row : rows) {
                        if (row.getLong("seq") != null) {
                            messages.add(new Numbered(row.getLong("seq"), Message.of(conversationId, row)));
                        }
                    }
                    return Optional.of(messages);
                });
    }

    /** A listed message with its number in the conversation. */
    record Numbered(long seq, Message message) {}

    /** What posting did: the stored message, or why nothing was stored. */
    record Posted(Message message, Refusal refusal) {
        static final Posted NOT_FOUND = new Posted(null, Refusal.NOT_FOUND);
        static final Posted ENDED = new Posted(null, Refusal.ENDED);
        static final Posted NOT_ITS_END_USER = new Posted(null, Refusal.NOT_ITS_END_USER);

        static Posted of(Message message) {
            return new Posted(message, null);
        }
    }

    enum Refusal {
        NOT_FOUND,
        ENDED,
        NOT_ITS_END_USER
    }
}
