-- The outbox of the broadcast log. A change's transaction inserts its broadcasts here (no lock, no NOTIFY), so they
-- exist iff the change commits; each instance's relay then moves committed rows, in batches, into events: one
-- transaction per batch takes the publishing lock, draws the ids, inserts into events, sends the NOTIFYs and deletes
-- the rows it moved. The changes' transactions thus commit side by side (PostgreSQL's group commit works for them)
-- and only the relays' batches take turns. A row left here by an instance that died between its commit and its relay
-- is moved by any instance's periodic sweep.
CREATE TABLE event_outbox (
    id        bigserial   PRIMARY KEY,
    type      varchar(32) NOT NULL,
    user_ids  uuid[]      NOT NULL,
    payload   jsonb       NOT NULL,
    -- the change's transaction time: the event's created_at
    created_at timestamptz NOT NULL DEFAULT now(),
    -- when the row was written (just before the change's commit): the sweep leaves younger rows to their own relay
    queued_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- the same list as events_type_known: a row of a type events refuses would stop the relay, so the change that
    -- writes it fails instead. A new event type redefines both constraints.
    CONSTRAINT event_outbox_type_known CHECK (type IN (
        'user_registered', 'user_logged_in', 'user_logged_out', 'file_shared', 'file_unshared', 'file_deleted',
        'session_closed', 'file_created', 'file_updated', 'item_moved', 'item_trashed', 'item_restored',
        'folder_created', 'link_used', 'folder_shared', 'folder_unshared')),
    CONSTRAINT event_outbox_payload_object CHECK (jsonb_typeof(payload) = 'object')
);
