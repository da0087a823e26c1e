DROP TABLE incident_fg_advices;
DROP TABLE incident_ap_followups;
DROP TABLE incident_datalek_facts;
