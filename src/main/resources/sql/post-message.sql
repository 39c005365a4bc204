-- POST /api/v2/conversations/{id}/messages/ as one statement.
-- Parameters: $1 tenant id, $2 conversation id, $3 message id, $4 author role, $5 author id or null,
--             $6 display name, $7 avatar, $8 content type, $9 text body, $10 file url, $11 mime type, $12 filename.
-- No row: the conversation does not exist for the tenant, has ended, or the end_user author is not its end user
-- (the service tells which with a read). The same statement writes the v1.conversation.message event, under the
-- conversation's row lock, so the conversation's events are in commit order (db/migration/V6).
WITH conversation AS (
    -- The row lock orders the conversation's posts and its end: a message is numbered only while the conversation
    -- is active, and the condition is re-checked on the newest row version after waiting for an end or another
    -- post. Numbers follow commit order (the next post waits for this one to commit), so they have no gaps.
    UPDATE conversations AS c
       SET last_message_seq = c.last_message_seq + 1,
           -- A conversation is in handoff from its first human_agent message until end-handoff.
           handoff = c.handoff OR $4::text = 'human_agent',
           -- Never backwards; the message's own time, so no message is newer than the conversation.
           updated_at = greatest(c.updated_at, clock_timestamp())
     WHERE c.tenant_id = $1
       AND c.id = $2
       AND c.status = 'active'
       AND ($4::text <> 'end_user' OR c.end_user_id = $5::text)
    RETURNING c AS row, c.last_message_seq AS seq, c.updated_at AS created_at
), message AS (
    INSERT INTO messages AS m (tenant_id, conversation_id, seq, id, author_role, author_id, author_display_name,
                               author_avatar, content_type, body, file_url, file_mime_type, file_filename, created_at)
    SELECT $1, $2, seq, $3, $4::text, $5::text, $6, $7, $8, $9, $10, $11, $12, created_at
      FROM conversation
    RETURNING m AS row
), event AS (
    -- The payload is rendered when the event is read (event_payload_of, db/migration/V8).
    INSERT INTO events (tenant_id, type, conversation_id, channel_id, message_seq, created_at)
    SELECT $1, 'v1.conversation.message', $2, (conversation.row).channel_id, (message.row).seq,
           (message.row).created_at
      FROM message, conversation
)
SELECT (row).id, (row).created_at FROM message
