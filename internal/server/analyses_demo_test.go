package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/auth"
	"github.com/baken-nl/baken/internal/seed"
)

// demoResidualLevel is the residual level of a risk on the default 5×5
// matrix, in SQL: 1 laag, 2 midden, 3 hoog, 4 kritiek.
const demoResidualLevel = `CASE WHEN r.residual_likelihood * r.residual_impact <= 4 THEN 1
	WHEN r.residual_likelihood * r.residual_impact <= 9 THEN 2
	WHEN r.residual_likelihood * r.residual_impact <= 16 THEN 3 ELSE 4 END`

// TestDemoAnalyses: the demo data shows the risk analyses in every state —
// concept (incomplete, sent back), submitted, established and overdue —
// with residual risks on every level, every treatment, risks in the
// decision queue and accepted ones in the register, treatment actions in
// the plan, a BIA for every process, and pages that render for the CISO.
// Seeding again changes nothing.
func TestDemoAnalyses(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld, nabij := a.orgID(seed.Voorbeeld), a.orgID(seed.Nabij)
	count := func(sql string, args ...any) int64 { t.Helper(); return a.id(sql, args...) }

	for status, want := range map[string]int64{"concept": 3, "ingediend": 3, "vastgesteld": 3} {
		if n := count(`SELECT count(*) FROM risk_analyses WHERE organisation_id = $1 AND status = $2`, voorbeeld, status); n < want {
			t.Errorf("%d analyses %s, want at least %d", n, status, want)
		}
	}
	if n := count(`SELECT count(DISTINCT department_id) FROM risk_analyses WHERE organisation_id = $1`, voorbeeld); n < 5 {
		t.Errorf("analyses in %d afdelingen, want at least 5", n)
	}
	if n := count(`SELECT count(DISTINCT subject_kind) FROM risk_analyses WHERE organisation_id = $1`, voorbeeld); n != 5 {
		t.Errorf("%d subject kinds, want all 5", n)
	}
	if n := count(`SELECT count(*) FROM risk_analyses WHERE organisation_id = $1 AND status = 'concept' AND review_comment <> ''
		AND submitted_by IS NOT NULL`, voorbeeld); n < 1 {
		t.Error("no analysis sent back by the CISO")
	}
	if n := count(`SELECT count(*) FROM risk_analyses WHERE organisation_id = $1 AND status = 'vastgesteld' AND next_review < current_date`, voorbeeld); n < 1 {
		t.Error("no overdue analysis")
	}
	if n := count(`SELECT count(*) FROM risk_analyses WHERE organisation_id = $1 AND status = 'vastgesteld'
		AND (established_by IS NULL OR established_at IS NULL OR next_review IS NULL)`, voorbeeld); n != 0 {
		t.Errorf("%d established analyses without who, when or next review", n)
	}
	if n := count(`SELECT count(*) FROM risk_analyses a JOIN departments d ON d.id = a.department_id
		WHERE a.organisation_id = $1 AND a.status <> 'concept' AND a.submitted_by IS DISTINCT FROM d.manager_id`, voorbeeld); n != 0 {
		t.Errorf("%d submitted analyses not submitted by their afdeling's manager", n)
	}
	if n := count(`SELECT count(DISTINCT `+demoResidualLevel+`) FROM risks r WHERE r.organisation_id = $1 AND r.residual_likelihood IS NOT NULL`, voorbeeld); n != 4 {
		t.Errorf("residual risks on %d levels, want laag, midden, hoog and kritiek", n)
	}
	if n := count(`SELECT count(DISTINCT treatment) FROM risks WHERE organisation_id = $1`, voorbeeld); n != 4 {
		t.Errorf("%d treatments used, want all four", n)
	}
	if n := count(`SELECT count(*) FROM risks r JOIN risk_analyses a ON a.id = r.analysis_id
		WHERE r.organisation_id = $1 AND a.status = 'concept' AND (r.treatment IS NULL OR r.residual_likelihood IS NULL)`, voorbeeld); n < 2 {
		t.Errorf("%d incomplete risks in concepts, want some", n)
	}
	if n := count(`SELECT count(*) FROM risks WHERE organisation_id = $1 AND threat_code = '' AND analysis_id IN
		(SELECT id FROM risk_analyses WHERE title <> $2)`, voorbeeld, seed.DecisionDemoAnalysis); n != 0 {
		t.Errorf("%d demo risks without a threat of the catalogue", n)
	}
	if n := count(`SELECT count(*) FROM plan_action_links l JOIN plan_actions p ON p.id = l.action_id
		WHERE p.organisation_id = $1 AND l.target_kind = 'risk'`, voorbeeld); n < 2 {
		t.Errorf("%d treatment actions linked to risks, want at least 2", n)
	}
	if n := count(`SELECT count(*) FROM processes p WHERE NOT EXISTS
		(SELECT 1 FROM process_bias b WHERE b.organisation_id = p.organisation_id AND b.process_id = p.id)`); n != 0 {
		t.Errorf("%d demo processes without a BIA", n)
	}
	if n := count(`SELECT count(*) FROM risk_analyses WHERE organisation_id = $1`, nabij); n < 2 {
		t.Errorf("%d analyses in Nabij, want 2 or 3", n)
	}

	// The queue: new risks above the appetite wait; accepted ones do not.
	directie := a.loggedIn("directie@voorbeeld.nl")
	q := directie.get("/besluiten")
	expectStatus(t, q, http.StatusOK)
	expectContains(t, q, "Zaakdossiers raken bij de datamigratie onvolledig of beschadigd", "Telfouten bij de invoer van de uitslagen in OSV2020",
		"Langdurige uitval of faillissement van Centric")
	for _, accepted := range []string{"Uitkeringsfraude met valse of verzwegen gegevens", "Gestolen inloggegevens via een nagemaakte inlogpagina",
		"Identiteitsfraude aan de balie"} {
		if strings.Contains(q.body, accepted) {
			t.Errorf("accepted risk %q is in the queue", accepted)
		}
	}
	reg := directie.get("/risicos/geaccepteerd")
	expectStatus(t, reg, http.StatusOK)
	expectContains(t, reg, "Uitkeringsfraude met valse of verzwegen gegevens", "Consulenten bekijken uitkeringsdossiers zonder werkreden",
		"Sanne Bakker (manager Sociaal Domein)", "Dirk de Vries (gemeentesecretaris)")

	// Every demo analysis renders for the CISO, and the lists for the managers.
	ciso := a.loggedIn("ciso@voorbeeld.nl", seed.Voorbeeld)
	for _, id := range a.texts(`SELECT id::text FROM risk_analyses WHERE organisation_id = $1 ORDER BY id`, voorbeeld) {
		expectStatus(t, ciso.get("/risicoanalyses/"+id), http.StatusOK)
	}
	sentBack := a.id(`SELECT id FROM risk_analyses WHERE organisation_id = $1 AND title = 'Risicoanalyse Omgevingsvergunningen'`, voorbeeld)
	expectContains(t, a.loggedIn("manager.ruimte@voorbeeld.nl").get("/risicoanalyses/"+itoa(sentBack)), "Commentaar van de CISO", "Omgevingsloket")
	expectContains(t, ciso.get("/risicoanalyses?verlopen=1"), "Risicoanalyse iBurgerzaken (BRP)")
	expectContains(t, a.loggedIn("manager.ict@voorbeeld.nl").get("/risicoanalyses"), "Migratie naar nieuw zaaksysteem", "Thuiswerken")
	expectContains(t, a.loggedIn("manager@nabij.nl").get("/risicoanalyses"), "Klantcontact en telefonie")

	// Seeding again changes nothing.
	before := count(`SELECT (SELECT count(*) FROM risk_analyses) * 1000000 + (SELECT count(*) FROM risks) * 1000 + (SELECT count(*) FROM risk_decisions)`)
	if err := seed.Demo(context.Background(), a.db, auth.TestParams); err != nil {
		t.Fatal(err)
	}
	if after := count(`SELECT (SELECT count(*) FROM risk_analyses) * 1000000 + (SELECT count(*) FROM risks) * 1000 + (SELECT count(*) FROM risk_decisions)`); after != before {
		t.Errorf("seeding again: %d → %d", before, after)
	}
}
