DROP TRIGGER organisations_incident_categories ON organisations;
DROP FUNCTION incident_categories_for_new_organisation();
DROP TABLE incident_timeline, incident_links, incidents, incident_categories;
DROP FUNCTION incident_default_categories(bigint);
