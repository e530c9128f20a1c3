-- Accounts. Usernames are stored lower-case; the unique index on lower(username) makes "Alice" and "alice" one name
-- even if a writer ever forgot to normalise.
CREATE TABLE users (
    id            uuid         PRIMARY KEY,
    username      varchar(32)  NOT NULL,
    password_hash varchar(255) NOT NULL,
    created_at    timestamptz  NOT NULL,
    CONSTRAINT users_username_format CHECK (username ~ '^[a-z0-9._-]{3,32}$'),
    CONSTRAINT users_password_hash_prefixed CHECK (password_hash ~ '^\{[a-z0-9]+\}')
);

CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));
