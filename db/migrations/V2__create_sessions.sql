-- Sessions: the handshake creates a HALF_OPEN row (only the server nonce's hash), the ack makes it OPEN (only the
-- token's SHA-256 is stored), closing or expiry makes it CLOSED. Closed rows keep their token hash for a while so a
-- client presenting a retired token hears SESSION_EXPIRED rather than SESSION_REQUIRED.
CREATE TABLE sessions (
    id           uuid        PRIMARY KEY,
    state        varchar(16) NOT NULL,
    server_id    varchar(128) NOT NULL,
    user_id      uuid        REFERENCES users (id) ON DELETE CASCADE,
    nonce_hash   bytea,
    token_hash   bytea,
    -- the session a resuming handshake adopts at its ack; only a hint, so losing the old row must not lose this one
    resumes_id   uuid        REFERENCES sessions (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL,
    -- the origin of the absolute lifetime: a resumed session keeps the one of the session it adopted
    started_at   timestamptz NOT NULL,
    opened_at    timestamptz,
    last_used_at timestamptz NOT NULL,
    closed_at    timestamptz,
    CONSTRAINT sessions_state_known CHECK (state IN ('HALF_OPEN', 'OPEN', 'CLOSED')),
    CONSTRAINT sessions_half_open_shape CHECK (
        state <> 'HALF_OPEN' OR (nonce_hash IS NOT NULL AND token_hash IS NULL AND opened_at IS NULL)),
    CONSTRAINT sessions_open_shape CHECK (
        state <> 'OPEN' OR (nonce_hash IS NULL AND token_hash IS NOT NULL AND opened_at IS NOT NULL)),
    CONSTRAINT sessions_closed_shape CHECK (state <> 'CLOSED' OR closed_at IS NOT NULL),
    CONSTRAINT sessions_hash_sizes CHECK (
        (nonce_hash IS NULL OR octet_length(nonce_hash) = 32) AND (token_hash IS NULL OR octet_length(token_hash) = 32)),
    CONSTRAINT sessions_started_not_after_created CHECK (started_at <= created_at)
);

CREATE UNIQUE INDEX sessions_token_hash_key ON sessions (token_hash);
CREATE INDEX sessions_server_state_idx ON sessions (server_id, state);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_resumes_idx ON sessions (resumes_id);
