ALTER TABLE plan_actions DROP COLUMN progress_note, DROP COLUMN progress;
