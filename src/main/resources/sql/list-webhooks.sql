-- GET /api/v2/webhooks/: in id order (creation order) after the cursor. Parameters: $1 tenant id,
-- $2 cursor (the last id of the previous page, '' for the first page), $3 rows (one more than the page).
SELECT id, url, description, event_filters, channels, enabled, disabled_reason, created_at, updated_at
  FROM webhooks
 WHERE tenant_id = $1 AND id > $2
 ORDER BY id
 LIMIT $3
