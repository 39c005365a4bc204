-- Attachments (issue 11): a file uploaded to a conversation in handoff, served back by us under a signed URL.
-- The row is written only after the content is stored (AttachmentService), in the statement that checks the
-- handoff, so a row always has its content; content without a row (a crash in between) is never served.
CREATE TABLE attachments (
    tenant_id       resource_id NOT NULL,
    id              resource_id NOT NULL UNIQUE,
    conversation_id resource_id NOT NULL,
    filename        text        NOT NULL CHECK (char_length(filename) BETWEEN 1 AND 255),
    mime_type       text        NOT NULL CHECK (char_length(mime_type) BETWEEN 1 AND 255),
    size_bytes      bigint      NOT NULL CHECK (size_bytes >= 0),
    -- Where the content is: 'postgres' (attachment_chunks) or 's3' (the object named by the id).
    storage         text        NOT NULL CHECK (storage IN ('postgres', 's3')),
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id)
);

-- The content of attachments stored in PostgreSQL, in pieces of at most 1 MiB, written and read one at a time so
-- that neither the service nor the database holds a whole file in memory. No foreign key: the pieces are written
-- before the attachment's row (see above).
CREATE TABLE attachment_chunks (
    attachment_id resource_id NOT NULL,
    seq           integer     NOT NULL CHECK (seq >= 0),
    data          bytea       NOT NULL CHECK (octet_length(data) BETWEEN 1 AND 1048576),
    PRIMARY KEY (attachment_id, seq)
);

-- The key of the attachment URLs' signatures, shared by every replica (as the API-key MAC's, V2).
INSERT INTO server_secrets (name, secret)
VALUES ('attachment-url', decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
