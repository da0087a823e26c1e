DROP TABLE IF EXISTS sessions, login_throttle, audit_events, application_processes, applications, processes, role_assignments, departments, users, organisations;
