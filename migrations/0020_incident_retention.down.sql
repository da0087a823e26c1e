DROP TABLE incident_attachments;
ALTER TABLE incident_timeline DROP CONSTRAINT incident_timeline_organisation_id_incident_id_fkey;
ALTER TABLE incident_timeline ADD CONSTRAINT incident_timeline_organisation_id_incident_id_fkey
    FOREIGN KEY (organisation_id, incident_id) REFERENCES incidents (organisation_id, id);
DROP TRIGGER incidents_retention ON incidents;
DROP FUNCTION incidents_retention();
DROP TRIGGER incidents_closed_at ON incidents;
DROP FUNCTION incidents_closed_at();
DROP INDEX incidents_closed_idx;
ALTER TABLE incidents DROP COLUMN reporter_removed_at, DROP COLUMN closed_at;
