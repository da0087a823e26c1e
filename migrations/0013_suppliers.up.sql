-- Suppliers and ketenpartners (BIO2 5.19–5.22): who delivers what, the
-- verwerkersovereenkomsten with them and their assurance reports, each with
-- its expiry. An application's supplier, free text since 0001, becomes a link.

CREATE TABLE suppliers (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    name            text NOT NULL CHECK (name <> '' AND length(name) <= 200),
    kind            text NOT NULL DEFAULT 'leverancier' CHECK (kind IN ('leverancier', 'ketenpartner')),
    services        text NOT NULL DEFAULT '' CHECK (length(services) <= 4000),
    contact_name    text NOT NULL DEFAULT '' CHECK (length(contact_name) <= 200),
    contact_email   text NOT NULL DEFAULT '' CHECK (length(contact_email) <= 254),
    contact_phone   text NOT NULL DEFAULT '' CHECK (length(contact_phone) <= 50),
    notes           text NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organisation_id, id)
);
-- "Centric" and "centric " are the same supplier to a user.
CREATE UNIQUE INDEX suppliers_lower_name_key ON suppliers (organisation_id, lower(name));

-- A verwerkersovereenkomst (processing agreement, AVG art. 28). Several per
-- supplier: the one with the latest expiry is current, the others history.
-- The document is stored like evidence (0002): bytes, type, size, sha256.
CREATE TABLE supplier_agreements (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    supplier_id     bigint NOT NULL,
    signed_on       date NOT NULL,
    expires_on      date,
    notes           text NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
    filename        text NOT NULL DEFAULT '',
    content_type    text NOT NULL DEFAULT '',
    size_bytes      bigint NOT NULL DEFAULT 0,
    sha256          text NOT NULL DEFAULT '',
    content         bytea,
    uploaded_by     bigint REFERENCES users (id),
    uploaded_at     timestamptz,
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organisation_id, id),
    FOREIGN KEY (organisation_id, supplier_id) REFERENCES suppliers (organisation_id, id) ON DELETE CASCADE,
    CONSTRAINT supplier_agreements_dates_check CHECK (expires_on IS NULL OR expires_on >= signed_on),
    CHECK ((content IS NULL) = (filename = ''))
);
CREATE INDEX supplier_agreements_supplier_idx ON supplier_agreements (organisation_id, supplier_id);

-- An assurance report: ISAE 3402, SOC 2, an ISO 27001 certificate, a TPM
-- (third-party mededeling, ENSIA/DigiD) or another statement.
CREATE TABLE supplier_reports (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    supplier_id     bigint NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('isae3402', 'soc2', 'iso27001', 'tpm', 'overig')),
    period_from     date,
    period_to       date,
    expires_on      date NOT NULL,
    notes           text NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
    filename        text NOT NULL DEFAULT '',
    content_type    text NOT NULL DEFAULT '',
    size_bytes      bigint NOT NULL DEFAULT 0,
    sha256          text NOT NULL DEFAULT '',
    content         bytea,
    uploaded_by     bigint REFERENCES users (id),
    uploaded_at     timestamptz,
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organisation_id, id),
    FOREIGN KEY (organisation_id, supplier_id) REFERENCES suppliers (organisation_id, id) ON DELETE CASCADE,
    CONSTRAINT supplier_reports_period_check CHECK (period_from IS NULL OR period_to IS NULL OR period_to >= period_from),
    CHECK ((content IS NULL) = (filename = ''))
);
CREATE INDEX supplier_reports_supplier_idx ON supplier_reports (organisation_id, supplier_id);

ALTER TABLE suppliers ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON suppliers USING (organisation_id = app_organisation_id())
    WITH CHECK (organisation_id = app_organisation_id());
ALTER TABLE supplier_agreements ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON supplier_agreements USING (organisation_id = app_organisation_id())
    WITH CHECK (organisation_id = app_organisation_id());
ALTER TABLE supplier_reports ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON supplier_reports USING (organisation_id = app_organisation_id())
    WITH CHECK (organisation_id = app_organisation_id());

-- The free-text supplier of an application becomes a link: one supplier per
-- distinct name (ignoring case and surrounding spaces) per organisation.
INSERT INTO suppliers (organisation_id, name)
SELECT DISTINCT ON (organisation_id, lower(left(btrim(supplier), 200))) organisation_id, left(btrim(supplier), 200)
FROM applications
WHERE btrim(supplier) <> ''
ORDER BY organisation_id, lower(left(btrim(supplier), 200)), left(btrim(supplier), 200);

ALTER TABLE applications ADD COLUMN supplier_id bigint;
ALTER TABLE applications ADD CONSTRAINT applications_supplier_fkey
    FOREIGN KEY (organisation_id, supplier_id) REFERENCES suppliers (organisation_id, id);
CREATE INDEX applications_supplier_idx ON applications (organisation_id, supplier_id);

UPDATE applications a SET supplier_id = s.id
FROM suppliers s
WHERE s.organisation_id = a.organisation_id AND lower(s.name) = lower(left(btrim(a.supplier), 200)) AND btrim(a.supplier) <> '';

ALTER TABLE applications DROP COLUMN supplier;
