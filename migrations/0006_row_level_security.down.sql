DROP FUNCTION session_principal(bigint, bigint);
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['departments', 'processes', 'applications', 'application_processes',
                             'catalogue_texts', 'control_statuses', 'evidence', 'plan_actions', 'plan_action_links',
                             'role_assignments', 'frameworks']
    LOOP
        EXECUTE format('DROP POLICY tenant ON %I', t);
        EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', t);
    END LOOP;
END $$;
DROP POLICY tenant_read ON organisations;
DROP POLICY tenant_write ON organisations;
ALTER TABLE organisations DISABLE ROW LEVEL SECURITY;
DROP POLICY tenant_read ON audit_events;
DROP POLICY tenant_insert ON audit_events;
ALTER TABLE audit_events DISABLE ROW LEVEL SECURITY;
DROP FUNCTION app_user_id();
DROP FUNCTION app_organisation_id();
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM baken_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM baken_app;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM baken_app;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM baken_app;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM baken_app;
REVOKE USAGE ON SCHEMA public FROM baken_app;
-- The role itself stays: other databases of the cluster may use it.
