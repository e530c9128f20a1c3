-- A user's files in the order of their last change, as a listing sorted by updatedAt reads them: from one index, after
-- the cursor's row, only as many as a page needs (as files_owner_name and files_owner_created do for name and
-- createdAt).
CREATE INDEX files_owner_updated ON files (owner_id, updated_at, id);
