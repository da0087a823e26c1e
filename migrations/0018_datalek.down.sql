DROP TABLE incident_datalek_notes;
DROP TABLE incident_datalek_facts;
