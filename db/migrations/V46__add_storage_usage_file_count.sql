-- How many files each user keeps, counting each resumable upload in progress as one (it becomes a file, or is
-- terminated or swept and gives its place back). The per-user limit (filesys.storage.max-files) is enforced by a
-- conditional UPDATE (file_count + n <= limit), like the byte quota, never by reading then writing.
ALTER TABLE storage_usage ADD COLUMN file_count bigint NOT NULL DEFAULT 0 CHECK (file_count >= 0);

INSERT INTO storage_usage (user_id)
SELECT owner_id FROM files
UNION
SELECT owner_id FROM uploads WHERE completed_at IS NULL
ON CONFLICT (user_id) DO NOTHING;

UPDATE storage_usage u
SET file_count = (SELECT count(*) FROM files f WHERE f.owner_id = u.user_id)
               + (SELECT count(*) FROM uploads p WHERE p.owner_id = u.user_id AND p.completed_at IS NULL);
