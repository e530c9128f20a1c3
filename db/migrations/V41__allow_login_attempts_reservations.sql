-- The login throttle reserves an attempt before the password is checked (so concurrent guesses cannot all be checked
-- before any failure counts): rows for a key are created with no failure yet and locked, so a count of zero is valid.
ALTER TABLE login_attempts DROP CONSTRAINT login_attempts_failures_positive;
ALTER TABLE login_attempts ADD CONSTRAINT login_attempts_failures_not_negative CHECK (failures >= 0);
