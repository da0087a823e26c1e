-- Row-level security: every row of an organisation is visible only inside a
-- transaction that set app.organisation_id to that organisation (internal/db
-- does, with set_config(..., true), from the acting principal). The portal
-- connects as a member of baken_app, which owns nothing and is no superuser,
-- so the policies hold for every query it sends, also one that forgets its
-- WHERE organisation_id. Migrations, seeds and the CLI run as the owner.

-- The runtime role. Creating it needs CREATEROLE; where the owner lacks that,
-- the DBA creates it beforehand (docs/operations.md) and this is skipped.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'baken_app') THEN
        CREATE ROLE baken_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
    END IF;
END $$;

GRANT USAGE ON SCHEMA public TO baken_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO baken_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO baken_app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO baken_app;
-- Tables of later migrations are granted the same way without repeating it.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO baken_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO baken_app;
-- The schema version is the owner's business; the portal only reads it.
REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM baken_app;

-- The scope of the current transaction; NULL (nothing visible) when unset.
CREATE FUNCTION app_organisation_id() RETURNS bigint LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.organisation_id', true), '')::bigint $$;
CREATE FUNCTION app_user_id() RETURNS bigint LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.user_id', true), '')::bigint $$;

-- Plain tenant tables: the organisation's rows only.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['departments', 'processes', 'applications', 'application_processes',
                             'catalogue_texts', 'control_statuses', 'evidence', 'plan_actions', 'plan_action_links']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (organisation_id = app_organisation_id())
                        WITH CHECK (organisation_id = app_organisation_id())', t);
    END LOOP;
END $$;

-- Role assignments: the organisation's, plus the acting user's own in every
-- organisation (to choose one after login). Written only in the organisation.
ALTER TABLE role_assignments ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON role_assignments
    USING (organisation_id = app_organisation_id() OR user_id = app_user_id())
    WITH CHECK (organisation_id = app_organisation_id());

-- Organisations: the active one, and those the acting user holds a role in.
ALTER TABLE organisations ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON organisations FOR SELECT
    USING (id = app_organisation_id() OR id = ANY (user_organisation_ids(app_user_id())));
CREATE POLICY tenant_write ON organisations FOR UPDATE
    USING (id = app_organisation_id()) WITH CHECK (id = app_organisation_id());

-- Frameworks: the built-in ones (no organisation) and the organisation's own.
ALTER TABLE frameworks ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON frameworks
    USING (organisation_id IS NULL OR organisation_id = app_organisation_id())
    WITH CHECK (organisation_id IS NULL OR organisation_id = app_organisation_id());

-- Audit trail: the organisation's events, and the events outside any
-- organisation (logins, own password changes) of its members and of the
-- acting user. Append-only for the portal: no UPDATE or DELETE policy.
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON audit_events FOR SELECT
    USING (organisation_id = app_organisation_id()
           OR (organisation_id IS NULL AND (actor_id = app_user_id() OR actor_id IN
               (SELECT r.user_id FROM role_assignments r WHERE r.organisation_id = app_organisation_id()))));
CREATE POLICY tenant_insert ON audit_events FOR INSERT
    WITH CHECK (organisation_id = app_organisation_id() OR (organisation_id IS NULL AND actor_id = app_user_id()));
REVOKE UPDATE, DELETE ON audit_events FROM baken_app;

-- The principal of a session, loaded on every request: the user, the chosen
-- organisation and the user's roles in it, in one round trip and without a
-- transaction. It returns only what concerns that one user.
CREATE FUNCTION session_principal(p_user bigint, p_org bigint)
    RETURNS TABLE (name text, email text, active boolean, sessions_valid_after timestamptz, org_name text,
                   org_count integer, roles text[], department_ids bigint[], department_names text[])
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS
$$
BEGIN
    RETURN QUERY
    SELECT u.name, u.email, u.active, u.sessions_valid_after, coalesce(o.name, ''),
           (SELECT count(DISTINCT x.organisation_id)::integer FROM public.role_assignments x WHERE x.user_id = u.id),
           coalesce(array_agg(r.role ORDER BY r.role, d.name) FILTER (WHERE r.role IS NOT NULL), '{}'),
           coalesce(array_agg(coalesce(r.department_id, 0) ORDER BY r.role, d.name) FILTER (WHERE r.role IS NOT NULL), '{}'),
           coalesce(array_agg(coalesce(d.name, '') ORDER BY r.role, d.name) FILTER (WHERE r.role IS NOT NULL), '{}')
    FROM public.users u
    LEFT JOIN public.organisations o ON o.id = p_org
    LEFT JOIN public.role_assignments r ON r.user_id = u.id AND r.organisation_id = p_org
    LEFT JOIN public.departments d ON d.id = r.department_id
    WHERE u.id = p_user
    GROUP BY u.id, o.name;
END
$$;
GRANT EXECUTE ON FUNCTION session_principal(bigint, bigint) TO baken_app;
