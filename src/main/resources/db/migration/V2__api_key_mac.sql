-- API keys issued from now on end with a MAC over the rest of the key (tenant id, key id, secret), keyed by a
-- server secret, so that a forged key is refused before any lookup (docs/decisions/004).
-- Keys issued before carry no MAC and stay valid: they are marked legacy, and only their ids are accepted in the
-- old format. The default stays true so that a replica of the previous version, still running during a rolling
-- upgrade, issues keys that are marked legacy too; this version always inserts legacy = false.
ALTER TABLE api_keys ADD COLUMN legacy boolean NOT NULL DEFAULT true;

-- Secrets of the service itself, generated in the database so that every replica shares them without
-- configuration. 32 bytes from two gen_random_uuid() (PostgreSQL's strong random source, 244 random bits).
CREATE TABLE server_secrets (
    name   text  PRIMARY KEY,
    secret bytea NOT NULL CHECK (octet_length(secret) = 32)
);
INSERT INTO server_secrets (name, secret)
VALUES ('api-key-mac', decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
