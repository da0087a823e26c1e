-- The owner of an action reports its progress: a percentage and a short note.
ALTER TABLE plan_actions
    ADD COLUMN progress smallint NOT NULL DEFAULT 0 CONSTRAINT plan_actions_progress_check CHECK (progress BETWEEN 0 AND 100),
    ADD COLUMN progress_note text NOT NULL DEFAULT '' CONSTRAINT plan_actions_progress_note_check CHECK (length(progress_note) <= 2000);
