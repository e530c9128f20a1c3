-- Resumable (tus) uploads. The bytes received so far live in chunk files on the shared blob root, one per PATCH
-- request; a chunk counts only once its row is here. Any instance can continue an upload.
CREATE TABLE uploads (
    id                uuid        PRIMARY KEY,
    owner_id          uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name              text        NOT NULL CHECK (octet_length(name) BETWEEN 1 AND 255),
    content_type      text        NOT NULL CHECK (length(content_type) BETWEEN 1 AND 255),
    overwrite         boolean     NOT NULL,
    length            bigint      NOT NULL CHECK (length >= 0),
    upload_offset     bigint      NOT NULL DEFAULT 0,
    -- bumped by every PATCH and HEAD: a PATCH commits its bytes only if no later request superseded it
    generation        bigint      NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now(),
    expires_at        timestamptz NOT NULL,
    completed_at      timestamptz,
    file_id           uuid        REFERENCES files (id) ON DELETE SET NULL,
    CHECK (upload_offset BETWEEN 0 AND length)
);

CREATE INDEX uploads_owner_id ON uploads (owner_id);
CREATE INDEX uploads_expires_at ON uploads (expires_at);

CREATE TABLE upload_chunks (
    upload_id    uuid   NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
    start_offset bigint NOT NULL CHECK (start_offset >= 0),
    length       bigint NOT NULL CHECK (length > 0),
    generation   bigint NOT NULL,
    PRIMARY KEY (upload_id, start_offset)
);
