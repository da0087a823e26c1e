DROP INDEX incident_links_incident_idx;
DELETE FROM incident_links WHERE supplier_id IS NOT NULL;
ALTER TABLE incident_links DROP CONSTRAINT incident_links_one_check;
ALTER TABLE incident_links ADD CONSTRAINT incident_links_one_check CHECK ((application_id IS NULL) <> (process_id IS NULL));
ALTER TABLE incident_links DROP CONSTRAINT incident_links_supplier_fkey;
ALTER TABLE incident_links DROP COLUMN supplier_id;
