DELETE FROM plan_action_links WHERE target_kind = 'incident';
ALTER TABLE plan_action_links DROP CONSTRAINT plan_action_links_target_kind_check;
ALTER TABLE plan_action_links ADD CONSTRAINT plan_action_links_target_kind_check CHECK (target_kind IN ('control', 'risk'));
