-- Failed logins, per key: "user:<sha-256 of the lower-cased name>" and "addr:<client address>". Shared by every
-- instance, so an attacker cannot multiply the allowance by spreading guesses over servers. A row only ever delays
-- (blocked_until, capped); it never locks an account for good.
CREATE TABLE login_attempts (
    throttle_key    varchar(96) PRIMARY KEY,
    failures        integer     NOT NULL,
    last_failure_at timestamptz NOT NULL,
    blocked_until   timestamptz,
    CONSTRAINT login_attempts_failures_positive CHECK (failures > 0)
);

CREATE INDEX login_attempts_last_failure_idx ON login_attempts (last_failure_at);
