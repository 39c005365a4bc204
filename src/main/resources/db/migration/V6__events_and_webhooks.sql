-- The event log and webhooks (issue 12, docs/decisions/012).
-- An event is inserted by the statement that makes the change it reports (create-conversation.sql,
-- post-message.sql, ...), so a committed change always has its event and a rolled-back one never. seq orders the
-- log; the events of one conversation are written under the conversation's row lock (or by the statement that
-- creates it), so their seq follows their commit order.
CREATE TABLE events (
    seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The public id (webhook-id, the stream's event id): random, so that it tells nothing about other tenants' volume.
    id              uuid        NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    tenant_id       resource_id NOT NULL,
    type            text        NOT NULL,
    conversation_id resource_id,
    -- The channel tag of webhook channel filters: null for end-user events (delivered to unfiltered webhooks only).
    channel_id      resource_id,
    -- {"type", "timestamp", "data"} exactly as delivered.
    payload         text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX events_conversation ON events (tenant_id, conversation_id, seq) WHERE conversation_id IS NOT NULL;
CREATE INDEX events_tenant_created ON events (tenant_id, created_at);
CREATE INDEX events_created ON events (created_at);

-- Event payloads, rendered by the statement that writes the event (so the change and its event are one atomic write):
-- Ada's webhook payloads, {"type", "timestamp", "data"}, with timestamps as the API writes them (ApiTimestamps).
-- EventPayloadTest compares each with the API's own answer.
CREATE FUNCTION api_timestamp(t timestamptz) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"') $$;

CREATE FUNCTION event_payload(type text, at timestamptz, data json) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT json_build_object('type', type, 'timestamp', api_timestamp(at), 'data', data)::text $$;

-- v1.conversation.created and v1.conversation.ended; ended_by (Ada's, ended only) is always the API's end request
-- here, Ada's "system".
CREATE FUNCTION conversation_event_data(c conversations, ended boolean) RETURNS json
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT json_build_object('conversation_id', c.id, 'channel_id', c.channel_id, 'end_user_id', c.end_user_id,
                                   'status', c.status, 'created_at', api_timestamp(c.created_at),
                                   'updated_at', api_timestamp(c.updated_at), 'ended_at', api_timestamp(c.ended_at),
                                   'ended_by', CASE WHEN ended THEN json_build_object('id', null, 'role', 'system') END,
                                   'metadata', c.metadata) $$;

CREATE FUNCTION message_event_data(m messages, c conversations, ch channels) RETURNS json
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT json_build_object(
                     'message_id', m.id, 'conversation_id', m.conversation_id, 'end_user_id', c.end_user_id,
                     'handoff_integration', null,
                     'channel', json_build_object('type', 'custom', 'id', ch.id, 'name', ch.name,
                                                  'description', ch.description, 'modality', ch.modality,
                                                  'metadata', ch.metadata, 'created_at', api_timestamp(ch.created_at)),
                     'channel_id', ch.id,
                     'created_at', api_timestamp(m.created_at),
                     'author', json_build_object('id', m.author_id, 'role', m.author_role, 'avatar', m.author_avatar,
                                                 'display_name', m.author_display_name),
                     'content', CASE m.content_type
                                WHEN 'text' THEN json_build_object('type', 'text', 'body', m.body)
                                ELSE json_build_object('type', 'file', 'url', m.file_url, 'mime_type', m.file_mime_type,
                                                       'filename', m.file_filename) END) $$;

-- v1.end_user.created and v1.end_user.updated: the end user as the API returns it (never its sensitive metadata).
CREATE FUNCTION end_user_event_data(u end_users) RETURNS json
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT json_build_object(
                     'end_user_id', u.id, 'external_id', u.external_id,
                     'profile', json_build_object('first_name', u.first_name, 'last_name', u.last_name,
                                                  'display_name', u.display_name, 'avatar', u.avatar, 'email', u.email,
                                                  'language', u.language, 'metadata', u.metadata),
                     'created_at', api_timestamp(u.created_at), 'updated_at', api_timestamp(u.updated_at)) $$;

CREATE TABLE webhooks (
    tenant_id             resource_id NOT NULL REFERENCES tenants (id),
    id                    resource_id NOT NULL,
    url                   text        NOT NULL CHECK (char_length(url) BETWEEN 1 AND 2048),
    description           text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
    -- Empty: every event type; otherwise only these.
    event_filters         text[]      NOT NULL DEFAULT '{}',
    -- Empty: every event; otherwise only events tagged with one of these channel ids.
    channels              text[]      NOT NULL DEFAULT '{}',
    enabled               boolean     NOT NULL DEFAULT true,
    -- Why the service disabled it ('failing': the last retry failed); null when enabled or disabled through the API.
    disabled_reason       text,
    -- Signing secrets, AES-GCM sealed with conversations.webhooks.secret-key (never stored in clear). After a
    -- rotation the previous secret keeps signing beside the new one until previous_secret_until.
    secret                text        NOT NULL,
    previous_secret       text,
    previous_secret_until timestamptz,
    created_at            timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at            timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, id)
);

-- One row per event and webhook that should receive it, written with the event (events_fan_out below).
-- A pending delivery is due at due_at; a dispatcher claims it by moving due_at past the attempt's lease, so a
-- replica that dies mid-attempt leaves it due again when the lease ends (at-least-once).
CREATE TABLE webhook_deliveries (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id  resource_id NOT NULL,
    webhook_id resource_id NOT NULL,
    event_seq  bigint      NOT NULL REFERENCES events (seq) ON DELETE CASCADE,
    state      text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts   integer     NOT NULL DEFAULT 0,
    due_at     timestamptz,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (webhook_id, event_seq),
    FOREIGN KEY (tenant_id, webhook_id) REFERENCES webhooks (tenant_id, id) ON DELETE CASCADE,
    CHECK ((state = 'pending') = (due_at IS NOT NULL))
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (webhook_id, due_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_seq);

CREATE TABLE webhook_attempts (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id       resource_id NOT NULL,
    webhook_id      resource_id NOT NULL,
    delivery_id     bigint      NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt         integer     NOT NULL,
    attempted_at    timestamptz NOT NULL,
    duration_ms     integer     NOT NULL,
    -- 'delivered' (2xx) or 'failed'; response_status is null when no response came (error says why).
    outcome         text        NOT NULL CHECK (outcome IN ('delivered', 'failed')),
    response_status integer,
    error           text        CHECK (char_length(error) <= 200),
    next_retry_at   timestamptz
);
CREATE INDEX webhook_attempts_webhook ON webhook_attempts (tenant_id, webhook_id, id);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id);

-- Fan-out, in the transaction of the statement that inserts the event: a delivery for each enabled webhook of the
-- tenant whose filters match, and a notification that wakes the dispatchers and the live streams of every replica
-- (a wake-up only: they read the tables, so a lost notification delays, never loses).
CREATE FUNCTION events_fan_out() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    queued integer;
BEGIN
    INSERT INTO webhook_deliveries (tenant_id, webhook_id, event_seq, due_at, created_at)
    SELECT NEW.tenant_id, w.id, NEW.seq, NEW.created_at, NEW.created_at
      FROM webhooks AS w
     WHERE w.tenant_id = NEW.tenant_id
       AND w.enabled
       AND (cardinality(w.event_filters) = 0 OR NEW.type = ANY (w.event_filters))
       AND (cardinality(w.channels) = 0 OR NEW.channel_id = ANY (w.channels));
    GET DIAGNOSTICS queued = ROW_COUNT;
    IF queued > 0 THEN
        PERFORM pg_notify('webhook_deliveries', '');
    END IF;
    IF NEW.conversation_id IS NOT NULL THEN
        PERFORM pg_notify('conversation_events', NEW.tenant_id || '/' || NEW.conversation_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER events_fan_out AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_fan_out();
