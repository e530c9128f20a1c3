-- The scrubber re-reads every blob slowly and checks its CRC32C (and its chunk CRCs), in passes ordered by digest.
-- One row holds the cluster's progress: the instance that holds the lease scrubs, the others wait; the cursor makes a
-- pass continue where it stopped after a restart or a lost lease. The scrubber inserts the row when it is missing.
CREATE TABLE blob_scrub_state (
    id                     smallint    PRIMARY KEY CHECK (id = 1),
    -- the last blob checked in the current pass; null: the next pass starts from the first blob
    cursor_sha256          char(64)    CHECK (cursor_sha256 ~ '^[0-9a-f]{64}$'),
    pass_started_at        timestamptz,
    last_pass_completed_at timestamptz,
    lease_owner            text,
    lease_until            timestamptz
);

-- What the scrubber (or fsck) found wrong with a blob. One row per blob and kind, refreshed when found again; the
-- files and owners it affects are looked up when the report is read, so the report stays true as files change.
CREATE TABLE blob_integrity_findings (
    sha256   char(64)    NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    kind     text        NOT NULL CHECK (kind IN ('CORRUPTED', 'MISSING')),
    detail   text        NOT NULL,
    found_by text        NOT NULL,
    found_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (sha256, kind)
);

CREATE INDEX blob_integrity_findings_found_at ON blob_integrity_findings (found_at);
