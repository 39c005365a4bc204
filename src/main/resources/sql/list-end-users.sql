-- GET /api/v2/end-users/: a page in id order (creation order, stable). Parameters: $1 tenant id,
-- $2 the last id of the previous page ('' for the first page), $3 rows.
SELECT id, external_id, first_name, last_name, display_name, avatar, email, language, metadata::text AS metadata,
       created_at, updated_at
  FROM end_users
 WHERE tenant_id = $1 AND id > $2
 ORDER BY id
 LIMIT $3
