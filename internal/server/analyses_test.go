package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/seed"
)

// location is the redirect target of a 303.
func location(t testing.TB, r response) string {
	t.Helper()
	expectStatus(t, r, http.StatusSeeOther)
	return r.Header.Get("Location")
}

// TestAnalysisGuidedFlow: the manager of Burgerzaken starts an analysis
// from a process (with its BIA), adds a risk from the threat catalogue,
// records its treatment with a new plan action, submits; the CISO sends it
// back with a comment, the manager resubmits and the CISO establishes it,
// which sets the next review date from the highest residual level.
func TestAnalysisGuidedFlow(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	proc := a.processID("Aanvraag reisdocumenten")
	m := a.loggedIn("manager.burgerzaken@voorbeeld.nl")

	start := m.get("/risicoanalyses/nieuw?onderwerp=process:" + itoa(proc))
	expectStatus(t, start, http.StatusOK)
	expectContains(t, start, "Risicoanalyse Aanvraag reisdocumenten", "BIA van het proces", `aria-current="step"`, "Stap 1")

	// Bad input: 422, the typed title kept, fields named.
	bad := url.Values{"title": {"Mijn analyse van de balie"}, "subject": {"process:999999"}, "analysis_date": {"31-13-2026"}}
	resp := m.post("/risicoanalyses", bad)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Mijn analyse van de balie", "Kies een proces van deze organisatie.", "Datum van de analyse")

	// A manager may not put an analysis in another afdeling.
	other := a.processID("Bijstandsverlening")
	resp = m.post("/risicoanalyses", url.Values{"title": {"Niet van mij"}, "subject": {"process:" + itoa(other)}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "uw eigen afdeling")

	resp = m.post("/risicoanalyses", url.Values{"title": {"Risicoanalyse reisdocumenten 2026"}, "subject": {"process:" + itoa(proc)},
		"analysis_date": {"01-12-2026"}, "helpers": {itoa(a.id(`SELECT id FROM users WHERE email = 'dspo@voorbeeld.nl'`))}})
	next := location(t, resp)
	if !strings.HasSuffix(next, "/risicos/nieuw") {
		t.Fatalf("after step 1 to %q", next)
	}
	id := a.id(`SELECT id FROM risk_analyses WHERE title = 'Risicoanalyse reisdocumenten 2026'`)
	base := "/risicoanalyses/" + itoa(id)
	expectContains(t, m.get(next), "Stap 2", "D01 Phishing en gestolen inloggegevens", "Toelichting bij de dreigingen")

	// Step 2: a risk without aspects is refused, the input kept.
	resp = m.post(base+"/risicos", url.Values{"threat_code": {"D01"}, "description": {"Accounts van de balie"}, "likelihood": {"4"}, "impact": {"4"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies welke aspecten", "Accounts van de balie")
	resp = m.post(base+"/risicos", url.Values{"threat_code": {"D01"}, "description": {"Accounts van de balie"}, "affects": {"i", "v"},
		"likelihood": {"4"}, "impact": {"4"}})
	treat := location(t, resp)
	riskID := a.id(`SELECT id FROM risks WHERE analysis_id = $1`, id)
	if treat != base+"/risicos/"+itoa(riskID)+"/behandeling" {
		t.Fatalf("after step 2 to %q", treat)
	}
	page := m.get(treat)
	expectContains(t, page, "Stap 3", "Phishing en gestolen inloggegevens", "Bestaande maatregelen uit de BIO", "Hoog")

	// Not complete yet: submitting is refused with what is missing.
	show := m.get(base)
	expectContains(t, show, "Voordat u de analyse kunt indienen", "vul nog in: behandeling, restrisico")
	resp = m.post(base+"/indienen", url.Values{"version": {"1"}})
	expectStatus(t, resp, http.StatusSeeOther)
	if st := a.id(`SELECT count(*) FROM risk_analyses WHERE id = $1 AND status = 'concept'`, id); st != 1 {
		t.Fatal("incomplete analysis was submitted")
	}

	// Step 3: a residual risk above the inherent one is refused.
	control := a.id(`SELECT ci.id FROM catalogue_items ci JOIN organisations o ON o.active_framework_id = ci.framework_id
		WHERE o.id = $1 AND ci.number = '5.15'`, a.orgID(seed.Voorbeeld))
	due := time.Now().AddDate(0, 4, 0) // a deadline ahead, whenever the test runs
	tf := url.Values{"version": {"1"}, "treatment": {"verminderen"}, "treatment_description": {"Tweefactorauthenticatie"},
		"estimated_cost": {"12.500"}, "residual_likelihood": {"5"}, "residual_impact": {"5"}, "control_ids": {itoa(control)},
		"action_title": {"2FA invoeren aan de balie"}, "action_due": {due.Format("02-01-2006")}}
	resp = m.post(treat, tf)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "kan niet hoger zijn", "2FA invoeren aan de balie", "Tweefactorauthenticatie")
	tf.Set("residual_likelihood", "2")
	tf.Set("residual_impact", "4")
	tf.Set("action_due", "01-01-2001")
	resp = m.post(treat, tf)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "De deadline van de behandelactie ligt in het verleden.")
	tf.Set("action_due", due.Format("02-01-2006"))
	expectStatus(t, m.post(treat, tf), http.StatusSeeOther)
	if n := a.id(`SELECT count(*) FROM plan_action_links l JOIN plan_actions p ON p.id = l.action_id
		WHERE l.target_kind = 'risk' AND l.target_id = $1 AND p.title = '2FA invoeren aan de balie' AND p.due_date = $2`, riskID, due.Format("2006-01-02")); n != 1 {
		t.Errorf("%d treatment actions in the plan", n)
	}
	// The same version again: someone else saved in between.
	expectStatus(t, m.post(treat, tf), http.StatusConflict)

	show = m.get(base)
	// Residual 2×4 is midden, at the demo appetite (midden): the manager accepts it, no besluit of the bestuur.
	expectContains(t, show, "De analyse is compleet", "Actie: 2FA invoeren aan de balie", "5.15", "€ 12.500,00")
	if strings.Contains(show.body, "boven de risicobereidheid: besluit") {
		t.Error("a risk at the appetite is marked for a decision of the bestuur")
	}
	version := itoa(a.id(`SELECT version FROM risk_analyses WHERE id = $1`, id))
	expectStatus(t, m.post(base+"/indienen", url.Values{"version": {version}}), http.StatusSeeOther)
	if n := a.id(`SELECT count(*) FROM risk_analyses WHERE id = $1 AND status = 'ingediend' AND submitted_by IS NOT NULL`, id); n != 1 {
		t.Fatal("not submitted")
	}
	// Submitted: no more edits by the manager.
	expectStatus(t, m.get(treat), http.StatusForbidden)

	// The manager cannot review; the CISO sends back without comment: 422.
	version = itoa(a.id(`SELECT version FROM risk_analyses WHERE id = $1`, id))
	expectStatus(t, m.post(base+"/vaststellen", url.Values{"version": {version}}), http.StatusForbidden)
	c := a.loggedIn("ciso@voorbeeld.nl", seed.Voorbeeld)
	expectContains(t, c.get(base), "Beoordelen", "Terugzetten naar concept")
	resp = c.post(base+"/terugzetten", url.Values{"version": {version}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Schrijf wat er moet veranderen")
	expectStatus(t, c.post(base+"/terugzetten", url.Values{"version": {version}, "comment": {"Neem ook uitval van de PNIK mee."}}), http.StatusSeeOther)
	expectContains(t, m.get(base), "Commentaar van de CISO", "Neem ook uitval van de PNIK mee.")

	version = itoa(a.id(`SELECT version FROM risk_analyses WHERE id = $1`, id))
	expectStatus(t, m.post(base+"/indienen", url.Values{"version": {version}}), http.StatusSeeOther)
	version = itoa(a.id(`SELECT version FROM risk_analyses WHERE id = $1`, id))
	expectStatus(t, c.post(base+"/vaststellen", url.Values{"version": {version}}), http.StatusSeeOther)
	// Residual 2×4 is midden on the default matrix: a 24-month cycle.
	if n := a.id(`SELECT count(*) FROM risk_analyses WHERE id = $1 AND status = 'vastgesteld'
		AND next_review = (established_at AT TIME ZONE 'Europe/Amsterdam')::date + interval '24 months'`, id); n != 1 {
		t.Error("established without the review date of its level")
	}
	expectContains(t, m.get("/risicoanalyses?status=vastgesteld"), "Risicoanalyse reisdocumenten 2026")
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'risk_analysis' AND entity_id = $1`, id); n < 5 {
		t.Errorf("%d audit events of the analysis", n)
	}
}

// TestAnalysisRights: who may create, edit and review analyses, per role
// and afdeling, and another organisation's analysis is not found.
func TestAnalysisRights(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	proc := a.processID("Bijstandsverlening")
	s := a.loggedIn("manager.sociaal@voorbeeld.nl")
	expectStatus(t, s.post("/risicoanalyses", url.Values{"title": {"Bijstand 2026"}, "subject": {"process:" + itoa(proc)}}), http.StatusSeeOther)
	id := a.id(`SELECT id FROM risk_analyses WHERE title = 'Bijstand 2026'`)
	base := "/risicoanalyses/" + itoa(id)

	// The process page offers the analysis to who may start one, and lists
	// it; who may not see risks does not see it there.
	procPage := s.get("/processen/" + itoa(proc))
	expectContains(t, procPage, "Risicoanalyse starten", "Bijstand 2026", "Risicoanalyse (concept)")
	if page := a.loggedIn("beheerder@voorbeeld.nl").get("/processen/" + itoa(proc)); strings.Contains(page.body, "Bijstand 2026") {
		t.Error("the beheerder sees the analysis on the process page")
	}
	if page := a.loggedIn("manager.burgerzaken@voorbeeld.nl").get("/processen/" + itoa(proc)); strings.Contains(page.body, "Risicoanalyse starten") {
		t.Error("another afdeling's manager is offered an analysis of this process")
	}

	// The trail of an analysis is for who may see risks: not for the beheerder.
	event := a.id(`SELECT id FROM audit_events WHERE entity = 'risk_analysis' AND entity_id = $1`, id)
	expectContains(t, a.loggedIn("ciso@voorbeeld.nl", seed.Voorbeeld).get("/audittrail?q=Bijstand+2026"), "Risicoanalyse Bijstand 2026 aangemaakt")
	beheerder := a.loggedIn("beheerder@voorbeeld.nl")
	if page := beheerder.get("/audittrail?q=Bijstand+2026"); strings.Contains(page.body, "Risicoanalyse Bijstand 2026") {
		t.Error("the beheerder reads the trail of a risk analysis")
	}
	expectStatus(t, beheerder.get("/audittrail/"+itoa(event)), http.StatusNotFound)

	// Another afdeling's manager reads but may not edit, even by a forged POST.
	b := a.loggedIn("manager.burgerzaken@voorbeeld.nl")
	expectStatus(t, b.get(base), http.StatusOK)
	expectStatus(t, b.get(base+"/bewerken"), http.StatusForbidden)
	expectStatus(t, b.post(base+"/risicos", url.Values{"threat": {"Iets"}, "affects": {"b"}}), http.StatusForbidden)
	// The DSPO of the afdeling may.
	d := a.loggedIn("dspo@voorbeeld.nl")
	expectStatus(t, d.post(base+"/risicos", url.Values{"threat": {"Uitval Suwinet"}, "affects": {"b"}}), http.StatusSeeOther)
	// Deleting needs the version shown: a stale one keeps the risk.
	suwinet := a.id(`SELECT id FROM risks WHERE analysis_id = $1 AND threat = 'Uitval Suwinet'`, id)
	expectStatus(t, d.post(base+"/risicos/"+itoa(suwinet)+"/verwijderen", url.Values{"version": {"7"}}), http.StatusSeeOther)
	if n := a.id(`SELECT count(*) FROM risks WHERE id = $1`, suwinet); n != 1 {
		t.Fatal("a stale delete removed the risk")
	}
	expectContains(t, d.get(base), "is niet verwijderd", "data-confirm")
	expectStatus(t, d.post(base+"/risicos/"+itoa(suwinet)+"/verwijderen", url.Values{"version": {"1"}}), http.StatusSeeOther)
	if n := a.id(`SELECT count(*) FROM risks WHERE id = $1`, suwinet); n != 0 {
		t.Fatal("the risk was not deleted")
	}
	expectStatus(t, d.post(base+"/risicos", url.Values{"threat": {"Uitval Suwinet"}, "affects": {"b"}}), http.StatusSeeOther)
	// Read-only roles and the medewerker.
	for _, email := range []string{"directie@voorbeeld.nl", "auditor@voorbeeld.nl"} {
		c := a.loggedIn(email)
		expectStatus(t, c.get(base), http.StatusOK)
		expectStatus(t, c.get("/risicoanalyses/nieuw"), http.StatusForbidden)
		expectStatus(t, c.post(base+"/indienen", url.Values{"version": {"1"}}), http.StatusForbidden)
	}
	expectStatus(t, a.loggedIn("medewerker@voorbeeld.nl").get("/risicoanalyses"), http.StatusForbidden)
	// Nabij cannot see Voorbeeld's analysis.
	n := a.loggedIn("manager@nabij.nl")
	expectStatus(t, n.get(base), http.StatusNotFound)
	expectStatus(t, n.post(base+"/risicos", url.Values{"threat": {"x"}, "affects": {"b"}}), http.StatusNotFound)
	// A demo analysis with a risk above the appetite says who decides on it.
	migration := a.id(`SELECT id FROM risk_analyses WHERE title LIKE 'Migratie%' OR subject_name LIKE 'Migratie%' ORDER BY id LIMIT 1`)
	expectContains(t, s.get("/risicoanalyses/"+itoa(migration)), "boven de risicobereidheid: besluit door het college van B&amp;W")
	// A malformed filter is a 400, not an empty list.
	expectStatus(t, s.get("/risicoanalyses?status=onzin"), http.StatusBadRequest)
}

// TestRiskMatrixSettings: the CISO changes a level's name and review cycle
// and a cell; a falling cell is refused with the input kept; a stale
// version is a conflict; others may read but not change the matrix.
func TestRiskMatrixSettings(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("ciso@voorbeeld.nl", seed.Voorbeeld)
	page := c.get("/risicos/matrix")
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, "Risicomatrix opslaan", `name="cell_5_5"`, "standaardmatrix")
	form := url.Values{"version": {"0"}}
	names := []string{"Laag", "Midden", "Hoog", "Kritiek"}
	colours := []string{"#2e7d32", "#f9a825", "#ef6c00", "#c62828"}
	for l := range 4 {
		form.Set("level_name_"+itoa(int64(l+1)), names[l])
		form.Set("level_colour_"+itoa(int64(l+1)), colours[l])
		form.Set("level_review_"+itoa(int64(l+1)), "12")
	}
	for k := 1; k <= 5; k++ {
		form.Set("likelihood_"+itoa(int64(k)), "Kans "+itoa(int64(k)))
		form.Set("impact_"+itoa(int64(k)), "Impact "+itoa(int64(k)))
		for i := 1; i <= 5; i++ {
			lvl := min(4, (k*i+4)/5)
			form.Set("cell_"+itoa(int64(k))+"_"+itoa(int64(i)), itoa(int64(lvl)))
		}
	}
	form.Set("level_name_3", "Ernstig")
	form.Set("cell_5_2", "1") // below cell_4_2 (2): a higher kans may not give a lower level
	resp := c.post("/risicos/matrix", form)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Een hogere kans of impact mag geen lager risiconiveau geven.", `value="Ernstig"`)
	form.Set("cell_5_2", "2")
	expectStatus(t, c.post("/risicos/matrix", form), http.StatusSeeOther)
	expectContains(t, c.get("/risicos/matrix"), "De risicomatrix is opgeslagen", `value="Ernstig"`)
	expectContains(t, a.loggedIn("manager.burgerzaken@voorbeeld.nl").get("/risicos?niveau=3"), "Ernstig")
	expectStatus(t, c.post("/risicos/matrix", form), http.StatusConflict)
	// Read-only for the others; refused for a forged POST.
	d := a.loggedIn("directie@voorbeeld.nl")
	expectContains(t, d.get("/risicos/matrix"), "herziening na 12 maanden")
	expectStatus(t, d.post("/risicos/matrix", form), http.StatusForbidden)
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'risk_matrix'`); n != 1 {
		t.Errorf("%d matrix events", n)
	}
}

// BenchmarkRiskAnalyses measures the list of risk analyses as the auditor
// sees it (every analysis of the organisation).
func BenchmarkRiskAnalyses(b *testing.B) {
	a := newApp(b)
	auditor := a.loggedIn("auditor@voorbeeld.nl")
	for b.Loop() {
		if r := auditor.get("/risicoanalyses"); r.StatusCode != http.StatusOK {
			b.Fatalf("status %d", r.StatusCode)
		}
	}
}

// TestRiskAnalysisListQueryCount: the list of analyses costs the same
// number of queries whatever the number of analyses, and four round trips
// to the database: the session, the principal, one batch of the matrix, the
// page and the afdelingen, and one of the subjects' names (one query per
// kind of subject shown); without processes, applications or suppliers on
// the page, no second batch.
func TestRiskAnalysisListQueryCount(t *testing.T) {
	t.Parallel()
	d, counter := dbtest.NewCounted(t)
	a := newAppOn(t, d)
	c := a.loggedIn("auditor@voorbeeld.nl")
	measure := func(path string, trips int64) int64 {
		t.Helper()
		n, rt := counter.Count()+counter.Batched(), counter.RoundTrips()
		expectStatus(t, c.get(path), http.StatusOK)
		if got := counter.RoundTrips() - rt; got != trips {
			t.Errorf("%s: %d round trips to the database, want %d", path, got, trips)
		}
		return counter.Count() + counter.Batched() - n
	}
	few := measure("/risicoanalyses", 4)
	named := measure("/risicoanalyses?onderwerp=theme", 3)
	voorbeeld := a.orgID(seed.Voorbeeld)
	// 30 more analyses, of every kind of subject, that sort before the demo's
	// (no next review yet): the first page shows the three kinds of items.
	a.exec(`INSERT INTO risk_analyses (organisation_id, title, subject_kind, subject_id, subject_name, department_id)
		SELECT $1, 'Extra analyse ' || g, k.kind, CASE k.kind
		         WHEN 'process' THEN (SELECT min(id) FROM processes WHERE organisation_id = $1)
		         WHEN 'application' THEN (SELECT min(id) FROM applications WHERE organisation_id = $1)
		         WHEN 'supplier' THEN (SELECT min(id) FROM suppliers WHERE organisation_id = $1) END,
		       CASE WHEN k.kind IN ('project', 'theme') THEN 'Onderwerp ' || g ELSE '' END,
		       (SELECT min(id) FROM departments WHERE organisation_id = $1)
		FROM generate_series(1, 6) g, (VALUES ('process'), ('application'), ('supplier'), ('project'), ('theme')) k(kind)`, voorbeeld)
	if many := measure("/risicoanalyses", 4); many != few {
		t.Errorf("the list takes %d queries, with 30 more analyses %d", few, many)
	}
	if many := measure("/risicoanalyses?onderwerp=theme", 3); many != named {
		t.Errorf("the list of themes takes %d queries, with 6 more %d", named, many)
	}
	// Session and principal, the first batch (BEGIN, scope, matrix, page,
	// afdelingen, COMMIT), the second (BEGIN, scope, three kinds, COMMIT).
	if few != 14 {
		t.Errorf("the list takes %d queries, want 14", few)
	}
}
