-- The folder tree's walks, as functions every query can call: the ancestors of a folder (for its path, its depth and
-- the folder shares that reach it) and its subtree (for a move's checks and a delete to the trash). A folder's place
-- is its parent_id alone, so each walk is a recursive query over folders (parent_id, and the primary key upward).
--
-- Issue 16's event types are known to the events table.
--
-- A resumable upload may target a folder: uploads.folder_id (null: the owner's root folder, as for every upload
-- created before this migration).

-- The folder and every folder above it: depth 0 is the folder itself, the root has the largest depth.
CREATE FUNCTION folder_ancestors(folder uuid) RETURNS TABLE (id uuid, name text, depth int)
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE up (id, parent_id, name, depth) AS (
        SELECT f.id, f.parent_id, f.name, 0 FROM folders f WHERE f.id = folder
        UNION ALL
        SELECT p.id, p.parent_id, p.name, up.depth + 1 FROM folders p JOIN up ON p.id = up.parent_id
    )
    SELECT up.id, up.name, up.depth FROM up
$$;

-- The folder and every folder below it (trashed ones too): depth 0 is the folder itself.
CREATE FUNCTION folder_subtree(folder uuid) RETURNS TABLE (id uuid, depth int)
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE down (id, depth) AS (
        SELECT f.id, 0 FROM folders f WHERE f.id = folder
        UNION ALL
        SELECT c.id, down.depth + 1 FROM folders c JOIN down ON c.parent_id = down.id
    )
    SELECT down.id, down.depth FROM down
$$;

-- The path people see: "/" for a root folder, "/reports/2026" below it; null for no such folder.
CREATE FUNCTION folder_path(folder uuid) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN count(*) = 1 THEN '/' ELSE string_agg(a.name, '/' ORDER BY a.depth DESC) END
    FROM folder_ancestors(folder) a
    HAVING count(*) > 0
$$;

-- The unexpired folder share that gives grantee read access to what is in folder, through the folder or any folder
-- above it: one row (the share that lasts longest; a share without expiry first), or none.
CREATE FUNCTION folder_grant(folder uuid, grantee uuid) RETURNS TABLE (granted boolean, expires_at timestamptz)
LANGUAGE sql STABLE AS $$
    SELECT true, s.expires_at
    FROM folder_ancestors(folder) a
    JOIN folder_shares s ON s.folder_id = a.id AND s.grantee_id = grantee
    WHERE s.expires_at IS NULL OR s.expires_at > now()
    ORDER BY s.expires_at DESC NULLS FIRST
    LIMIT 1
$$;

-- The users an unexpired folder share on the folder or any folder above it gives read access to what it holds.
CREATE FUNCTION folder_grantees(folder uuid) RETURNS TABLE (grantee_id uuid)
LANGUAGE sql STABLE AS $$
    SELECT DISTINCT s.grantee_id
    FROM folder_ancestors(folder) a
    JOIN folder_shares s ON s.folder_id = a.id
    WHERE s.expires_at IS NULL OR s.expires_at > now()
$$;

ALTER TABLE uploads ADD COLUMN folder_id uuid REFERENCES folders (id) ON DELETE CASCADE;

-- The event types of issue 16's changes (all of them, whichever feature publishes them): uploads, renames and moves,
-- the trash, new folders.
ALTER TABLE events DROP CONSTRAINT events_type_known;
ALTER TABLE events ADD CONSTRAINT events_type_known CHECK (type IN (
    'user_registered', 'user_logged_in', 'user_logged_out', 'file_shared', 'file_unshared', 'file_deleted',
    'session_closed', 'file_created', 'file_updated', 'item_moved', 'item_trashed', 'item_restored',
    'folder_created'));
