// Package seed loads the demo data: "Gemeente Voorbeeld" with its afdelingen,
// processes, applications and one user per role, and the small "Gemeente
// Nabij" that shares its CISO. Running it twice changes nothing.
package seed

import (
	"context"
	"fmt"

	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/auth"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/catalogue"
	"github.com/baken-nl/baken/internal/db"
)

// DemoPassword is the password of every demo account. Demo data only.
const DemoPassword = "welkom-bij-baken" //nolint:gosec // G101: the documented demo password, demo data only

// DemoUser is a demo account and its roles.
type DemoUser struct {
	Email string
	Name  string
	Roles []DemoRole
}

// DemoRole is one role of a demo user; Department names the scope.
type DemoRole struct {
	Org        string
	Role       authz.Role
	Department string
}

const (
	Voorbeeld = "Gemeente Voorbeeld"
	Nabij     = "Gemeente Nabij"
)

// Users are the demo accounts, printed by `make run`.
var Users = []DemoUser{
	{"ciso@voorbeeld.nl", "Carla Smit (CISO)", []DemoRole{{Voorbeeld, authz.CISO, ""}, {Nabij, authz.CISO, ""}}},
	{"directie@voorbeeld.nl", "Dirk de Vries (gemeentesecretaris)", []DemoRole{{Voorbeeld, authz.Directie, ""}}},
	{"college@voorbeeld.nl", "Wethouder Anouk Jansen", []DemoRole{{Voorbeeld, authz.College, ""}}},
	{"manager.burgerzaken@voorbeeld.nl", "Bram Visser (manager Burgerzaken)", []DemoRole{{Voorbeeld, authz.Afdelingsmanager, "Burgerzaken"}}},
	{"manager.sociaal@voorbeeld.nl", "Sanne Bakker (manager Sociaal Domein)", []DemoRole{{Voorbeeld, authz.Afdelingsmanager, "Sociaal Domein"}}},
	{"dspo@voorbeeld.nl", "Daan Mulder (DSPO)", []DemoRole{{Voorbeeld, authz.DSPO, "Sociaal Domein"}, {Voorbeeld, authz.DSPO, "Burgerzaken"}}},
	{"fg@voorbeeld.nl", "Fatima El Amrani (FG)", []DemoRole{{Voorbeeld, authz.FG, ""}}},
	{"auditor@voorbeeld.nl", "Arjen Kok (IT-auditor)", []DemoRole{{Voorbeeld, authz.Auditor, ""}}},
	{"medewerker@voorbeeld.nl", "Mila de Boer", []DemoRole{{Voorbeeld, authz.Medewerker, ""}}},
	{"beheerder@voorbeeld.nl", "Bas Hendriks (functioneel beheer)", []DemoRole{{Voorbeeld, authz.Beheerder, ""}}},
	{"beheerder@nabij.nl", "Nadia Peters (functioneel beheer Nabij)", []DemoRole{{Nabij, authz.Beheerder, ""}}},
	{"manager@nabij.nl", "Nico Willems (manager Nabij)", []DemoRole{{Nabij, authz.Afdelingsmanager, "Dienstverlening"}}},
	{"manager.ict@voorbeeld.nl", "Iris Vermeulen (manager Informatievoorziening en ICT)", []DemoRole{{Voorbeeld, authz.Afdelingsmanager, "Informatievoorziening en ICT"}}},
	{"manager.belastingen@voorbeeld.nl", "Bert de Graaf (manager Belastingen)", []DemoRole{{Voorbeeld, authz.Afdelingsmanager, "Belastingen"}}},
	{"manager.ruimte@voorbeeld.nl", "Roos van Leeuwen (manager Ruimte en Omgeving)", []DemoRole{{Voorbeeld, authz.Afdelingsmanager, "Ruimte en Omgeving"}}},
}

type department struct {
	name, description string
	processes         []string
}

var voorbeeldDepartments = []department{
	{"Burgerzaken", "Basisregistratie personen, reisdocumenten, rijbewijzen en burgerlijke stand.", []string{"Aanvraag reisdocumenten", "Aanvraag rijbewijzen", "Verhuizingen en BRP-mutaties", "Burgerlijke stand", "Verkiezingen"}},
	{"Sociaal Domein", "Participatiewet, Wmo en jeugdhulp.", []string{"Bijstandsverlening", "Wmo-maatwerkvoorzieningen", "Jeugdhulp", "Schuldhulpverlening", "Leerplicht"}},
	{"Ruimte en Omgeving", "Vergunningen, handhaving en geo-informatie.", []string{"Omgevingsvergunningen", "Toezicht en handhaving", "Beheer BAG", "Beheer BGT"}},
	{"Belastingen", "Lokale heffingen en WOZ.", []string{"WOZ-waardering", "Heffing en invordering", "Kwijtschelding"}},
	{"Financiën", "Planning & control en betalingsverkeer.", []string{"Crediteurenadministratie", "Begroting en jaarrekening", "Inkoop en aanbesteding"}},
	{"Personeel en Organisatie", "HR en salarisadministratie.", []string{"Werving en selectie", "Salarisadministratie", "In- en uitdienst (IDU)"}},
	{"Informatievoorziening en ICT", "Werkplek, netwerk, applicatiebeheer en archief.", []string{"Werkplekbeheer", "Identiteits- en toegangsbeheer", "Digitaal archiefbeheer", "Back-up en herstel"}},
	{"Publiekszaken en Communicatie", "Klantcontactcentrum en website.", []string{"Klantcontact (KCC)", "Websitebeheer", "Klachtafhandeling"}},
}

type application struct {
	name, supplier, hosting string
	processes               []string
}

var voorbeeldApplications = []application{
	{"iBurgerzaken", "PinkRoccade", "saas", []string{"Verhuizingen en BRP-mutaties", "Burgerlijke stand"}},
	{"Reisdocumentenstation (PNIK)", "RvIG", "extern", []string{"Aanvraag reisdocumenten"}},
	{"Rijbewijzenapplicatie", "RDW", "extern", []string{"Aanvraag rijbewijzen"}},
	{"Verkiezingssoftware OSV2020", "Kiesraad", "on-premises", []string{"Verkiezingen"}},
	{"Suite Sociaal Domein", "Centric", "saas", []string{"Bijstandsverlening", "Wmo-maatwerkvoorzieningen", "Jeugdhulp"}},
	{"Suwinet-Inkijk", "BKWI", "extern", []string{"Bijstandsverlening", "Schuldhulpverlening"}},
	{"Schuldhulp Registratiesysteem", "Stichting Kredietbank", "saas", []string{"Schuldhulpverlening"}},
	{"Leerlingvolgsysteem Leerplicht", "Centric", "saas", []string{"Leerplicht"}},
	{"Omgevingsloket-koppeling (DSO)", "Rijkswaterstaat", "extern", []string{"Omgevingsvergunningen"}},
	{"Zaaksysteem", "Dimpact", "saas", []string{"Omgevingsvergunningen", "Toezicht en handhaving", "Klachtafhandeling", "Wmo-maatwerkvoorzieningen"}},
	{"Handhavingsapp", "Squit", "saas", []string{"Toezicht en handhaving"}},
	{"BAG-beheersysteem", "Neuron", "saas", []string{"Beheer BAG"}},
	{"BGT-beheersysteem", "Esri", "private-cloud", []string{"Beheer BGT"}},
	{"GIS-viewer", "Esri", "public-cloud", []string{"Beheer BGT", "Beheer BAG", "Omgevingsvergunningen"}},
	{"Belastingsysteem", "Gouw", "saas", []string{"Heffing en invordering", "Kwijtschelding"}},
	{"WOZ-taxatiesysteem", "Ortec", "saas", []string{"WOZ-waardering"}},
	{"Financieel systeem", "Unit4", "saas", []string{"Crediteurenadministratie", "Begroting en jaarrekening"}},
	{"Contractbeheer", "Negometrix", "saas", []string{"Inkoop en aanbesteding"}},
	{"E-facturatie portaal", "Visma", "saas", []string{"Crediteurenadministratie"}},
	{"HR-systeem", "Visma Raet", "saas", []string{"Werving en selectie", "In- en uitdienst (IDU)", "Salarisadministratie"}},
	{"Salarisverwerking", "Visma Raet", "saas", []string{"Salarisadministratie"}},
	{"Sollicitatieportaal", "Recruitee", "saas", []string{"Werving en selectie"}},
	{"Microsoft 365", "Microsoft", "public-cloud", []string{"Werkplekbeheer", "Klantcontact (KCC)"}},
	{"Active Directory", "Microsoft", "on-premises", []string{"Identiteits- en toegangsbeheer", "In- en uitdienst (IDU)"}},
	{"Identity Management (IAM)", "Tools4ever", "on-premises", []string{"Identiteits- en toegangsbeheer"}},
	{"Mobile Device Management", "Microsoft", "public-cloud", []string{"Werkplekbeheer"}},
	{"E-depot", "Regionaal Archief", "extern", []string{"Digitaal archiefbeheer"}},
	{"Documentmanagementsysteem", "Decos", "saas", []string{"Digitaal archiefbeheer", "Omgevingsvergunningen"}},
	{"Back-upoplossing", "Veeam", "on-premises", []string{"Back-up en herstel"}},
	{"Virtualisatieplatform", "VMware", "on-premises", []string{"Back-up en herstel", "Werkplekbeheer"}},
	{"Servicedesk-tool", "TOPdesk", "saas", []string{"Werkplekbeheer", "Klachtafhandeling"}},
	{"Klantcontactsysteem (KCS)", "Dimpact", "saas", []string{"Klantcontact (KCC)", "Klachtafhandeling"}},
	{"Telefonieplatform", "KPN", "saas", []string{"Klantcontact (KCC)"}},
	{"Website CMS", "Drupal-partner", "private-cloud", []string{"Websitebeheer"}},
	{"E-formulieren", "Open Formulieren", "private-cloud", []string{"Websitebeheer", "Wmo-maatwerkvoorzieningen", "Verhuizingen en BRP-mutaties"}},
	{"DigiD-koppeling", "Logius", "extern", []string{"Websitebeheer", "Verhuizingen en BRP-mutaties"}},
	{"eHerkenning-koppeling", "Signicat", "saas", []string{"Omgevingsvergunningen"}},
	{"Notubiz raadsinformatie", "Notubiz", "saas", []string{"Begroting en jaarrekening"}},
	{"Parkeervergunningen", "Cition", "saas", []string{"Heffing en invordering"}},
	{"Afsprakenplanner", "JCC", "saas", []string{"Aanvraag reisdocumenten", "Aanvraag rijbewijzen", "Burgerlijke stand"}},
}

var nabijDepartments = []department{
	{"Dienstverlening", "Burgerzaken en klantcontact.", []string{"Aanvraag reisdocumenten", "Klantcontact"}},
	{"Bedrijfsvoering", "Financiën, HR en ICT.", []string{"Financiële administratie", "ICT-beheer"}},
}

var nabijApplications = []application{
	{"Burgerzakenmodule", "Centric", "saas", []string{"Aanvraag reisdocumenten"}},
	{"Financieel pakket", "Exact", "saas", []string{"Financiële administratie"}},
	{"Werkplek (M365)", "Microsoft", "public-cloud", []string{"ICT-beheer", "Klantcontact"}},
}

// managers names the manager (by e-mail) per afdeling.
var managers = map[string]string{
	"Burgerzaken":     "manager.burgerzaken@voorbeeld.nl",
	"Sociaal Domein":  "manager.sociaal@voorbeeld.nl",
	"Dienstverlening": "manager@nabij.nl",

	"Informatievoorziening en ICT": "manager.ict@voorbeeld.nl",
	"Belastingen":                  "manager.belastingen@voorbeeld.nl",
	"Ruimte en Omgeving":           "manager.ruimte@voorbeeld.nl",
}

// Demo loads the demo data. Existing organisations and users are left as they
// are, so the command is idempotent. params sets the password hash cost.
func Demo(ctx context.Context, d *db.DB, params auth.Params) error {
	if err := demo(ctx, d, params); err != nil {
		return err
	}
	// Fresh tables have no statistics: without them the planner guesses, and
	// the control list runs ten times slower until autovacuum comes by.
	return d.Analyze(ctx)
}

func demo(ctx context.Context, d *db.DB, params auth.Params) error {
	return d.Write(ctx, db.Unscoped, func(tx *db.Tx) error {
		if err := catalogue.EnsureBuiltin(ctx, tx); err != nil {
			return err
		}
		created, err := seedOrg(ctx, tx, Voorbeeld, voorbeeldDepartments, voorbeeldApplications)
		if err != nil {
			return err
		}
		if created != 0 {
			if err := seedBIO(ctx, tx, created); err != nil {
				return err
			}
		}
		if _, err := seedOrg(ctx, tx, Nabij, nabijDepartments, nabijApplications); err != nil {
			return err
		}
		hash, err := auth.HashPassword(DemoPassword, params)
		if err != nil {
			return err
		}
		for _, u := range Users {
			var id int64
			// Each demo account gets the same password; the hash is reused
			// only for speed, which is fine for throwaway demo data.
			err := tx.QueryRow(ctx, `
				INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3)
				ON CONFLICT ((lower(email))) DO UPDATE SET email = users.email
				RETURNING id`, u.Email, u.Name, hash).Scan(&id)
			if err != nil {
				return fmt.Errorf("seed user %s: %w", u.Email, err)
			}
			for _, r := range u.Roles {
				_, err := tx.Exec(ctx, `
					INSERT INTO role_assignments (user_id, organisation_id, role, department_id)
					SELECT $1, o.id, $3, d.id FROM organisations o
					LEFT JOIN departments d ON d.organisation_id = o.id AND d.name = $4
					WHERE o.name = $2
					ON CONFLICT DO NOTHING`, id, r.Org, r.Role, r.Department)
				if err != nil {
					return fmt.Errorf("seed role %s of %s: %w", r.Role, u.Email, err)
				}
			}
		}
		for dept, email := range managers {
			if _, err := tx.Exec(ctx, `
				UPDATE departments d SET manager_id = u.id FROM users u
				WHERE d.name = $1 AND lower(u.email) = $2 AND d.manager_id IS NULL`, dept, email); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `
				UPDATE processes p SET owner_id = d.manager_id FROM departments d
				WHERE p.department_id = d.id AND d.name = $1 AND p.owner_id IS NULL`, dept); err != nil {
				return err
			}
		}
		// In this order: each builds on what the ones before it stored.
		for _, seed := range []func(context.Context, *db.Tx) error{seedBIAs, seedDecisions, seedSuppliers, seedAnalyses, seedPrivacy, seedIncidents} {
			if err := seed(ctx, tx); err != nil {
				return err
			}
		}
		return nil
	})
}

// seedOrg creates the organisation with its structure and returns its id, or
// 0 when it already exists.
func seedOrg(ctx context.Context, tx *db.Tx, name string, depts []department, apps []application) (int64, error) {
	var orgID int64
	err := tx.QueryRow(ctx, `INSERT INTO organisations (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id`, name).Scan(&orgID)
	if db.IsNoRows(err) {
		return 0, nil // already seeded
	}
	if err != nil {
		return 0, fmt.Errorf("seed organisation %s: %w", name, err)
	}
	if err := tx.Enter(ctx, orgID); err != nil {
		return 0, err
	}
	processIDs := map[string]int64{}
	for _, d := range depts {
		var deptID int64
		if err := tx.QueryRow(ctx, `INSERT INTO departments (organisation_id, name, description) VALUES ($1, $2, $3) RETURNING id`, orgID, d.name, d.description).Scan(&deptID); err != nil {
			return 0, fmt.Errorf("seed department %s: %w", d.name, err)
		}
		for _, p := range d.processes {
			var pid int64
			if err := tx.QueryRow(ctx, `INSERT INTO processes (organisation_id, department_id, name, description) VALUES ($1, $2, $3, $4) RETURNING id`,
				orgID, deptID, p, "Proces "+p+" van de afdeling "+d.name+".").Scan(&pid); err != nil {
				return 0, fmt.Errorf("seed process %s: %w", p, err)
			}
			processIDs[p] = pid
		}
	}
	if err := audit.Record(ctx, tx, audit.Event{Action: audit.Create, Entity: "organisation", EntityID: orgID,
		Summary: fmt.Sprintf("Demodata geladen: %d afdelingen, %d processen, %d applicaties", len(depts), len(processIDs), len(apps))}); err != nil {
		return 0, err
	}
	for _, a := range apps {
		var appID int64
		if err := tx.QueryRow(ctx, `INSERT INTO applications (organisation_id, name, hosting) VALUES ($1, $2, $3) RETURNING id`,
			orgID, a.name, a.hosting).Scan(&appID); err != nil {
			return 0, fmt.Errorf("seed application %s: %w", a.name, err)
		}
		for _, p := range a.processes {
			pid, ok := processIDs[p]
			if !ok {
				return 0, fmt.Errorf("seed application %s: unknown process %q", a.name, p)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO application_processes (organisation_id, application_id, process_id) VALUES ($1, $2, $3)`, orgID, appID, pid); err != nil {
				return 0, err
			}
		}
	}
	return orgID, nil
}

// enter switches tx to the demo organisation named name and reports whether
// its demo data is there already: seededSQL selects a row of it, with the
// organisation as $1 and args after it ("" when there is nothing to check).
func enter(ctx context.Context, tx *db.Tx, name, seededSQL string, args ...any) (orgID int64, seeded bool, err error) {
	if err := tx.QueryRow(ctx, `SELECT id FROM organisations WHERE name = $1`, name).Scan(&orgID); err != nil {
		return 0, false, fmt.Errorf("organisation %s: %w", name, err)
	}
	if err := tx.Enter(ctx, orgID); err != nil {
		return 0, false, err
	}
	if seededSQL != "" {
		err = tx.QueryRow(ctx, `SELECT EXISTS (`+seededSQL+`)`, append([]any{orgID}, args...)...).Scan(&seeded)
	}
	return orgID, seeded, err
}
