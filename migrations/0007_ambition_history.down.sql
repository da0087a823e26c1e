DROP TABLE IF EXISTS ambition_history;
