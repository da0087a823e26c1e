-- Foundation: organisations, users and their roles, the organisation structure,
-- the audit trail, login throttling and the session store.

CREATE TABLE organisations (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL UNIQUE CHECK (name <> ''),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Users are global: one person (a CISO shared by several gemeenten) may hold
-- roles in several organisations. What a user may see follows from the roles.
CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text NOT NULL CHECK (email <> ''),
    name          text NOT NULL CHECK (name <> ''),
    password_hash text NOT NULL,
    active        boolean NOT NULL DEFAULT true,
    last_login_at timestamptz,
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE departments (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    name            text NOT NULL CHECK (name <> ''),
    description     text NOT NULL DEFAULT '',
    manager_id      bigint REFERENCES users (id),
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT departments_name_key UNIQUE (organisation_id, name),
    UNIQUE (organisation_id, id)
);

CREATE TABLE role_assignments (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id         bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    role            text NOT NULL CHECK (role IN ('college', 'directie', 'afdelingsmanager', 'ciso', 'dspo', 'fg', 'auditor', 'medewerker', 'beheerder')),
    department_id   bigint,
    created_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (organisation_id, department_id) REFERENCES departments (organisation_id, id) ON DELETE CASCADE,
    -- Afdelingsmanager and DSPO are scoped to an afdeling; the other roles are organisation-wide.
    CONSTRAINT role_assignments_scope_check CHECK ((role IN ('afdelingsmanager', 'dspo')) = (department_id IS NOT NULL))
);
CREATE UNIQUE INDEX role_assignments_unique_key ON role_assignments (user_id, organisation_id, role, coalesce(department_id, 0));
CREATE INDEX role_assignments_org_idx ON role_assignments (organisation_id, user_id);

CREATE TABLE processes (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    department_id   bigint NOT NULL,
    owner_id        bigint REFERENCES users (id),
    name            text NOT NULL CHECK (name <> ''),
    description     text NOT NULL DEFAULT '',
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (organisation_id, department_id) REFERENCES departments (organisation_id, id),
    CONSTRAINT processes_name_key UNIQUE (organisation_id, name),
    UNIQUE (organisation_id, id)
);

CREATE TABLE applications (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    name            text NOT NULL CHECK (name <> ''),
    supplier        text NOT NULL DEFAULT '',
    hosting         text NOT NULL CHECK (hosting IN ('on-premises', 'saas', 'private-cloud', 'public-cloud', 'extern')),
    description     text NOT NULL DEFAULT '',
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT applications_name_key UNIQUE (organisation_id, name),
    UNIQUE (organisation_id, id)
);

CREATE TABLE application_processes (
    organisation_id bigint NOT NULL,
    application_id  bigint NOT NULL,
    process_id      bigint NOT NULL,
    PRIMARY KEY (application_id, process_id),
    FOREIGN KEY (organisation_id, application_id) REFERENCES applications (organisation_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organisation_id, process_id) REFERENCES processes (organisation_id, id) ON DELETE CASCADE
);
CREATE INDEX application_processes_process_idx ON application_processes (process_id);

-- Append-only: the application never updates or deletes audit rows.
CREATE TABLE audit_events (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id bigint REFERENCES organisations (id),
    actor_id        bigint REFERENCES users (id),
    occurred_at     timestamptz NOT NULL DEFAULT now(),
    action          text NOT NULL,
    entity          text NOT NULL,
    entity_id       bigint,
    summary         text NOT NULL DEFAULT '',
    before          jsonb,
    after           jsonb,
    request_id      text NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_org_time_idx ON audit_events (organisation_id, occurred_at DESC, id DESC);

-- Failed logins, keyed "account:<e-mail>" or "address:<ip>" (see internal/auth).
CREATE TABLE login_throttle (
    key          text PRIMARY KEY,
    failures     integer NOT NULL DEFAULT 0,
    window_start timestamptz NOT NULL DEFAULT now(),
    locked_until timestamptz
);

-- Session store of scs/pgxstore.
CREATE TABLE sessions (
    token  text PRIMARY KEY,
    data   bytea NOT NULL,
    expiry timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);
