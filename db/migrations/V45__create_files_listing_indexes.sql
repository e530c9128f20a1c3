-- Listings read only the caller's rows, whatever other users store: a user's own files come straight from one of
-- these indexes in the order a page asks for (name in code-point order, or creation time; ties broken by id), and only
-- as many as the page needs. The unique (owner_id, name) index cannot serve the name order: it uses the database's
-- collation, which need not be "C". files_owner_created replaces files_owner_created_at, which lacked the id.
CREATE INDEX files_owner_name ON files (owner_id, name COLLATE "C", id);
CREATE INDEX files_owner_created ON files (owner_id, created_at, id);
DROP INDEX files_owner_created_at;
