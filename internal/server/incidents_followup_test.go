package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/risk"
	"github.com/baken-nl/baken/internal/seed"
)

const incPhishing = "Phishingmail met een nagemaakte DigiD-inlogpagina" // Voorbeeld, informatieverzameling/phishing, gesloten

// evaluated brings a fresh incident to geëvalueerd, ready to close.
func evaluated(t *testing.T, a *app, c *client, title string) (int64, string) {
	t.Helper()
	id := fileReport(t, a.loggedIn("medewerker@voorbeeld.nl"), title, "nee", time.Now().Add(-3*time.Hour))
	path := "/incidenten/" + itoa(id)
	expectStatus(t, c.post(path+"/status", url.Values{"to": {"in_behandeling"}, "version": {a.incidentVersion(id)}}), http.StatusSeeOther)
	expectStatus(t, c.post(path, url.Values{"category": {"informatieverzameling:phishing"}, "cause": {"crimineel"}, "impact": {"laag"},
		"version": {a.incidentVersion(id)}}), http.StatusSeeOther)
	expectStatus(t, c.post(path+"/status", url.Values{"to": {"opgelost"}, "version": {a.incidentVersion(id)}}), http.StatusSeeOther)
	expectStatus(t, c.post(path+"/status", url.Values{"to": {"geevalueerd"}, "version": {a.incidentVersion(id)},
		"evaluation": {"Oorzaak: phishing. Les: vaker oefenen."}}), http.StatusSeeOther)
	return id, path
}

// TestIncidentActionAndClosingRule: an improvement action is created in the
// plan, linked to the incident, with a timeline entry and an audit event;
// closing is refused without one and allowed with one.
func TestIncidentActionAndClosingRule(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	id, path := evaluated(t, a, ciso, "Nepmail over een openstaande factuur")

	page := ciso.get(path)
	expectContains(t, page, "Verbeteracties", "Nog geen verbeteracties", "Verbeteractie toevoegen", `action="`+path+`/acties"`)

	// Closing without an action: refused with the rule, status unchanged.
	resp := ciso.post(path+"/status", url.Values{"to": {"gesloten"}, "version": {a.incidentVersion(id)}})
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "Een incident gaat pas dicht als er minstens één verbeteractie in het informatiebeveiligingsplan aan gekoppeld is")
	if a.incidentStatus(id) != incident.StatusEvaluated {
		t.Fatal("closed without an improvement action")
	}

	// Bad input: 422, the input kept, nothing created.
	resp = ciso.post(path+"/acties", url.Values{"title": {"  "}, "due_date": {"morgen"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Vul de titel in.", "Deadline", `value="morgen"`)
	resp = ciso.post(path+"/acties", url.Values{"title": {"Phishingoefening"}, "owner_department_id": {"999999999"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies een afdeling van deze organisatie.", `value="Phishingoefening"`)
	if n := a.id(`SELECT count(*) FROM plan_action_links WHERE target_kind = 'incident' AND target_id = $1`, id); n != 0 {
		t.Fatalf("%d actions after bad input", n)
	}

	// Wrong roles: 403; another organisation's incident: 404.
	expectStatus(t, a.loggedIn("medewerker@voorbeeld.nl").post(path+"/acties", url.Values{"title": {"x"}}), http.StatusForbidden)
	expectStatus(t, a.loggedIn("auditor@voorbeeld.nl").post(path+"/acties", url.Values{"title": {"x"}}), http.StatusForbidden)
	nabij := "/incidenten/" + itoa(a.incidentID(seed.Nabij, incNabijKCC))
	expectStatus(t, ciso.post(nabij+"/acties", url.Values{"title": {"x"}}), http.StatusNotFound)
	expectStatus(t, ciso.post("/incidenten/abc/acties", url.Values{"title": {"x"}}), http.StatusNotFound)

	// The action: in the plan, linked to the incident, owned by the handler and the afdeling.
	dept := a.departmentID("Burgerzaken")
	resp = ciso.post(path+"/acties", url.Values{"title": {"Phishingoefening voor alle medewerkers"}, "due_date": {"2027-03-31"},
		"owner_department_id": {itoa(dept)}})
	expectStatus(t, resp, http.StatusSeeOther)
	actionID := a.id(`SELECT action_id FROM plan_action_links WHERE target_kind = 'incident' AND target_id = $1`, id)
	carla := a.id(`SELECT id FROM users WHERE email = 'ciso@voorbeeld.nl'`)
	if n := a.id(`SELECT count(*) FROM plan_actions WHERE id = $1 AND title = 'Phishingoefening voor alle medewerkers'
		AND due_date = '2027-03-31' AND owner_user_id = $2 AND owner_department_id = $3 AND status = 'gepland'`, actionID, carla, dept); n != 1 {
		t.Error("the plan action is not as entered")
	}
	if n := a.id(`SELECT count(*) FROM incident_timeline WHERE incident_id = $1 AND text LIKE 'Verbeteractie toegevoegd%Phishingoefening%'`, id); n != 1 {
		t.Error("no timeline entry for the action")
	}
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'incident' AND entity_id = $1 AND summary LIKE '%verbeteractie%'`, id); n != 1 {
		t.Error("no audit event on the incident for the action")
	}
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'action' AND entity_id = $1`, actionID); n != 1 {
		t.Error("no audit event on the plan action")
	}
	page = ciso.get(path)
	expectContains(t, page, `href="/plan/`+itoa(actionID)+`"`, "Phishingoefening voor alle medewerkers")
	plan := ciso.get("/plan/" + itoa(actionID))
	expectStatus(t, plan, http.StatusOK)
	expectContains(t, plan, `href="`+path+`"`)

	// With an action the incident closes; then no more actions.
	expectStatus(t, ciso.post(path+"/status", url.Values{"to": {"gesloten"}, "version": {a.incidentVersion(id)}}), http.StatusSeeOther)
	if a.incidentStatus(id) != incident.StatusClosed {
		t.Fatal("not closed with an action")
	}
	expectStatus(t, ciso.post(path+"/acties", url.Values{"title": {"Nog een"}}), http.StatusConflict)
	if strings.Contains(ciso.get(path).body, "Verbeteractie toevoegen") {
		t.Error("a closed incident offers the action form")
	}
}

// TestIncidentFlagsRisks: a phishing incident flags the D01 risks on its
// page, and the risk's page lists the incident; the medewerker sees neither.
func TestIncidentFlagsRisks(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	id := a.incidentID(seed.Voorbeeld, incPhishing)
	riskID := a.id(`SELECT id FROM risks WHERE organisation_id = $1 AND threat_code = 'D01' ORDER BY id LIMIT 1`, voorbeeld)
	other := a.id(`SELECT id FROM risks WHERE organisation_id = $1 AND threat_code <> '' AND threat_code <> ALL($2) ORDER BY id LIMIT 1`,
		voorbeeld, risk.ThreatCodesFor(risk.CatGathering))
	ciso := a.loggedIn("ciso@voorbeeld.nl")

	page := ciso.get("/incidenten/" + itoa(id))
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, "Risico's die dit incident raakt", `href="/besluiten/`+itoa(riskID)+`"`,
		"Meldknop voor phishing in Outlook onder de aandacht brengen") // the demo incident's improvement action
	if strings.Contains(page.body, `href="/besluiten/`+itoa(other)+`"`) {
		t.Error("a risk of another threat is flagged")
	}
	// A malware incident does not flag the D01 risk.
	if strings.Contains(ciso.get("/incidenten/"+itoa(a.incidentID(seed.Voorbeeld, incRansom))).body, `href="/besluiten/`+itoa(riskID)+`"`) {
		t.Error("a ransomware incident flags a phishing risk")
	}

	// The medewerker: no incident page, and their own report shows no risks.
	med := a.loggedIn("medewerker@voorbeeld.nl")
	expectStatus(t, med.get("/incidenten/"+itoa(id)), http.StatusForbidden)
	own := med.get("/incidenten/mijn/" + itoa(id))
	expectStatus(t, own, http.StatusOK)
	if strings.Contains(own.body, "die dit incident raakt") || strings.Contains(own.body, "/besluiten/") {
		t.Error("the medewerker sees the flagged risks")
	}

	// The risk's page lists the recent incidents of its threat.
	dec := ciso.get("/besluiten/" + itoa(riskID))
	expectStatus(t, dec, http.StatusOK)
	expectContains(t, dec, "Recente incidenten met deze dreiging", `href="/incidenten/`+itoa(id)+`"`, incPhishing)
	if strings.Contains(dec.body, incRansom) {
		t.Error("the risk page lists an incident of another threat")
	}
	// Older than twelve months: not listed.
	if _, err := a.db.Pool.Exec(t.Context(), `UPDATE incidents SET discovered_at = now() - interval '13 months' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(ciso.get("/besluiten/"+itoa(riskID)).body, incPhishing) {
		t.Error("an incident of thirteen months ago is listed as recent")
	}
}

// TestIncidentPageQueryCountIsFixed: the page costs the same number of
// queries with no actions and with three.
func TestIncidentPageQueryCountIsFixed(t *testing.T) {
	t.Parallel()
	d, counter := dbtest.NewCounted(t)
	a := newAppOn(t, d)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	id := fileReport(t, a.loggedIn("medewerker@voorbeeld.nl"), "Verdachte bijlage in een mail van een leverancier", "nee", time.Now().Add(-time.Hour))
	path := "/incidenten/" + itoa(id)
	expectStatus(t, ciso.post(path, url.Values{"category": {"informatieverzameling:phishing"}, "cause": {"crimineel"}, "impact": {"laag"},
		"version": {a.incidentVersion(id)}}), http.StatusSeeOther)
	measure := func() int64 {
		before := counter.Count()
		expectStatus(t, ciso.get(path), http.StatusOK)
		return counter.Count() - before
	}
	none := measure()
	for _, title := range []string{"Mailfilter aanscherpen", "Phishingoefening", "Meldknop in Outlook"} {
		expectStatus(t, ciso.post(path+"/acties", url.Values{"title": {title}}), http.StatusSeeOther)
	}
	three := measure()
	if none != three {
		t.Errorf("the incident page takes %d queries without actions and %d with three", none, three)
	}
	if none > 25 {
		t.Errorf("the incident page takes %d queries", none)
	}
}

// TestDatalekClosesOnlyAfterTheAPDecision: a datalek with its evaluation and
// improvement action still does not close before it is decided whether it is
// reported to the AP (the datalekregister needs that decision, and a closed
// incident takes none any more); after the decision it closes, and the
// 72-hour clock is gone from the closed incident.
func TestDatalekClosesOnlyAfterTheAPDecision(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	id := fileReport(t, a.loggedIn("medewerker@voorbeeld.nl"), "Brief met BSN naar verkeerd adres", "ja", time.Now().Add(-3*time.Hour))
	path := "/incidenten/" + itoa(id)
	expectStatus(t, ciso.post(path+"/status", url.Values{"to": {"in_behandeling"}, "version": {a.incidentVersion(id)}}), http.StatusSeeOther)
	expectStatus(t, ciso.post(path, url.Values{"category": {"informatieverzameling:phishing"}, "cause": {"crimineel"}, "impact": {"laag"}, "aspects": {"V"}, "personal_data": {"1"},
		"version": {a.incidentVersion(id)}}), http.StatusSeeOther)
	expectStatus(t, ciso.post(path+"/status", url.Values{"to": {"opgelost"}, "version": {a.incidentVersion(id)}}), http.StatusSeeOther)
	expectStatus(t, ciso.post(path+"/status", url.Values{"to": {"geevalueerd"}, "version": {a.incidentVersion(id)},
		"evaluation": {"Oorzaak: adresbestand niet bijgewerkt."}}), http.StatusSeeOther)
	expectStatus(t, ciso.post(path+"/acties", url.Values{"title": {"Adresbestand maandelijks controleren"}}), http.StatusSeeOther)

	resp := ciso.post(path+"/status", url.Values{"to": {"gesloten"}, "version": {a.incidentVersion(id)}})
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "Een datalek gaat pas dicht als is vastgelegd of het bij de Autoriteit Persoonsgegevens is gemeld")
	if a.incidentStatus(id) != incident.StatusEvaluated {
		t.Fatal("a datalek closed without the AP decision")
	}

	expectStatus(t, ciso.post(path+"/datalek", url.Values{"decision": {incident.APNoNotify},
		"ap_rationale": {"Eén brief, direct teruggehaald; geen risico voor de betrokkene."}, "version": {a.incidentVersion(id)}}), http.StatusSeeOther)
	expectStatus(t, ciso.post(path+"/status", url.Values{"to": {"gesloten"}, "version": {a.incidentVersion(id)}}), http.StatusSeeOther)
	if a.incidentStatus(id) != incident.StatusClosed {
		t.Fatal("the decided datalek did not close")
	}
	if page := ciso.get(path); strings.Contains(page.body, "Melden bij de Autoriteit Persoonsgegevens: ") {
		t.Error("the closed datalek still shows the 72-hour clock")
	}
}
