package dev.conversations.conversation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The statements of the hot path, each kept in one {@code .sql} resource under {@code sql/} that documents its
 * parameters and guarantees. The benchmark runs the very same files through pgbench.
 */
final class ConversationSql {
    static final String MERGE_METADATA = load("merge-conversation-metadata.sql");
    static final String CREATE = load("create-conversation.sql");
    static final String FIND = load("find-conversation.sql");

    private ConversationSql() {}

    private static String load(String name) {
        try (InputStream in = ConversationSql.class.getResourceAsStream("/sql/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing SQL resource sql/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
