-- Back to the free-text supplier of 0001: the linked supplier's name.
ALTER TABLE applications ADD COLUMN supplier text NOT NULL DEFAULT '';
UPDATE applications a SET supplier = s.name FROM suppliers s WHERE s.organisation_id = a.organisation_id AND s.id = a.supplier_id;
ALTER TABLE applications DROP COLUMN supplier_id;
DROP TABLE IF EXISTS supplier_reports, supplier_agreements, suppliers;
