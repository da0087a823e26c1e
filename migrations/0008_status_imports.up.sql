-- A spreadsheet of implementation statuses uploaded by the CISO, kept between
-- the preview and the confirmation. rows holds the parsed file (values per
-- row, problems found while reading); what changes is computed against the
-- current state at preview and again inside the apply transaction.
CREATE TABLE status_imports (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    framework_id    bigint NOT NULL REFERENCES frameworks (id) ON DELETE CASCADE,
    created_by      bigint NOT NULL REFERENCES users (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    filename        text NOT NULL DEFAULT '',
    rows            jsonb NOT NULL,
    -- set once by the confirmation; a second confirmation is refused
    applied_at      timestamptz,
    result          jsonb
);
CREATE INDEX status_imports_org_idx ON status_imports (organisation_id, created_at);

ALTER TABLE status_imports ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON status_imports USING (organisation_id = app_organisation_id())
    WITH CHECK (organisation_id = app_organisation_id());
