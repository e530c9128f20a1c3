-- Read access to a file granted by its owner to another user, until expires_at when set. An expired share is
-- ignored by every query (and removed later by the sweeper); deleting the file or either user removes it.
CREATE TABLE shares (
    file_id    uuid        NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    grantee_id uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    permission text        NOT NULL CHECK (permission IN ('read')),
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (file_id, grantee_id)
);

CREATE INDEX shares_grantee_id ON shares (grantee_id);
