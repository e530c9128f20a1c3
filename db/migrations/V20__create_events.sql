-- The broadcast log (DESIGN §7). Every change that other instances or users must learn about is a row here, inserted
-- and announced with NOTIFY filesys_events in the transaction of the change, so both happen only if it commits. Rows
-- are kept for a short retention (filesys.events.retention) so that a listener that lost its connection, and an event
-- stream resuming with Last-Event-ID, can read what they missed.
--
-- Writers take an advisory lock just before their insert and hold it until their commit, so ids are handed out in
-- commit order: "id > the last id seen" is exactly what a reader has not seen yet (ids skipped by rollbacks leave gaps).
CREATE TABLE events (
    id         bigserial   PRIMARY KEY,
    type       varchar(32) NOT NULL,
    -- the users the event concerns: whose event streams it may reach
    user_ids   uuid[]      NOT NULL,
    -- ids and names as the users it concerns may see them; never a secret
    payload    jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT events_type_known CHECK (type IN ('user_registered', 'user_logged_in', 'user_logged_out',
                                                 'file_shared', 'file_unshared', 'file_deleted', 'session_closed')),
    CONSTRAINT events_payload_object CHECK (jsonb_typeof(payload) = 'object')
);

CREATE INDEX events_created_at ON events (created_at);
CREATE INDEX events_user_ids ON events USING gin (user_ids);
