-- Incidents (issue 9): attachments, the retention period and the removal
-- of the reporter's details (BIO2 5.28.01, AVG art. 17).
--
-- Retention: an incident is kept at least three years after it was closed
-- (closed_at). An incident that is not closed has no end of retention: it is
-- still being handled and is never purged. The trigger below refuses every
-- DELETE of an incident before its retention has passed, whatever the role;
-- the portal's purge (the beheerder) checks the same rule first.

ALTER TABLE incidents ADD COLUMN closed_at timestamptz;
ALTER TABLE incidents ADD COLUMN reporter_removed_at timestamptz;

-- Incidents closed before this migration: the moment of the status change
-- to gesloten in the timeline, else the last change of the row.
UPDATE incidents i SET closed_at = coalesce(
    (SELECT max(t.at) FROM incident_timeline t
     WHERE t.organisation_id = i.organisation_id AND t.incident_id = i.id
       AND t.kind = 'statuswijziging' AND t.text LIKE '%→ Gesloten'),
    i.updated_at)
WHERE i.status = 'gesloten';

-- Every closed incident has its moment of closing: the portal sets it, and
-- rows written otherwise (the seed, imports) get the moment of writing.
CREATE FUNCTION incidents_closed_at() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS
$$
BEGIN
    IF NEW.status = 'gesloten' AND NEW.closed_at IS NULL THEN
        NEW.closed_at := now();
    ELSIF NEW.status <> 'gesloten' THEN
        NEW.closed_at := NULL;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER incidents_closed_at BEFORE INSERT OR UPDATE OF status, closed_at ON incidents
    FOR EACH ROW EXECUTE FUNCTION incidents_closed_at();

CREATE FUNCTION incidents_retention() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS
$$
BEGIN
    IF OLD.status <> 'gesloten' OR OLD.closed_at IS NULL OR OLD.closed_at + interval '3 years' > now() THEN
        RAISE EXCEPTION 'incident % is within its retention period', OLD.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'incidents_retention';
    END IF;
    RETURN OLD;
END
$$;
CREATE TRIGGER incidents_retention BEFORE DELETE ON incidents
    FOR EACH ROW EXECUTE FUNCTION incidents_retention();
CREATE INDEX incidents_closed_idx ON incidents (organisation_id, closed_at) WHERE status = 'gesloten';

-- The timeline stays append-only for the portal (no UPDATE or DELETE); it
-- goes only with its incident, after the retention period.
ALTER TABLE incident_timeline DROP CONSTRAINT incident_timeline_organisation_id_incident_id_fkey;
ALTER TABLE incident_timeline ADD CONSTRAINT incident_timeline_organisation_id_incident_id_fkey
    FOREIGN KEY (organisation_id, incident_id) REFERENCES incidents (organisation_id, id) ON DELETE CASCADE;

-- Attachments: screenshots, the suspicious e-mail (.eml, .msg), documents.
-- Stored like evidence (0002/0005): bytea, the type decided by the content,
-- sha256. by_reporter marks what came with the report (the reporter sees
-- the names of those on their own report).
CREATE TABLE incident_attachments (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id  bigint NOT NULL REFERENCES organisations (id),
    incident_id      bigint NOT NULL,
    filename         text NOT NULL CHECK (filename <> '' AND length(filename) <= 255),
    content_type     text NOT NULL CHECK (content_type <> ''),
    size_bytes       bigint NOT NULL CHECK (size_bytes > 0),
    sha256           text NOT NULL CHECK (length(sha256) = 64),
    content          bytea NOT NULL,
    by_reporter      boolean NOT NULL DEFAULT false,
    uploaded_by      bigint REFERENCES users (id),
    uploaded_by_name text NOT NULL DEFAULT '',
    uploaded_at      timestamptz NOT NULL,
    CONSTRAINT incident_attachments_size_matches CHECK (octet_length(content) = size_bytes),
    FOREIGN KEY (organisation_id, incident_id) REFERENCES incidents (organisation_id, id) ON DELETE CASCADE
);
CREATE INDEX incident_attachments_incident_idx ON incident_attachments (organisation_id, incident_id, id);
ALTER TABLE incident_attachments ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON incident_attachments USING (organisation_id = app_organisation_id())
    WITH CHECK (organisation_id = app_organisation_id());
-- Attachments go only with their incident.
REVOKE DELETE ON incident_attachments FROM baken_app;
