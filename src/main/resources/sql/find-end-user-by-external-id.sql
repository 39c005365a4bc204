-- GET /api/v2/end-users/?external_id=. Parameters: $1 tenant id, $2 the case-folded external id.
SELECT id, external_id, first_name, last_name, display_name, avatar, email, language, metadata::text AS metadata,
       created_at, updated_at
  FROM end_users
 WHERE tenant_id = $1 AND external_id_key = $2
