package seed

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/nl"
)

// demoSupplier enriches a supplier of the demo applications (by the name in
// the application list) or adds one: kind, services, contact, and its
// verwerkersovereenkomst and assurance reports. Dates are days from the day
// the seed runs, so the demo always shows one agreement expiring soon and one
// expired report per organisation.
type demoSupplier struct {
	name, rename, kind, services, contact, email, phone string
	agreement                                           *demoDates // nil: no agreement
	reports                                             []demoReport
}

type demoDates struct {
	signed  int  // days from today (negative: in the past)
	expires *int // nil: indefinite
	doc     bool
}

type demoReport struct {
	kind              string
	from, to, expires int
	doc               bool
}

func days(n int) *int { return &n }

var voorbeeldSuppliers = []demoSupplier{
	{name: "Centric", kind: "leverancier", services: "Suite Sociaal Domein en Leerlingvolgsysteem als SaaS, inclusief applicatiebeheer en hosting.",
		contact: "Servicedesk Centric", email: "servicedesk@centric.example", phone: "0182 - 345 678",
		agreement: &demoDates{signed: -1050, expires: days(45), doc: true},
		reports:   []demoReport{{kind: "isae3402", from: -540, to: -175, expires: 190, doc: true}}},
	{name: "PinkRoccade", rename: "PinkRoccade Local Government", kind: "leverancier", services: "iBurgerzaken (BRP en reisdocumenten) als SaaS.",
		contact: "Accountmanager gemeenten", email: "gemeenten@pinkroccade.example", phone: "088 - 123 4567",
		agreement: &demoDates{signed: -400, expires: days(700), doc: true},
		reports:   []demoReport{{kind: "isae3402", from: -760, to: -395, expires: -30, doc: true}}},
	{name: "Microsoft", kind: "leverancier", services: "Microsoft 365, Entra ID en Intune (werkplek en identiteiten); afgenomen via het Rijksbrede contract.",
		contact: "SLM Rijk", email: "slm@rijk.example",
		agreement: &demoDates{signed: -900, expires: nil},
		reports:   []demoReport{{kind: "iso27001", from: -300, to: 795, expires: 795, doc: false}, {kind: "soc2", from: -420, to: -55, expires: 310}}},
	{name: "Previder", kind: "leverancier", services: "Housing en hosting van de eigen servers (virtualisatieplatform, back-up) in een extern rekencentrum.",
		contact: "Previder support", email: "support@previder.example", phone: "088 - 000 1122",
		agreement: &demoDates{signed: -200, expires: days(895), doc: true},
		reports:   []demoReport{{kind: "iso27001", from: -100, to: 995, expires: 995}}},
	{name: "Regionaal Archief", kind: "ketenpartner", services: "E-depot en archiefbeheer als gemeenschappelijke regeling.",
		contact: "Informatiebeheer", email: "edepot@regionaalarchief.example",
		agreement: &demoDates{signed: -600, expires: days(495)}},
	{name: "Werkplein Regio", kind: "ketenpartner", services: "Uitvoering van de Participatiewet en re-integratie voor de regiogemeenten (gemeenschappelijke regeling).",
		contact: "Functionaris gegevensbescherming Werkplein", email: "privacy@werkplein.example", phone: "076 - 987 6543",
		agreement: &demoDates{signed: -300, expires: days(430), doc: true}},
}

var nabijSuppliers = []demoSupplier{
	{name: "Centric", kind: "leverancier", services: "Burgerzakenmodule als SaaS.", contact: "Servicedesk Centric", email: "servicedesk@centric.example",
		agreement: &demoDates{signed: -1000, expires: days(30), doc: true},
		reports:   []demoReport{{kind: "isae3402", from: -540, to: -175, expires: 190}}},
	{name: "Exact", kind: "leverancier", services: "Financieel pakket als SaaS.", contact: "Exact support", email: "support@exact.example",
		agreement: &demoDates{signed: -500, expires: days(600)},
		reports:   []demoReport{{kind: "soc2", from: -800, to: -430, expires: -60}}},
	{name: "Microsoft", kind: "leverancier", services: "Microsoft 365 (werkplek).", contact: "SLM Rijk", email: "slm@rijk.example",
		agreement: &demoDates{signed: -900, expires: nil},
		reports:   []demoReport{{kind: "iso27001", from: -300, to: 795, expires: 795}}},
	{name: "Previder", kind: "leverancier", services: "Hosting van de fileserver en back-up.", email: "support@previder.example",
		agreement: &demoDates{signed: -150, expires: days(945)}},
	{name: "GGD Regio", kind: "ketenpartner", services: "Jeugdgezondheidszorg en publieke gezondheid (gemeenschappelijke regeling).",
		contact: "Privacyteam GGD", email: "privacy@ggd.example",
		agreement: &demoDates{signed: -700, expires: days(395)}},
}

// seedSuppliers builds the supplier register of both demo organisations:
// one supplier per supplier named in the demo applications (as migration
// 0013 does for existing data), the applications linked to them, and the
// demo profiles above. An organisation that has suppliers is left as it is.
func seedSuppliers(ctx context.Context, tx *db.Tx) error {
	for _, o := range []struct {
		name      string
		apps      []application
		suppliers []demoSupplier
	}{{Voorbeeld, voorbeeldApplications, voorbeeldSuppliers}, {Nabij, nabijApplications, nabijSuppliers}} {
		_, seeded, err := enter(ctx, tx, o.name, `SELECT 1 FROM suppliers WHERE organisation_id = $1`)
		if err != nil {
			return fmt.Errorf("seed suppliers of %s: %w", o.name, err)
		}
		if seeded {
			return nil // as before: an organisation with suppliers ends the supplier seed
		}
		if err := seedOrgSuppliers(ctx, tx, o.apps, o.suppliers); err != nil {
			return fmt.Errorf("seed suppliers of %s: %w", o.name, err)
		}
	}
	return nil
}

func seedOrgSuppliers(ctx context.Context, tx *db.Tx, apps []application, profiles []demoSupplier) error {
	ids := map[string]int64{}
	ensure := func(name string) (int64, error) {
		if id, ok := ids[name]; ok {
			return id, nil
		}
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO suppliers (organisation_id, name) VALUES ($1, $2) RETURNING id`, tx.OrgID, name).Scan(&id)
		ids[name] = id
		return id, err
	}
	for _, a := range apps {
		id, err := ensure(a.supplier)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE applications SET supplier_id = $3 WHERE organisation_id = $1 AND name = $2 AND supplier_id IS NULL`,
			tx.OrgID, a.name, id); err != nil {
			return err
		}
	}
	today := nl.Date(tx.Now)
	on := func(n int) time.Time { return today.AddDate(0, 0, n) }
	for _, p := range profiles {
		id, err := ensure(p.name)
		if err != nil {
			return err
		}
		name := p.name
		if p.rename != "" {
			name = p.rename
		}
		if _, err := tx.Exec(ctx, `UPDATE suppliers SET name = $3, kind = $4, services = $5, contact_name = $6, contact_email = $7, contact_phone = $8
			WHERE organisation_id = $1 AND id = $2`, tx.OrgID, id, name, p.kind, p.services, p.contact, p.email, p.phone); err != nil {
			return err
		}
		if g := p.agreement; g != nil {
			var expires *time.Time
			if g.expires != nil {
				e := on(*g.expires)
				expires = &e
			}
			var agreementID int64
			if err := tx.QueryRow(ctx, `INSERT INTO supplier_agreements (organisation_id, supplier_id, signed_on, expires_on, notes)
				VALUES ($1, $2, $3, $4, $5) RETURNING id`, tx.OrgID, id, on(g.signed), expires,
				"Verwerkersovereenkomst volgens het model van de VNG (VWO Gemeenten).").Scan(&agreementID); err != nil {
				return err
			}
			if g.doc {
				if err := seedDocument(ctx, tx, "supplier_agreements", agreementID, "Verwerkersovereenkomst "+name+".pdf"); err != nil {
					return err
				}
			}
		}
		for _, r := range p.reports {
			var reportID int64
			if err := tx.QueryRow(ctx, `INSERT INTO supplier_reports (organisation_id, supplier_id, kind, period_from, period_to, expires_on)
				VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, tx.OrgID, id, r.kind, on(r.from), on(r.to), on(r.expires)).Scan(&reportID); err != nil {
				return err
			}
			if r.doc {
				if err := seedDocument(ctx, tx, "supplier_reports", reportID, "Assurancerapport "+name+".pdf"); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// seedDocument stores a tiny PDF as the document of a demo agreement or report.
func seedDocument(ctx context.Context, tx *db.Tx, table string, id int64, filename string) error {
	content := []byte("%PDF-1.4\n% Baken demodocument: " + filename + "\n%%EOF\n")
	sum := sha256.Sum256(content)
	_, err := tx.Exec(ctx, `UPDATE `+table+` SET filename = $3, content_type = 'application/pdf', size_bytes = $4, sha256 = $5, content = $6,
		uploaded_at = $7 WHERE organisation_id = $1 AND id = $2`, tx.OrgID, id, filename, len(content), hex.EncodeToString(sum[:]), content, tx.Now)
	return err
}
