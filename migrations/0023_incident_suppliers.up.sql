-- Issue 9: an incident touches applications, processes and suppliers. The
-- report names an application or process if the reporter knows one; the
-- handler keeps the whole set, suppliers included, in the classification.
ALTER TABLE incident_links ADD COLUMN supplier_id bigint;
ALTER TABLE incident_links ADD CONSTRAINT incident_links_supplier_fkey
    FOREIGN KEY (organisation_id, supplier_id) REFERENCES suppliers (organisation_id, id) ON DELETE CASCADE;
ALTER TABLE incident_links DROP CONSTRAINT incident_links_one_check;
ALTER TABLE incident_links ADD CONSTRAINT incident_links_one_check
    CHECK (num_nonnulls(application_id, process_id, supplier_id) = 1);
CREATE INDEX incident_links_incident_idx ON incident_links (organisation_id, incident_id);
