-- POST /api/v2/webhooks/, in the transaction of lock-tenant-webhooks.sql (the count is read after the lock).
-- Parameters: $1 tenant id, $2 webhook id, $3 url, $4 description, $5 event filters (text[]), $6 channels (text[]),
--             $7 enabled, $8 sealed secret, $9 most webhooks a tenant may have.
-- No row: the tenant has as many webhooks as it may.
INSERT INTO webhooks AS w (tenant_id, id, url, description, event_filters, channels, enabled, secret)
SELECT $1::text, $2, $3, $4, $5::text[], $6::text[], $7, $8
 WHERE (SELECT count(*) FROM webhooks WHERE tenant_id = $1::text) < $9
RETURNING w.id, w.url, w.description, w.event_filters, w.channels, w.enabled, w.disabled_reason, w.created_at,
          w.updated_at
