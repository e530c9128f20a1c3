-- The trash's events (item_trashed, item_restored), and, so that the helpers' migrations of issue 16 agree whatever
-- order they land in, every event type the issue's contract names (file_created, file_updated, item_moved,
-- folder_created).
ALTER TABLE events DROP CONSTRAINT events_type_known;
ALTER TABLE events ADD CONSTRAINT events_type_known CHECK (type IN (
    'user_registered', 'user_logged_in', 'user_logged_out', 'file_shared', 'file_unshared', 'file_deleted',
    'session_closed', 'file_created', 'file_updated', 'item_moved', 'item_trashed', 'item_restored',
    'folder_created'));
