-- Privacy (issue 8): the DPIA register. A DPIA is drafted by a DSPO about a
-- processing of personal data, linked to the processes it covers and the
-- risks it weighs, reviewed by the FG (advice) and decided on by the
-- directie or the manager of its afdeling (follow the advice, or deviate
-- with a rationale). Status: concept → bij_fg → advies_ontvangen → besloten;
-- back to concept is allowed before the decision.
CREATE TABLE dpias (
    id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id         bigint NOT NULL REFERENCES organisations (id),
    title                   text NOT NULL CHECK (title <> '' AND length(title) <= 200),
    processing              text NOT NULL DEFAULT '' CHECK (length(processing) <= 4000),
    department_id           bigint NOT NULL,
    status                  text NOT NULL DEFAULT 'concept'
                            CHECK (status IN ('concept', 'bij_fg', 'advies_ontvangen', 'besloten')),
    dspo_id                 bigint REFERENCES users (id),
    purpose                 text NOT NULL DEFAULT '' CHECK (length(purpose) <= 8000),
    subjects                text NOT NULL DEFAULT '' CHECK (length(subjects) <= 8000),
    risks                   text NOT NULL DEFAULT '' CHECK (length(risks) <= 8000),
    measures                text NOT NULL DEFAULT '' CHECK (length(measures) <= 8000),
    -- The FG's advice.
    advice                  text NOT NULL DEFAULT '' CHECK (length(advice) <= 8000),
    advised_on              date,
    advised_by              bigint REFERENCES users (id),
    advised_by_name         text NOT NULL DEFAULT '',
    -- The decision on the advice.
    decision                text CHECK (decision IN ('follow', 'deviate')),
    decision_rationale      text NOT NULL DEFAULT '' CHECK (length(decision_rationale) <= 8000),
    decided_on              date,
    decided_by              bigint REFERENCES users (id),
    decided_by_name         text NOT NULL DEFAULT '',
    decided_by_body         text CHECK (decided_by_body IN ('directie', 'afdelingsmanager')),
    created_by              bigint REFERENCES users (id),
    version                 integer NOT NULL DEFAULT 1,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organisation_id, id),
    FOREIGN KEY (organisation_id, department_id) REFERENCES departments (organisation_id, id),
    CONSTRAINT dpias_advice_given_check CHECK (status IN ('concept', 'bij_fg') OR (advice <> '' AND advised_on IS NOT NULL)),
    CONSTRAINT dpias_decision_made_check CHECK (status <> 'besloten' OR (decision IS NOT NULL AND decided_on IS NOT NULL)),
    CONSTRAINT dpias_deviation_rationale_check CHECK (decision IS DISTINCT FROM 'deviate' OR decision_rationale <> '')
);
CREATE INDEX dpias_department_idx ON dpias (organisation_id, department_id);

-- The processes a DPIA is about (at least one, checked by the service).
CREATE TABLE dpia_processes (
    organisation_id bigint NOT NULL,
    dpia_id         bigint NOT NULL,
    process_id      bigint NOT NULL,
    PRIMARY KEY (organisation_id, dpia_id, process_id),
    FOREIGN KEY (organisation_id, dpia_id) REFERENCES dpias (organisation_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organisation_id, process_id) REFERENCES processes (organisation_id, id) ON DELETE CASCADE
);
CREATE INDEX dpia_processes_process_idx ON dpia_processes (organisation_id, process_id);

-- The risks (of the risk analyses, 0010) a DPIA weighs.
CREATE TABLE dpia_risks (
    organisation_id bigint NOT NULL,
    dpia_id         bigint NOT NULL,
    risk_id         bigint NOT NULL,
    PRIMARY KEY (organisation_id, dpia_id, risk_id),
    FOREIGN KEY (organisation_id, dpia_id) REFERENCES dpias (organisation_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organisation_id, risk_id) REFERENCES risks (organisation_id, id) ON DELETE CASCADE
);
CREATE INDEX dpia_risks_risk_idx ON dpia_risks (organisation_id, risk_id);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['dpias', 'dpia_processes', 'dpia_risks']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (organisation_id = app_organisation_id())
                        WITH CHECK (organisation_id = app_organisation_id())', t);
    END LOOP;
END $$;
