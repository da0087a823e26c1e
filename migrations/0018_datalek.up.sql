-- The datalek track (issue 9): the facts the Autoriteit Persoonsgegevens'
-- meldformulier asks for, one row per datalek, edited by the handler with a
-- version check; the follow-up notifications to the AP (aanvullende
-- meldingen) and the advice of the FG, dated notes, append-only for the portal.
-- The lists (nature, groups, categories, consequences) hold the values of
-- internal/incident/datalek.go; the CHECKs keep them to those.

CREATE TABLE incident_datalek_facts (
    organisation_id      bigint NOT NULL,
    incident_id          bigint NOT NULL,
    nature               text[] NOT NULL DEFAULT '{}'
                         CHECK (nature <@ ARRAY['lezen', 'kopieren', 'wijzigen', 'verwijderen', 'verlies', 'diefstal', 'onbekend']),
    person_groups        text[] NOT NULL DEFAULT '{}'
                         CHECK (person_groups <@ ARRAY['inwoners', 'medewerkers', 'klanten', 'minderjarigen', 'kwetsbaren',
                                                       'patienten', 'leerlingen', 'onbekend', 'anders']),
    person_groups_other  text NOT NULL DEFAULT '' CHECK (length(person_groups_other) <= 500),
    persons_min          integer CHECK (persons_min >= 0),
    persons_max          integer CHECK (persons_max >= 0),
    records_count        integer CHECK (records_count >= 0),
    data_categories      text[] NOT NULL DEFAULT '{}'
                         CHECK (data_categories <@ ARRAY['naw', 'contact', 'geboorte', 'bsn', 'identiteitsbewijs', 'inlog',
                                                         'financieel', 'locatie', 'onbekend', 'anders']),
    data_other           text NOT NULL DEFAULT '' CHECK (length(data_other) <= 500),
    special_categories   text[] NOT NULL DEFAULT '{}'
                         CHECK (special_categories <@ ARRAY['ras', 'politiek', 'religie', 'vakbond', 'genetisch', 'biometrisch',
                                                            'gezondheid', 'seksueel', 'strafrechtelijk']),
    consequences         text[] NOT NULL DEFAULT '{}'
                         CHECK (consequences <@ ARRAY['stigmatisering', 'identiteitsfraude', 'phishing', 'financieel', 'gezondheid',
                                                      'reputatie', 'onbekend', 'anders']),
    consequences_text    text NOT NULL DEFAULT '' CHECK (length(consequences_text) <= 4000),
    measures_taken       text NOT NULL DEFAULT '' CHECK (length(measures_taken) <= 4000),
    measures_planned     text NOT NULL DEFAULT '' CHECK (length(measures_planned) <= 4000),
    encrypted            text NOT NULL DEFAULT '' CHECK (encrypted IN ('', 'ja', 'gedeeltelijk', 'nee', 'onbekend')),
    encryption_note      text NOT NULL DEFAULT '' CHECK (length(encryption_note) <= 2000),
    subjects_informed    text NOT NULL DEFAULT '' CHECK (subjects_informed IN ('', 'ja', 'nee', 'nog_niet')),
    subjects_informed_on date,
    subjects_how         text NOT NULL DEFAULT '' CHECK (length(subjects_how) <= 2000),
    subjects_not_reason  text NOT NULL DEFAULT '' CHECK (length(subjects_not_reason) <= 2000),
    cross_border         text NOT NULL DEFAULT '' CHECK (cross_border IN ('', 'ja', 'nee')),
    cross_border_note    text NOT NULL DEFAULT '' CHECK (length(cross_border_note) <= 500),
    version              integer NOT NULL DEFAULT 1,
    updated_by_name      text NOT NULL DEFAULT '',
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organisation_id, incident_id),
    FOREIGN KEY (organisation_id, incident_id) REFERENCES incidents (organisation_id, id) ON DELETE CASCADE,
    CONSTRAINT incident_datalek_facts_persons_range CHECK (persons_max IS NULL OR persons_min IS NULL OR persons_max >= persons_min),
    CONSTRAINT incident_datalek_facts_informed_on CHECK (subjects_informed = 'ja' OR subjects_informed_on IS NULL)
);

-- The dated notes of a datalek, append-only: the aanvullende meldingen to
-- the AP (what was sent after the first notification) and the FG's advice
-- (AVG art. 39; a later advice adds a row).
CREATE TABLE incident_datalek_notes (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id bigint NOT NULL,
    incident_id     bigint NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('aanvulling', 'fg_advies')),
    noted_on        date NOT NULL,
    text            text NOT NULL CHECK (text <> '' AND length(text) <= 8000),
    author_id       bigint REFERENCES users (id),
    author_name     text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (organisation_id, incident_id) REFERENCES incidents (organisation_id, id) ON DELETE CASCADE
);
CREATE INDEX incident_datalek_notes_incident_idx ON incident_datalek_notes (organisation_id, incident_id, noted_on, id);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['incident_datalek_facts', 'incident_datalek_notes']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (organisation_id = app_organisation_id())
                        WITH CHECK (organisation_id = app_organisation_id())', t);
    END LOOP;
END $$;
REVOKE UPDATE, DELETE ON incident_datalek_notes FROM baken_app;
