-- Sharing and unsharing a folder are announced to the owner and the recipient, as file shares are.
ALTER TABLE events DROP CONSTRAINT events_type_known;
ALTER TABLE events ADD CONSTRAINT events_type_known CHECK (type IN (
    'user_registered', 'user_logged_in', 'user_logged_out', 'file_shared', 'file_unshared', 'file_deleted',
    'session_closed', 'file_created', 'file_updated', 'item_moved', 'item_trashed', 'item_restored',
    'folder_created', 'link_used', 'folder_shared', 'folder_unshared'));
