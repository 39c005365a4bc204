-- GET /api/v2/webhooks/{id}/secret/. Parameters: $1 tenant id, $2 webhook id.
SELECT secret FROM webhooks WHERE tenant_id = $1 AND id = $2
