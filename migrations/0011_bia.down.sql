DROP TRIGGER IF EXISTS bia_organisation_created ON organisations;
DROP FUNCTION IF EXISTS bia_organisation_created();
DROP FUNCTION IF EXISTS bia_default_impact_areas(bigint);
DROP TABLE IF EXISTS application_classifications, bia_raises, bia_answers, bia_impact_areas, bia_scale_changes,
    bia_settings, bia_scale_levels;
