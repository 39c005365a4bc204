package dev.conversations.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.conversations.json.ApiTimestamps;
import io.vertx.mutiny.sqlclient.Row;

/** A stored message: Ada's Message (the POST answer) and the row a MessageLogs item is made of. */
public record Message(
        String id,
        @JsonProperty("conversation_id") String conversationId,
        MessageAuthor author,
        MessageContent content,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt) {

    static Message of(String conversationId, Row row) {
        String createdAt = ApiTimestamps.format(row.getOffsetDateTime("created_at"));
        MessageAuthor author = new MessageAuthor(
                row.getString("author_id"),
                row.getString("author_role"),
                row.getString("author_avatar"),
                row.getString("author_display_name"));
        MessageContent content = MessageContent.Text.TYPE.equals(row.getString("content_type"))
                ? new MessageContent.Text(row.getString("body"))
                : new MessageContent.File(
                        row.getString("file_url"), row.getString("file_mime_type"), row.getString("file_filename"));
        // Messages are never edited: updated_at is created_at.
        return new Message(row.getString("id"), conversationId, author, content, createdAt, createdAt);
    }
}
