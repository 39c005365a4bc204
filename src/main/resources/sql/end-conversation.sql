-- POST /api/v2/conversations/{id}/end/. Parameters: $1 tenant id, $2 conversation id.
-- No row: the conversation does not exist for the tenant, or has already ended (ended_at is kept).
-- The row lock orders the end after every post that committed before it, and updated_at (re-read on the newest
-- row version) already carries the last message's time, so no message is after ended_at. The end also ends a
-- handoff. One clock reading for both columns: ended_at = updated_at.
UPDATE conversations AS c
   SET status = 'ended',
       handoff = false,
       ended_at = greatest(c.updated_at, t.now),
       updated_at = greatest(c.updated_at, t.now)
  FROM (SELECT clock_timestamp() AS now) AS t
 WHERE c.tenant_id = $1 AND c.id = $2 AND c.status = 'active'
RETURNING c.id
