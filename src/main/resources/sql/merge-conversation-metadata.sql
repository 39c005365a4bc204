-- The metadata merge of PATCH /api/v2/conversations/{id}/, as one atomic statement.
-- Parameters: $1 tenant id, $2 conversation id, $3 keys sent as null (text[]),
--             $4 keys sent with a value (a JSON object, bound as text), $5 metadata size limit in bytes.
-- Returns the updated conversation, or no row when nothing changed: the conversation does not exist for this
-- tenant, or the merged metadata would exceed the limit (the service then tells the two apart with a read).
-- metadata_merge and metadata_fits are the shared merge (db/migration/V4), inlined by the planner.
UPDATE conversations AS c
   -- c is the newest committed row version (PostgreSQL waits for and re-reads a concurrent writer's row),
   -- so concurrent PATCHes never lose an update.
   SET metadata = metadata_merge(c.metadata, $3::text[], $4::text::jsonb),
       -- Never backwards: a transaction that started earlier may commit after a later one.
       updated_at = greatest(c.updated_at, clock_timestamp())
 WHERE c.tenant_id = $1
   AND c.id = $2
   -- The size limit is part of the row predicate, so it is re-checked on the newest row version too.
   AND metadata_fits(metadata_merge(c.metadata, $3::text[], $4::text::jsonb), $5)
RETURNING c.id, c.channel_id, c.end_user_id, c.status, c.created_at, c.updated_at, c.ended_at, c.metadata::text AS metadata
