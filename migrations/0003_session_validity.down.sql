ALTER TABLE users DROP COLUMN IF EXISTS sessions_valid_after;
