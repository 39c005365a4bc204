-- The clean-up of expired idempotency keys (IdempotencyKeys), one batch per statement. Parameters: $1 seconds a
-- key is valid, $2 batch size. Returns one row per key deleted. Replicas may run it at once: SKIP LOCKED.
WITH due AS (
    SELECT tenant_id, key
      FROM idempotency_keys
     WHERE created_at <= clock_timestamp() - make_interval(secs => $1)
     ORDER BY created_at
     LIMIT $2
       FOR UPDATE SKIP LOCKED
)
DELETE FROM idempotency_keys AS k
 USING due
 WHERE k.tenant_id = due.tenant_id AND k.key = due.key
RETURNING k.key
