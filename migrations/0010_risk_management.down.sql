DELETE FROM plan_action_links WHERE target_kind = 'risk';
ALTER TABLE plan_action_links DROP CONSTRAINT plan_action_links_target_kind_check;
ALTER TABLE plan_action_links ADD CONSTRAINT plan_action_links_target_kind_check CHECK (target_kind IN ('control'));
ALTER TABLE control_statuses DROP COLUMN justifying_analysis_id;
DROP TABLE risk_decisions, risk_appetites, risk_matrices, risk_controls, risks, risk_analysis_helpers, risk_analyses, process_bias;
