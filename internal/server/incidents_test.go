package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/seed"
)

// Demo incidents of Gemeente Voorbeeld (seed/incidents.go).
const (
	incBRP       = "Uittreksels uit de BRP naar de verkeerde ontvanger gemaild"         // Burgerzaken, datalek, hoog
	incUSB       = "USB-stick met dossiers jeugdhulp kwijtgeraakt"                      // Sociaal Domein, datalek, midden, by the medewerker
	incAccount   = "Account van een consulent overgenomen na phishing"                  // Sociaal Domein, hoog
	incRansom    = "Ransomwaremelding op een werkplek na het openen van een bijlage"    // ICT, hoog, gesloten
	incScan      = "Poortscan op het netwerk van de gemeente"                           // ICT, laag
	incDDoS      = "Gemeentelijke website onbereikbaar door een DDoS-aanval"            // Publiekszaken, midden
	incLaptop    = "Laptop in de trein laten liggen"                                    // no afdeling, by the medewerker
	incNabijKCC  = "Phishingmail bij het klantcontactcentrum"                           // Gemeente Nabij
	incFraudKwij = "Vermoeden van een kwijtscheldingsaanvraag met een valse identiteit" // Belastingen, midden
)

func (a *app) incidentID(org, title string) int64 {
	return a.id(`SELECT id FROM incidents WHERE organisation_id = $1 AND title = $2`, a.orgID(org), title)
}

func (a *app) incidentStatus(id int64) string {
	a.t.Helper()
	var s string
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT status FROM incidents WHERE id = $1`, id).Scan(&s); err != nil {
		a.t.Fatal(err)
	}
	return s
}

func (a *app) incidentVersion(id int64) string {
	return itoa(a.id(`SELECT version FROM incidents WHERE id = $1`, id))
}

// moment is t as a datetime-local value in Amsterdam.
func moment(t time.Time) string { return incident.InputValue(t) }

// fileReport files a report and returns its id.
func fileReport(t *testing.T, c *client, title, personal string, discovered time.Time) int64 {
	t.Helper()
	resp := c.post("/incidenten/melden", url.Values{"title": {title}, "discovered_at": {moment(discovered)}, "personal_data": {personal}})
	expectStatus(t, resp, http.StatusSeeOther)
	loc := resp.Header.Get("Location")
	if !strings.HasPrefix(loc, "/incidenten/mijn/") {
		t.Fatalf("redirect to %q", loc)
	}
	return c.app.id(`SELECT id FROM incidents WHERE title = $1`, title)
}

// TestIncidentReportByMedewerker: the medewerker reports in one POST from
// the home page, gets a follow-up number, and sees their own reports only.
func TestIncidentReportByMedewerker(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("medewerker@voorbeeld.nl")
	home := c.get("/")
	expectStatus(t, home, http.StatusOK)
	expectContains(t, home, `href="/incidenten/melden"`, "Incident melden", `href="/incidenten/mijn"`)
	form := c.get("/incidenten/melden")
	expectStatus(t, form, http.StatusOK)
	expectContains(t, form, "Wat is er gebeurd?", "Wanneer merkte u het op?", `type="datetime-local"`, "Weet ik niet",
		"Zijn er mogelijk persoonsgegevens bij betrokken?", "iBurgerzaken", "Verhuizingen en BRP-mutaties", `name="department_id"`)
	if !strings.Contains(form.body, `value="`+moment(time.Now())[:13]) {
		t.Error("the moment of noticing does not default to now")
	}
	if strings.Contains(form.body, "Burgerzakenmodule") {
		t.Error("the form offers an application of Gemeente Nabij")
	}

	app := a.id(`SELECT id FROM applications WHERE organisation_id = $1 AND name = 'Microsoft 365'`, a.orgID(seed.Voorbeeld))
	resp := c.post("/incidenten/melden", url.Values{"title": {"Verdachte mail met bijlage geopend"}, "description": {"Bijlage heette factuur.zip"},
		"discovered_at": {moment(time.Now().Add(-time.Hour))}, "application_id": {itoa(app)}, "personal_data": {"weet_niet"}})
	expectStatus(t, resp, http.StatusSeeOther)
	id := a.id(`SELECT id FROM incidents WHERE title = 'Verdachte mail met bijlage geopend'`)
	if got := resp.Header.Get("Location"); got != "/incidenten/mijn/"+itoa(id) {
		t.Fatalf("redirect to %q", got)
	}
	number := incident.Number(int(a.id(`SELECT number FROM incidents WHERE id = $1`, id)))
	own := c.get("/incidenten/mijn/" + itoa(id))
	expectStatus(t, own, http.StatusOK)
	expectContains(t, own, "Bedankt voor uw melding. Uw volgnummer is "+number, "Gemeld", "Bijlage heette factuur.zip")
	medewerker := a.id(`SELECT id FROM users WHERE email = 'medewerker@voorbeeld.nl'`)
	if n := a.id(`SELECT count(*) FROM incidents WHERE id = $1 AND reporter_id = $2 AND reporter_name = 'Mila de Boer' AND personal_data
		AND personal_data_answer = 'weet_niet' AND status = 'gemeld'`, id, medewerker); n != 1 {
		t.Error("the report is not stored as reported by the medewerker, as a possible datalek")
	}
	if n := a.id(`SELECT count(*) FROM incident_links WHERE incident_id = $1 AND application_id = $2`, id, app); n != 1 {
		t.Error("the application is not linked")
	}
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'incident' AND entity_id = $1 AND action = 'create'`, id); n != 1 {
		t.Errorf("%d create events", n)
	}

	mine := c.get("/incidenten/mijn")
	expectStatus(t, mine, http.StatusOK)
	expectContains(t, mine, "Verdachte mail met bijlage geopend", number, incUSB, incLaptop, "In behandeling")
	for _, other := range []string{incBRP, incAccount, incScan} {
		if strings.Contains(mine.body, other) {
			t.Errorf("the medewerker's list shows %q, reported by someone else", other)
		}
	}
	// Nothing else: not the register, not another's report, not the handling.
	expectStatus(t, c.get("/incidenten"), http.StatusForbidden)
	expectStatus(t, c.get("/incidenten/"+itoa(id)), http.StatusForbidden)
	expectStatus(t, c.get("/incidenten/mijn/"+itoa(a.incidentID(seed.Voorbeeld, incBRP))), http.StatusNotFound)
	expectStatus(t, c.get("/incidenten/mijn/"+itoa(a.incidentID(seed.Nabij, incNabijKCC))), http.StatusNotFound)
	expectStatus(t, c.post("/incidenten/"+itoa(id)+"/status", url.Values{"to": {"in_behandeling"}, "version": {"1"}}), http.StatusForbidden)
	if strings.Contains(own.body, `href="/incidenten"`) {
		t.Error("the medewerker's menu offers the register")
	}
}

// TestIncidentReportInvalid: 422 with the Dutch messages and the input kept.
func TestIncidentReportInvalid(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("beheerder@voorbeeld.nl")
	before := a.id(`SELECT count(*) FROM incidents`)
	resp := c.post("/incidenten/melden", url.Values{"title": {"  "}, "description": {"Mijn eigen toelichting"}, "discovered_at": {"gisteren"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Beschrijf in een paar woorden wat er is gebeurd.", "Wanneer merkte u het op: vul datum en tijd in",
		"Geef aan of er mogelijk persoonsgegevens bij betrokken zijn", "Mijn eigen toelichting", `value="gisteren"`, `href="#f-title"`)

	resp = c.post("/incidenten/melden", url.Values{"title": {"Toekomst"}, "discovered_at": {moment(time.Now().Add(3 * time.Hour))}, "personal_data": {"nee"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "ligt in de toekomst", `value="Toekomst"`, `value="nee" checked`)

	nabijApp := a.id(`SELECT id FROM applications WHERE organisation_id = $1 ORDER BY id LIMIT 1`, a.orgID(seed.Nabij))
	resp = c.post("/incidenten/melden", url.Values{"title": {"Andere gemeente"}, "discovered_at": {moment(time.Now())}, "personal_data": {"nee"},
		"application_id": {itoa(nabijApp)}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Deze applicatie bestaat niet (meer).")
	resp = c.post("/incidenten/melden", url.Values{"title": {"x"}, "discovered_at": {moment(time.Now())}, "personal_data": {"nee"}, "process_id": {"abc"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Deze keuze is ongeldig")
	if after := a.id(`SELECT count(*) FROM incidents`); after != before {
		t.Errorf("refused reports stored %d incidents", after-before)
	}
}

// registerPages is the register with the query q, all its pages in one
// body (the demo register has more than one page).
func registerPages(t *testing.T, c *client, q string) response {
	t.Helper()
	var all response
	for page := 1; page <= 4; page++ {
		r := c.get("/incidenten?" + q + "&page=" + itoa(int64(page)))
		expectStatus(t, r, http.StatusOK)
		all.Response = r.Response
		all.body += r.body
	}
	return all
}

// TestIncidentRegisterScopes: who sees which incidents in the register and
// on their pages.
func TestIncidentRegisterScopes(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	page := func(title string) string { return "/incidenten/" + itoa(a.incidentID(seed.Voorbeeld, title)) }
	check := func(who string, sees, hidden []string) string {
		t.Helper()
		list := registerPages(t, a.loggedIn(who), "")
		for _, s := range sees {
			if !strings.Contains(list.body, s) {
				t.Errorf("%s does not see %q", who, s)
			}
		}
		for _, h := range hidden {
			if strings.Contains(list.body, h) {
				t.Errorf("%s sees %q", who, h)
			}
		}
		return list.body
	}
	all := []string{incBRP, incUSB, incAccount, incRansom, incScan, incDDoS, incLaptop, incFraudKwij}
	check("ciso@voorbeeld.nl", all, []string{incNabijKCC})
	check("auditor@voorbeeld.nl", all, []string{incNabijKCC})
	// DSPO of Sociaal Domein and Burgerzaken: their afdelingen only.
	check("dspo@voorbeeld.nl", []string{incBRP, incUSB, incAccount}, []string{incScan, incDDoS, incLaptop, incRansom, incFraudKwij})
	check("manager.burgerzaken@voorbeeld.nl", []string{incBRP}, []string{incUSB, incAccount, incScan, incLaptop})
	// The FG: every datalek.
	check("fg@voorbeeld.nl", []string{incBRP, incUSB}, []string{incAccount, incScan, incDDoS, incLaptop})
	// Directie and college: high impact only, without reporters' names.
	for _, who := range []string{"directie@voorbeeld.nl", "college@voorbeeld.nl"} {
		body := check(who, []string{incBRP, incAccount, incRansom}, []string{incUSB, incScan, incDDoS, incLaptop})
		for _, name := range []string{"Bram Visser", "Sanne Bakker", "Iris Vermeulen", ">Melder<"} {
			if strings.Contains(body, name) {
				t.Errorf("%s sees the reporter %q", who, name)
			}
		}
		show := a.loggedIn(who).get(page(incAccount))
		expectStatus(t, show, http.StatusOK)
		if strings.Contains(show.body, "Sanne Bakker") || strings.Contains(show.body, "Gemeld door") {
			t.Errorf("%s sees the reporter on the incident's page", who)
		}
		expectStatus(t, a.loggedIn(who).get(page(incDDoS)), http.StatusForbidden)
	}
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	show := ciso.get(page(incAccount))
	expectStatus(t, show, http.StatusOK)
	expectContains(t, show, "Gemeld door", "Sanne Bakker", "Geslaagde inbraak – Gecompromitteerd account", "Classificatie opslaan",
		"D01 Phishing en gestolen inloggegevens", "Wachtwoord gereset en sessies ingetrokken.")
	// The auditor reads, never handles.
	aud := a.loggedIn("auditor@voorbeeld.nl").get(page(incAccount))
	expectStatus(t, aud, http.StatusOK)
	if strings.Contains(aud.body, "Classificatie opslaan") || strings.Contains(aud.body, "Regel toevoegen") {
		t.Error("the auditor is offered the handling forms")
	}
	// Outside the DSPO's afdelingen: refused to view, not found to handle.
	dspo := a.loggedIn("dspo@voorbeeld.nl")
	expectStatus(t, dspo.get(page(incScan)), http.StatusForbidden)
	expectStatus(t, dspo.post(page(incScan)+"/tijdlijn", url.Values{"kind": {"notitie"}, "text": {"x"}}), http.StatusNotFound)
	// Another organisation's incident: not found, for reading and writing.
	nabij := "/incidenten/" + itoa(a.incidentID(seed.Nabij, incNabijKCC))
	expectStatus(t, ciso.get(nabij), http.StatusNotFound)
	expectStatus(t, ciso.post(nabij+"/status", url.Values{"to": {"in_behandeling"}, "version": {"1"}}), http.StatusNotFound)
	expectStatus(t, ciso.post(nabij+"/tijdlijn", url.Values{"kind": {"notitie"}, "text": {"x"}}), http.StatusNotFound)
	expectStatus(t, ciso.get("/incidenten/999999999"), http.StatusNotFound)
	expectStatus(t, ciso.get("/incidenten/abc"), http.StatusNotFound)

	// Filters.
	for q, want := range map[string][2][]string{
		"datalek=ja":        {{incBRP, incUSB}, {incAccount, incScan}},
		"status=gesloten":   {{incRansom}, {incBRP, incScan}},
		"impact=hoog":       {{incBRP, incAccount, incRansom}, {incUSB, incScan}},
		"categorie=malware": {{incRansom}, {incBRP, incScan}},
		"impact=geen":       {{incLaptop}, {incBRP}},
	} {
		body := registerPages(t, ciso, q).body
		for _, s := range want[0] {
			if !strings.Contains(body, s) {
				t.Errorf("?%s lacks %q", q, s)
			}
		}
		for _, s := range want[1] {
			if strings.Contains(body, s) {
				t.Errorf("?%s shows %q", q, s)
			}
		}
	}
	expectStatus(t, ciso.get("/incidenten?status=onzin"), http.StatusBadRequest)
	expectStatus(t, ciso.get("/incidenten?datalek=misschien"), http.StatusBadRequest)
	expectStatus(t, ciso.get("/incidenten?page=99999999999999999999"), http.StatusOK)
}

// TestIncidentHandling: classification, the status steps (invalid ones
// refused, the evaluation required), the append-only timeline, stale
// versions.
func TestIncidentHandling(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := fileReport(t, a.loggedIn("medewerker@voorbeeld.nl"), "Onbekende USB-stick in de vergaderzaal", "nee", time.Now().Add(-2*time.Hour))
	path := "/incidenten/" + itoa(id)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	show := ciso.get(path)
	expectStatus(t, show, http.StatusOK)
	expectContains(t, show, "Gemeld", "Mila de Boer", "Nog niet ingedeeld", "Naar In behandeling", "Classificatie opslaan")

	// Opgelost needs a classification; and only one step at a time.
	resp := ciso.post(path+"/status", url.Values{"to": {"opgelost"}, "version": {"1"}})
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "Een incident met de status Gemeld gaat alleen naar In behandeling, niet naar Opgelost.")
	expectStatus(t, ciso.post(path+"/status", url.Values{"to": {"onzin"}, "version": {"1"}}), http.StatusUnprocessableEntity)
	expectStatus(t, ciso.post(path+"/status", url.Values{"to": {"in_behandeling"}, "version": {"1"}}), http.StatusSeeOther)
	carla := a.id(`SELECT id FROM users WHERE email = 'ciso@voorbeeld.nl'`)
	if a.incidentStatus(id) != incident.StatusHandling || a.id(`SELECT handler_id FROM incidents WHERE id = $1`, id) != carla {
		t.Error("in behandeling without the CISO as handler")
	}
	resp = ciso.post(path+"/status", url.Values{"to": {"opgelost"}, "version": {a.incidentVersion(id)}})
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "Classificeer het incident eerst")

	// Classification: 422 with the input kept, then saved.
	resp = ciso.post(path, url.Values{"category": {""}, "cause": {"crimineel"}, "impact": {"wild"}, "aspects": {"V"}, "version": {a.incidentVersion(id)}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies de categorie van het incident.", "Kies de impact", `value="crimineel" selected`, `value="V" checked`)
	resp = ciso.post(path, url.Values{"category": {"malware:onzin"}, "cause": {"crimineel"}, "impact": {"midden"}, "version": {a.incidentVersion(id)}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Deze categorie bestaat niet.")
	stale := a.incidentVersion(id)
	classify := url.Values{"category": {"malware:infectie"}, "cause": {"onbekend"}, "impact": {"midden"}, "aspects": {"B", "V"},
		"department_id": {itoa(a.departmentID("Burgerzaken"))}, "handler_id": {itoa(carla)}, "version": {stale}}
	expectStatus(t, ciso.post(path, classify), http.StatusSeeOther)
	expectContains(t, ciso.get(path), "Malware – Infectie", "B, V", "Burgerzaken", "D02 Ransomware")

	// A stale version: 409, the input kept, the stored version shown.
	classify.Set("impact", "hoog")
	resp = a.loggedIn("dspo@voorbeeld.nl").post(path, classify)
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "Iemand anders heeft dit intussen gewijzigd", "De actuele, opgeslagen versie", `value="hoog" selected`,
		`name="version" value="`+a.incidentVersion(id)+`"`)
	if n := a.id(`SELECT count(*) FROM incidents WHERE id = $1 AND impact = 'midden'`, id); n != 1 {
		t.Error("a stale classification was saved")
	}
	expectStatus(t, ciso.post(path+"/status", url.Values{"to": {"opgelost"}, "version": {stale}}), http.StatusConflict)

	// Timeline: append-only entries.
	resp = ciso.post(path+"/tijdlijn", url.Values{"kind": {"actie"}, "text": {"  "}, "at": {"morgen"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Vul in wat er is gedaan", "Tijdstip: vul datum en tijd in", `value="actie" selected`)
	expectStatus(t, ciso.post(path+"/tijdlijn", url.Values{"kind": {"actie"}, "text": {"Stick bij ICT ingeleverd en onderzocht in een zandbak."}}), http.StatusSeeOther)
	expectStatus(t, ciso.post(path+"/tijdlijn", url.Values{"kind": {"contact"}, "text": {"IBD gebeld."}, "at": {moment(time.Now().Add(-30 * time.Minute))}}), http.StatusSeeOther)

	// Opgelost, then geëvalueerd only with an evaluation, then gesloten.
	expectStatus(t, ciso.post(path+"/status", url.Values{"to": {"opgelost"}, "version": {a.incidentVersion(id)}}), http.StatusSeeOther)
	resp = ciso.post(path+"/status", url.Values{"to": {"geevalueerd"}, "evaluation": {"  "}, "version": {a.incidentVersion(id)}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Vul de evaluatie in: de oorzaak van het incident en de lessen")
	if a.incidentStatus(id) != incident.StatusResolved {
		t.Error("evaluated without an evaluation")
	}
	resp = ciso.post(path+"/status", url.Values{"to": {"gesloten"}, "evaluation": {"x"}, "version": {a.incidentVersion(id)}})
	expectStatus(t, resp, http.StatusConflict)
	expectStatus(t, ciso.post(path+"/status", url.Values{"to": {"geevalueerd"}, "version": {a.incidentVersion(id)},
		"evaluation": {"Oorzaak: een achtergelaten stick van een bezoeker. Les: USB-poorten blijven dicht."}}), http.StatusSeeOther)
	expectStatus(t, ciso.post(path+"/acties", url.Values{"title": {"USB-poorten dichtzetten op alle werkplekken"}}), http.StatusSeeOther)
	expectStatus(t, ciso.post(path+"/status", url.Values{"to": {"gesloten"}, "version": {a.incidentVersion(id)}}), http.StatusSeeOther)
	resp = ciso.post(path+"/status", url.Values{"to": {"gesloten"}, "version": {a.incidentVersion(id)}})
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "Dit incident is gesloten")
	expectStatus(t, ciso.post(path+"/tijdlijn", url.Values{"kind": {"notitie"}, "text": {"Nog iets"}}), http.StatusConflict)

	page := ciso.get(path)
	expectContains(t, page, "Gesloten", "Oorzaak: een achtergelaten stick", "Stick bij ICT ingeleverd", "IBD gebeld.",
		"Status: Gemeld → In behandeling", "Status: Geëvalueerd → Gesloten", "Dit incident is gesloten.")
	if strings.Index(page.body, "IBD gebeld.") > strings.Index(page.body, "Stick bij ICT ingeleverd") {
		t.Error("the timeline is not in the order of its moments")
	}
	if n := a.id(`SELECT count(*) FROM incident_timeline WHERE incident_id = $1`, id); n != 7 {
		t.Errorf("%d timeline entries, want 7 (4 status changes, 2 entries, 1 action)", n)
	}
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'incident' AND entity_id = $1`, id); n != 9 {
		t.Errorf("%d audit events, want 9 (report, classification, 4 status changes, 2 entries, 1 action)", n)
	}
	// The reporter sees the status, nothing of the handling.
	own := a.loggedIn("medewerker@voorbeeld.nl").get("/incidenten/mijn/" + itoa(id))
	expectContains(t, own, "Gesloten")
	if strings.Contains(own.body, "IBD gebeld") || strings.Contains(own.body, "Oorzaak:") {
		t.Error("the reporter sees the handling")
	}

	// No route edits or removes a timeline entry, and the database refuses it to the portal.
	for _, r := range a.srv.Routes() {
		if strings.Contains(r.Pattern, "tijdlijn/") {
			t.Errorf("route %s %s touches a single timeline entry", r.Method, r.Pattern)
		}
	}
	portal := dbtest.App(t, a.db)
	for _, sql := range []string{`UPDATE incident_timeline SET text = 'herschreven'`, `DELETE FROM incident_timeline`} {
		err := portal.Write(context.Background(), db.Scope{OrgID: a.orgID(seed.Voorbeeld)}, func(tx *db.Tx) error {
			_, err := tx.Exec(context.Background(), sql)
			return err
		})
		if err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("%s as the portal: %v, want permission denied", sql, err)
		}
	}
}

// TestIncidentDSPOScope: a DSPO handles incidents of their afdelingen and
// assigns only those afdelingen.
func TestIncidentDSPOScope(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := a.incidentID(seed.Voorbeeld, incUSB)
	path := "/incidenten/" + itoa(id)
	dspo := a.loggedIn("dspo@voorbeeld.nl")
	form := url.Values{"category": {"informatiebeveiliging:toegang"}, "cause": {"medewerker_onbewust"}, "impact": {"midden"},
		"personal_data": {"1"}, "department_id": {itoa(a.departmentID("Belastingen"))}, "version": {a.incidentVersion(id)}}
	resp := dspo.post(path, form)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "U kunt een incident alleen aan een afdeling toewijzen die u ondersteunt.")
	form.Set("department_id", itoa(a.departmentID("Sociaal Domein")))
	form.Set("handler_id", itoa(a.id(`SELECT id FROM users WHERE email = 'medewerker@voorbeeld.nl'`)))
	resp = dspo.post(path, form)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies als behandelaar de CISO of een DSPO.")
	form.Del("handler_id")
	expectStatus(t, dspo.post(path, form), http.StatusSeeOther)
	// An incident outside the DSPO's afdelingen, assigned to the DSPO by the
	// CISO: the handler sees and handles it.
	scan := a.incidentID(seed.Voorbeeld, incScan)
	scanPath := "/incidenten/" + itoa(scan)
	expectStatus(t, dspo.get(scanPath), http.StatusForbidden)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	expectStatus(t, ciso.post(scanPath, url.Values{"category": {"informatieverzameling:scannen"}, "cause": {"onbekend"}, "impact": {"laag"},
		"department_id": {itoa(a.departmentID("Informatievoorziening en ICT"))}, "handler_id": {itoa(a.id(`SELECT id FROM users WHERE email = 'dspo@voorbeeld.nl'`))},
		"version": {a.incidentVersion(scan)}}), http.StatusSeeOther)
	expectContains(t, dspo.get(scanPath), "Regel toevoegen", "Daan Mulder (DSPO)")
	expectContains(t, dspo.get("/incidenten"), incScan)
	expectStatus(t, dspo.post(scanPath+"/tijdlijn", url.Values{"kind": {"actie"}, "text": {"Scan nagelopen in de firewall-logging."}}), http.StatusSeeOther)
	// A role without the handling permission is refused by the route.
	expectStatus(t, a.loggedIn("fg@voorbeeld.nl").post(path+"/tijdlijn", url.Values{"kind": {"notitie"}, "text": {"x"}}), http.StatusForbidden)
	expectStatus(t, a.loggedIn("manager.sociaal@voorbeeld.nl").post(path, form), http.StatusForbidden)
}

// TestIncidentDatalekClock: the 72-hour countdown on the page and in the
// register, urgent under 24 hours, and "verstreken" after.
func TestIncidentDatalekClock(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("medewerker@voorbeeld.nl")
	urgent := fileReport(t, c, "Lijst met cliënten op de printer laten liggen", "ja", time.Now().Add(-50*time.Hour-30*time.Minute))
	late := fileReport(t, c, "Dossier naar een verkeerde zorgaanbieder gestuurd", "ja", time.Now().Add(-80*time.Hour))
	fresh := fileReport(t, c, "Wachtwoordenlijst in een gedeelde map", "ja", time.Now().Add(-2*time.Hour))
	none := fileReport(t, c, "Storing van de printer", "nee", time.Now().Add(-2*time.Hour))
	fg := a.loggedIn("fg@voorbeeld.nl")
	p := fg.get("/incidenten/" + itoa(urgent))
	expectStatus(t, p, http.StatusOK)
	expectContains(t, p, `id="datalek-termijn"`, "utrecht-alert--error", "Melden bij de Autoriteit Persoonsgegevens: nog 21 uur, uiterlijk")
	p = fg.get("/incidenten/" + itoa(late))
	expectContains(t, p, "De termijn van 72 uur voor de melding aan de Autoriteit Persoonsgegevens is verstreken")
	p = fg.get("/incidenten/" + itoa(fresh))
	expectContains(t, p, "utrecht-alert--warning", "nog 69 uur")
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	if strings.Contains(ciso.get("/incidenten/"+itoa(none)).body, `id="datalek-termijn"`) {
		t.Error("an incident without personal data shows the datalek clock")
	}
	expectStatus(t, fg.get("/incidenten/"+itoa(none)), http.StatusForbidden)
	list := ciso.get("/incidenten?datalek=ja")
	expectContains(t, list, "nog 21 uur", "72 uur verstreken", "nog 69 uur", "deadline--urgent")
}

// TestIncidentPagesQueryCount: the register, an incident's page and the
// report form take a fixed number of queries, and no GET writes.
func TestIncidentPagesQueryCount(t *testing.T) {
	t.Parallel()
	d, counter := dbtest.NewCounted(t)
	a := newAppOn(t, d)
	c := a.loggedIn("ciso@voorbeeld.nl")
	m := a.loggedIn("medewerker@voorbeeld.nl")
	measure := func(c *client, path string) int64 {
		before := counter.Count()
		expectStatus(t, c.get(path), http.StatusOK)
		return counter.Count() - before
	}
	expectStatus(t, c.get("/"), http.StatusOK) // the first page after the login touches the session
	expectStatus(t, m.get("/"), http.StatusOK)
	writes := counter.Writes()
	list := measure(c, "/incidenten")
	show := measure(c, "/incidenten/"+itoa(a.incidentID(seed.Voorbeeld, incBRP)))
	form := measure(m, "/incidenten/melden")
	mine := measure(m, "/incidenten/mijn")
	measure(m, "/incidenten/mijn/"+itoa(a.incidentID(seed.Voorbeeld, incUSB)))
	measure(c, "/incidenten?datalek=ja&impact=hoog")
	if n := counter.Writes() - writes; n != 0 {
		t.Errorf("the incident pages wrote %d times on a plain GET", n)
	}
	voorbeeld := a.orgID(seed.Voorbeeld)
	if _, err := d.Pool.Exec(context.Background(), `
		WITH i AS (
			INSERT INTO incidents (organisation_id, number, reporter_id, reporter_name, discovered_at, title, personal_data, department_id)
			SELECT $1, 1000 + n, u.id, u.name, now() - n * interval '1 hour', 'Extra incident ' || n, n % 2 = 0,
			       (SELECT id FROM departments WHERE organisation_id = $1 ORDER BY id LIMIT 1)
			FROM generate_series(1, 40) n, users u WHERE u.email = 'medewerker@voorbeeld.nl' RETURNING id
		)
		INSERT INTO incident_timeline (organisation_id, incident_id, at, author_name, kind, text)
		SELECT $1, i.id, now(), 'Test', 'notitie', 'Regel ' || k FROM i, generate_series(1, 3) k`, voorbeeld); err != nil {
		t.Fatal(err)
	}
	if again := measure(c, "/incidenten"); again != list {
		t.Errorf("the register takes %d and then %d queries", list, again)
	}
	if again := measure(m, "/incidenten/mijn"); again != mine {
		t.Errorf("the own reports take %d and then %d queries", mine, again)
	}
	// The incident page reads the incident, its timeline, links, actions,
	// attachments and retention, the Cbw track, the datalek track and, for a
	// handler, the choices of the forms: a fixed number of queries, whatever
	// the data (above).
	if list > 10 || show > 22 || form > 10 || mine > 8 {
		t.Errorf("register %d, page %d, form %d, own reports %d queries", list, show, form, mine)
	}
}

// TestIncidentDatalekDecision: the decision on notifying the AP stops the
// clock; not notifying needs a rationale; a late notification stays
// visible; an incident without personal data has no such decision.
func TestIncidentDatalekDecision(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	discovered := time.Now().Add(-80 * time.Hour)
	id := fileReport(t, a.loggedIn("medewerker@voorbeeld.nl"), "Gegevens van aanvragers zichtbaar voor andere aanvragers", "ja", discovered)
	path := "/incidenten/" + itoa(id)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	first := ciso.get(path)
	expectContains(t, first, "Er is nog niet besloten of het datalek bij de AP wordt gemeld.", `id="datalek-termijn"`, `action="/incidenten/`+itoa(id)+`/datalek"`)
	// Every form of the page carries the stored version.
	if n, forms := strings.Count(first.body, `name="version" value="1"`), strings.Count(first.body, `name="version"`); n != forms || n != 6 { // classification, status, datalek, reporter removal, Cbw, CSIRT
		t.Errorf("%d of %d version fields carry the stored version 1, want all 6", n, forms)
	}

	resp := ciso.post(path+"/datalek", url.Values{"decision": {"niet_melden"}, "ap_rationale": {" "}, "reference": {"mijn kenmerk"}, "version": {a.incidentVersion(id)}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Onderbouw waarom het datalek niet bij de AP wordt gemeld.", `value="mijn kenmerk"`)
	resp = ciso.post(path+"/datalek", url.Values{"decision": {"melden"}, "version": {a.incidentVersion(id)}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Vul in wanneer het datalek bij de AP is gemeld.")
	resp = ciso.post(path+"/datalek", url.Values{"decision": {"melden"}, "notified_at": {moment(discovered.Add(-time.Hour))}, "version": {a.incidentVersion(id)}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "ligt voor de ontdekking")
	stale := a.incidentVersion(id)
	notified := discovered.Add(75 * time.Hour)
	expectStatus(t, ciso.post(path+"/datalek", url.Values{"decision": {"melden"}, "notified_at": {moment(notified)}, "reference": {"AP-2026-0815"},
		"ap_rationale": {"Betrokkenen worden ook geïnformeerd."}, "version": {stale}}), http.StatusSeeOther)
	page := ciso.get(path)
	expectContains(t, page, "Te laat gemeld bij de AP", "AP-2026-0815", "Gemeld bij de AP op "+incident.InputValue(notified)[8:10])
	if strings.Contains(page.body, `id="datalek-termijn"`) {
		t.Error("the clock still runs after the notification")
	}
	expectContains(t, ciso.get("/incidenten?datalek=ja"), "Te laat gemeld bij de AP")
	if n := a.id(`SELECT count(*) FROM incident_timeline WHERE incident_id = $1 AND kind = 'besluit' AND text LIKE 'Gemeld bij de AP op %'`, id); n != 1 {
		t.Error("the notification is not on the timeline")
	}
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'incident' AND entity_id = $1 AND summary LIKE '%datalek: melden bij de ap'`, id); n != 1 {
		t.Error("no audit event for the decision")
	}
	resp = ciso.post(path+"/datalek", url.Values{"decision": {"niet_melden"}, "ap_rationale": {"x"}, "version": {stale}})
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "Iemand anders heeft dit intussen gewijzigd", `value="niet_melden" selected`)

	// Not a datalek: refused.
	other := fileReport(t, a.loggedIn("medewerker@voorbeeld.nl"), "Printer geeft vreemde meldingen", "nee", time.Now().Add(-time.Hour))
	resp = ciso.post("/incidenten/"+itoa(other)+"/datalek", url.Values{"decision": {"niet_melden"}, "ap_rationale": {"x"}, "version": {a.incidentVersion(other)}})
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "Dit incident is geen datalek.")
	// The FG reads the decision; the route refuses the FG to record it.
	fg := a.loggedIn("fg@voorbeeld.nl")
	expectContains(t, fg.get(path), "Te laat gemeld bij de AP")
	expectStatus(t, fg.post(path+"/datalek", url.Values{"decision": {"niet_melden"}, "ap_rationale": {"x"}, "version": {a.incidentVersion(id)}}), http.StatusForbidden)
}

// TestIncidentExport: the register as XLSX, following the filters and the
// reader's scope, without reporters' names for directie.
func TestIncidentExport(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	read := func(c *client, path string) [][]string {
		t.Helper()
		resp := c.get(path)
		expectStatus(t, resp, http.StatusOK)
		if ct := resp.Header.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
			t.Fatalf("content type %q", ct)
		}
		f, err := excelize.OpenReader(strings.NewReader(resp.body))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows("Incidenten")
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	expectContains(t, ciso.get("/incidenten?datalek=ja&page=2"), `href="/incidenten/export.xlsx?datalek=ja"`)
	rows := read(ciso, "/incidenten/export.xlsx?datalek=ja")
	if strings.Join(rows[0], "|") != strings.Join(incident.ExportColumns, "|") {
		t.Errorf("header %v", rows[0])
	}
	want := a.id(`SELECT count(*) FROM incidents WHERE organisation_id = $1 AND personal_data`, a.orgID(seed.Voorbeeld))
	if int64(len(rows)-1) != want || want < 2 {
		t.Errorf("%d datalekken exported, want %d", len(rows)-1, want)
	}
	all := read(ciso, "/incidenten/export.xlsx")
	var ransom []string
	for _, r := range all {
		if len(r) > 10 && r[10] == incRansom { // empty cells at the end are not read back
			ransom = r
		}
	}
	if ransom == nil || ransom[2] != "Malware" || ransom[3] != "Infectie" || ransom[4] != "Crimineel" || ransom[5] != "Hoog" ||
		ransom[6] != "B, I, V" || ransom[8] != "Nee" || ransom[9] != "Gesloten" {
		t.Errorf("the ransomware row: %v", ransom)
	}
	// Directie: the high-impact incidents only, without reporters.
	high := read(a.loggedIn("directie@voorbeeld.nl"), "/incidenten/export.xlsx")
	for _, r := range high[1:] {
		if r[5] != "Hoog" {
			t.Errorf("directie's export holds %v", r)
		}
		for _, cell := range r {
			if strings.Contains(cell, "Mila de Boer") || strings.Contains(cell, "Iris Vermeulen") {
				t.Errorf("directie's export names a reporter: %v", r)
			}
		}
	}
	if len(high) < 3 {
		t.Errorf("directie's export has %d rows", len(high))
	}
	expectStatus(t, a.loggedIn("medewerker@voorbeeld.nl").get("/incidenten/export.xlsx"), http.StatusForbidden)
	expectStatus(t, ciso.get("/incidenten/export.xlsx?status=onzin"), http.StatusBadRequest)
}

// TestIncidentRegisterSaysWhatTheReaderSees: a register limited by the
// reader's scope says so; the CISO's whole register does not.
func TestIncidentRegisterSaysWhatTheReaderSees(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	expectContains(t, a.loggedIn("directie@voorbeeld.nl").get("/incidenten"), `id="register-scope"`, "de incidenten met impact Hoog")
	expectContains(t, a.loggedIn("fg@voorbeeld.nl").get("/incidenten"), "alle datalekken")
	if page := a.loggedIn("ciso@voorbeeld.nl").get("/incidenten"); strings.Contains(page.body, `id="register-scope"`) {
		t.Error("the CISO's whole register says it is limited")
	}
}
