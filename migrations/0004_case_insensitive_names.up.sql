-- "Burgerzaken" and " burgerzaken" are the same afdeling to a user.
CREATE UNIQUE INDEX departments_lower_name_key ON departments (organisation_id, lower(name));
CREATE UNIQUE INDEX processes_lower_name_key ON processes (organisation_id, lower(name));
CREATE UNIQUE INDEX applications_lower_name_key ON applications (organisation_id, lower(name));
