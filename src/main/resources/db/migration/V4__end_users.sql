-- End users (issue 11): profile, external id, metadata, sensitive metadata, and the deadline of an end user created
-- through the API to be attached to a conversation.

-- The additive metadata merge, the one building block of every statement that merges metadata (conversations and
-- end users): remove the keys sent as null, then add or overwrite the keys sent with a value. The planner inlines
-- metadata_merge and metadata_fits into the calling statement (plain SQL, immutable, no sub-select), so the merge
-- costs what the expression written in place would (docs/decisions/002).
CREATE FUNCTION metadata_merge(metadata jsonb, removals text[], additions jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (metadata - removals) || additions $$;

-- The UTF-8 size of the compact JSON of a flat object. jsonb's text form adds one space after each ':' and each ','
-- (values are never nested), so compact = length - (2 * keys - 1). Not inlined (it counts keys with a sub-select):
-- metadata_fits only calls it when the spaced form is over the limit.
CREATE FUNCTION metadata_compact_size(metadata jsonb) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT octet_length(metadata::text) - greatest(2 * (SELECT count(*) FROM jsonb_object_keys(metadata)) - 1, 0) $$;

-- Whether merged metadata stays within max_bytes of compact JSON. Part of the row predicate of a merge, so it is
-- re-checked on the newest row version: two concurrent PATCHes that each fit alone cannot pass the limit together.
CREATE FUNCTION metadata_fits(metadata jsonb, max_bytes integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT octet_length(metadata::text) <= max_bytes OR metadata_compact_size(metadata) <= max_bytes $$;

-- Sensitive fields are stored as key -> {"value": ciphertext, "set_at": time}: each is purged a fixed time after it was
-- set, even when others are set later.
CREATE FUNCTION sensitive_fields_stamped(additions jsonb, set_at timestamptz) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(jsonb_object_agg(key, jsonb_build_object('value', value, 'set_at', set_at)), '{}')
            FROM jsonb_each(additions) $$;

-- When the oldest field was set; null when there is none.
CREATE FUNCTION sensitive_fields_oldest(fields jsonb) RETURNS timestamptz
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT min((value ->> 'set_at')::timestamptz) FROM jsonb_each(fields) $$;

-- The fields set after a time (the purge keeps these).
CREATE FUNCTION sensitive_fields_set_after(fields jsonb, since timestamptz) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(jsonb_object_agg(key, value) FILTER (WHERE (value ->> 'set_at')::timestamptz > since), '{}')
            FROM jsonb_each(fields) $$;

-- The columns first, their checks after: added NOT VALID, so that no scan of end_users (one row per conversation)
-- runs under the table's exclusive lock; every existing row satisfies them (the new columns are null or default),
-- and every new or updated row is checked.
ALTER TABLE end_users
    -- As given; external_id_key is its case-folded form (folded by the service, independent of the database's
    -- locale), unique per tenant.
    ADD COLUMN external_id        text,
    ADD COLUMN external_id_key    text,
    ADD COLUMN first_name         text,
    ADD COLUMN last_name          text,
    ADD COLUMN display_name       text,
    ADD COLUMN avatar             text,
    ADD COLUMN email              text,
    ADD COLUMN language           text,
    ADD COLUMN metadata           jsonb NOT NULL DEFAULT '{}',
    -- Sensitive metadata: key -> {"value": AES-GCM ciphertext (base64), "set_at": when it was set}. Never returned.
    -- sensitive_purge_at is when its oldest field is due to be purged (null when there is none).
    ADD COLUMN sensitive_metadata jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN sensitive_purge_at timestamptz,
    -- An end user created by POST /api/v2/end-users/ is deleted after this time unless a conversation takes it
    -- (which clears it). Null for end users created with their conversation.
    ADD COLUMN attach_by          timestamptz,
    -- Existing end users (created with their conversation) get the migration's time.
    ADD COLUMN updated_at         timestamptz NOT NULL DEFAULT now();

ALTER TABLE end_users
    ADD CONSTRAINT end_users_external_id_form
        CHECK (char_length(external_id) BETWEEN 1 AND 36 AND external_id !~ '[<>]') NOT VALID,
    ADD CONSTRAINT end_users_external_id_key CHECK ((external_id IS NULL) = (external_id_key IS NULL)) NOT VALID,
    ADD CONSTRAINT end_users_names
        CHECK (char_length(first_name) <= 200 AND char_length(last_name) <= 200
               AND char_length(display_name) <= 200) NOT VALID,
    ADD CONSTRAINT end_users_contact
        CHECK (char_length(avatar) <= 2048 AND char_length(email) <= 320 AND char_length(language) <= 35) NOT VALID,
    ADD CONSTRAINT end_users_metadata CHECK (jsonb_typeof(metadata) = 'object') NOT VALID,
    ADD CONSTRAINT end_users_sensitive_metadata CHECK (jsonb_typeof(sensitive_metadata) = 'object') NOT VALID,
    ADD CONSTRAINT end_users_updated_after_created CHECK (updated_at >= created_at) NOT VALID;

CREATE UNIQUE INDEX end_users_external_id ON end_users (tenant_id, external_id_key) WHERE external_id_key IS NOT NULL;
CREATE INDEX end_users_attach_by ON end_users (attach_by) WHERE attach_by IS NOT NULL;
CREATE INDEX end_users_sensitive_purge_at ON end_users (sensitive_purge_at) WHERE sensitive_purge_at IS NOT NULL;

-- Conversations by end user: the orphan clean-up's "no conversation has it" and the foreign key's check when an end
-- user is deleted would otherwise scan the whole table. Not CONCURRENTLY: Flyway's transactional lock makes such a
-- migration wait for itself (flyway/flyway#3508, #3682). Building it holds off writes to conversations for as long
-- as the build takes (about a second per million conversations here): plan the upgrade of a large table.
CREATE INDEX conversations_end_user ON conversations (tenant_id, end_user_id);
