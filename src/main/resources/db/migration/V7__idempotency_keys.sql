-- Idempotency keys (issue 12, docs/decisions/013): the response of the first POST with a key, written in the
-- transaction of the POST's own effect, so that no crash can fall between them. Read for 24 hours (configurable);
-- older rows are deleted by IdempotencyKeys and may be reused meanwhile.
CREATE TABLE idempotency_keys (
    tenant_id   resource_id NOT NULL,
    key         text        NOT NULL CHECK (char_length(key) BETWEEN 1 AND 255),
    -- SHA-256 of the request's method, path and body: the same key with another request is refused (422).
    fingerprint bytea       NOT NULL CHECK (octet_length(fingerprint) = 32),
    status      integer     NOT NULL,
    body        bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
