-- GET /api/v2/conversations/{id}/messages/: one page, oldest first, after the cursor's message number.
-- Parameters: $1 tenant id, $2 conversation id, $3 the last number already seen (0 for the first page),
--             $4 how many messages to return at most.
-- No row: no such conversation for the tenant. One row with a null seq: the conversation has no (more) messages.
SELECT m.seq, m.id, m.author_role, m.author_id, m.author_display_name, m.author_avatar, m.content_type, m.body,
       m.file_url, m.file_mime_type, m.file_filename, m.created_at
  FROM conversations AS c
  LEFT JOIN LATERAL (
      SELECT * FROM messages
       WHERE tenant_id = c.tenant_id AND conversation_id = c.id AND seq > $3
       ORDER BY seq
       LIMIT $4
  ) AS m ON true
 WHERE c.tenant_id = $1 AND c.id = $2
 ORDER BY m.seq
