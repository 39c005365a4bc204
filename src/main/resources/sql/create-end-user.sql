-- POST /api/v2/end-users/ as one statement, an idempotent upsert on the external id (Ada): when the tenant already
-- has an end user with the same case-folded external id, that one is returned unchanged (created = false), also
-- when two creates race (the unique index makes the second wait for the first, then take its row).
-- Parameters: $1 tenant id, $2 new end user id, $3 external id, $4 its case-folded key (both null when absent),
--             $5 first name, $6 last name, $7 display name, $8 avatar, $9 email, $10 language,
--             $11 metadata (a JSON object as text), $12 sensitive fields (key -> ciphertext, a JSON object as text),
--             $13 seconds to be attached to a conversation, $14 seconds sensitive fields are kept.
-- A created end user's v1.end_user.created event is written by the same statement (db/migration/V6).
WITH now AS (
    SELECT clock_timestamp() AS t
), upserted AS (
    INSERT INTO end_users AS u (tenant_id, id, external_id, external_id_key, first_name, last_name, display_name, avatar,
                                email, language, metadata, sensitive_metadata, sensitive_purge_at, attach_by,
                                created_at, updated_at)
    SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text::jsonb,
           sensitive_fields_stamped($12::text::jsonb, t),
           CASE WHEN $12::text::jsonb <> '{}' THEN t + make_interval(secs => $14) END,
           t + make_interval(secs => $13), t, t
      FROM now
        ON CONFLICT (tenant_id, external_id_key) WHERE external_id_key IS NOT NULL
        -- A write that changes nothing, so that the existing row is returned (DO NOTHING would return no row).
        DO UPDATE SET external_id_key = EXCLUDED.external_id_key
    RETURNING u AS row, u.id = $2 AS created
), event AS (
    INSERT INTO events (tenant_id, type, payload, created_at)
    SELECT $1, 'v1.end_user.created', event_payload('v1.end_user.created', (row).created_at, end_user_event_data(row)),
           (row).created_at
      FROM upserted
     WHERE created
)
SELECT (row).id, (row).external_id, (row).first_name, (row).last_name, (row).display_name, (row).avatar, (row).email,
       (row).language, (row).metadata::text AS metadata, (row).created_at, (row).updated_at, created
  FROM upserted