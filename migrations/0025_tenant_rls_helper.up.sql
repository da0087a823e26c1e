-- Row-level security for tenant tables in one call, for the migrations of the
-- next domains (docs/architecture.md, "Adding a domain", step 2):
--     SELECT app_enable_tenant_rls('risks', 'risk_links');
-- It does what migrations 0006–0018 wrote out per table: enable row-level
-- security and create the policy tenant, which lets a transaction read and
-- write only the rows of its organisation (app.organisation_id). Migrations
-- run as the owner; the portal's role may not call it.
CREATE FUNCTION app_enable_tenant_rls(VARIADIC tables text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- One EXECUTE of both statements for every table named.
    EXECUTE (SELECT string_agg(format(
        'ALTER TABLE %1$I ENABLE ROW LEVEL SECURITY; '
        'CREATE POLICY tenant ON %1$I USING (organisation_id = app_organisation_id()) '
        'WITH CHECK (organisation_id = app_organisation_id());', t), ' ')
        FROM unnest(tables) AS t);
END $$;
REVOKE ALL ON FUNCTION app_enable_tenant_rls(text[]) FROM PUBLIC;
