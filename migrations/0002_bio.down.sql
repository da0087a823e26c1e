DROP TABLE IF EXISTS plan_action_links, plan_actions, evidence, control_statuses, catalogue_mappings, catalogue_texts;
ALTER TABLE organisations DROP COLUMN IF EXISTS active_framework_id, DROP COLUMN IF EXISTS target_maturity, DROP COLUMN IF EXISTS target_date, DROP COLUMN IF EXISTS version;
DROP TABLE IF EXISTS catalogue_items, frameworks;
