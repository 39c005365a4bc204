-- Whether a conversation exists for the tenant: tells a refused merge (400) from a missing conversation (404).
-- Parameters: $1 tenant id, $2 conversation id.
SELECT 1 FROM conversations WHERE tenant_id = $1 AND id = $2
