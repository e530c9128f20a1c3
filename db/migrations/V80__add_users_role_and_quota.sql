-- Administration and self-service (docs/operations.md).
--
-- role: 'admin' may use /api/v1/admin; the first admin is made by the operator with the cluster token, never by a
-- default password. disabled_at: a disabled user cannot log in and every session of theirs is closed. must_change_password:
-- set by an admin's password reset; until the user changes it, every call but the password change is refused.
-- quota_bytes: the user's storage quota, or null for the deployment's (filesys.storage.quota); storage_usage's
-- conditional UPDATE reads it. last_login_at: the user's last successful login.
ALTER TABLE users
    ADD COLUMN role                 varchar(8)  NOT NULL DEFAULT 'user',
    ADD COLUMN disabled_at          timestamptz,
    ADD COLUMN must_change_password boolean     NOT NULL DEFAULT false,
    ADD COLUMN quota_bytes          bigint,
    ADD COLUMN last_login_at        timestamptz,
    ADD CONSTRAINT users_role_known CHECK (role IN ('user', 'admin')),
    ADD CONSTRAINT users_quota_not_negative CHECK (quota_bytes IS NULL OR quota_bytes >= 0);

CREATE INDEX users_admins ON users (id) WHERE role = 'admin';

-- Every administrative action: who (the admin, kept by name when the admin is gone), what, on whom, when, from where.
CREATE TABLE admin_audit (
    id             bigserial   PRIMARY KEY,
    admin_id       uuid        REFERENCES users (id) ON DELETE SET NULL,
    admin_name     varchar(32) NOT NULL,
    action         varchar(32) NOT NULL,
    target_id      uuid,
    target_name    varchar(32),
    detail         jsonb       NOT NULL DEFAULT '{}',
    client_address varchar(64) NOT NULL,
    created_at     timestamptz NOT NULL,
    CONSTRAINT admin_audit_detail_object CHECK (jsonb_typeof(detail) = 'object')
);
