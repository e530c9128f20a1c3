-- An open session nobody is logged in to is closed at anonymous_until unless someone logs in first: set at the ack
-- (and at a logout), cleared by a login, and only ever read while user_id is null. Such sessions never count toward an
-- instance's capacity, and this keeps a stranger's handshakes from piling up for the whole idle timeout.
ALTER TABLE sessions ADD COLUMN anonymous_until timestamptz;

UPDATE sessions SET anonymous_until = now() + interval '2 minutes' WHERE state = 'OPEN' AND user_id IS NULL;

CREATE INDEX sessions_anonymous_until_idx ON sessions (anonymous_until) WHERE anonymous_until IS NOT NULL;
