-- GET /api/v2/webhooks/{id}/attempts/: newest first, before the cursor. Parameters: $1 tenant id, $2 webhook id,
-- $3 cursor (the last attempt id of the previous page; null for the first page), $4 rows (one more than the page).
SELECT a.id, e.id AS event_id, e.type AS event_type, a.attempt, a.outcome, a.response_status, a.error,
       a.duration_ms, a.attempted_at, a.next_retry_at
  FROM webhook_attempts AS a
  JOIN webhook_deliveries AS d ON d.id = a.delivery_id
  JOIN events AS e ON e.seq = d.event_seq
 WHERE a.tenant_id = $1 AND a.webhook_id = $2 AND ($3::bigint IS NULL OR a.id < $3::bigint)
 ORDER BY a.id DESC
 LIMIT $4
