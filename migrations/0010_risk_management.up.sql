-- Risk management: the tables more than one part of the domain relies on.
-- The BIA result per process, risk analyses with their risks, the risk
-- appetite and the decisions on risks, and the VvT's reference to the
-- analysis that justifies not applying a measure. Each part adds its own
-- detail tables in a later migration (0011 BIA, 0012 risk analyses, 0013
-- suppliers, 0014 privacy, 0015 decisions). Levels are ranks: 1 is the
-- lowest level of the organisation's scale for that aspect.

-- The outcome of a process's BIA: the final level per aspect (after any
-- raise by the manager), whether personal data is processed, and what
-- follows from it. The answers per impact area live in the BIA's own tables.
CREATE TABLE process_bias (
    organisation_id     bigint NOT NULL REFERENCES organisations (id),
    process_id          bigint NOT NULL,
    availability        smallint CHECK (availability >= 1),
    integrity           smallint CHECK (integrity >= 1),
    confidentiality     smallint CHECK (confidentiality >= 1),
    personal_data       boolean NOT NULL DEFAULT false,
    special_categories  boolean NOT NULL DEFAULT false,
    dpia_needed         boolean NOT NULL DEFAULT false,
    bbn                 smallint CHECK (bbn BETWEEN 1 AND 3),
    notes               text NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
    assessed_by         bigint REFERENCES users (id),
    assessed_at         timestamptz,
    version             integer NOT NULL DEFAULT 1,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organisation_id, process_id),
    FOREIGN KEY (organisation_id, process_id) REFERENCES processes (organisation_id, id) ON DELETE CASCADE,
    CHECK (NOT special_categories OR personal_data)
);

-- A risk analysis of one subject: a process, application or supplier (by
-- id), or a project/change or organisation-wide theme (by name).
CREATE TABLE risk_analyses (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id     bigint NOT NULL REFERENCES organisations (id),
    title               text NOT NULL CHECK (title <> '' AND length(title) <= 200),
    subject_kind        text NOT NULL CHECK (subject_kind IN ('process', 'application', 'supplier', 'project', 'theme')),
    subject_id          bigint,
    subject_name        text NOT NULL DEFAULT '' CHECK (length(subject_name) <= 200),
    department_id       bigint NOT NULL,
    owner_id            bigint REFERENCES users (id),
    status              text NOT NULL DEFAULT 'concept' CHECK (status IN ('concept', 'ingediend', 'vastgesteld')),
    scope               text NOT NULL DEFAULT '' CHECK (length(scope) <= 4000),
    review_comment      text NOT NULL DEFAULT '' CHECK (length(review_comment) <= 4000),
    analysis_date       date,
    next_review         date,
    submitted_by        bigint REFERENCES users (id),
    submitted_at        timestamptz,
    established_by      bigint REFERENCES users (id),
    established_at      timestamptz,
    version             integer NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organisation_id, id),
    FOREIGN KEY (organisation_id, department_id) REFERENCES departments (organisation_id, id),
    CONSTRAINT risk_analyses_subject_check CHECK (
        (subject_kind IN ('process', 'application', 'supplier') AND subject_id IS NOT NULL)
        OR (subject_kind IN ('project', 'theme') AND subject_id IS NULL AND subject_name <> ''))
);
CREATE INDEX risk_analyses_subject_idx ON risk_analyses (organisation_id, subject_kind, subject_id);
CREATE INDEX risk_analyses_department_idx ON risk_analyses (organisation_id, department_id);

-- The DSPO and CISO who help the owner.
CREATE TABLE risk_analysis_helpers (
    organisation_id bigint NOT NULL,
    analysis_id     bigint NOT NULL,
    user_id         bigint NOT NULL REFERENCES users (id),
    PRIMARY KEY (analysis_id, user_id),
    FOREIGN KEY (organisation_id, analysis_id) REFERENCES risk_analyses (organisation_id, id) ON DELETE CASCADE
);

-- A risk: a threat (from the shipped catalogue by code, or free text),
-- scored before (inherent) and after (residual) treatment on the
-- organisation's matrix. Kans and impact are ranks on the matrix's axes.
CREATE TABLE risks (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id        bigint NOT NULL REFERENCES organisations (id),
    analysis_id            bigint NOT NULL,
    threat_code            text NOT NULL DEFAULT '',
    threat                 text NOT NULL CHECK (threat <> '' AND length(threat) <= 300),
    description            text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    affects_availability   boolean NOT NULL DEFAULT false,
    affects_integrity      boolean NOT NULL DEFAULT false,
    affects_confidentiality boolean NOT NULL DEFAULT false,
    inherent_likelihood    smallint CHECK (inherent_likelihood >= 1),
    inherent_impact        smallint CHECK (inherent_impact >= 1),
    treatment              text CHECK (treatment IN ('vermijden', 'verminderen', 'overdragen', 'accepteren')),
    treatment_description  text NOT NULL DEFAULT '' CHECK (length(treatment_description) <= 4000),
    estimated_cost         numeric(12, 2) CHECK (estimated_cost >= 0),
    residual_likelihood    smallint CHECK (residual_likelihood >= 1),
    residual_impact        smallint CHECK (residual_impact >= 1),
    owner_id               bigint REFERENCES users (id),
    version                integer NOT NULL DEFAULT 1,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organisation_id, id),
    FOREIGN KEY (organisation_id, analysis_id) REFERENCES risk_analyses (organisation_id, id) ON DELETE CASCADE
);
CREATE INDEX risks_analysis_idx ON risks (organisation_id, analysis_id);

-- The existing controls from the BIO catalogue a risk relies on.
CREATE TABLE risk_controls (
    organisation_id bigint NOT NULL,
    risk_id         bigint NOT NULL,
    item_id         bigint NOT NULL REFERENCES catalogue_items (id) ON DELETE CASCADE,
    PRIMARY KEY (risk_id, item_id),
    FOREIGN KEY (organisation_id, risk_id) REFERENCES risks (organisation_id, id) ON DELETE CASCADE
);
CREATE INDEX risk_controls_item_idx ON risk_controls (organisation_id, item_id);

-- The risk matrix of the organisation: axes, levels with labels and colours,
-- and the level of every cell, as data (internal/risk/matrix.go reads it;
-- no row means the default 5×5 matrix).
CREATE TABLE risk_matrices (
    organisation_id bigint PRIMARY KEY REFERENCES organisations (id),
    config          jsonb NOT NULL,
    version         integer NOT NULL DEFAULT 1,
    updated_by      bigint REFERENCES users (id),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- The risk appetite: the highest residual level (a rank of the matrix's
-- levels) that may be accepted without a decision of the bestuur, optionally
-- per aspect, set by a recorded decision. The newest row is current; earlier
-- rows are the history (append-only for the portal).
CREATE TABLE risk_appetites (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id     bigint NOT NULL REFERENCES organisations (id),
    max_level           smallint NOT NULL CHECK (max_level >= 1),
    availability_level  smallint CHECK (availability_level >= 1),
    integrity_level     smallint CHECK (integrity_level >= 1),
    confidentiality_level smallint CHECK (confidentiality_level >= 1),
    decision_reference  text NOT NULL CHECK (decision_reference <> '' AND length(decision_reference) <= 200),
    decided_on          date NOT NULL,
    decided_by_body     text NOT NULL CHECK (decided_by_body IN ('directie', 'college')),
    notes               text NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
    recorded_by         bigint REFERENCES users (id),
    recorded_by_name    text NOT NULL DEFAULT '',
    recorded_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX risk_appetites_org_idx ON risk_appetites (organisation_id, recorded_at DESC, id DESC);

-- A decision on a risk: approving its treatment plan, or accepting (or
-- rejecting) its residual risk. It keeps a frozen copy of the risk as it was
-- decided and a fingerprint of what is material (residual level, treatment,
-- linked controls): a risk whose fingerprint differs from its last
-- acceptance, or whose acceptance expired, is back in the queue. Acceptance
-- is always temporary, so it needs a valid-until date. Append-only.
CREATE TABLE risk_decisions (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id     bigint NOT NULL REFERENCES organisations (id),
    risk_id             bigint NOT NULL,
    kind                text NOT NULL CHECK (kind IN ('treatment_plan', 'residual_risk')),
    outcome             text NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
    rationale           text NOT NULL CHECK (rationale <> '' AND length(rationale) <= 4000),
    decided_by          bigint REFERENCES users (id),
    decided_by_name     text NOT NULL DEFAULT '',
    decided_by_body     text NOT NULL CHECK (decided_by_body IN ('afdelingsmanager', 'directie', 'college')),
    decided_on          date NOT NULL,
    valid_until         date,
    residual_level      smallint,
    fingerprint         text NOT NULL,
    snapshot            jsonb NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (organisation_id, risk_id) REFERENCES risks (organisation_id, id) ON DELETE CASCADE,
    CONSTRAINT risk_decisions_valid_until_check CHECK (
        kind <> 'residual_risk' OR outcome <> 'accepted' OR (valid_until IS NOT NULL AND valid_until >= decided_on))
);
CREATE INDEX risk_decisions_risk_idx ON risk_decisions (organisation_id, risk_id, created_at DESC, id DESC);

-- Not applying a control goes through the VvT ("niet van toepassing"); for
-- an overheidsmaatregel it must be justified by a risk analysis, listed in
-- the VvT's annex "Uitzonderingen op de VvT".
ALTER TABLE control_statuses ADD COLUMN justifying_analysis_id bigint;
ALTER TABLE control_statuses ADD CONSTRAINT control_statuses_justifying_analysis_fkey
    FOREIGN KEY (organisation_id, justifying_analysis_id) REFERENCES risk_analyses (organisation_id, id);

-- Plan actions can address risks (a risk's treatment actions).
ALTER TABLE plan_action_links DROP CONSTRAINT plan_action_links_target_kind_check;
ALTER TABLE plan_action_links ADD CONSTRAINT plan_action_links_target_kind_check CHECK (target_kind IN ('control', 'risk'));

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['process_bias', 'risk_analyses', 'risk_analysis_helpers', 'risks', 'risk_controls',
                             'risk_matrices', 'risk_appetites', 'risk_decisions']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (organisation_id = app_organisation_id())
                        WITH CHECK (organisation_id = app_organisation_id())', t);
    END LOOP;
END $$;
REVOKE UPDATE, DELETE ON risk_appetites, risk_decisions FROM baken_app;
