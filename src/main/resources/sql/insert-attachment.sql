-- The row of an uploaded attachment, written after its content is stored, only while the conversation is in
-- handoff (Ada's rule). Parameters: $1 tenant id, $2 conversation id, $3 attachment id, $4 file name,
-- $5 MIME type (sniffed), $6 size in bytes, $7 the store that holds the content.
-- No row: no such conversation for the tenant, or it is not in handoff (the service then deletes the content).
INSERT INTO attachments (tenant_id, id, conversation_id, filename, mime_type, size_bytes, storage)
SELECT $1, $3, c.id, $4, $5, $6, $7
  FROM conversations AS c
 WHERE c.tenant_id = $1 AND c.id = $2 AND c.handoff
RETURNING id
