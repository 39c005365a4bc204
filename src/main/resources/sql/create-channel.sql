-- POST /api/v2/channels/. Parameters: $1 tenant id, $2 channel id, $3 name, $4 description, $5 modality,
-- $6 metadata (a JSON object as text). On the request's SQL client (database/RequestSql), so that a POST with an
-- Idempotency-Key commits the channel and its stored response together.
INSERT INTO channels (tenant_id, id, name, description, modality, metadata, created_at)
VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, clock_timestamp())
RETURNING created_at
