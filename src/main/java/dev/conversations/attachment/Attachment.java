package dev.conversations.attachment;

import io.vertx.mutiny.sqlclient.Row;

/** A stored attachment as its row describes it. */
public record Attachment(
        String id,
        String tenantId,
        String conversationId,
        String filename,
        String mimeType,
        long sizeBytes,
        String storage) {

    static Attachment of(String id, Row row) {
        return new Attachment(
                id,
                row.getString("tenant_id"),
                row.getString("conversation_id"),
                row.getString("filename"),
                row.getString("mime_type"),
                row.getLong("size_bytes"),
                row.getString("storage"));
    }
}
