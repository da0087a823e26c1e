-- BIA and classification (issue 8, part 1). The result of a process's BIA is
-- in process_bias (0010); this migration adds the organisation's scales per
-- aspect (names and BBN per level), their history, the impact areas, the
-- answers per impact area, the rationale of a raised level and the upward
-- override of an application's classification. Aspects are named
-- 'availability', 'integrity', 'confidentiality'; levels are ranks from 1.

-- The levels of the scale per aspect, lowest first, with the BBN (BIO 1.04)
-- that level yields. No rows for an aspect means the default scale
-- laag / midden / hoog → BBN1 / BBN2 / BBN3.
CREATE TABLE bia_scale_levels (
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    aspect          text NOT NULL CHECK (aspect IN ('availability', 'integrity', 'confidentiality')),
    rank            smallint NOT NULL CHECK (rank BETWEEN 1 AND 5),
    name            text NOT NULL CHECK (name <> '' AND length(name) <= 60),
    bbn             smallint NOT NULL CHECK (bbn BETWEEN 1 AND 3),
    PRIMARY KEY (organisation_id, aspect, rank)
);

-- One row per organisation whose scales were changed: the version guards
-- concurrent edits of the settings.
CREATE TABLE bia_settings (
    organisation_id bigint PRIMARY KEY REFERENCES organisations (id),
    version         integer NOT NULL DEFAULT 1,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Every change of the scales, with the scales as they became. Append-only.
CREATE TABLE bia_scale_changes (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    scales          jsonb NOT NULL,
    changed_by      bigint REFERENCES users (id),
    changed_by_name text NOT NULL DEFAULT '',
    changed_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bia_scale_changes_org_idx ON bia_scale_changes (organisation_id, changed_at DESC, id DESC);

-- The impact areas a BIA asks about, per organisation (data the CISO keeps).
CREATE TABLE bia_impact_areas (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    name            text NOT NULL CHECK (name <> '' AND length(name) <= 120),
    description     text NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
    active          boolean NOT NULL DEFAULT true,
    sort_order      integer NOT NULL DEFAULT 0,
    version         integer NOT NULL DEFAULT 1,
    UNIQUE (organisation_id, id)
);
CREATE UNIQUE INDEX bia_impact_areas_name_key ON bia_impact_areas (organisation_id, lower(name));

-- The answer per impact area and aspect of a process's BIA.
CREATE TABLE bia_answers (
    organisation_id bigint NOT NULL,
    process_id      bigint NOT NULL,
    area_id         bigint NOT NULL,
    aspect          text NOT NULL CHECK (aspect IN ('availability', 'integrity', 'confidentiality')),
    level           smallint NOT NULL CHECK (level >= 1),
    PRIMARY KEY (organisation_id, process_id, area_id, aspect),
    FOREIGN KEY (organisation_id, process_id) REFERENCES process_bias (organisation_id, process_id) ON DELETE CASCADE,
    FOREIGN KEY (organisation_id, area_id) REFERENCES bia_impact_areas (organisation_id, id)
);

-- A level the manager raised above the derived one, with the rationale.
CREATE TABLE bia_raises (
    organisation_id bigint NOT NULL,
    process_id      bigint NOT NULL,
    aspect          text NOT NULL CHECK (aspect IN ('availability', 'integrity', 'confidentiality')),
    derived         smallint NOT NULL CHECK (derived >= 1),
    rationale       text NOT NULL CHECK (rationale <> '' AND length(rationale) <= 2000),
    PRIMARY KEY (organisation_id, process_id, aspect),
    FOREIGN KEY (organisation_id, process_id) REFERENCES process_bias (organisation_id, process_id) ON DELETE CASCADE
);

-- The upward override of an application's derived classification, per
-- aspect with its rationale (NULL level: no override for that aspect).
CREATE TABLE application_classifications (
    organisation_id           bigint NOT NULL,
    application_id            bigint NOT NULL,
    availability              smallint CHECK (availability >= 1),
    integrity                 smallint CHECK (integrity >= 1),
    confidentiality           smallint CHECK (confidentiality >= 1),
    availability_rationale    text NOT NULL DEFAULT '' CHECK (length(availability_rationale) <= 2000),
    integrity_rationale       text NOT NULL DEFAULT '' CHECK (length(integrity_rationale) <= 2000),
    confidentiality_rationale text NOT NULL DEFAULT '' CHECK (length(confidentiality_rationale) <= 2000),
    version                   integer NOT NULL DEFAULT 1,
    updated_at                timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organisation_id, application_id),
    FOREIGN KEY (organisation_id, application_id) REFERENCES applications (organisation_id, id) ON DELETE CASCADE,
    CHECK (availability IS NULL OR availability_rationale <> ''),
    CHECK (integrity IS NULL OR integrity_rationale <> ''),
    CHECK (confidentiality IS NULL OR confidentiality_rationale <> '')
);

-- The impact areas BIO2 names, for every organisation now and to come.
CREATE FUNCTION bia_default_impact_areas(org bigint) RETURNS void LANGUAGE sql AS $$
    INSERT INTO bia_impact_areas (organisation_id, name, description, sort_order)
    SELECT org, v.name, v.description, v.sort_order FROM (VALUES
        ('Politieke schade voor een bestuurder', 'Schade aan de positie van een wethouder of burgemeester.', 10),
        ('Diplomatieke schade', 'Schade aan de relatie met andere overheden of (internationale) partners.', 20),
        ('Financiële schade', 'Directe of indirecte kosten, boetes, claims.', 30),
        ('Directe imagoschade', 'Negatieve beeldvorming over de gemeente door dit ene voorval.', 40),
        ('Verlies van vertrouwen van burgers', 'Burgers vertrouwen de gemeente hun gegevens of zaken minder toe.', 50),
        ('Organisatiebrede negatieve publiciteit', 'Landelijke of langdurige negatieve aandacht voor de hele organisatie.', 60),
        ('Motivatie van medewerkers', 'Gevolgen voor de inzet en het welzijn van medewerkers.', 70),
        ('Verlies van sturing', 'Het bestuur of management kan niet meer sturen of verantwoorden.', 80)
    ) v(name, description, sort_order)
    ON CONFLICT DO NOTHING;
$$;
SELECT bia_default_impact_areas(id) FROM organisations;
CREATE FUNCTION bia_organisation_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM bia_default_impact_areas(NEW.id);
    RETURN NEW;
END $$;
CREATE TRIGGER bia_organisation_created AFTER INSERT ON organisations
    FOR EACH ROW EXECUTE FUNCTION bia_organisation_created();

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['bia_scale_levels', 'bia_settings', 'bia_scale_changes', 'bia_impact_areas', 'bia_answers',
                             'bia_raises', 'application_classifications']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (organisation_id = app_organisation_id())
                        WITH CHECK (organisation_id = app_organisation_id())', t);
    END LOOP;
END $$;
REVOKE UPDATE, DELETE ON bia_scale_changes FROM baken_app;
