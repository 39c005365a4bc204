-- Messages, ending and handoff (issue 11).
-- last_message_seq numbers a conversation's messages: the statement that posts a message increments it under the
-- conversation's row lock, so messages are numbered in commit order without gaps, and a reader paging by number
-- never skips or repeats one. ended_at is set exactly when the conversation ends; handoff is true from the first
-- human_agent message until end-handoff (or the end).
ALTER TABLE conversations
    ADD COLUMN ended_at         timestamptz,
    ADD COLUMN handoff          boolean NOT NULL DEFAULT false,
    ADD COLUMN last_message_seq bigint  NOT NULL DEFAULT 0,
    -- NOT VALID: no scan of the table under its exclusive lock (replicas of the previous version keep writing
    -- during a rolling upgrade); every existing row satisfies both (no conversation has ended before this
    -- version), and every new or updated row is checked.
    ADD CONSTRAINT conversations_ended_at CHECK ((status = 'ended') = (ended_at IS NOT NULL)) NOT VALID,
    ADD CONSTRAINT conversations_ended_after_update CHECK (ended_at IS NULL OR ended_at <= updated_at) NOT VALID;

CREATE TABLE messages (
    tenant_id           resource_id NOT NULL,
    conversation_id     resource_id NOT NULL,
    seq                 bigint      NOT NULL CHECK (seq > 0),
    id                  resource_id NOT NULL,
    author_role         text        NOT NULL CHECK (author_role IN ('end_user', 'human_agent', 'ai_agent')),
    -- The end user's id for end_user (checked against the conversation's), the agent's own reference otherwise.
    author_id           text        CHECK (char_length(author_id) <= 128),
    author_display_name text        CHECK (char_length(author_display_name) <= 200),
    author_avatar       text        CHECK (char_length(author_avatar) <= 2048),
    content_type        text        NOT NULL CHECK (content_type IN ('text', 'file')),
    body                text        CHECK (char_length(body) <= 4096),
    file_url            text,
    file_mime_type      text,
    file_filename       text,
    created_at          timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, conversation_id, seq),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id),
    CHECK ((content_type = 'text') = (body IS NOT NULL))
);
