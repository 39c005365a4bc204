-- This replica no longer streams a conversation (its last stream ended), or any ($1 and $2 null: shutdown) (V8).
-- Parameters: $1 tenant id, $2 conversation id, $3 this replica's id.
DELETE FROM event_watches
 WHERE replica = $3::uuid AND ($1::text IS NULL OR (tenant_id = $1::text AND conversation_id = $2::text))
