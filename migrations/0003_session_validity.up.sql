-- Sessions started before this moment are no longer valid (set when a
-- password is reset, so a leaked session dies with the old password).
ALTER TABLE users ADD COLUMN sessions_valid_after timestamptz NOT NULL DEFAULT 'epoch';
