-- A file: a user's name for a blob. Names are NFC-normalised by the service and unique per owner.
CREATE TABLE files (
    id           uuid        PRIMARY KEY,
    owner_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text        NOT NULL CHECK (octet_length(name) BETWEEN 1 AND 255),
    blob_sha256  char(64)    NOT NULL REFERENCES blobs (sha256),
    content_type text        NOT NULL CHECK (length(content_type) BETWEEN 1 AND 255),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT files_owner_name_unique UNIQUE (owner_id, name)
);

CREATE INDEX files_blob_sha256 ON files (blob_sha256);
CREATE INDEX files_owner_created_at ON files (owner_id, created_at);
