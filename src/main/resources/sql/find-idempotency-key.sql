-- The response stored for a tenant's key within its validity. Parameters: $1 tenant id, $2 key, $3 seconds valid.
SELECT fingerprint, status, body
  FROM idempotency_keys
 WHERE tenant_id = $1 AND key = $2 AND created_at > clock_timestamp() - make_interval(secs => $3)
