-- PATCH /api/v2/end-users/{id} as one atomic statement.
-- Parameters: $1 tenant id, $2 end user id,
--             $3 metadata keys sent as null (text[]), $4 metadata keys sent with a value (a JSON object as text),
--             $5 metadata size limit in bytes, $6 true when metadata was sent as null (all keys removed),
--             $7 sensitive keys sent as null, $8 sensitive fields sent (key -> ciphertext, a JSON object as text),
--             $9 most sensitive fields held at once, $10 true when sensitive_metadata was sent as null,
--             $11 seconds sensitive fields are kept, $12 the fields given (text[]: external_id and profile fields),
--             $13 external id, $14 its case-folded key, $15 first name, $16 last name, $17 display name,
--             $18 avatar, $19 email, $20 language.
-- No row: the end user does not exist for the tenant, or the result would break a limit (metadata size, sensitive
-- fields held, a key in both); the service tells which with patch-end-user-refusal.sql. A taken external id fails
-- on the unique index (409). Both merges are the shared metadata_merge (db/migration/V4); the limits are row
-- predicates, re-checked on the newest row version after waiting for a concurrent writer. The same statement writes
-- the v1.end_user.updated event (db/migration/V6) when the end user as the API shows it changed (not for a PATCH
-- that changed nothing, or only sensitive fields): `before` (joined by the UPDATE, so it runs first) locks the row,
-- so it is the newest version before this change.
WITH now AS (
    SELECT clock_timestamp() AS t
), before AS (
    SELECT u AS row FROM end_users AS u WHERE u.tenant_id = $1 AND u.id = $2 FOR UPDATE
), patched AS (
    UPDATE end_users AS u
       SET metadata = metadata_merge(CASE WHEN $6 THEN '{}' ELSE u.metadata END, $3::text[], $4::text::jsonb),
           sensitive_metadata = metadata_merge(CASE WHEN $10 THEN '{}' ELSE u.sensitive_metadata END, $7::text[],
                                               sensitive_fields_stamped($8::text::jsonb, now.t)),
           sensitive_purge_at = sensitive_fields_oldest(metadata_merge(
                                    CASE WHEN $10 THEN '{}' ELSE u.sensitive_metadata END, $7::text[],
                                    sensitive_fields_stamped($8::text::jsonb, now.t))) + make_interval(secs => $11),
           external_id = CASE WHEN 'external_id' = ANY ($12) THEN $13 ELSE u.external_id END,
           external_id_key = CASE WHEN 'external_id' = ANY ($12) THEN $14 ELSE u.external_id_key END,
           first_name = CASE WHEN 'first_name' = ANY ($12) THEN $15 ELSE u.first_name END,
           last_name = CASE WHEN 'last_name' = ANY ($12) THEN $16 ELSE u.last_name END,
           display_name = CASE WHEN 'display_name' = ANY ($12) THEN $17 ELSE u.display_name END,
           avatar = CASE WHEN 'avatar' = ANY ($12) THEN $18 ELSE u.avatar END,
           email = CASE WHEN 'email' = ANY ($12) THEN $19 ELSE u.email END,
           language = CASE WHEN 'language' = ANY ($12) THEN $20 ELSE u.language END,
           -- Never backwards: a transaction that started earlier may commit after a later one.
           updated_at = greatest(u.updated_at, now.t)
      FROM now, before
     WHERE u.tenant_id = $1
       AND u.id = $2
       AND metadata_fits(metadata_merge(CASE WHEN $6 THEN '{}' ELSE u.metadata END, $3::text[], $4::text::jsonb), $5)
       AND (SELECT count(*)
              FROM jsonb_object_keys(metadata_merge(CASE WHEN $10 THEN '{}' ELSE u.sensitive_metadata END, $7::text[],
                                                    $8::text::jsonb))) <= $9
       AND NOT metadata_merge(CASE WHEN $6 THEN '{}' ELSE u.metadata END, $3::text[], $4::text::jsonb)
               ?| ARRAY(SELECT jsonb_object_keys(metadata_merge(CASE WHEN $10 THEN '{}' ELSE u.sensitive_metadata END,
                                                                $7::text[], $8::text::jsonb)))
    RETURNING u AS row
), event AS (
    INSERT INTO events (tenant_id, type, payload, created_at)
    SELECT $1, 'v1.end_user.updated',
           event_payload('v1.end_user.updated', (p.row).updated_at, end_user_event_data(p.row)), (p.row).updated_at
      FROM patched AS p, before AS b
     WHERE end_user_event_data(p.row)::jsonb - 'updated_at'
           IS DISTINCT FROM end_user_event_data(b.row)::jsonb - 'updated_at'
)
SELECT (row).id, (row).external_id, (row).first_name, (row).last_name, (row).display_name, (row).avatar, (row).email,
       (row).language, (row).metadata::text AS metadata, (row).created_at, (row).updated_at
  FROM patched