-- POST /api/v2/webhooks/{id}/replay/: every event since a time that matches the webhook's filters and that it has
-- not received (failed, or never sent) is due again at once, oldest first, at most $4 per statement; a call again
-- continues (pending and delivered ones are skipped). Parameters: $1 tenant id, $2 webhook id, $3 since,
-- $4 most events per call. Returns one row per event made due.
WITH webhook AS (
    SELECT w.tenant_id, w.id, w.event_filters, w.channels
      FROM webhooks AS w
     WHERE w.tenant_id = $1 AND w.id = $2
), due AS (
    SELECT e.seq
      FROM events AS e, webhook AS w
     WHERE e.tenant_id = $1
       AND e.created_at >= $3
       AND (cardinality(w.event_filters) = 0 OR e.type = ANY (w.event_filters))
       AND (cardinality(w.channels) = 0 OR e.channel_id = ANY (w.channels))
       AND NOT EXISTS (SELECT FROM webhook_deliveries AS d
                        WHERE d.webhook_id = w.id AND d.event_seq = e.seq AND d.state IN ('pending', 'delivered'))
     ORDER BY e.seq
     LIMIT $4
)
INSERT INTO webhook_deliveries AS d (tenant_id, webhook_id, event_seq, due_at)
SELECT $1, $2, seq, clock_timestamp() FROM due
    ON CONFLICT (webhook_id, event_seq) DO UPDATE SET state = 'pending', attempts = 0, due_at = clock_timestamp()
RETURNING d.event_seq
