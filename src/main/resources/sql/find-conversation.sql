-- GET /api/v2/conversations/{id}/. Parameters: $1 tenant id, $2 conversation id.
SELECT id, channel_id, end_user_id, status, created_at, updated_at, ended_at, metadata::text AS metadata
  FROM conversations
 WHERE tenant_id = $1 AND id = $2
