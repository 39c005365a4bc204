-- The pruning of the event log (EventLog), one batch per statement. Parameters: $1 retention in seconds,
-- $2 batch size. Returns one row per event deleted (their deliveries and attempts go with them).
-- One replica at a time (the advisory lock, as in delete-orphan-end-users.sql). An event older than the retention
-- stays while a delivery of it to an enabled webhook is still pending (retries end long before the retention).
WITH job AS (
    SELECT pg_try_advisory_xact_lock(hashtext('conversations.prune-events')) AS leader,
           clock_timestamp() - make_interval(secs => $1) AS horizon
), due AS (
    SELECT e.seq
      FROM events AS e
     WHERE e.created_at < (SELECT horizon FROM job)
       AND (SELECT leader FROM job)
       AND NOT EXISTS (SELECT FROM webhook_deliveries AS d
                         JOIN webhooks AS w ON w.tenant_id = d.tenant_id AND w.id = d.webhook_id
                        WHERE d.event_seq = e.seq AND d.state = 'pending' AND w.enabled)
     ORDER BY e.created_at
     LIMIT $2
       FOR UPDATE OF e SKIP LOCKED
)
DELETE FROM events AS e
 USING due
 WHERE e.seq = due.seq
RETURNING e.seq
