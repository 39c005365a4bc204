-- The deliveries a dispatcher attempts next (WebhookDispatcher), claimed by moving their due time past the lease:
-- another replica skips rows being claimed (SKIP LOCKED) and finds claimed ones no longer due; a replica that dies
-- mid-attempt leaves them due again when the lease ends. Each enabled webhook gets at most its free share of
-- attempts (oldest due first), webhooks in the order of their oldest due delivery, so a webhook with a backlog or a
-- slow receiver never holds the others' turn.
-- Parameters: $1 webhooks with attempts in flight on this replica (text[]), $2 their attempts in flight (int[]),
--             $3 most attempts in flight per webhook, $4 most deliveries claimed, $5 lease in seconds.
WITH due_webhooks AS (
    -- The webhooks with due work, the one waiting longest first: each gets its share before a backlog takes more.
    SELECT w.id, d.oldest
      FROM webhooks AS w
     CROSS JOIN LATERAL (SELECT min(d.due_at) AS oldest
                           FROM webhook_deliveries AS d
                          WHERE d.webhook_id = w.id AND d.state = 'pending' AND d.due_at <= clock_timestamp()) AS d
     WHERE w.enabled AND d.oldest IS NOT NULL
     ORDER BY d.oldest
     LIMIT $4
), claimable AS (
    SELECT d.id
      FROM due_webhooks AS w
     CROSS JOIN LATERAL (
           SELECT d.id
             FROM webhook_deliveries AS d
            WHERE d.webhook_id = w.id AND d.state = 'pending' AND d.due_at <= clock_timestamp()
            ORDER BY d.due_at, d.id
            LIMIT greatest($3 - coalesce(($2::int[])[array_position($1::text[], w.id::text)], 0), 0)
              FOR UPDATE SKIP LOCKED) AS d
     LIMIT $4
), claimed AS (
    UPDATE webhook_deliveries AS d
       SET due_at = clock_timestamp() + make_interval(secs => $5),
           attempts = d.attempts + 1
      FROM claimable
     WHERE d.id = claimable.id
    RETURNING d.id, d.tenant_id, d.webhook_id, d.event_seq, d.attempts
)
SELECT c.id, c.tenant_id, c.webhook_id, c.attempts, e.id AS event_id, e.created_at AS event_created_at,
       event_payload_of(e) AS payload,
       w.url, w.secret,
       CASE WHEN w.previous_secret_until > clock_timestamp() THEN w.previous_secret END AS previous_secret
  FROM claimed AS c
  JOIN events AS e ON e.seq = c.event_seq
  JOIN webhooks AS w ON w.tenant_id = c.tenant_id AND w.id = c.webhook_id
