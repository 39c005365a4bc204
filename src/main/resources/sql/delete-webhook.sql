-- DELETE /api/v2/webhooks/{id}: its deliveries and attempts go with it. Parameters: $1 tenant id, $2 webhook id.
DELETE FROM webhooks WHERE tenant_id = $1 AND id = $2 RETURNING id
