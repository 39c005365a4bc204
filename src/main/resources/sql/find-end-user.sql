-- GET /api/v2/end-users/{id}. Parameters: $1 tenant id, $2 end user id.
SELECT id, external_id, first_name, last_name, display_name, avatar, email, language, metadata::text AS metadata,
       created_at, updated_at
  FROM end_users
 WHERE tenant_id = $1 AND id = $2
