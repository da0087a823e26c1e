package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/seed"
)

// factsVersion is the stored version of a datalek's facts ("0": none).
func (a *app) factsVersion(id int64) string {
	return itoa(a.id(`SELECT coalesce((SELECT version FROM incident_datalek_facts WHERE incident_id = $1), 0)`, id))
}

// TestDatalekFacts: the handler fills in the facts the AP asks for; Dutch
// messages with the input kept on a mistake, 409 with the stored facts when
// someone saved in between, an audit event, and the draft shows them.
func TestDatalekFacts(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := fileReport(t, a.loggedIn("medewerker@voorbeeld.nl"), "Bewonersbrieven met BSN in de verkeerde enveloppen", "ja", time.Now().Add(-5*time.Hour))
	path := "/incidenten/" + itoa(id)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	page := ciso.get(path)
	expectContains(t, page, "Gegevens voor de AP-melding", `href="`+path+`/ap-gegevens"`, `href="`+path+`/ap-concept"`, "Nog niet ingevuld")
	form := ciso.get(path + "/ap-gegevens")
	expectStatus(t, form, http.StatusOK)
	expectContains(t, form, "Aard van de inbreuk", "Bijzondere persoonsgegevens", "Worden de betrokkenen geïnformeerd?",
		"Zijn er betrokkenen in andere landen van de EU?", `name="version" value="0"`)

	bad := url.Values{"persons_min": {"ongeveer dertig"}, "persons_max": {"12"}, "subjects_informed": {"ja"},
		"measures_taken": {"Enveloppen teruggehaald"}, "version": {"0"}}
	resp := ciso.post(path+"/ap-gegevens", bad)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies de aard van de inbreuk", "Het minimale aantal betrokkenen: vul een geheel getal in",
		"Vul in wanneer de betrokkenen zijn geïnformeerd.", "Beschrijf hoe de betrokkenen zijn geïnformeerd", `value="ongeveer dertig"`,
		"Enveloppen teruggehaald", `href="#f-nature"`)
	resp = ciso.post(path+"/ap-gegevens", url.Values{"nature": {"lezen"}, "persons_min": {"20"}, "persons_max": {"10"}, "version": {"0"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Het maximale aantal betrokkenen is kleiner dan het minimale.")
	resp = ciso.post(path+"/ap-gegevens", url.Values{"nature": {"lezen", "hacken"}, "version": {"0"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies de aard van de inbreuk uit de lijst.")
	tomorrow := time.Now().AddDate(0, 0, 2).Format("2006-01-02")
	resp = ciso.post(path+"/ap-gegevens", url.Values{"nature": {"lezen"}, "subjects_informed": {"ja"}, "informed_on": {tomorrow},
		"subjects_how": {"brief"}, "version": {"0"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "ligt in de toekomst")
	if n := a.id(`SELECT count(*) FROM incident_datalek_facts WHERE incident_id = $1`, id); n != 0 {
		t.Fatal("refused facts were stored")
	}

	good := url.Values{"nature": {"lezen"}, "person_groups": {"inwoners", "anders"}, "person_groups_other": {"mede-bewoners"},
		"persons_min": {"30"}, "persons_max": {"1.200"}, "records": {"30"}, "data_categories": {"naw", "bsn"},
		"special_categories": {"gezondheid"}, "consequences": {"identiteitsfraude"}, "consequences_text": {"Misbruik van het BSN."},
		"measures_taken": {"Enveloppen teruggehaald bij de buren."}, "measures_planned": {"Vier-ogencontrole bij het kuvertéren."},
		"encrypted": {"nee"}, "subjects_informed": {"nee"}, "subjects_not_reason": {"Nog in onderzoek."}, "cross_border": {"nee"}, "version": {"0"}}
	resp = ciso.post(path+"/ap-gegevens", good)
	expectStatus(t, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != path+"#datalek-feiten" {
		t.Errorf("redirect to %q", loc)
	}
	expectContains(t, ciso.get(path), "De gegevens voor de AP-melding zijn opgeslagen.", "Burgerservicenummer (BSN)", "Gezondheid", "Nee, en dat gebeurt ook niet")
	if n := a.id(`SELECT count(*) FROM incident_datalek_facts WHERE incident_id = $1 AND persons_max = 1200 AND version = 1
		AND special_categories = '{gezondheid}' AND updated_by_name <> ''`, id); n != 1 {
		t.Error("the facts are not stored")
	}
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'incident' AND entity_id = $1 AND summary LIKE '%gegevens voor de AP-melding bijgewerkt'
		AND after::text LIKE '%Burgerservicenummer%'`, id); n != 1 {
		t.Error("no audit event for the facts")
	}

	// Someone else saved meanwhile: 409, the input kept, the stored facts shown, the stored version in the form.
	good.Set("measures_taken", "Mijn versie van de maatregelen")
	resp = ciso.post(path+"/ap-gegevens", good) // version 0, stored is 1
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "Iemand anders heeft dit intussen gewijzigd", "Mijn versie van de maatregelen", `name="version" value="1"`, "Versie: 1")
	good.Set("version", "1")
	expectStatus(t, ciso.post(path+"/ap-gegevens", good), http.StatusSeeOther)
	if v := a.factsVersion(id); v != "2" {
		t.Errorf("version %s after the second save", v)
	}

	// The draft holds the facts in the AP form's sections.
	draft := ciso.get(path + "/ap-concept")
	expectStatus(t, draft, http.StatusOK)
	expectContains(t, draft, "Concept AP-melding", "Gemeente Voorbeeld", "Bewonersbrieven met BSN in de verkeerde enveloppen",
		"Lezen (inzage door onbevoegden)", "Inwoners; anders: mede-bewoners", "minimaal 30, maximaal 1.200", "Burgerservicenummer (BSN)",
		"Gezondheid", "Misbruik van het BSN.", "Mijn versie van de maatregelen", "Vier-ogencontrole bij het kuvertéren.",
		"Nog in onderzoek.", "Betrokkenen in andere EU-landen", `id="ap-concept-tekst"`, `data-copy="ap-concept-tekst"`,
		"1. Algemene gegevens", "9. Internationale aspecten")
	if !strings.Contains(draft.body, "data-copy-wrap hidden") {
		t.Error("the copy button is not hidden for browsers without JavaScript")
	}
	// The FG reads the draft; a medewerker does not; an incident without personal data has none.
	expectStatus(t, a.loggedIn("fg@voorbeeld.nl").get(path+"/ap-concept"), http.StatusOK)
	expectStatus(t, a.loggedIn("medewerker@voorbeeld.nl").get(path+"/ap-concept"), http.StatusForbidden)
	expectStatus(t, a.loggedIn("fg@voorbeeld.nl").get(path+"/ap-gegevens"), http.StatusForbidden)
	other := fileReport(t, a.loggedIn("medewerker@voorbeeld.nl"), "Printer in de hal haperde", "nee", time.Now().Add(-time.Hour))
	expectStatus(t, ciso.get("/incidenten/"+itoa(other)+"/ap-concept"), http.StatusNotFound)
	resp = ciso.post("/incidenten/"+itoa(other)+"/ap-gegevens", url.Values{"nature": {"lezen"}, "version": {"0"}})
	expectStatus(t, resp, http.StatusNotFound)
	// Another gemeente's datalek is not found.
	nabij := a.id(`SELECT id FROM incidents WHERE organisation_id = $1 ORDER BY id LIMIT 1`, a.orgID(seed.Nabij))
	expectStatus(t, ciso.get("/incidenten/"+itoa(nabij)+"/ap-concept"), http.StatusNotFound)
}

// TestDatalekFollowUps: aanvullende meldingen follow a notification, are
// dated and listed on the incident and in the draft.
func TestDatalekFollowUps(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	discovered := time.Now().Add(-30 * time.Hour)
	id := fileReport(t, a.loggedIn("medewerker@voorbeeld.nl"), "Inkomensgegevens in een openbare map", "ja", discovered)
	path := "/incidenten/" + itoa(id)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	today := time.Now().Format("2006-01-02")
	resp := ciso.post(path+"/aanvullende-meldingen", url.Values{"sent_on": {today}, "followup_text": {"Aantal bijgesteld"}})
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "Leg eerst vast dat het datalek is gemeld.")
	expectStatus(t, ciso.post(path+"/datalek", url.Values{"decision": {"melden"}, "notified_at": {moment(discovered.Add(20 * time.Hour))},
		"reference": {"AP-77"}, "version": {a.incidentVersion(id)}}), http.StatusSeeOther)
	expectContains(t, ciso.get(path), `action="`+path+`/aanvullende-meldingen"`)
	resp = ciso.post(path+"/aanvullende-meldingen", url.Values{"sent_on": {"volgende week"}, "followup_text": {" "}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Verstuurd op: vul een geldige datum in", "Beschrijf wat u aan de AP heeft aangevuld", `value="volgende week"`)
	resp = ciso.post(path+"/aanvullende-meldingen", url.Values{"sent_on": {discovered.AddDate(0, 0, -3).Format("2006-01-02")}, "followup_text": {"Te vroeg"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "ligt voor de melding bij de AP")
	resp = ciso.post(path+"/aanvullende-meldingen", url.Values{"sent_on": {today}, "followup_text": {"Definitief aantal betrokkenen: 212."}})
	expectStatus(t, resp, http.StatusSeeOther)
	page := ciso.get(path)
	expectContains(t, page, "De aanvullende melding aan de AP is vastgelegd.", "Definitief aantal betrokkenen: 212.", time.Now().Format("02-01-2006"))
	if n := a.id(`SELECT count(*) FROM incident_timeline WHERE incident_id = $1 AND text LIKE 'Aanvullende melding aan de AP%212.'`, id); n != 1 {
		t.Error("the follow-up is not on the timeline")
	}
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'incident' AND entity_id = $1 AND summary LIKE '%aanvullende melding%'`, id); n != 1 {
		t.Error("no audit event for the follow-up")
	}
	expectContains(t, ciso.get(path+"/ap-concept"), "Meldnummer van de AP", "AP-77", "Definitief aantal betrokkenen: 212.")
	// The FG reads them but does not add them.
	fg := a.loggedIn("fg@voorbeeld.nl")
	expectContains(t, fg.get(path), "Definitief aantal betrokkenen: 212.")
	expectStatus(t, fg.post(path+"/aanvullende-meldingen", url.Values{"sent_on": {today}, "followup_text": {"x"}}), http.StatusForbidden)
}

// TestDatalekFGAdvice: only the FG records advice on a datalek; it is shown
// on the incident, on the timeline and in the audit trail; every other role
// is refused.
func TestDatalekFGAdvice(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := a.incidentID(seed.Voorbeeld, incUSB)
	path := "/incidenten/" + itoa(id)
	fg := a.loggedIn("fg@voorbeeld.nl")
	page := fg.get(path)
	expectContains(t, page, `action="`+path+`/fg-advies"`, "De FG heeft nog geen advies vastgelegd.", "Gegevens voor de AP-melding", "Verlies")
	if strings.Contains(page.body, `href="`+path+`/ap-gegevens"`) {
		t.Error("the FG is offered the handler's form of the facts")
	}
	if strings.Contains(a.loggedIn("ciso@voorbeeld.nl").get(path).body, `action="`+path+`/fg-advies"`) {
		t.Error("the CISO is offered the FG's advice form")
	}
	resp := fg.post(path+"/fg-advies", url.Values{"advised_on": {"31-02-2026"}, "advice": {"  "}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Datum van het advies: vul een geldige datum in", "Vul het advies van de FG in.", `value="31-02-2026"`)
	resp = fg.post(path+"/fg-advies", url.Values{"advised_on": {time.Now().AddDate(0, 0, 3).Format("2006-01-02")}, "advice": {"Later advies"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "ligt in de toekomst", "Later advies")
	today := time.Now().Format("2006-01-02")
	expectStatus(t, fg.post(path+"/fg-advies", url.Values{"advised_on": {today}, "advice": {"Melden bij de AP en de ouders per brief informeren."}}), http.StatusSeeOther)
	expectContains(t, a.loggedIn("dspo@voorbeeld.nl").get(path), "Melden bij de AP en de ouders per brief informeren.", "Fatima El Amrani (FG)")
	if n := a.id(`SELECT count(*) FROM incident_datalek_notes f JOIN users u ON u.id = f.author_id
		WHERE f.incident_id = $1 AND f.kind = 'fg_advies' AND u.email = 'fg@voorbeeld.nl' AND f.noted_on = current_date`, id); n != 1 {
		t.Error("the advice is not stored as the FG's")
	}
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'incident' AND entity_id = $1 AND summary LIKE '%advies van de FG vastgelegd'`, id); n != 1 {
		t.Error("no audit event for the advice")
	}
	if n := a.id(`SELECT count(*) FROM incident_timeline WHERE incident_id = $1 AND text LIKE 'Advies van de FG%'`, id); n != 1 {
		t.Error("the advice is not on the timeline")
	}
	// Every other role is refused, whatever it may see of the incident.
	for role, email := range roleUsers {
		if role == "fg" {
			continue
		}
		resp := a.loggedIn(email).post(path+"/fg-advies", url.Values{"advised_on": {today}, "advice": {"Niet van de FG"}})
		expectStatus(t, resp, http.StatusForbidden)
	}
	if n := a.id(`SELECT count(*) FROM incident_datalek_notes WHERE text = 'Niet van de FG'`); n != 0 {
		t.Error("another role's advice was stored")
	}
	// Not a datalek: no advice.
	other := a.incidentID(seed.Voorbeeld, incScan)
	resp = fg.post("/incidenten/"+itoa(other)+"/fg-advies", url.Values{"advised_on": {today}, "advice": {"x"}})
	expectStatus(t, resp, http.StatusNotFound)
}
