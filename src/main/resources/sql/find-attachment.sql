-- The attachment a signed URL names (the signature was checked). Parameters: $1 attachment id.
SELECT tenant_id, conversation_id, filename, mime_type, size_bytes, storage FROM attachments WHERE id = $1
