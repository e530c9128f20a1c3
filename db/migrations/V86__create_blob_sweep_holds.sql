-- A hold stops the blob sweeper from removing any stored blob (or blob row) until it expires or is deleted: a backup
-- takes one before it dumps the database and lifts it once the blobs are copied, so every blob the dump references is
-- still there when the copy reaches it (scripts/backup.sh, docs/operations.md).
CREATE TABLE blob_sweep_holds (
    name       text        PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 200),
    held_until timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
