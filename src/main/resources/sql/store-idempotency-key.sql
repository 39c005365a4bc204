-- The response of a POST with an Idempotency-Key, in the transaction of its effect (replacing an expired row of the
-- same key). Parameters: $1 tenant id, $2 key, $3 fingerprint, $4 status, $5 body, $6 seconds valid.
INSERT INTO idempotency_keys AS k (tenant_id, key, fingerprint, status, body)
VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (tenant_id, key) DO UPDATE
   SET fingerprint = EXCLUDED.fingerprint, status = EXCLUDED.status, body = EXCLUDED.body,
       created_at = clock_timestamp()
 WHERE k.created_at <= clock_timestamp() - make_interval(secs => $6)
