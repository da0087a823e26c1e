-- A framework's revision counts the changes to its items, so that the
-- portal can keep the catalogue hierarchy (themes, controls, measures: the
-- same for every organisation) in memory and know without reading the items
-- whether its copy is still current (internal/catalogue, Skeleton). Every
-- change to catalogue_items — an import, a re-import of the same version,
-- the parent links — raises it, whoever makes the change.
ALTER TABLE frameworks ADD COLUMN revision bigint NOT NULL DEFAULT 1;

CREATE FUNCTION catalogue_items_bump_revision() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS
$$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE public.frameworks SET revision = revision + 1 WHERE id = NEW.framework_id;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE public.frameworks SET revision = revision + 1 WHERE id = OLD.framework_id;
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION catalogue_items_bump_revision() FROM PUBLIC;

CREATE TRIGGER catalogue_items_revision AFTER INSERT OR UPDATE OR DELETE ON catalogue_items
    FOR EACH ROW EXECUTE FUNCTION catalogue_items_bump_revision();
