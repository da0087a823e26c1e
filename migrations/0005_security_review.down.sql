DROP FUNCTION user_organisation_ids(bigint);
DROP TABLE login_devices;
ALTER TABLE audit_events DROP COLUMN actor_name;
