-- POST /api/v2/webhooks/{id}/secret/rotate/: the current secret keeps signing beside the new one for a while.
-- Parameters: $1 tenant id, $2 webhook id, $3 the new sealed secret, $4 seconds the previous one keeps signing.
-- No row: no such webhook for the tenant.
UPDATE webhooks AS w
   SET previous_secret = w.secret,
       previous_secret_until = clock_timestamp() + make_interval(secs => $4),
       secret = $3,
       updated_at = greatest(w.updated_at, clock_timestamp())
 WHERE w.tenant_id = $1 AND w.id = $2
RETURNING w.id
