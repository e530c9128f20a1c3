-- Content-addressed blobs: identical bytes are stored once, under the lower-case hex SHA-256 of their content.
-- The bytes live in the blob store; this row is their record. A blob no file references is removed by the sweeper
-- once touched_at (its last upload, or the moment its last reference went away) is older than the grace period.
CREATE TABLE blobs (
    sha256         char(64)    PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size           bigint      NOT NULL CHECK (size >= 0),
    crc32c         bigint      NOT NULL CHECK (crc32c BETWEEN 0 AND 4294967295),
    created_at     timestamptz NOT NULL DEFAULT now(),
    touched_at     timestamptz NOT NULL DEFAULT now(),
    -- set when a read found the bytes damaged; the bytes were moved aside and are never served
    quarantined_at timestamptz
);

CREATE INDEX blobs_touched_at ON blobs (touched_at);
