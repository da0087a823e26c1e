package seed

import (
	"context"
	"fmt"

	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/privacy"
)

// demoDPIA is one demo DPIA: decided (with the FG's advice and the
// decision) or with the FG for advice. Users are named by e-mail; an empty
// advisor e-mail means an FG outside the portal, named by advisorName.
type demoDPIA struct {
	org, title, department, processing     string
	processes                              []string
	risks                                  []string // threats of demo risks (seed/decisions.go)
	dspo                                   string   // e-mail of the drafter
	purpose, subjects, riskText, measures  string
	status                                 string
	advice, advisor, advisorName           string
	decision, rationale, decider, body     string
	advisedDaysAgo, decidedDaysAgo, ageDay int
}

// demoDPIAs leave processes with "DPIA nodig" and no DPIA in Voorbeeld
// (Aanvraag reisdocumenten, Bijstandsverlening, Schuldhulpverlening, …), so
// the register's section of missing DPIAs is not empty.
var demoDPIAs = []demoDPIA{
	{org: Voorbeeld, title: "DPIA Jeugdhulp en Wmo in de Suite Sociaal Domein", department: "Sociaal Domein",
		processing: "Registratie en afhandeling van aanvragen voor jeugdhulp en Wmo-maatwerkvoorzieningen in de Suite Sociaal Domein, " +
			"inclusief gegevensuitwisseling met zorgaanbieders via het berichtenverkeer (iJw/iWmo).",
		processes: []string{"Jeugdhulp", "Wmo-maatwerkvoorzieningen"}, dspo: "dspo@voorbeeld.nl",
		purpose:  "Uitvoering van de Jeugdwet en de Wmo 2015: beoordelen van de hulpvraag, toekennen en bekostigen van voorzieningen. Zonder deze gegevens kan de gemeente haar wettelijke taak niet uitvoeren.",
		subjects: "Aanvragers, hun kinderen en mantelzorgers. Naam, adres, BSN, gezinssituatie, gegevens over gezondheid (bijzondere persoonsgegevens) en inkomen. Toegang voor consulenten en de backoffice; bewaartermijn 15 jaar na afsluiting (jeugd) en 10 jaar (Wmo).",
		riskText: "Onbevoegde inzage door medewerkers zonder behandelrelatie; gegevens over gezondheid die buiten de keten terechtkomen; te lang bewaren.",
		measures: "Autorisatie per rol en team, logging van inzage met maandelijkse steekproef, versleuteld berichtenverkeer, vernietigingsroutine per kwartaal.",
		status:   privacy.StatusDecided,
		advice: "De verwerking is noodzakelijk en de maatregelen zijn passend. Advies: voer de logcontrole ook uit op raadpleging door de backoffice " +
			"en leg de bewaartermijnen vast in het archiefbeleid.",
		advisor: "fg@voorbeeld.nl", decision: privacy.DecisionFollow, decider: "manager.sociaal@voorbeeld.nl", body: "afdelingsmanager",
		advisedDaysAgo: 40, decidedDaysAgo: 30, ageDay: 90},
	{org: Voorbeeld, title: "DPIA Digitale verhuismelding", department: "Burgerzaken",
		processing: "Burgers geven een verhuizing digitaal door via een e-formulier met DigiD; de melding wordt automatisch in de BRP verwerkt.",
		processes:  []string{"Verhuizingen en BRP-mutaties"}, risks: []string{"Phishing leidt tot overname van het account van een baliemedewerker"},
		dspo:     "dspo@voorbeeld.nl",
		purpose:  "Bijhouden van de BRP (Wet BRP). Digitaal melden vermindert baliebezoek; alleen de gegevens die de Wet BRP vraagt worden uitgevraagd.",
		subjects: "Verhuizende burgers en hun medeverhuizers. BSN, oud en nieuw adres, datum van verhuizing, toestemming van de hoofdbewoner.",
		riskText: "Adresfraude met een overgenomen DigiD; onjuiste inschrijving van medeverhuizers zonder hun medeweten.",
		measures: "DigiD op niveau midden, controle op meldingen met meer dan vier medeverhuizers, bevestigingsbrief naar het oude adres.",
		status:   privacy.StatusAtFG, ageDay: 14},
	{org: Nabij, title: "DPIA Reisdocumenten en afsprakenbalie", department: "Dienstverlening",
		processing: "Aanvraag en uitgifte van paspoorten en identiteitskaarten, met biometrie (vingerafdrukken, pasfoto) in de Burgerzakenmodule.",
		processes:  []string{"Aanvraag reisdocumenten"}, dspo: "ciso@voorbeeld.nl",
		purpose:     "Uitvoering van de Paspoortwet. De biometrische gegevens worden alleen tijdelijk lokaal opgeslagen tot de uitgifte.",
		subjects:    "Aanvragers van reisdocumenten. BSN, pasfoto, vingerafdrukken (bijzondere persoonsgegevens), handtekening.",
		riskText:    "Lekken van biometrische gegevens; vingerafdrukken die na uitgifte niet worden gewist.",
		measures:    "Afgeschermd reisdocumentenstation, automatische verwijdering van vingerafdrukken na uitgifte, jaarlijkse controle door de RvIG.",
		status:      privacy.StatusDecided,
		advice:      "Akkoord met de verwerking. Advies: leg de controle op het wissen van vingerafdrukken ook zelf vast, niet alleen via de RvIG-audit.",
		advisorName: "mr. J. de Graaf (FG, gedeeld met de regio)", decision: privacy.DecisionDeviate,
		rationale: "De RvIG-audit toetst het wissen al jaarlijks; een eigen controle voegt voor een gemeente van deze omvang te weinig toe. Bij de volgende audit heroverwegen.",
		decider:   "manager@nabij.nl", body: "afdelingsmanager", advisedDaysAgo: 60, decidedDaysAgo: 50, ageDay: 120},
	{org: Nabij, title: "DPIA Opnemen van telefoongesprekken in het klantcontact", department: "Dienstverlening",
		processing: "Gesprekken met het klantcontactcentrum worden opgenomen voor kwaliteitsbewaking en training.",
		processes:  []string{"Klantcontact"}, dspo: "ciso@voorbeeld.nl",
		purpose:  "Verbeteren van de dienstverlening. Noodzaak twijfelachtig: ook meeluisteren of steekproeven kunnen volstaan.",
		subjects: "Bellers en medewerkers van het KCC. Stem, telefoonnummer, inhoud van het gesprek.",
		riskText: "Opnames met gevoelige informatie die langer bewaard worden dan nodig; medewerkers die zich gecontroleerd voelen.",
		measures: "Melding bij het begin van het gesprek, bewaartermijn 30 dagen, toegang alleen voor de teamleider.",
		status:   privacy.StatusAtFG, ageDay: 7},
}

// seedPrivacy stores the demo DPIAs that do not exist yet (by title), after
// the BIAs and decisions so their processes and risks exist.
func seedPrivacy(ctx context.Context, tx *db.Tx) error {
	for _, d := range demoDPIAs {
		if err := seedDPIA(ctx, tx, d); err != nil {
			return fmt.Errorf("seed DPIA %s: %w", d.title, err)
		}
	}
	return nil
}

func seedDPIA(ctx context.Context, tx *db.Tx, d demoDPIA) error {
	orgID, seeded, err := enter(ctx, tx, d.org, `SELECT 1 FROM dpias WHERE organisation_id = $1 AND title = $2`, d.title)
	if err != nil || seeded {
		return err
	}
	user := func(email string) any {
		var id int64
		if email == "" || tx.QueryRow(ctx, `SELECT id FROM users WHERE lower(email) = $1`, email).Scan(&id) != nil {
			return nil
		}
		return id
	}
	name := func(email string) string {
		var n string
		_ = tx.QueryRow(ctx, `SELECT name FROM users WHERE lower(email) = $1`, email).Scan(&n)
		return n
	}
	advisorName := d.advisorName
	if d.advisor != "" {
		advisorName = name(d.advisor)
	}
	var advisedOn, decidedOn, decision, body any
	if d.advice != "" {
		advisedOn = tx.Now.AddDate(0, 0, -d.advisedDaysAgo).Format("2006-01-02")
	}
	if d.decision != "" {
		decidedOn, decision, body = tx.Now.AddDate(0, 0, -d.decidedDaysAgo).Format("2006-01-02"), d.decision, d.body
	}
	created := tx.Now.AddDate(0, 0, -d.ageDay)
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO dpias (organisation_id, title, processing, department_id, status, dspo_id, purpose, subjects,
		risks, measures, advice, advised_on, advised_by, advised_by_name, decision, decision_rationale, decided_on, decided_by,
		decided_by_name, decided_by_body, created_by, created_at, updated_at)
		SELECT $1, $2, $3, dep.id, $4, $5, $6, $7, $8, $9, $10, $11::date, $12, $13, $14, $15, $16::date, $17, $18, $19, $5, $20, $21
		FROM departments dep WHERE dep.organisation_id = $1 AND dep.name = $22 RETURNING id`,
		orgID, d.title, d.processing, d.status, user(d.dspo), d.purpose, d.subjects, d.riskText, d.measures,
		d.advice, advisedOn, user(d.advisor), advisorName, decision, d.rationale, decidedOn, user(d.decider), name(d.decider), body,
		created, tx.Now, d.department).Scan(&id); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO dpia_processes (organisation_id, dpia_id, process_id)
		SELECT $1, $2, p.id FROM processes p WHERE p.organisation_id = $1 AND p.name = ANY($3)`, orgID, id, d.processes); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO dpia_risks (organisation_id, dpia_id, risk_id)
		SELECT $1, $2, r.id FROM risks r WHERE r.organisation_id = $1 AND r.threat = ANY($3)`, orgID, id, d.risks); err != nil {
		return err
	}
	return audit.Record(ctx, tx, audit.Event{Action: audit.Create, Entity: privacy.Entity, EntityID: id,
		Summary: fmt.Sprintf("DPIA ‘%s’ geladen als demodata (status: %s)", d.title, privacy.StatusLabel(d.status))})
}
