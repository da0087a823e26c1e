-- Plan actions can address incidents: the improvement actions that follow
-- from an incident's evaluation (BIO2 5.27).
ALTER TABLE plan_action_links DROP CONSTRAINT plan_action_links_target_kind_check;
ALTER TABLE plan_action_links ADD CONSTRAINT plan_action_links_target_kind_check CHECK (target_kind IN ('control', 'risk', 'incident'));
