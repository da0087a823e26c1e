package seed

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/plan"
)

// demoIncident is one demo incident. Users are named by e-mail; times are
// hours before the seed runs.
type demoIncident struct {
	org, title, description      string
	reporter, department         string
	category, sub, cause, impact string
	aspects                      string // letters of B, I, V
	answer                       string // the reporter's answer about personal data
	personal                     bool   // datalek
	handler, status, evaluation  string
	hoursAgo                     int
	application, process         string
	timeline                     []demoEntry
	action                       string // the improvement action in the plan (closed incidents have one)
}

type demoEntry struct {
	hoursAfter int // after discovery
	kind, text string
}

// demoIncidents cover every status and every category of the IBD taxonomy,
// with two datalekken: one still within its 72 hours (when the seed has just
// run), one past them.
var demoIncidents = []demoIncident{
	{org: Voorbeeld, title: "Ransomwaremelding op een werkplek na het openen van een bijlage",
		description: "Na het openen van een factuur als bijlage verscheen een melding dat bestanden waren versleuteld. De werkplek is direct van het netwerk gehaald.",
		reporter:    "manager.ict@voorbeeld.nl", department: "Informatievoorziening en ICT", category: "malware", sub: "infectie", cause: "crimineel",
		impact: "hoog", aspects: "BIV", answer: "nee", handler: "ciso@voorbeeld.nl", status: incident.StatusClosed, hoursAgo: 200 * 24,
		action:      "Macro's uit e-mailbijlagen standaard blokkeren",
		application: "Microsoft 365", evaluation: "Oorzaak: een macro in een bijlage van een nagemaakte leverancier; de e-mailfilter liet het bestandstype door. " +
			"Lessen: macro's uit e-mail standaard blokkeren, de herstelprocedure van de back-up werkte binnen vier uur. Actie: bewustwordingssessie voor de financiële administratie.",
		timeline: []demoEntry{{1, "actie", "Werkplek losgekoppeld en ingenomen; netwerkshares gecontroleerd op versleutelde bestanden."},
			{3, "contact", "IBD geïnformeerd; indicatoren van de malware gedeeld."}, {20, "besluit", "Bestanden teruggezet uit de back-up van de vorige nacht."},
			{14 * 24, incident.KindStatusChange, "Status: Geëvalueerd → Gesloten"}}},
	{org: Voorbeeld, title: "Phishingmail met een nagemaakte DigiD-inlogpagina",
		description: "Ik kreeg een mail dat mijn DigiD verloopt, met een link naar een pagina die op die van DigiD lijkt. Ik heb niets ingevuld.",
		reporter:    "medewerker@voorbeeld.nl", department: "Publiekszaken en Communicatie", category: "informatieverzameling", sub: "phishing", cause: "crimineel",
		impact: "laag", aspects: "V", answer: "nee", handler: "ciso@voorbeeld.nl", status: incident.StatusClosed, hoursAgo: 150 * 24,
		action:     "Meldknop voor phishing in Outlook onder de aandacht brengen",
		evaluation: "Oorzaak: een brede phishingcampagne tegen gemeenten. De melding kwam snel; het domein is binnen een uur geblokkeerd. Les: de meldknop in Outlook wordt vaker gebruikt dan verwacht.",
		timeline: []demoEntry{{1, "actie", "Afzenderdomein en link geblokkeerd in de mailfilter."}, {2, "contact", "Campagne gemeld bij de IBD."},
			{3 * 24, incident.KindStatusChange, "Status: Geëvalueerd → Gesloten"}}},
	{org: Voorbeeld, title: "Account van een consulent overgenomen na phishing",
		description: "Een consulent vulde haar wachtwoord in op een phishingpagina; daarna werden vanaf haar account mails verstuurd.",
		reporter:    "manager.sociaal@voorbeeld.nl", department: "Sociaal Domein", category: "geslaagde-inbraak", sub: "account", cause: "medewerker_onbewust",
		impact: "hoog", aspects: "IV", answer: "nee", handler: "dspo@voorbeeld.nl", status: incident.StatusEvaluated, hoursAgo: 95 * 24,
		application: "Microsoft 365",
		evaluation:  "Oorzaak: het account had nog geen tweestapsverificatie. Lessen: MFA voor alle accounts, ook van inhuur. Actie: MFA-uitrol afronden voor het einde van het kwartaal.",
		timeline: []demoEntry{{1, "actie", "Wachtwoord gereset en sessies ingetrokken."}, {4, "actie", "Mailregels van de aanvaller verwijderd; verstuurde mails in kaart gebracht."},
			{30, "besluit", "Geen datalek: de mailbox bevatte geen dossiers, alleen agenda en interne mail."}}},
	{org: Voorbeeld, title: "Uittreksels uit de BRP naar de verkeerde ontvanger gemaild",
		description: "Bij het versturen van uittreksels is een verkeerd e-mailadres gekozen uit de suggesties. De uittreksels bevatten naam, adres en BSN van drie personen.",
		reporter:    "manager.burgerzaken@voorbeeld.nl", department: "Burgerzaken", category: "informatiebeveiliging", sub: "toegang", cause: "medewerker_onbewust",
		impact: "hoog", aspects: "V", answer: "ja", personal: true, handler: "dspo@voorbeeld.nl", status: incident.StatusHandling, hoursAgo: 30,
		process: "Verhuizingen en BRP-mutaties", application: "iBurgerzaken",
		timeline: []demoEntry{{1, "contact", "Ontvanger gebeld en gevraagd de mail te verwijderen; schriftelijke bevestiging gevraagd."},
			{3, "notitie", "Afweging melding AP: BSN betrokken, drie personen. Advies FG gevraagd."}}},
	{org: Voorbeeld, title: "USB-stick met dossiers jeugdhulp kwijtgeraakt",
		description: "Een onversleutelde USB-stick met gespreksverslagen van jeugdhulp is na een huisbezoek niet meer terug te vinden.",
		reporter:    "medewerker@voorbeeld.nl", department: "Sociaal Domein", category: "informatiebeveiliging", sub: "toegang", cause: "medewerker_onbewust",
		impact: "midden", aspects: "BV", answer: "ja", personal: true, handler: "dspo@voorbeeld.nl", status: incident.StatusHandling, hoursAgo: 6 * 24,
		process:  "Jeugdhulp",
		timeline: []demoEntry{{5, "actie", "Route van het huisbezoek nagelopen; de stick is niet gevonden."}}},
	{org: Voorbeeld, title: "Gemeentelijke website onbereikbaar door een DDoS-aanval",
		description: "De website en de e-formulieren waren een ochtend lang onbereikbaar.",
		reporter:    "ciso@voorbeeld.nl", department: "Publiekszaken en Communicatie", category: "beschikbaarheid", sub: "dos", cause: "crimineel",
		impact: "midden", aspects: "B", answer: "nee", handler: "ciso@voorbeeld.nl", status: incident.StatusResolved, hoursAgo: 45 * 24,
		application: "Website CMS", process: "Websitebeheer",
		timeline: []demoEntry{{1, "contact", "Hostingpartij ingeschakeld; DDoS-bescherming opgeschaald."}, {5, "actie", "Website weer bereikbaar."}}},
	{org: Voorbeeld, title: "Herhaalde inlogpogingen op beheeraccounts",
		description: "De monitoring toont honderden mislukte inlogpogingen per uur op beheeraccounts van buitenaf.",
		reporter:    "beheerder@voorbeeld.nl", department: "Informatievoorziening en ICT", category: "inbraakpoging", sub: "inlogpoging", cause: "crimineel",
		impact: "laag", aspects: "IV", answer: "nee", handler: "ciso@voorbeeld.nl", status: incident.StatusResolved, hoursAgo: 20 * 24,
		application: "Active Directory", process: "Identiteits- en toegangsbeheer",
		timeline: []demoEntry{{2, "actie", "Beheerportaal alleen nog bereikbaar via VPN; IP-adressen geblokkeerd."}}},
	{org: Voorbeeld, title: "Spam verstuurd vanuit het account van een leverancier",
		description: "Medewerkers van Belastingen krijgen vreemde mails met links vanaf het adres van onze contactpersoon bij de leverancier.",
		reporter:    "manager.belastingen@voorbeeld.nl", department: "Belastingen", answer: "nee", status: incident.StatusReported, hoursAgo: 50,
		application: "Belastingsysteem"},
	{org: Voorbeeld, title: "Vermoeden van een kwijtscheldingsaanvraag met een valse identiteit",
		description: "Een aanvraag voor kwijtschelding met gegevens die niet overeenkomen met de BRP; mogelijk identiteitsfraude.",
		reporter:    "manager.belastingen@voorbeeld.nl", department: "Belastingen", category: "fraude", sub: "naamgebruik", cause: "crimineel",
		impact: "midden", aspects: "I", answer: "nee", handler: "ciso@voorbeeld.nl", status: incident.StatusHandling, hoursAgo: 12 * 24,
		process:  "Kwijtschelding",
		timeline: []demoEntry{{24, "contact", "Afgestemd met Burgerzaken over de gebruikte identiteitsgegevens."}}},
	{org: Voorbeeld, title: "Poortscan op het netwerk van de gemeente",
		description: "De firewall meldde een systematische scan van alle publieke IP-adressen.",
		reporter:    "ciso@voorbeeld.nl", department: "Informatievoorziening en ICT", category: "informatieverzameling", sub: "scannen", cause: "onbekend",
		impact: "laag", aspects: "", answer: "nee", handler: "ciso@voorbeeld.nl", status: incident.StatusEvaluated, hoursAgo: 60 * 24,
		evaluation: "Oorzaak: een geautomatiseerde scan, geen gerichte aanval. Les: de externe aanvalsoppervlakte is klein; twee oude testservers uitgezet."},
	{org: Voorbeeld, title: "Laptop in de trein laten liggen",
		description: "Mijn werklaptop is in de trein blijven liggen. Hij is versleuteld en vergrendeld.",
		reporter:    "medewerker@voorbeeld.nl", answer: "nee", status: incident.StatusReported, hoursAgo: 20},
	{org: Nabij, title: "Phishingmail bij het klantcontactcentrum",
		description: "Meerdere medewerkers van het KCC kregen een mail over een 'nieuw salarisportaal'.",
		reporter:    "manager@nabij.nl", department: "Dienstverlening", answer: "nee", status: incident.StatusReported, hoursAgo: 3 * 24},
	{org: Nabij, title: "Burgerzakenmodule onbereikbaar door een storing bij de leverancier",
		description: "Een ochtend geen aanvragen van reisdocumenten mogelijk.",
		reporter:    "beheerder@nabij.nl", department: "Dienstverlening", category: "beschikbaarheid", sub: "dos", cause: "derde_partij",
		impact: "midden", aspects: "B", answer: "nee", handler: "ciso@voorbeeld.nl", status: incident.StatusResolved, hoursAgo: 30 * 24,
		application: "Burgerzakenmodule",
		timeline:    []demoEntry{{2, "contact", "Leverancier meldt een DDoS op zijn platform; herstel verwacht binnen enkele uren."}}},
}

// seedIncidents stores the demo incidents that do not exist yet (by title).
func seedIncidents(ctx context.Context, tx *db.Tx) error {
	for _, d := range demoIncidents {
		if err := seedIncident(ctx, tx, d); err != nil {
			return fmt.Errorf("seed incident %s: %w", d.title, err)
		}
	}
	if err := seedCbwIncident(ctx, tx); err != nil {
		return err
	}
	return seedDatalekFacts(ctx, tx)
}

func seedIncident(ctx context.Context, tx *db.Tx, d demoIncident) error {
	var orgID int64
	if err := tx.QueryRow(ctx, `SELECT id FROM organisations WHERE name = $1`, d.org).Scan(&orgID); err != nil {
		return err
	}
	if err := tx.Enter(ctx, orgID); err != nil {
		return err
	}
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM incidents WHERE organisation_id = $1 AND title = $2)`, orgID, d.title).Scan(&exists); err != nil || exists {
		return err
	}
	user := func(email string) (id any, name string) {
		var uid int64
		if email == "" || tx.QueryRow(ctx, `SELECT id, name FROM users WHERE lower(email) = $1`, email).Scan(&uid, &name) != nil {
			return nil, ""
		}
		return uid, name
	}
	reporter, reporterName := user(d.reporter)
	handler, handlerName := user(d.handler)
	discovered := tx.Now.Add(-time.Duration(d.hoursAgo) * time.Hour).Truncate(time.Minute)
	created := discovered.Add(20 * time.Minute)
	if created.After(tx.Now) {
		created = tx.Now
	}
	nullable := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	var id int64
	var number int
	if err := tx.QueryRow(ctx, `INSERT INTO incidents (organisation_id, number, reporter_id, reporter_name, discovered_at, title, description,
		category, subcategory, cause, impact, affects_availability, affects_integrity, affects_confidentiality, department_id,
		personal_data_answer, personal_data, handler_id, status, evaluation, created_at, updated_at)
		SELECT $1, coalesce((SELECT max(number) FROM incidents WHERE organisation_id = $1), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
		       $11, $12, $13, (SELECT id FROM departments WHERE organisation_id = $1 AND name = $14), $15, $16, $17, $18, $19, $20, $20
		RETURNING id, number`,
		orgID, reporter, reporterName, discovered, d.title, d.description, nullable(d.category), nullable(d.sub), cause(d.cause), nullable(d.impact),
		strings.Contains(d.aspects, "B"), strings.Contains(d.aspects, "I"), strings.Contains(d.aspects, "V"), d.department,
		d.answer, d.personal || d.answer != "nee", handler, d.status, d.evaluation, created).Scan(&id, &number); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO incident_links (organisation_id, incident_id, application_id)
		SELECT $1, $2, id FROM applications WHERE organisation_id = $1 AND name = $3`, orgID, id, d.application); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO incident_links (organisation_id, incident_id, process_id)
		SELECT $1, $2, id FROM processes WHERE organisation_id = $1 AND name = $3`, orgID, id, d.process); err != nil {
		return err
	}
	for _, e := range d.timeline {
		at := discovered.Add(time.Duration(e.hoursAfter) * time.Hour)
		if at.After(tx.Now) {
			at = tx.Now
		}
		if _, err := tx.Exec(ctx, `INSERT INTO incident_timeline (organisation_id, incident_id, at, author_id, author_name, kind, text, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $3)`, orgID, id, at, handler, handlerName, e.kind, e.text); err != nil {
			return err
		}
	}
	if d.action != "" {
		owner, _ := handler.(int64)
		if _, err := plan.CreateTx(ctx, tx, plan.Input{Title: d.action, Description: "Verbeteractie naar aanleiding van incident " + incident.Number(number) + ".",
			OwnerUserID: owner, Status: plan.Done, Priority: plan.Medium, Links: map[string][]int64{incident.KindIncident: {id}}}); err != nil {
			return err
		}
	}
	return audit.Record(ctx, tx, audit.Event{Action: audit.Create, Entity: incident.Entity, EntityID: id,
		Summary: fmt.Sprintf("Incident %s geladen als demodata (status: %s)", incident.Number(number), incident.StatusLabel(d.status))})
}

func cause(c string) string {
	if c == "" {
		return "onbekend"
	}
	return c
}
