package dev.conversations.conversation;

import dev.conversations.database.SqlStatements;

/** The conversation statements (src/main/resources/sql/). */
final class ConversationSql {
    static final String MERGE_METADATA = SqlStatements.load("merge-conversation-metadata.sql");
    static final String CREATE = SqlStatements.load("create-conversation.sql");
    static final String FIND = SqlStatements.load("find-conversation.sql");
    static final String EXISTS = SqlStatements.load("conversation-exists.sql");
    static final String END = SqlStatements.load("end-conversation.sql");
    static final String END_HANDOFF = SqlStatements.load("end-handoff.sql");

    private ConversationSql() {}
}
