DROP FUNCTION app_enable_tenant_rls(text[]);
