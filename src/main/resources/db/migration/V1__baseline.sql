-- Baseline schema. Every tenant-owned table leads its primary key with tenant_id, so every statement of a
-- request touches one tenant's rows and the schema can later be distributed by tenant.
-- Ids are 24 lowercase hex characters (time-ordered); COLLATE "C" makes their order byte order.

CREATE DOMAIN resource_id AS text COLLATE "C" CHECK (VALUE ~ '^[0-9a-f]{24}$');

CREATE TABLE tenants (
    id         resource_id PRIMARY KEY,
    name       text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    tenant_id   resource_id NOT NULL REFERENCES tenants (id),
    id          resource_id NOT NULL,
    name        text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    -- SHA-256 of the random secret; the secret itself is never stored.
    secret_hash bytea       NOT NULL CHECK (octet_length(secret_hash) = 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz CHECK (revoked_at >= created_at),
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE channels (
    tenant_id   resource_id NOT NULL REFERENCES tenants (id),
    id          resource_id NOT NULL,
    name        text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    description text        NOT NULL CHECK (char_length(description) <= 2000),
    modality    text        NOT NULL CHECK (modality IN ('messaging', 'email', 'voice')),
    metadata    jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE end_users (
    tenant_id  resource_id NOT NULL REFERENCES tenants (id),
    id         resource_id NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

-- fillfactor leaves room on each page so that metadata updates stay HOT (no index writes).
CREATE TABLE conversations (
    tenant_id   resource_id NOT NULL,
    id          resource_id NOT NULL,
    channel_id  resource_id NOT NULL,
    end_user_id resource_id NOT NULL,
    status      text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
    metadata    jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, channel_id) REFERENCES channels (tenant_id, id),
    FOREIGN KEY (tenant_id, end_user_id) REFERENCES end_users (tenant_id, id),
    CHECK (updated_at >= created_at)
) WITH (fillfactor = 80);
