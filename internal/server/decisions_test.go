package server_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/nl"
	"github.com/baken-nl/baken/internal/report"
	"github.com/baken-nl/baken/internal/seed"
)

const (
	decisionPhishing   = "Phishing leidt tot overname van het account van een baliemedewerker" // hoog, accepted, expired
	decisionRansomware = "Ransomware versleutelt de servers van het zaaksysteem"               // kritiek: college
	decisionPlanner    = "Uitval van de afsprakenplanner op drukke dagen"                      // midden: within the appetite
)

func (a *app) decisionRisk(threat string) int64 {
	return a.id(`SELECT id FROM risks WHERE organisation_id = $1 AND threat = $2`, a.orgID(seed.Voorbeeld), threat)
}

func decisionDay(days int) string {
	return nl.Date(time.Now()).AddDate(0, 0, days).Format("2006-01-02")
}

var decisionSeenRE = regexp.MustCompile(`name="seen" value="([^"]*)"`)

// decisionSeen is the fingerprint the risk's page gives c's decision form.
func decisionSeen(t *testing.T, c *client, riskID int64) string {
	t.Helper()
	m := decisionSeenRE.FindStringSubmatch(c.get("/besluiten/" + itoa(riskID)).body)
	if m == nil {
		t.Fatalf("risk %d: no decision form", riskID)
	}
	return html.UnescapeString(m[1])
}

func decisionForm(kind, outcome, rationale, until string) url.Values {
	return url.Values{"kind": {kind}, "outcome": {outcome}, "rationale": {rationale}, "valid_until": {until}}
}

// TestDecisionQueueJourney: the queue holds the risks above the appetite
// without a current acceptance, with the reason; the college accepts the
// critical one (valid-until required, not in the past), it leaves the queue
// and enters the register with a frozen snapshot; a material change and the
// expiry bring it back, computed on read.
func TestDecisionQueueJourney(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ransomware, phishing := a.decisionRisk(decisionRansomware), a.decisionRisk(decisionPhishing)
	directie, college := a.loggedIn("directie@voorbeeld.nl"), a.loggedIn("college@voorbeeld.nl")

	q := directie.get("/besluiten")
	expectStatus(t, q, http.StatusOK)
	expectContains(t, q, decisionRansomware, decisionPhishing, "nieuw", "acceptatie verlopen", "College van B&amp;W")
	if strings.Contains(q.body, decisionPlanner) {
		t.Error("the queue shows a risk within the appetite")
	}

	// Kritiek: the directie may not decide, the college does.
	page := directie.get("/besluiten/" + itoa(ransomware))
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, "alleen het college van B&amp;W besluit erover")
	if strings.Contains(page.body, `name="rationale"`) {
		t.Error("the directie gets the decision form for a critical risk")
	}
	resp := directie.post("/besluiten/"+itoa(ransomware), decisionForm("residual_risk", "accepted", "Aanvaard", decisionDay(30)))
	expectStatus(t, resp, http.StatusForbidden)
	expectContains(t, resp, "alleen het college van B&amp;W")

	// An acceptance needs a valid-until date, not in the past; input kept.
	resp = college.post("/besluiten/"+itoa(ransomware), decisionForm("residual_risk", "accepted", "Mijn onderbouwing van het besluit", ""))
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Vul in tot wanneer de acceptatie geldt", "Mijn onderbouwing van het besluit", `href="#f-valid-until"`)
	resp = college.post("/besluiten/"+itoa(ransomware), decisionForm("residual_risk", "accepted", "Onderbouwing", decisionDay(-1)))
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "ligt in het verleden")
	resp = college.post("/besluiten/"+itoa(ransomware), decisionForm("residual_risk", "accepted", "", decisionDay(30)))
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Vul de onderbouwing van het besluit in")
	// A rejection needs no date.
	form := decisionForm("treatment_plan", "rejected", "Plan te vaag", "")
	form.Set("seen", decisionSeen(t, college, phishing))
	expectStatus(t, college.post("/besluiten/"+itoa(phishing), form), http.StatusSeeOther)

	// The risk changed after the page was shown: 409, the input kept, the current state shown.
	form = decisionForm("residual_risk", "accepted", "Tijdelijk aanvaard tot de vervanging.", decisionDay(30))
	form.Set("seen", decisionSeen(t, college, ransomware))
	a.exec(`UPDATE risks SET treatment = 'vermijden' WHERE id = $1`, ransomware)
	resp = college.post("/besluiten/"+itoa(ransomware), form)
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "Het risico is gewijzigd sinds u de pagina opende", "Tijdelijk aanvaard tot de vervanging.")
	a.exec(`UPDATE risks SET treatment = 'verminderen' WHERE id = $1`, ransomware)
	resp = college.post("/besluiten/"+itoa(ransomware), form)
	expectStatus(t, resp, http.StatusSeeOther)
	if n := a.id(`SELECT count(*) FROM risk_decisions WHERE risk_id = $1 AND decided_by_body = 'college' AND residual_level = 4
		AND snapshot->>'dreiging' = $2 AND snapshot->>'restrisico' = 'Kritiek' AND jsonb_array_length(snapshot->'maatregelen') = 2
		AND fingerprint LIKE 'niveau=4;behandeling=verminderen;maatregelen=%'`, ransomware, decisionRansomware); n != 1 {
		t.Errorf("%d stored decisions with snapshot and fingerprint, want 1", n)
	}
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'risk_decision' AND summary LIKE 'Restrisico van risico%geaccepteerd door college%'`); n != 1 {
		t.Errorf("%d audit events for the decision, want 1", n)
	}
	q = directie.get("/besluiten")
	if strings.Contains(q.body, decisionRansomware) {
		t.Error("an accepted risk is still in the queue")
	}
	reg := directie.get("/risicos/geaccepteerd")
	expectStatus(t, reg, http.StatusOK)
	expectContains(t, reg, decisionRansomware, "Wethouder Anouk Jansen", decisionPhishing, "verlopen")

	// A material change (the treatment) brings it back; no write on GET.
	a.exec(`UPDATE risks SET treatment = 'overdragen' WHERE id = $1`, ransomware)
	before := a.id(`SELECT count(*) FROM risk_decisions`)
	q = directie.get("/besluiten")
	expectContains(t, q, decisionRansomware, "gewijzigd na besluit")
	a.exec(`UPDATE risks SET treatment = 'verminderen' WHERE id = $1`, ransomware)
	if strings.Contains(directie.get("/besluiten").body, decisionRansomware) {
		t.Error("the risk is back in the queue although it is as accepted again")
	}
	// Expiry: after the valid-until date it is back.
	a.advance(32 * 24 * time.Hour)
	q = a.loggedIn("directie@voorbeeld.nl").get("/besluiten")
	expectContains(t, q, decisionRansomware)
	if !strings.Contains(q.body, "acceptatie verlopen") {
		t.Error("no expiry reason")
	}
	if after := a.id(`SELECT count(*) FROM risk_decisions`); after != before {
		t.Errorf("GET wrote decisions: %d → %d", before, after)
	}
}

// TestDecisionSegregation: whoever submitted the analysis, or owns the risk,
// may not decide on it.
func TestDecisionSegregation(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	phishing := a.decisionRisk(decisionPhishing)
	directieID := a.id(`SELECT id FROM users WHERE email = 'directie@voorbeeld.nl'`)
	directie := a.loggedIn("directie@voorbeeld.nl")
	form := decisionForm("residual_risk", "accepted", "Aanvaard", decisionDay(30))

	a.exec(`UPDATE risk_analyses SET submitted_by = $1 WHERE id = (SELECT analysis_id FROM risks WHERE id = $2)`, directieID, phishing)
	resp := directie.post("/besluiten/"+itoa(phishing), form)
	expectStatus(t, resp, http.StatusForbidden)
	expectContains(t, resp, "U hebt deze risicoanalyse zelf ingediend")
	expectContains(t, directie.get("/besluiten/"+itoa(phishing)), "Scheiding van functies")

	a.exec(`UPDATE risk_analyses SET submitted_by = NULL WHERE id = (SELECT analysis_id FROM risks WHERE id = $1)`, phishing)
	a.exec(`UPDATE risks SET owner_id = $1 WHERE id = $2`, directieID, phishing)
	resp = directie.post("/besluiten/"+itoa(phishing), form)
	expectStatus(t, resp, http.StatusForbidden)
	expectContains(t, resp, "U bent zelf eigenaar van dit risico")

	a.exec(`UPDATE risks SET owner_id = NULL WHERE id = $1`, phishing)
	form.Set("seen", decisionSeen(t, directie, phishing))
	expectStatus(t, directie.post("/besluiten/"+itoa(phishing), form), http.StatusSeeOther)
	if n := a.id(`SELECT count(*) FROM risk_decisions WHERE risk_id = $1 AND decided_by = $2 AND rationale = 'Aanvaard'`, phishing, directieID); n != 1 {
		t.Errorf("%d decisions of the directie, want 1", n)
	}
	// The page says which decision holds now, and a new one is a revision.
	expectContains(t, directie.get("/besluiten/"+itoa(phishing)), `id="geldend-besluit"`, "Geaccepteerd</span> door Dirk de Vries", "Besluit herzien")
}

// TestDecisionWithinAppetite: the manager of the afdeling accepts a residual
// risk at or below the appetite; a forged POST above it is refused, and a
// manager of another afdeling is refused.
func TestDecisionWithinAppetite(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	planner, phishing := a.decisionRisk(decisionPlanner), a.decisionRisk(decisionPhishing)
	manager := a.loggedIn("manager.burgerzaken@voorbeeld.nl")

	page := manager.get("/besluiten/" + itoa(planner))
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, "binnen-bereidheid", "Restrisico accepteren")
	if strings.Contains(manager.get("/besluiten/"+itoa(phishing)).body, "binnen-bereidheid") {
		t.Error("the manager is offered to accept a risk above the appetite")
	}

	// Forged: above the appetite.
	resp := manager.post("/besluiten/"+itoa(phishing)+"/binnen-bereidheid", url.Values{"rationale": {"Zelf aanvaard"}, "valid_until": {decisionDay(30)}})
	expectStatus(t, resp, http.StatusForbidden)
	expectContains(t, resp, "ligt boven de risicobereidheid")
	// The directie's route is not the manager's.
	expectStatus(t, manager.post("/besluiten/"+itoa(phishing), decisionForm("residual_risk", "accepted", "x", decisionDay(30))), http.StatusForbidden)
	// Another afdeling's manager.
	resp = a.loggedIn("manager.sociaal@voorbeeld.nl").post("/besluiten/"+itoa(planner)+"/binnen-bereidheid", url.Values{"rationale": {"x"}, "valid_until": {decisionDay(30)}})
	expectStatus(t, resp, http.StatusForbidden)
	expectContains(t, resp, "Alleen de afdelingsmanager")

	resp = manager.post("/besluiten/"+itoa(planner)+"/binnen-bereidheid", url.Values{"rationale": {"Terugval via het KCC volstaat"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Vul in tot wanneer de acceptatie geldt", "Terugval via het KCC volstaat")
	resp = manager.post("/besluiten/"+itoa(planner)+"/binnen-bereidheid", url.Values{"rationale": {"Terugval via het KCC volstaat"},
		"valid_until": {decisionDay(90)}, "seen": {decisionSeen(t, manager, planner)}})
	expectStatus(t, resp, http.StatusSeeOther)
	reg := manager.get("/risicos/geaccepteerd")
	expectContains(t, reg, decisionPlanner, "Bram Visser (manager Burgerzaken) (Afdelingsmanager)")
}

// TestDecisionAppetite: the appetite page for who may view risks; the
// directie and college record a new appetite (validated, input kept,
// audited, history kept), which changes the queue at once.
func TestDecisionAppetite(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	auditor := a.loggedIn("auditor@voorbeeld.nl")
	page := auditor.get("/risicobereidheid")
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, "Midden", "Collegebesluit 2026/118", "College van B&amp;W")
	if strings.Contains(page.body, `name="decision_reference"`) {
		t.Error("the auditor gets the appetite form")
	}
	expectStatus(t, auditor.post("/risicobereidheid", url.Values{"max_level": {"3"}}), http.StatusForbidden)

	directie := a.loggedIn("directie@voorbeeld.nl")
	resp := directie.post("/risicobereidheid", url.Values{"max_level": {"3"}, "confidentiality_level": {"4"}, "decided_on": {decisionDay(1)},
		"decided_by_body": {"directie"}, "notes": {"Mijn toelichting"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Vul het kenmerk van het besluit in", "ligt in de toekomst", "niet hoger zijn dan de algemene", "Mijn toelichting")
	expectStatus(t, directie.post("/risicobereidheid", url.Values{"max_level": {"9"}}), http.StatusUnprocessableEntity)

	current := itoa(a.id(`SELECT max(id) FROM risk_appetites WHERE organisation_id = $1`, a.orgID(seed.Voorbeeld)))
	expectContains(t, directie.get("/risicobereidheid"), `name="current" value="`+current+`"`)
	form := url.Values{"max_level": {"3"}, "confidentiality_level": {"2"}, "decision_reference": {"DT-2026-44"},
		"decided_on": {decisionDay(0)}, "decided_by_body": {"directie"}, "current": {"0"}}
	// Started from no appetite while one was recorded meanwhile: 409, input kept.
	resp = directie.post("/risicobereidheid", form)
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "DT-2026-44")
	form.Set("current", current)
	resp = directie.post("/risicobereidheid", form)
	expectStatus(t, resp, http.StatusSeeOther)
	expectStatus(t, directie.post("/risicobereidheid", form), http.StatusConflict)
	page = directie.get("/risicobereidheid")
	expectContains(t, page, "DT-2026-44", "Hoog", "Collegebesluit 2026/118")
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'risk_appetite' AND summary LIKE 'Risicobereidheid vastgesteld: Hoog%'`); n != 1 {
		t.Errorf("%d audit events, want 1", n)
	}
	// Phishing (hoog, integrity and confidentiality) stays above: confidentiality is capped at midden.
	expectContains(t, directie.get("/besluiten"), decisionPhishing)
	a.exec(`UPDATE risks SET affects_confidentiality = false WHERE threat = $1`, decisionPhishing)
	if strings.Contains(directie.get("/besluiten").body, decisionPhishing) {
		t.Error("a risk within the new appetite is still in the queue")
	}
}

// TestDecisionIsolation: another organisation's risk, and a bad id, are not found.
func TestDecisionIsolation(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	nabij := a.orgID(seed.Nabij)
	analysis := a.id(`INSERT INTO risk_analyses (organisation_id, title, subject_kind, subject_name, department_id, status)
		SELECT $1, 'Nabij-analyse', 'theme', 'Thema', id, 'ingediend' FROM departments WHERE organisation_id = $1 ORDER BY id LIMIT 1 RETURNING id`, nabij)
	other := a.id(`INSERT INTO risks (organisation_id, analysis_id, threat, residual_likelihood, residual_impact)
		VALUES ($1, $2, 'Geheim risico van Nabij', 5, 5) RETURNING id`, nabij, analysis)
	college := a.loggedIn("college@voorbeeld.nl")
	expectStatus(t, college.get("/besluiten/"+itoa(other)), http.StatusNotFound)
	expectStatus(t, college.post("/besluiten/"+itoa(other), decisionForm("residual_risk", "accepted", "x", decisionDay(3))), http.StatusNotFound)
	expectStatus(t, a.loggedIn("manager.burgerzaken@voorbeeld.nl").post("/besluiten/"+itoa(other)+"/binnen-bereidheid", url.Values{}), http.StatusNotFound)
	expectStatus(t, college.get("/besluiten/abc"), http.StatusNotFound)
	expectStatus(t, college.get("/besluiten/99999999999999999999"), http.StatusNotFound)
	if strings.Contains(college.get("/besluiten").body, "Geheim risico") || strings.Contains(college.get("/risicos/geaccepteerd").body, "Geheim risico") {
		t.Error("another organisation's risk is listed")
	}
}

// TestDecisionQueueQueryCount: the queue costs the same number of queries
// however many risks wait, and three round trips to the database: the
// session, the principal and one batch (matrix, appetite, risks).
func TestDecisionQueueQueryCount(t *testing.T) {
	t.Parallel()
	d, counter := dbtest.NewCounted(t)
	a := newAppOn(t, d)
	c := a.loggedIn("directie@voorbeeld.nl")
	measure := func(path string) int64 {
		n, rt := counter.Count()+counter.Batched(), counter.RoundTrips()
		expectStatus(t, c.get(path), http.StatusOK)
		if trips := counter.RoundTrips() - rt; trips != 3 {
			t.Errorf("%s: %d round trips to the database, want 3", path, trips)
		}
		return counter.Count() + counter.Batched() - n
	}
	queue, register := measure("/besluiten"), measure("/risicos/geaccepteerd")
	a.exec(`INSERT INTO risks (organisation_id, analysis_id, threat, residual_likelihood, residual_impact)
		SELECT organisation_id, analysis_id, 'Extra ' || g, 5, 5 FROM risks, generate_series(1, 20) g WHERE threat = $1`, decisionPhishing)
	if got := measure("/besluiten"); got != queue {
		t.Errorf("queue: %d queries, then %d with 20 more risks", queue, got)
	}
	if got := measure("/risicos/geaccepteerd"); got != register {
		t.Errorf("register: %d queries, then %d with 20 more risks", register, got)
	}
}

// TestVVTExceptionsAnnex: a measure that does not apply by a risk analysis
// is in the VvT's annex with the analysis; the filter of the export applies.
func TestVVTExceptionsAnnex(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	submitted := a.id(`SELECT id FROM risk_analyses WHERE organisation_id = $1 AND title = $2`, voorbeeld, seed.DecisionDemoAnalysis)
	analysis := a.id(`SELECT id FROM risk_analyses WHERE organisation_id = $1 AND status = 'vastgesteld' ORDER BY id LIMIT 1`, voorbeeld)
	var title string
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT title FROM risk_analyses WHERE id = $1`, analysis).Scan(&title); err != nil {
		t.Fatal(err)
	}
	item := a.id(`SELECT s.item_id FROM control_statuses s JOIN catalogue_items i ON i.id = s.item_id
		WHERE s.organisation_id = $1 AND i.kind = 'measure' ORDER BY i.sort_key LIMIT 1`, voorbeeld)
	version := a.id(`SELECT version FROM control_statuses WHERE organisation_id = $1 AND item_id = $2`, voorbeeld, item)
	ciso := a.loggedIn("ciso@voorbeeld.nl", seed.Voorbeeld)
	form := url.Values{"status": {"niet_van_toepassing"}, "justification": {"Geen balie met eigen systemen"},
		"opzet": {"onbekend"}, "bestaan": {"onbekend"}, "werking": {"onbekend"}, "version": {itoa(version)}}
	// Without the analysis it is saved, with a warning: an overheidsmaatregel
	// is only left out through a risk analysis.
	resp := ciso.post("/bio/"+itoa(item), form)
	expectStatus(t, resp, http.StatusSeeOther)
	page := ciso.get("/bio/" + itoa(item))
	expectContains(t, page, "moet worden onderbouwd met een risicoanalyse", "zonder onderbouwende risicoanalyse")
	// Another organisation's analysis is refused with the field named.
	form.Set("version", itoa(version+1))
	nabij := a.orgID(seed.Nabij)
	a.exec(`INSERT INTO risk_analyses (organisation_id, title, subject_kind, subject_name, department_id)
		SELECT $1, 'Analyse van Nabij', 'theme', 'Thuiswerken', min(id) FROM departments WHERE organisation_id = $1`, nabij)
	form.Set("justifying_analysis_id", itoa(a.id(`SELECT id FROM risk_analyses WHERE organisation_id = $1 AND title = 'Analyse van Nabij'`, nabij)))
	resp = ciso.post("/bio/"+itoa(item), form)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies een risicoanalyse van deze organisatie.", "Geen balie met eigen systemen")
	// A submitted but not established analysis does not justify an exception.
	form.Set("justifying_analysis_id", itoa(submitted))
	resp = ciso.post("/bio/"+itoa(item), form)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies een vastgestelde risicoanalyse")
	form.Set("justifying_analysis_id", itoa(analysis))
	expectStatus(t, ciso.post("/bio/"+itoa(item), form), http.StatusSeeOther)
	page = ciso.get("/bio/" + itoa(item))
	expectContains(t, page, "onderbouwd met", `href="/risicoanalyses/`+itoa(analysis)+`"`, "Onderbouwende risicoanalyse")
	f := gapOpenWorkbook(t, gapDownload(t, ciso, "/bio/export/vvt.xlsx", report.ContentTypeXLSX, "vvt", "xlsx"))
	rows, err := f.GetRows(compliance.SheetVVTExceptions)
	if err != nil {
		t.Fatal(err)
	}
	// One row per justified item: the one set here, and those of the demo data.
	want := 1 + int(a.id(`SELECT count(*) FROM control_statuses WHERE organisation_id = $1 AND NOT applicable
		AND justifying_analysis_id IS NOT NULL AND item_id <> $2`, voorbeeld, item))
	if len(rows) != want+1 || !strings.Contains(strings.Join(rows[1], "|"), "Geen balie met eigen systemen|"+title+"|Vastgesteld") {
		t.Fatalf("annex rows (want %d): %q", want, rows)
	}
	// Filtered to applicable items only, the annex is empty.
	f = gapOpenWorkbook(t, gapDownload(t, ciso, "/bio/export/vvt.xlsx?toepassing=ja", report.ContentTypeXLSX, "vvt", "xlsx"))
	if rows, _ := f.GetRows(compliance.SheetVVTExceptions); len(rows) != 1 {
		t.Errorf("filtered annex: %q", rows)
	}
}

// TestDecisionRightsPerRole: who sees the decision form, who may only read,
// and who may not see decisions at all.
func TestDecisionRightsPerRole(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	phishing := a.decisionRisk(decisionPhishing)
	for email, wantForm := range map[string]bool{"directie@voorbeeld.nl": true, "college@voorbeeld.nl": true,
		"ciso@voorbeeld.nl": false, "fg@voorbeeld.nl": false, "auditor@voorbeeld.nl": false, "manager.burgerzaken@voorbeeld.nl": false} {
		page := a.loggedIn(email).get("/besluiten/" + itoa(phishing))
		expectStatus(t, page, http.StatusOK)
		if got := strings.Contains(page.body, `name="kind"`); got != wantForm {
			t.Errorf("%s: decision form shown = %v, want %v", email, got, wantForm)
		}
	}
	for _, email := range []string{"medewerker@voorbeeld.nl", "beheerder@voorbeeld.nl"} {
		c := a.loggedIn(email)
		for _, path := range []string{"/besluiten", "/besluiten/" + itoa(phishing), "/risicobereidheid", "/risicos/geaccepteerd"} {
			expectStatus(t, c.get(path), http.StatusForbidden)
		}
	}
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	expectStatus(t, ciso.post("/besluiten/"+itoa(phishing), decisionForm("residual_risk", "accepted", "x", decisionDay(3))), http.StatusForbidden)
	expectStatus(t, ciso.post("/risicobereidheid", url.Values{"max_level": {"4"}}), http.StatusForbidden)
}

// TestAnalysisPageShowsTheDecision: the page of a risk analysis says what
// the bestuur decided on its risks above the appetite (an acceptance with
// its end, a rejection), and a rejected risk waits in the queue as
// rejected, not as new.
func TestAnalysisPageShowsTheDecision(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ransomware, phishing := a.decisionRisk(decisionRansomware), a.decisionRisk(decisionPhishing)
	college := a.loggedIn("college@voorbeeld.nl")
	form := decisionForm("residual_risk", "accepted", "Tijdelijk aanvaard tot de vervanging.", decisionDay(30))
	form.Set("seen", decisionSeen(t, college, ransomware))
	expectStatus(t, college.post("/besluiten/"+itoa(ransomware), form), http.StatusSeeOther)
	form = decisionForm("residual_risk", "rejected", "Dit restrisico is te hoog.", "")
	form.Set("seen", decisionSeen(t, college, phishing))
	expectStatus(t, college.post("/besluiten/"+itoa(phishing), form), http.StatusSeeOther)

	ciso := a.loggedIn("ciso@voorbeeld.nl")
	analysisOf := func(risk int64) string {
		return "/risicoanalyses/" + itoa(a.id(`SELECT analysis_id FROM risks WHERE id = $1`, risk))
	}
	until := time.Now().AddDate(0, 0, 30).Format("02-01-2006")
	pg := ciso.get(analysisOf(ransomware))
	expectContains(t, pg, "Geaccepteerd door het college van B&amp;W tot "+until)
	expectContains(t, ciso.get(analysisOf(phishing)), "Afgewezen door het college van B&amp;W op", "behandel het risico opnieuw")
	expectContains(t, a.loggedIn("directie@voorbeeld.nl").get("/besluiten"), "restrisico afgewezen")
}
