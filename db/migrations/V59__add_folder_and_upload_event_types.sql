-- The event types of folders, uploads, moves and the trash: file_created and file_updated (an upload, simple or
-- resumable, stored a new file or new content), folder_created, item_moved (a rename or a move of a file or a folder),
-- item_trashed and item_restored.
ALTER TABLE events DROP CONSTRAINT events_type_known;
ALTER TABLE events ADD CONSTRAINT events_type_known CHECK (type IN ('user_registered', 'user_logged_in',
    'user_logged_out', 'file_shared', 'file_unshared', 'file_deleted', 'session_closed', 'file_created', 'file_updated',
    'folder_created', 'item_moved', 'item_trashed', 'item_restored'));
