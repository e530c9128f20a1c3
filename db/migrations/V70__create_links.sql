-- Public links: a file or a folder shared with anyone who holds the link's token, no account needed.
--
-- The token is shown once, at creation; only its SHA-256 is kept. A link ends at expires_at (always set: the deployment
-- gives a default and a maximum), when revoked (revoked_at: the row stays so that its download record can still be
-- read), when downloads reaches max_downloads, or when what it points at is deleted (the row goes with it) or in the
-- trash (every query checks trashed_at). downloads only grows, by a conditional UPDATE, so the limit holds exactly
-- however many downloads race. A password is an Argon2id hash, as accounts' are.
CREATE TABLE links (
    id            uuid        PRIMARY KEY,
    owner_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    file_id       uuid        REFERENCES files (id) ON DELETE CASCADE,
    folder_id     uuid        REFERENCES folders (id) ON DELETE CASCADE,
    token_sha256  bytea       NOT NULL UNIQUE CHECK (octet_length(token_sha256) = 32),
    label         text        NOT NULL DEFAULT '' CHECK (char_length(label) <= 200),
    password_hash text,
    expires_at    timestamptz NOT NULL,
    max_downloads integer     CHECK (max_downloads > 0),
    downloads     integer     NOT NULL DEFAULT 0 CHECK (downloads >= 0),
    created_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    CONSTRAINT links_one_target CHECK ((file_id IS NULL) <> (folder_id IS NULL))
);

CREATE INDEX links_owner_created ON links (owner_id, created_at DESC, id DESC);
CREATE INDEX links_file ON links (file_id) WHERE file_id IS NOT NULL;
CREATE INDEX links_folder ON links (folder_id) WHERE folder_id IS NOT NULL;

-- Every download through a link: when, what, to which client address, how many bytes were sent.
CREATE TABLE link_downloads (
    id             bigserial   PRIMARY KEY,
    link_id        uuid        NOT NULL REFERENCES links (id) ON DELETE CASCADE,
    file_id        uuid        NOT NULL,
    file_name      text        NOT NULL,
    client_address text        NOT NULL,
    bytes          bigint      NOT NULL CHECK (bytes >= 0),
    downloaded_at  timestamptz NOT NULL
);

CREATE INDEX link_downloads_link ON link_downloads (link_id, id DESC);

-- The owner hears of each use of a link.
ALTER TABLE events DROP CONSTRAINT events_type_known;
ALTER TABLE events ADD CONSTRAINT events_type_known CHECK (type IN (
    'user_registered', 'user_logged_in', 'user_logged_out', 'file_shared', 'file_unshared', 'file_deleted',
    'session_closed', 'file_created', 'file_updated', 'item_moved', 'item_trashed', 'item_restored',
    'folder_created', 'link_used'));
