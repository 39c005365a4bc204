-- The outcome of one delivery attempt (WebhookDispatcher). Parameters: $1 delivery id, $2 the attempt's number,
-- $3 delivered (2xx), $4 response status or null, $5 error or null, $6 duration in ms, $7 when it started,
-- $8 seconds until the next attempt, null when this was the last one (the delivery fails and the webhook is
-- disabled). The delivery changes only if it is still this attempt's (a replica whose lease ran out may report
-- late); the attempt is recorded either way. Returns whether the webhook was disabled.
WITH delivery AS (
    UPDATE webhook_deliveries AS d
       SET state = CASE WHEN $3 THEN 'delivered' WHEN $8::float8 IS NULL THEN 'failed' ELSE 'pending' END,
           due_at = CASE WHEN $3 OR $8::float8 IS NULL THEN NULL
                         ELSE clock_timestamp() + make_interval(secs => $8::float8) END
     WHERE d.id = $1 AND d.attempts = $2 AND d.state = 'pending'
    RETURNING d.tenant_id, d.webhook_id, d.state, d.due_at
), disabled AS (
    UPDATE webhooks AS w
       SET enabled = false, disabled_reason = 'failing', updated_at = greatest(w.updated_at, clock_timestamp())
      FROM delivery
     WHERE delivery.state = 'failed' AND w.tenant_id = delivery.tenant_id AND w.id = delivery.webhook_id
       AND w.enabled
    RETURNING w.id
)
INSERT INTO webhook_attempts (tenant_id, webhook_id, delivery_id, attempt, attempted_at, duration_ms, outcome,
                              response_status, error, next_retry_at)
SELECT d.tenant_id, d.webhook_id, d.id, $2, $7, $6, CASE WHEN $3 THEN 'delivered' ELSE 'failed' END, $4, $5,
       (SELECT due_at FROM delivery)
  FROM webhook_deliveries AS d
 WHERE d.id = $1
RETURNING EXISTS (SELECT FROM disabled) AS disabled
