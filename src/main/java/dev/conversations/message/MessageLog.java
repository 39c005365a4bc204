package dev.conversations.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An item of Ada's MessageList: MessageLogs. Ada gives an author id only for end users. */
public record MessageLog(
        String type,
        @JsonProperty("message_id") String messageId,
        @JsonProperty("created_at") String createdAt,
        MessageAuthor author,
        MessageContent content) {

    static MessageLog of(Message message) {
        MessageAuthor author = message.author();
        String authorId = MessageAuthor.END_USER.equals(author.role()) ? author.id() : null;
        return new MessageLog(
                "message_logs",
                message.id(),
                message.createdAt(),
                new MessageAuthor(authorId, author.role(), author.avatar(), author.displayName()),
                message.content());
    }
}
