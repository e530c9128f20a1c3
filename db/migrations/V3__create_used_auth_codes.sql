-- Auth codes already exchanged for a session. Inserting a code's jti is the replay check: a conflict on the primary
-- key means the code was used before. Rows are useless once the code can no longer verify and are purged then.
CREATE TABLE used_auth_codes (
    jti        varchar(64) PRIMARY KEY,
    used_at    timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);

CREATE INDEX used_auth_codes_expires_idx ON used_auth_codes (expires_at);
