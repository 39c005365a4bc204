-- POST /api/v2/conversations/ as one statement: the channel and the end user must belong to the tenant; without
-- an end user id a new end user is created in the same statement.
-- Parameters: $1 tenant id, $2 channel id, $3 end user id or null, $4 id for a new end user,
--             $5 conversation id, $6 metadata (a JSON object, bound as text).
-- No row: the channel or the given end user does not exist for this tenant.
-- A given end user is locked (FOR KEY SHARE, as the foreign key's check would) and, when it was created through
-- POST /api/v2/end-users/ and not yet taken, claimed (attach_by cleared): the orphan clean-up skips locked rows, and
-- finds a claimed one no longer due; one it deleted first is not found. Either may find the row, or both (UNION).
-- The same statement writes the events (v1.conversation.created, and v1.end_user.created for a new end user), so
-- a committed conversation always has them (db/migration/V6).
WITH channel AS (
    SELECT id FROM channels WHERE tenant_id = $1 AND id = $2
), new_end_user AS (
    INSERT INTO end_users AS u (tenant_id, id)
    SELECT $1, $4 FROM channel WHERE $3::text IS NULL
    RETURNING u AS row, u.id
), claimed_end_user AS (
    UPDATE end_users SET attach_by = NULL
     WHERE tenant_id = $1 AND id = $3::text AND attach_by IS NOT NULL AND EXISTS (SELECT FROM channel)
    RETURNING id
), given_end_user AS (
    SELECT id FROM end_users WHERE tenant_id = $1 AND id = $3::text AND EXISTS (SELECT FROM channel)
       FOR KEY SHARE
), end_user AS (
    SELECT id FROM new_end_user
    UNION
    SELECT id FROM claimed_end_user
    UNION
    SELECT id FROM given_end_user
), conversation AS (
    INSERT INTO conversations AS c (tenant_id, id, channel_id, end_user_id, metadata)
    SELECT $1, $5, channel.id, end_user.id, $6::text::jsonb
      FROM channel, end_user
    RETURNING c AS row
), conversation_event AS (
    INSERT INTO events (tenant_id, type, conversation_id, channel_id, payload, created_at)
    SELECT $1, 'v1.conversation.created', (row).id, (row).channel_id,
           event_payload('v1.conversation.created', (row).created_at, conversation_event_data(row, false)),
           (row).created_at
      FROM conversation
), end_user_event AS (
    INSERT INTO events (tenant_id, type, payload, created_at)
    SELECT $1, 'v1.end_user.created', event_payload('v1.end_user.created', (row).created_at, end_user_event_data(row)),
           (row).created_at
      FROM new_end_user
)
SELECT (row).id, (row).channel_id, (row).end_user_id, (row).status, (row).created_at, (row).updated_at,
       (row).ended_at, (row).metadata::text AS metadata
  FROM conversation
