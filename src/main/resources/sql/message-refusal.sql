-- Why post-message.sql wrote nothing: no row (no such conversation for the tenant), or its status and end user.
-- Parameters: $1 tenant id, $2 conversation id.
SELECT status, end_user_id FROM conversations WHERE tenant_id = $1 AND id = $2
