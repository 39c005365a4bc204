-- PATCH /api/v2/webhooks/{id}: only the fields given change. Parameters: $1 tenant id, $2 webhook id,
-- $3 the fields given (text[]), $4 url, $5 description, $6 event filters (text[]), $7 channels (text[]), $8 enabled.
-- Enabling clears the reason it was disabled for. No row: no such webhook for the tenant.
UPDATE webhooks AS w
   SET url = CASE WHEN 'url' = ANY ($3) THEN $4 ELSE w.url END,
       description = CASE WHEN 'description' = ANY ($3) THEN $5 ELSE w.description END,
       event_filters = CASE WHEN 'event_filters' = ANY ($3) THEN $6::text[] ELSE w.event_filters END,
       channels = CASE WHEN 'channels' = ANY ($3) THEN $7::text[] ELSE w.channels END,
       enabled = CASE WHEN 'enabled' = ANY ($3) THEN $8 ELSE w.enabled END,
       disabled_reason = CASE WHEN 'enabled' = ANY ($3) THEN NULL ELSE w.disabled_reason END,
       updated_at = greatest(w.updated_at, clock_timestamp())
 WHERE w.tenant_id = $1 AND w.id = $2
RETURNING w.id, w.url, w.description, w.event_filters, w.channels, w.enabled, w.disabled_reason, w.created_at,
          w.updated_at
