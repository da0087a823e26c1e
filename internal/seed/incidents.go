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
	if err := seedGeneratedIncidents(ctx, tx); err != nil {
		return err
	}
	if err := seedCbwIncident(ctx, tx); err != nil {
		return err
	}
	return seedDatalekFacts(ctx, tx)
}

func seedIncident(ctx context.Context, tx *db.Tx, d demoIncident) error {
	orgID, seeded, err := enter(ctx, tx, d.org, `SELECT 1 FROM incidents WHERE organisation_id = $1 AND title = $2`, d.title)
	if err != nil || seeded {
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

// ---- the generated register: about 60 incidents over 18 months ----

// incidentScenario is a kind of incident the generator repeats over the
// afdelingen: its classification, a datalek or not, its evaluation and the
// improvement action that follows.
type incidentScenario struct {
	title, description           string
	category, sub, cause, impact string
	aspects                      string
	personal                     bool
	application                  string
	evaluation, action           string
	first                        string // the handler's first timeline entry
}

var incidentScenarios = []incidentScenario{
	{"Phishingmail over een openstaande factuur", "Een mail met een link naar een 'factuur' op een nagemaakte inlogpagina.",
		"informatieverzameling", "phishing", "crimineel", "laag", "V", false, "Microsoft 365",
		"Oorzaak: een brede phishingcampagne. Niemand vulde gegevens in. Les: de meldknop werkt; de campagne is binnen een uur geblokkeerd.",
		"Phishingsimulatie en strengere mailfilter", "Afzender en link geblokkeerd in de mailfilter."},
	{"Brief met persoonsgegevens naar een verkeerd adres gestuurd", "Een brief met naam, adres en dossiergegevens is naar een oud adres van de betrokkene gestuurd.",
		"informatiebeveiliging", "toegang", "medewerker_onbewust", "midden", "V", true, "",
		"Oorzaak: het adres kwam uit een oude kopie in het vakprogramma in plaats van uit de BRP. Les: adressen altijd uit de BRP halen.",
		"Persoonsgegevens beschermen: beveiligde mail, adressen uit de BRP, controle op rechten en inzage", "Ontvanger gevraagd de brief terug te sturen."},
	{"Werkplek besmet met malware via een download", "De virusscanner meldde een trojan na het downloaden van een 'pdf-converter'.",
		"malware", "infectie", "medewerker_onbewust", "midden", "BIV", false, "",
		"Oorzaak: lokale beheerrechten maakten de installatie mogelijk. Les: geen beheerrechten op werkplekken.",
		"Werkplekken dichtzetten: geen lokale beheerrechten, geen USB-opslag", "Werkplek van het netwerk gehaald en opnieuw geïnstalleerd."},
	{"E-mail met BSN naar de verkeerde ontvanger", "Een e-mail met een bijlage met BSN en inkomensgegevens ging naar een naamgenoot.",
		"informatiebeveiliging", "toegang", "medewerker_onbewust", "hoog", "V", true, "Microsoft 365",
		"Oorzaak: de automatische aanvulling van het adres. Les: gevoelige bijlagen alleen via beveiligde mail.",
		"Persoonsgegevens beschermen: beveiligde mail, adressen uit de BRP, controle op rechten en inzage", "Ontvanger gebeld en gevraagd de mail te verwijderen."},
	{"Herhaalde inlogpogingen op een account", "De monitoring toont honderden mislukte inlogpogingen op één account.",
		"inbraakpoging", "inlogpoging", "crimineel", "laag", "V", false, "Active Directory",
		"Oorzaak: een geautomatiseerde aanval met gelekte wachtwoorden. MFA hield de aanvaller buiten. Les: MFA werkt.",
		"MFA en accountvergrendeling voor alle accounts", "Account tijdelijk geblokkeerd; wachtwoord gereset."},
	{"Dossiers zichtbaar voor collega's zonder autorisatie", "In de gedeelde map waren dossiers voor iedereen binnen de gemeente leesbaar.",
		"informatiebeveiliging", "toegang", "medewerker_onbewust", "midden", "V", true, "Documentmanagementsysteem",
		"Oorzaak: de rechten van de map waren bij een migratie op 'iedereen' gezet. Les: rechten na een migratie controleren.",
		"Persoonsgegevens beschermen: beveiligde mail, adressen uit de BRP, controle op rechten en inzage", "Rechten van de map direct beperkt tot de afdeling."},
	{"Storing in een vakapplicatie door een fout bij de leverancier", "De applicatie was een halve dag onbereikbaar na een update van de leverancier.",
		"beschikbaarheid", "sabotage", "derde_partij", "midden", "B", false, "",
		"Oorzaak: een update zonder test bij de leverancier. Les: updates alleen na aankondiging en in het onderhoudsvenster.",
		"Afspraken met leveranciers over wijzigingsbeheer en DDoS-bescherming", "Leverancier gebeld; terugdraaien van de update gevraagd."},
	{"Gecompromitteerd account verstuurt spam", "Vanaf een account van de afdeling werden honderden spamberichten verstuurd.",
		"geslaagde-inbraak", "account", "crimineel", "hoog", "IV", false, "Microsoft 365",
		"Oorzaak: het wachtwoord was hergebruikt en gelekt; MFA ontbrak voor dit account. Les: MFA voor alle accounts.",
		"MFA en accountvergrendeling voor alle accounts", "Sessies ingetrokken en wachtwoord gereset."},
	{"Poortscan op een publieke server", "De firewall meldde een systematische scan van een publieke server.",
		"informatieverzameling", "scannen", "onbekend", "laag", "", false, "",
		"Oorzaak: een geautomatiseerde scan, geen gerichte aanval. Les: de server draaide een onnodige dienst.",
		"Patchen binnen 48 uur en onnodige diensten uitzetten", "Scan geanalyseerd; geen opvolgende aanval."},
	{"Onversleutelde USB-stick met persoonsgegevens kwijt", "Een USB-stick met een export van cliëntgegevens is kwijtgeraakt.",
		"informatiebeveiliging", "toegang", "medewerker_onbewust", "hoog", "BV", true, "",
		"Oorzaak: gegevens werden op een eigen stick meegenomen. Les: USB-opslag standaard blokkeren.",
		"Werkplekken dichtzetten: geen lokale beheerrechten, geen USB-opslag", "Nagegaan welke gegevens op de stick stonden."},
	{"Factuur betaald op een vervalst rekeningnummer", "Een leverancier zou een nieuw rekeningnummer hebben; de mail bleek vervalst.",
		"fraude", "naamgebruik", "crimineel", "hoog", "I", false, "Financieel systeem",
		"Oorzaak: de wijziging is niet telefonisch geverifieerd. Les: wijzigingen van rekeningnummers altijd terugbellen.",
		"Terugbelprocedure bij wijziging van bankgegevens", "Bank gevraagd de betaling terug te halen."},
	{"Poging tot misbruik van een kwetsbaarheid in de webserver", "De webapplicatiefirewall blokkeerde pogingen een bekende kwetsbaarheid te misbruiken.",
		"inbraakpoging", "kwetsbaarheid", "crimineel", "midden", "IV", false, "Website CMS",
		"Oorzaak: een kwetsbaarheid waarvoor de patch een week oud was. Les: kritieke patches binnen 48 uur.",
		"Patchen binnen 48 uur en onnodige diensten uitzetten", "Patch versneld geïnstalleerd."},
	{"Medewerker raadpleegde een dossier zonder reden", "De logging toont dat een medewerker het dossier van een bekende heeft ingezien.",
		"fraude", "middelen", "medewerker_bewust", "midden", "V", true, "",
		"Oorzaak: ruime leesrechten en nieuwsgierigheid. Les: logging periodiek controleren, rechten beperken.",
		"Persoonsgegevens beschermen: beveiligde mail, adressen uit de BRP, controle op rechten en inzage", "Gesprek met de medewerker en de leidinggevende."},
	{"Spamgolf met een malafide bijlage", "Tientallen medewerkers ontvingen mails met een zip-bijlage met malware.",
		"malafide-inhoud", "spam", "crimineel", "laag", "", false, "Microsoft 365",
		"Oorzaak: een nieuwe variant die de filter nog niet kende. Les: zip-bijlagen met uitvoerbare bestanden blokkeren.",
		"Phishingsimulatie en strengere mailfilter", "Berichten uit alle postvakken verwijderd."},
	{"Laptop met gegevens gestolen uit een auto", "Een werklaptop is uit een auto gestolen. De schijf is versleuteld.",
		"informatiebeveiliging", "toegang", "crimineel", "laag", "B", false, "Mobile Device Management",
		"Oorzaak: diefstal. De versleuteling en het wissen op afstand werkten. Les: geen apparatuur zichtbaar in de auto.",
		"Werkplekken dichtzetten: geen lokale beheerrechten, geen USB-opslag", "Laptop op afstand gewist; aangifte gedaan."},
	{"Overbelasting van de website door een DDoS-aanval", "De website en de e-formulieren waren een uur traag of onbereikbaar.",
		"beschikbaarheid", "dos", "crimineel", "midden", "B", false, "Website CMS",
		"Oorzaak: een DDoS-aanval op meerdere gemeenten. Les: de scrubbingdienst moet sneller inschakelen.",
		"Afspraken met leveranciers over wijzigingsbeheer en DDoS-bescherming", "Hostingpartij ingeschakeld."},
}

// generatedIncident is a generated demo incident with the facts of its
// decision on notifying the AP (datalekken only).
type generatedIncident struct {
	demoIncident
	apDecision, apRationale, apReference string
	apAfter                              int // hours after discovery of the notification or decision
}

// managers of the afdelingen of Gemeente Voorbeeld: they report; the
// others' incidents come from the medewerker.
var demoReporters = map[string]string{
	"Burgerzaken": "manager.burgerzaken@voorbeeld.nl", "Sociaal Domein": "manager.sociaal@voorbeeld.nl",
	"Informatievoorziening en ICT": "manager.ict@voorbeeld.nl", "Belastingen": "manager.belastingen@voorbeeld.nl",
	"Ruimte en Omgeving": "manager.ruimte@voorbeeld.nl",
}

// generatedIncidents are 50 incidents of Gemeente Voorbeeld spread over the
// 18 months before the seed runs, over the scenarios, the afdelingen and
// every status; the same list every time (the seed recognises them by
// title). Incidents older than three months are closed (some only
// evaluated), with an improvement action; recent ones are still open. Of
// the decided datalekken, most are notified within 72 hours, three of them
// late, and a few not notified with a rationale.
func generatedIncidents() []generatedIncident {
	const n = 50
	out := make([]generatedIncident, 0, n)
	for i := range n {
		sc := incidentScenarios[i%len(incidentScenarios)]
		dept := voorbeeldDepartments[(i+i/len(incidentScenarios)*5)%len(voorbeeldDepartments)].name
		days := 540 - i*530/n - (i*7)%9 // from 18 months ago to about ten days ago
		g := generatedIncident{demoIncident: demoIncident{org: Voorbeeld, title: sc.title + " – " + dept, description: sc.description,
			reporter: "medewerker@voorbeeld.nl", department: dept, category: sc.category, sub: sc.sub, cause: sc.cause, impact: sc.impact,
			aspects: sc.aspects, answer: "nee", personal: sc.personal, handler: "ciso@voorbeeld.nl", hoursAgo: days*24 + (i*5)%9,
			application: sc.application, timeline: []demoEntry{{2 + i%5, "actie", sc.first}}}}
		if r, ok := demoReporters[dept]; ok {
			g.reporter = r
		}
		if dept == "Sociaal Domein" || dept == "Burgerzaken" {
			g.handler = "dspo@voorbeeld.nl"
		}
		if sc.personal {
			g.answer = "ja"
		}
		closeAfter := 24 * (3 + i%12)
		switch {
		case days > 90 && i%7 == 3:
			g.status, g.evaluation = incident.StatusEvaluated, sc.evaluation
		case days > 90:
			g.status, g.evaluation, g.action = incident.StatusClosed, sc.evaluation, sc.action
			g.timeline = append(g.timeline, demoEntry{closeAfter, incident.KindStatusChange, "Status: Geëvalueerd → Gesloten"})
		case days > 40:
			g.status = incident.StatusResolved
		case i%2 == 0:
			g.status = incident.StatusHandling
		default:
			g.status, g.category, g.sub, g.cause, g.impact, g.aspects, g.handler = incident.StatusReported, "", "", "", "", "", ""
			g.timeline = nil
		}
		if sc.personal && g.status != incident.StatusReported {
			switch k := i / len(incidentScenarios); {
			case i%3 == 1 && k != 1:
				g.apDecision, g.apAfter = "niet_melden", 40
				g.apRationale = "Geen waarschijnlijk risico voor de betrokkenen: de ontvanger is bekend en heeft schriftelijk bevestigd de gegevens te hebben vernietigd."
			case k == 1 && i%4 == 1:
				g.apDecision, g.apAfter, g.apReference = "melden", 96+i, fmt.Sprintf("M%07d", 4100000+i*379)
			default:
				g.apDecision, g.apAfter, g.apReference = "melden", 20+i%40, fmt.Sprintf("M%07d", 4100000+i*379)
			}
		}
		out = append(out, g)
	}
	return out
}

// seedGeneratedIncidents stores the generated incidents that do not exist
// yet, with the decision on notifying the AP of their datalekken, and one
// improvement action in the plan per scenario's lesson, addressing every
// closed incident it follows from.
func seedGeneratedIncidents(ctx context.Context, tx *db.Tx) error {
	var actions []string
	closed := map[string][]string{} // action → titles of its incidents
	for _, g := range generatedIncidents() {
		if g.action != "" {
			if closed[g.action] == nil {
				actions = append(actions, g.action)
			}
			closed[g.action] = append(closed[g.action], g.title)
			g.action = ""
		}
		if err := seedIncident(ctx, tx, g.demoIncident); err != nil {
			return fmt.Errorf("seed incident %s: %w", g.title, err)
		}
		if g.apDecision == "" {
			continue
		}
		var notified any
		if g.apDecision == incident.APNotify {
			notified = g.apAfter
		}
		if _, err := tx.Exec(ctx, `UPDATE incidents i SET ap_decision = $3, ap_rationale = $4, ap_reference = $5,
			ap_notified_at = i.discovered_at + make_interval(hours => $6::int), ap_decided_at = i.discovered_at + make_interval(hours => $7::int),
			ap_decided_by_name = coalesce((SELECT name FROM users WHERE id = i.handler_id), '')
			WHERE i.organisation_id = (SELECT id FROM organisations WHERE name = $1) AND i.title = $2 AND i.ap_decision IS NULL`,
			g.org, g.title, g.apDecision, g.apRationale, g.apReference, notified, g.apAfter); err != nil {
			return fmt.Errorf("seed the AP decision of %s: %w", g.title, err)
		}
	}
	for _, title := range actions {
		if err := seedSharedAction(ctx, tx, title, closed[title]); err != nil {
			return fmt.Errorf("seed action %s: %w", title, err)
		}
	}
	return nil
}

// seedSharedAction adds the finished improvement action title to the plan
// of Gemeente Voorbeeld, addressing the incidents titled incidents, unless
// it exists.
func seedSharedAction(ctx context.Context, tx *db.Tx, title string, incidents []string) error {
	var orgID, owner int64
	if err := tx.QueryRow(ctx, `SELECT o.id, u.id FROM organisations o, users u WHERE o.name = $1 AND lower(u.email) = 'ciso@voorbeeld.nl'`,
		Voorbeeld).Scan(&orgID, &owner); err != nil {
		return err
	}
	if err := tx.Enter(ctx, orgID); err != nil {
		return err
	}
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM plan_actions WHERE organisation_id = $1 AND title = $2)`, orgID, title).Scan(&exists); err != nil || exists {
		return err
	}
	var ids []int64
	var numbers []string
	rows, err := tx.Query(ctx, `SELECT id, number FROM incidents WHERE organisation_id = $1 AND title = ANY($2) ORDER BY number`, orgID, incidents)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return err
		}
		ids, numbers = append(ids, id), append(numbers, incident.Number(n))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	_, err = plan.CreateTx(ctx, tx, plan.Input{Title: title, Description: "Verbeteractie naar aanleiding van de incidenten " + strings.Join(numbers, ", ") + ".",
		OwnerUserID: owner, Status: plan.Done, Priority: plan.Medium, Links: map[string][]int64{incident.KindIncident: ids}})
	return err
}
