-- Live streams notify only for watched conversations (issue 12, docs/decisions/012). Ships with V6 and V7 (one
-- release): no replica ever read the events without this. A NOTIFY takes a lock at
-- commit that every notifying transaction shares, which cost posting a message more than half its throughput in
-- pgbench; most conversations have no live stream open. ConversationEventStreams registers here each conversation
-- it streams (per replica, refreshed every 30 s while a stream is open, expiring 90 s after), and the fan-out
-- notifies only for those. Unlogged: a crash empties it and replicas register their streams again at the next refresh; a stream also
-- reads the log at each heartbeat, so a missed wake-up delays an event, never loses it.
CREATE UNLOGGED TABLE event_watches (
    tenant_id       resource_id NOT NULL,
    conversation_id resource_id NOT NULL,
    replica         uuid        NOT NULL,
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, conversation_id, replica)
);

CREATE OR REPLACE FUNCTION events_fan_out() RETURNS trigger
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
    IF NEW.conversation_id IS NOT NULL
       AND EXISTS (SELECT FROM event_watches AS v
                    WHERE v.tenant_id = NEW.tenant_id AND v.conversation_id = NEW.conversation_id
                      AND v.expires_at > clock_timestamp()) THEN
        PERFORM pg_notify('conversation_events', NEW.tenant_id || '/' || NEW.conversation_id);
    END IF;
    RETURN NULL;
END
$$;

-- A message event's payload is rendered when it is read (webhook attempt, live stream), not when the message is
-- posted: every row it is made of is immutable (the message, its conversation's end user, its channel, which has
-- no update API), so the payload read later is the one the post would have rendered, and posting a message no
-- longer pays for the rendering (a quarter of its throughput in pgbench). Other events keep their snapshot: the
-- conversation's metadata and the end user change later.
ALTER TABLE events
    ALTER COLUMN payload DROP NOT NULL,
    ADD COLUMN message_seq bigint,
    ADD CONSTRAINT events_payload_or_message CHECK ((payload IS NULL) = (message_seq IS NOT NULL)) NOT VALID;

-- The payload of any event as delivered.
CREATE FUNCTION event_payload_of(e events) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(e.payload,
                          (SELECT event_payload(e.type, m.created_at, message_event_data(m, c, ch))
                             FROM messages AS m
                             JOIN conversations AS c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id
                             JOIN channels AS ch ON ch.tenant_id = c.tenant_id AND ch.id = c.channel_id
                            WHERE m.tenant_id = e.tenant_id AND m.conversation_id = e.conversation_id
                              AND m.seq = e.message_seq)) $$;

-- Cheaper inserts: the public id needs no unique index of its own (a random UUID, whose inserts land all over a
-- btree): a stream looks an id up among its conversation's events, which this index covers.
ALTER TABLE events DROP CONSTRAINT events_id_key;
CREATE INDEX events_conversation_ids ON events (tenant_id, conversation_id, seq) INCLUDE (id)
    WHERE conversation_id IS NOT NULL;
DROP INDEX events_conversation;
