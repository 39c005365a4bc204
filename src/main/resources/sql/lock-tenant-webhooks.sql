-- Serialises the creations of one tenant's webhooks until the transaction ends, so that the count of
-- create-webhook.sql (a later statement, with a later snapshot) sees every webhook created before.
-- Parameters: $1 tenant id.
SELECT pg_advisory_xact_lock(hashtext('conversations.webhooks'), hashtext($1))
