-- The public meldloket (issue 9): per organisation a page without login
-- where anyone (a resident, a supplier) reports an incident. Off until the
-- CISO switches it on. The page is found by an unguessable token; a
-- switched-off or unknown loket answers 404 alike. Reports from the loket
-- have no reporter_id (no user), the name and e-mail the reporter gave, and
-- the hash of a follow-up code: the reporter sees the status of that one
-- report with the code, nothing else.
CREATE TABLE meldlokets (
    organisation_id bigint PRIMARY KEY REFERENCES organisations (id),
    enabled         boolean NOT NULL DEFAULT false,
    -- The last part of the public address /meldloket/{token}.
    token           text NOT NULL CHECK (token ~ '^[a-z2-7]{26,64}$'),
    intro           text NOT NULL DEFAULT '' CHECK (length(intro) <= 1000),
    version         integer NOT NULL DEFAULT 1,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT meldlokets_token_key UNIQUE (token)
);
ALTER TABLE meldlokets ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON meldlokets USING (organisation_id = app_organisation_id())
    WITH CHECK (organisation_id = app_organisation_id());

-- The one cross-organisation fact the public pages need: which organisation
-- a switched-on loket belongs to, with its name and intro. Nothing for an
-- unknown or switched-off token.
CREATE FUNCTION meldloket_open(p_token text)
    RETURNS TABLE (organisation_id bigint, org_name text, intro text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS
$$
BEGIN
    RETURN QUERY
    SELECT m.organisation_id, o.name, m.intro
    FROM public.meldlokets m JOIN public.organisations o ON o.id = m.organisation_id
    WHERE m.token = p_token AND m.enabled;
END
$$;
REVOKE ALL ON FUNCTION meldloket_open(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION meldloket_open(text) TO baken_app;

ALTER TABLE incidents
    ADD COLUMN via_meldloket  boolean NOT NULL DEFAULT false,
    ADD COLUMN reporter_email text NOT NULL DEFAULT '' CHECK (length(reporter_email) <= 254),
    -- sha256 of the follow-up code; the code itself is shown once.
    ADD COLUMN followup_hash  bytea CHECK (length(followup_hash) = 32),
    ADD CONSTRAINT incidents_meldloket_anonymous CHECK (NOT via_meldloket OR reporter_id IS NULL),
    ADD CONSTRAINT incidents_followup_meldloket CHECK (followup_hash IS NULL OR via_meldloket);
CREATE UNIQUE INDEX incidents_followup_key ON incidents (organisation_id, followup_hash) WHERE followup_hash IS NOT NULL;
