DROP TRIGGER catalogue_items_revision ON catalogue_items;
DROP FUNCTION catalogue_items_bump_revision();
ALTER TABLE frameworks DROP COLUMN revision;
