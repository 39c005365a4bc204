-- GET /api/v2/webhooks/{id}. Parameters: $1 tenant id, $2 webhook id.
SELECT id, url, description, event_filters, channels, enabled, disabled_reason, created_at, updated_at
  FROM webhooks
 WHERE tenant_id = $1 AND id = $2
