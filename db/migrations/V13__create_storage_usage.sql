-- Bytes each user has stored: the sizes of the files they own plus the declared lengths of their resumable uploads in
-- progress. The quota is enforced by a conditional UPDATE (used_bytes + n <= quota), never by reading then writing.
CREATE TABLE storage_usage (
    user_id    uuid   PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    used_bytes bigint NOT NULL DEFAULT 0 CHECK (used_bytes >= 0)
);
