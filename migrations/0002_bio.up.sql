-- BIO: frameworks and their items, the organisation's implementation status
-- per control/measure (the VvT), evidence, ambition and the action plan.

-- organisation_id NULL: a framework Baken ships, shared by all organisations.
CREATE TABLE frameworks (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id bigint REFERENCES organisations (id),
    code            text NOT NULL CHECK (code <> ''),
    name            text NOT NULL CHECK (name <> ''),
    version         text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT frameworks_code_key UNIQUE NULLS NOT DISTINCT (organisation_id, code)
);

CREATE TABLE catalogue_items (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    framework_id bigint NOT NULL REFERENCES frameworks (id) ON DELETE CASCADE,
    kind         text NOT NULL CHECK (kind IN ('theme', 'chapter', 'objective', 'control', 'measure')),
    number       text NOT NULL,
    parent_id    bigint REFERENCES catalogue_items (id) ON DELETE CASCADE,
    title        text NOT NULL,
    hygiene      text NOT NULL DEFAULT '',
    cbw_scope    text NOT NULL DEFAULT '' CHECK (cbw_scope IN ('', 'ja', 'nee')),
    bbn          smallint CHECK (bbn BETWEEN 1 AND 3),
    -- number with zero-padded segments, so "5.10" sorts after "5.9"
    sort_key     text NOT NULL,
    CONSTRAINT catalogue_items_number_key UNIQUE (framework_id, number)
);
CREATE INDEX catalogue_items_parent_idx ON catalogue_items (parent_id);
CREATE INDEX catalogue_items_sort_idx ON catalogue_items (framework_id, sort_key);

-- The official wording, imported by an organisation from its own copy of the text.
CREATE TABLE catalogue_texts (
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    item_id         bigint NOT NULL REFERENCES catalogue_items (id) ON DELETE CASCADE,
    text            text NOT NULL,
    source          text NOT NULL DEFAULT '',
    imported_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organisation_id, item_id)
);

-- ISO 27002:2013 control → ISO 27002:2022 control (public correspondence table).
CREATE TABLE catalogue_mappings (
    from_item_id bigint NOT NULL REFERENCES catalogue_items (id) ON DELETE CASCADE,
    to_item_id   bigint NOT NULL REFERENCES catalogue_items (id) ON DELETE CASCADE,
    PRIMARY KEY (from_item_id, to_item_id)
);

ALTER TABLE organisations
    ADD COLUMN active_framework_id bigint REFERENCES frameworks (id),
    ADD COLUMN target_maturity     smallint CHECK (target_maturity BETWEEN 1 AND 5),
    ADD COLUMN target_date         date,
    ADD COLUMN version             integer NOT NULL DEFAULT 1;

-- One row per control or measure the organisation has touched; no row means
-- the defaults (applicable, niet gestart, onbekend).
CREATE TABLE control_statuses (
    organisation_id     bigint NOT NULL REFERENCES organisations (id),
    item_id             bigint NOT NULL REFERENCES catalogue_items (id) ON DELETE CASCADE,
    applicable          boolean NOT NULL DEFAULT true,
    justification       text NOT NULL DEFAULT '',
    owner_department_id bigint,
    status              text NOT NULL DEFAULT 'niet_gestart' CHECK (status IN ('niet_gestart', 'in_uitvoering', 'geimplementeerd', 'niet_van_toepassing')),
    opzet               text NOT NULL DEFAULT 'onbekend' CHECK (opzet IN ('ja', 'deels', 'nee', 'onbekend')),
    bestaan             text NOT NULL DEFAULT 'onbekend' CHECK (bestaan IN ('ja', 'deels', 'nee', 'onbekend')),
    werking             text NOT NULL DEFAULT 'onbekend' CHECK (werking IN ('ja', 'deels', 'nee', 'onbekend')),
    maturity            smallint CHECK (maturity BETWEEN 1 AND 5),
    notes               text NOT NULL DEFAULT '',
    last_review         date,
    next_review         date,
    -- set when status was carried over from another framework, until the CISO confirms
    needs_review        boolean NOT NULL DEFAULT false,
    reviewed_by         bigint REFERENCES users (id),
    reviewed_at         timestamptz,
    updated_by          bigint REFERENCES users (id),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    version             integer NOT NULL DEFAULT 1,
    PRIMARY KEY (organisation_id, item_id),
    FOREIGN KEY (organisation_id, owner_department_id) REFERENCES departments (organisation_id, id),
    CONSTRAINT control_statuses_justification_check CHECK (applicable OR justification <> '')
);
CREATE INDEX control_statuses_owner_idx ON control_statuses (organisation_id, owner_department_id);

-- Evidence: an uploaded file (kept in the database, so one backup holds
-- everything) or a link to the document system. Removal is a soft delete.
CREATE TABLE evidence (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    item_id         bigint NOT NULL REFERENCES catalogue_items (id),
    kind            text NOT NULL CHECK (kind IN ('file', 'link')),
    title           text NOT NULL CHECK (title <> ''),
    url             text NOT NULL DEFAULT '',
    filename        text NOT NULL DEFAULT '',
    content_type    text NOT NULL DEFAULT '',
    size_bytes      bigint NOT NULL DEFAULT 0,
    sha256          text NOT NULL DEFAULT '',
    content         bytea,
    uploaded_by     bigint REFERENCES users (id),
    uploaded_at     timestamptz NOT NULL DEFAULT now(),
    removed_by      bigint REFERENCES users (id),
    removed_at      timestamptz,
    CHECK ((kind = 'file') = (content IS NOT NULL)),
    CHECK (kind = 'file' OR url <> '')
);
CREATE INDEX evidence_item_idx ON evidence (organisation_id, item_id) WHERE removed_at IS NULL;

-- Informatiebeveiligingsplan.
CREATE TABLE plan_actions (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id     bigint NOT NULL REFERENCES organisations (id),
    title               text NOT NULL CHECK (title <> ''),
    description         text NOT NULL DEFAULT '',
    owner_user_id       bigint REFERENCES users (id),
    owner_department_id bigint,
    due_date            date,
    status              text NOT NULL DEFAULT 'gepland' CHECK (status IN ('gepland', 'in_uitvoering', 'gereed', 'vervallen')),
    priority            text NOT NULL DEFAULT 'midden' CHECK (priority IN ('laag', 'midden', 'hoog')),
    estimated_cost      numeric(12, 2) CHECK (estimated_cost >= 0),
    version             integer NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (organisation_id, owner_department_id) REFERENCES departments (organisation_id, id),
    UNIQUE (organisation_id, id)
);
CREATE INDEX plan_actions_org_idx ON plan_actions (organisation_id, due_date);

-- What an action addresses. target_kind grows with the domain (risk, incident,
-- finding) without a new table per kind.
CREATE TABLE plan_action_links (
    organisation_id bigint NOT NULL,
    action_id       bigint NOT NULL,
    target_kind     text NOT NULL CHECK (target_kind IN ('control')),
    target_id       bigint NOT NULL,
    PRIMARY KEY (action_id, target_kind, target_id),
    FOREIGN KEY (organisation_id, action_id) REFERENCES plan_actions (organisation_id, id) ON DELETE CASCADE
);
CREATE INDEX plan_action_links_target_idx ON plan_action_links (organisation_id, target_kind, target_id);
