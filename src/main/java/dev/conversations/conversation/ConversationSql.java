package dev.conversations.conversation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * The statements of the hot path, each kept in one {@code .sql} resource under {@code sql/} that documents its
 * parameters and guarantees. The benchmark runs the very same files through pgbench.
 */
final class ConversationSql {
    /**
     * The Vert.x PostgreSQL client only caches (keeps prepared) statements up to this many characters; a longer
     * one would be parsed and planned by the server on every execution, at about a third of the throughput.
     */
    private static final int CACHEABLE_LENGTH = 2048;

    static final String MERGE_METADATA = load("merge-conversation-metadata.sql");
    static final String CREATE = load("create-conversation.sql");
    static final String FIND = load("find-conversation.sql");
    static final String EXISTS = load("conversation-exists.sql");

    private ConversationSql() {}

    private static String load(String name) {
        try (InputStream in = ConversationSql.class.getResourceAsStream("/sql/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing SQL resource sql/" + name);
            }
            String statement = withoutComments(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (statement.length() > CACHEABLE_LENGTH) {
                throw new IllegalStateException("sql/" + name + " is too long to stay prepared: shorten it");
            }
            return statement;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The statement without its {@code --} comments and blank lines (the files hold no quoted "--"). */
    static String withoutComments(String sql) {
        return sql.lines()
                .map(line -> line.replaceFirst("\\s*--.*$", ""))
                .filter(line -> !line.isBlank())
                .collect(Collectors.joining("\n"));
    }
}
