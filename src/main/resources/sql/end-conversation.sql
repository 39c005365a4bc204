-- POST /api/v2/conversations/{id}/end/. Parameters: $1 tenant id, $2 conversation id.
-- No row: the conversation does not exist for the tenant, or has already ended (ended_at is kept).
-- The row lock orders the end after every post that committed before it, and updated_at (re-read on the newest
-- row version) already carries the last message's time, so no message is after ended_at. The end also ends a
-- handoff. One clock reading for both columns: ended_at = updated_at. The same statement writes the
-- v1.conversation.ended event (db/migration/V6).
WITH ended AS (
    UPDATE conversations AS c
       SET status = 'ended',
           handoff = false,
           ended_at = greatest(c.updated_at, t.now),
           updated_at = greatest(c.updated_at, t.now)
      FROM (SELECT clock_timestamp() AS now) AS t
     WHERE c.tenant_id = $1 AND c.id = $2 AND c.status = 'active'
    RETURNING c AS row
), event AS (
    INSERT INTO events (tenant_id, type, conversation_id, channel_id, payload, created_at)
    SELECT $1, 'v1.conversation.ended', $2, (row).channel_id,
           event_payload('v1.conversation.ended', (row).ended_at, conversation_event_data(row, true)), (row).ended_at
      FROM ended
)
SELECT (row).id FROM ended
