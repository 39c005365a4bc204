-- POST /api/v2/conversations/{id}/end-handoff/: control goes back to the AI agent.
-- Parameters: $1 tenant id, $2 conversation id. No row: no such conversation, or it is not in handoff.
UPDATE conversations AS c
   SET handoff = false,
       updated_at = greatest(c.updated_at, clock_timestamp())
 WHERE c.tenant_id = $1 AND c.id = $2 AND c.handoff
RETURNING c.id
