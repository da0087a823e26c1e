-- Incidents (issue 9): the meldloket for every user and the register the
-- CISO and the DSPOs handle. A report starts as 'gemeld'; the handler
-- classifies it (the IBD taxonomy, cause, impact, aspects, afdeling) and
-- moves it along gemeld → in_behandeling → opgelost → geevalueerd →
-- gesloten. An evaluation (root cause, lessons learned) is required from
-- geevalueerd on. A datalek (personal data involved) has a 72-hour clock
-- from discovered_at. Times are timestamptz (UTC), shown in Amsterdam.

-- The IBD incident taxonomy per organisation, kept as data: one row per
-- category (code, as in internal/risk/threats.go) and subcategory. Every
-- organisation gets the shipped taxonomy (existing ones here, new ones by
-- the trigger below); a CISO could later switch entries off (active).
CREATE TABLE incident_categories (
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    code            text NOT NULL CHECK (code IN ('beschikbaarheid', 'fraude', 'informatiebeveiliging', 'malafide-inhoud',
                                                  'malware', 'inbraakpoging', 'geslaagde-inbraak', 'informatieverzameling')),
    subcategory     text NOT NULL CHECK (subcategory <> '' AND length(subcategory) <= 60),
    label           text NOT NULL CHECK (label <> '' AND length(label) <= 200),
    position        smallint NOT NULL DEFAULT 0,
    active          boolean NOT NULL DEFAULT true,
    PRIMARY KEY (organisation_id, code, subcategory)
);

CREATE FUNCTION incident_default_categories(p_org bigint) RETURNS void
    LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS
$$
    INSERT INTO public.incident_categories (organisation_id, code, subcategory, label, position)
    SELECT p_org, c.code, c.sub, c.label, c.pos FROM (VALUES
        ('beschikbaarheid', 'sabotage', 'Sabotage', 1),
        ('beschikbaarheid', 'dos', 'DoS- of DDoS-aanval', 2),
        ('fraude', 'naamgebruik', 'Illegaal naamgebruik', 3),
        ('fraude', 'middelen', 'Onrechtmatig gebruik van middelen', 4),
        ('informatiebeveiliging', 'toegang', 'Ongeautoriseerde toegang tot informatie', 5),
        ('informatiebeveiliging', 'wijziging', 'Ongeautoriseerde wijziging van informatie', 6),
        ('malafide-inhoud', 'spam', 'Spam', 7),
        ('malafide-inhoud', 'auteursrecht', 'Inbreuk op auteursrecht', 8),
        ('malafide-inhoud', 'strafbare-inhoud', 'Haatdragende of strafbare inhoud', 9),
        ('malware', 'infectie', 'Infectie', 10),
        ('malware', 'distributie', 'Distributie', 11),
        ('malware', 'command-control', 'Command & control', 12),
        ('inbraakpoging', 'inlogpoging', 'Inlogpoging', 13),
        ('inbraakpoging', 'kwetsbaarheid', 'Poging tot misbruik van een kwetsbaarheid', 14),
        ('geslaagde-inbraak', 'account', 'Gecompromitteerd account', 15),
        ('geslaagde-inbraak', 'kwetsbaarheid', 'Misbruik van een kwetsbaarheid', 16),
        ('informatieverzameling', 'scannen', 'Scannen', 17),
        ('informatieverzameling', 'sniffen', 'Sniffen (afluisteren)', 18),
        ('informatieverzameling', 'phishing', 'Phishing', 19)
    ) AS c (code, sub, label, pos)
    ON CONFLICT DO NOTHING;
$$;
REVOKE ALL ON FUNCTION incident_default_categories(bigint) FROM PUBLIC;

CREATE FUNCTION incident_categories_for_new_organisation() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS
$$
BEGIN
    PERFORM public.incident_default_categories(NEW.id);
    RETURN NEW;
END
$$;
CREATE TRIGGER organisations_incident_categories AFTER INSERT ON organisations
    FOR EACH ROW EXECUTE FUNCTION incident_categories_for_new_organisation();
SELECT incident_default_categories(id) FROM organisations;

CREATE TABLE incidents (
    id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id         bigint NOT NULL REFERENCES organisations (id),
    -- The follow-up number the reporter gets, per organisation.
    number                  integer NOT NULL CHECK (number > 0),
    reporter_id             bigint REFERENCES users (id),
    reporter_name           text NOT NULL DEFAULT '',
    occurred_at             timestamptz,
    discovered_at           timestamptz NOT NULL,
    title                   text NOT NULL CHECK (title <> '' AND length(title) <= 200),
    description             text NOT NULL DEFAULT '' CHECK (length(description) <= 8000),
    category                text,
    subcategory             text,
    cause                   text NOT NULL DEFAULT 'onbekend'
                            CHECK (cause IN ('onbekend', 'crimineel', 'medewerker_bewust', 'medewerker_onbewust', 'derde_partij')),
    impact                  text CHECK (impact IN ('laag', 'midden', 'hoog')),
    affects_availability    boolean NOT NULL DEFAULT false,
    affects_integrity       boolean NOT NULL DEFAULT false,
    affects_confidentiality boolean NOT NULL DEFAULT false,
    department_id           bigint,
    -- The reporter's answer (ja, nee, weet_niet); personal_data is the
    -- datalek track, set from the answer (ja and weet niet count until the
    -- handler decides) and changed by the handler.
    personal_data_answer    text NOT NULL DEFAULT 'weet_niet' CHECK (personal_data_answer IN ('ja', 'nee', 'weet_niet')),
    personal_data           boolean NOT NULL DEFAULT false,
    handler_id              bigint REFERENCES users (id),
    status                  text NOT NULL DEFAULT 'gemeld'
                            CHECK (status IN ('gemeld', 'in_behandeling', 'opgelost', 'geevalueerd', 'gesloten')),
    -- Root cause and lessons learned (BIO2 5.27).
    evaluation              text NOT NULL DEFAULT '' CHECK (length(evaluation) <= 8000),
    -- The datalek track: the decision on notifying the Autoriteit
    -- Persoonsgegevens (every datalek is registered, notified or not).
    ap_decision             text CHECK (ap_decision IN ('melden', 'niet_melden')),
    ap_rationale            text NOT NULL DEFAULT '' CHECK (length(ap_rationale) <= 4000),
    ap_notified_at          timestamptz,
    ap_reference            text NOT NULL DEFAULT '' CHECK (length(ap_reference) <= 100),
    ap_decided_by_name      text NOT NULL DEFAULT '',
    ap_decided_at           timestamptz,
    version                 integer NOT NULL DEFAULT 1,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organisation_id, id),
    CONSTRAINT incidents_number_key UNIQUE (organisation_id, number),
    FOREIGN KEY (organisation_id, department_id) REFERENCES departments (organisation_id, id),
    CONSTRAINT incidents_category_fkey FOREIGN KEY (organisation_id, category, subcategory)
        REFERENCES incident_categories (organisation_id, code, subcategory),
    CONSTRAINT incidents_category_pair CHECK ((category IS NULL) = (subcategory IS NULL)),
    CONSTRAINT incidents_evaluation_required CHECK (status NOT IN ('geevalueerd', 'gesloten') OR evaluation <> ''),
    CONSTRAINT incidents_ap_notified_required CHECK (ap_decision IS DISTINCT FROM 'melden' OR ap_notified_at IS NOT NULL),
    CONSTRAINT incidents_ap_rationale_required CHECK (ap_decision IS DISTINCT FROM 'niet_melden' OR ap_rationale <> '')
);
CREATE INDEX incidents_org_idx ON incidents (organisation_id, discovered_at DESC, id DESC);
CREATE INDEX incidents_reporter_idx ON incidents (organisation_id, reporter_id);
CREATE INDEX incidents_department_idx ON incidents (organisation_id, department_id);

-- The applications and processes an incident touches (exactly one per row).
CREATE TABLE incident_links (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id bigint NOT NULL,
    incident_id     bigint NOT NULL,
    application_id  bigint,
    process_id      bigint,
    FOREIGN KEY (organisation_id, incident_id) REFERENCES incidents (organisation_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organisation_id, application_id) REFERENCES applications (organisation_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organisation_id, process_id) REFERENCES processes (organisation_id, id) ON DELETE CASCADE,
    CONSTRAINT incident_links_one_check CHECK ((application_id IS NULL) <> (process_id IS NULL))
);
CREATE UNIQUE INDEX incident_links_application_key ON incident_links (organisation_id, incident_id, application_id) WHERE application_id IS NOT NULL;
CREATE UNIQUE INDEX incident_links_process_key ON incident_links (organisation_id, incident_id, process_id) WHERE process_id IS NOT NULL;

-- The timeline of an incident: dated entries (actions, contacts, decisions,
-- notes, status changes). Append-only for the portal.
CREATE TABLE incident_timeline (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id bigint NOT NULL,
    incident_id     bigint NOT NULL,
    at              timestamptz NOT NULL,
    author_id       bigint REFERENCES users (id),
    author_name     text NOT NULL DEFAULT '',
    kind            text NOT NULL CHECK (kind IN ('actie', 'contact', 'besluit', 'notitie', 'statuswijziging')),
    text            text NOT NULL CHECK (text <> '' AND length(text) <= 4000),
    created_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (organisation_id, incident_id) REFERENCES incidents (organisation_id, id)
);
CREATE INDEX incident_timeline_incident_idx ON incident_timeline (organisation_id, incident_id, at, id);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['incident_categories', 'incidents', 'incident_links', 'incident_timeline']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (organisation_id = app_organisation_id())
                        WITH CHECK (organisation_id = app_organisation_id())', t);
    END LOOP;
END $$;
REVOKE UPDATE, DELETE ON incident_timeline FROM baken_app;
