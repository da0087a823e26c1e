package server_test

// Server tests of the defects of issue 7 (BIO, second pass): dates typed as
// dd-mm-jjjj, https-only evidence links (in evidence_test.go), a status that
// contradicts "niet van toepassing", and the warning for an implemented
// control whose audit answers are all "Nee".

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/seed"
)

func TestControlDatesTypedDutch(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	burgerzaken := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Burgerzaken'`, voorbeeld)
	id, version := a.controlOf("Burgerzaken")
	ciso := a.loggedIn("ciso@voorbeeld.nl")

	// Typed as the message asks: accepted and stored as that date.
	form := controlForm(version, burgerzaken, "in_uitvoering", "Datums getypt")
	form.Set("last_review", "1-10-2026")
	form.Set("next_review", "31-12-2026")
	expectStatus(t, ciso.post("/bio/"+itoa(id), form), http.StatusSeeOther)
	var last, next time.Time
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT last_review, next_review FROM control_statuses WHERE organisation_id = $1 AND item_id = $2`,
		voorbeeld, id).Scan(&last, &next); err != nil {
		t.Fatal(err)
	}
	if last.Format("2006-01-02") != "2026-10-01" || next.Format("2006-01-02") != "2026-12-31" {
		t.Errorf("stored %s and %s, want 2026-10-01 and 2026-12-31", last.Format("2006-01-02"), next.Format("2006-01-02"))
	}
	// The page shows them in the date inputs, as yyyy-mm-dd.
	expectContains(t, ciso.get("/bio/"+itoa(id)), `value="2026-10-01"`, `value="2026-12-31"`)

	// Two wrong dates: 422, each message names its field, the typed values stay.
	form = controlForm(version+1, burgerzaken, "in_uitvoering", "Mijn notitie")
	form.Set("last_review", "31-13-2026")
	form.Set("next_review", "volgende week")
	resp := ciso.post("/bio/"+itoa(id), form)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp,
		"Laatste beoordeling: vul een geldige datum in als dd-mm-jjjj, bijvoorbeeld 31-12-2026.",
		"Volgende beoordeling: vul een geldige datum in als dd-mm-jjjj, bijvoorbeeld 31-12-2026.",
		`href="#f-last-review"`, `href="#f-next-review"`,
		// a date input would drop these values: they come back in a text input
		`type="text" id="f-last-review" name="last_review" value="31-13-2026"`,
		`type="text" id="f-next-review" name="next_review" value="volgende week"`,
		"Mijn notitie")
	if strings.Count(resp.body, "vul een geldige datum in") != 4 { // summary and field, twice
		t.Errorf("want each date message twice (summary and field), got %d", strings.Count(resp.body, "vul een geldige datum in"))
	}
	// One right, one wrong: the right one is kept in its date input.
	form.Set("last_review", "1-10-2026")
	resp = ciso.post("/bio/"+itoa(id), form)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, `type="date" id="f-last-review" name="last_review" value="2026-10-01"`)
}

func TestPlanDueDateTypedDutch(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	ict := itoa(a.department(seed.Voorbeeld, "Informatievoorziening en ICT"))
	resp := ciso.post("/plan", actionForm("Actie met getypte deadline", "owner_department_id", ict, "due_date", "31-12-2026"))
	expectStatus(t, resp, http.StatusSeeOther)
	if n := a.id(`SELECT count(*) FROM plan_actions WHERE title = 'Actie met getypte deadline' AND due_date = '2026-12-31'`); n != 1 {
		t.Errorf("actions with the typed deadline: %d, want 1", n)
	}
	resp = ciso.post("/plan", actionForm("Actie met foute deadline", "owner_department_id", ict, "due_date", "31-02-2026"))
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Deadline: vul een geldige datum in als dd-mm-jjjj", `value="31-02-2026"`, `value="Actie met foute deadline"`)
}

func TestAuditTrailFilterDatesTypedDutch(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	resp := ciso.get("/audittrail?van=1-1-2020&tot=31-12-2099")
	expectStatus(t, resp, http.StatusOK)
	expectContains(t, resp, `value="2020-01-01"`, `value="2099-12-31"`)
	resp = ciso.get("/audittrail?van=gisteren")
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Vanaf: vul een geldige datum in", `value="gisteren"`)
}

func TestNotApplicableRefusesImplemented(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	burgerzaken := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Burgerzaken'`, voorbeeld)
	id, version := a.controlOf("Burgerzaken")
	ciso := a.loggedIn("ciso@voorbeeld.nl")

	form := controlForm(version, burgerzaken, "geimplementeerd", "x")
	form.Del("applicable")
	form.Set("justification", "Wij hebben geen eigen datacenter.")
	resp := ciso.post("/bio/"+itoa(id), form)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Een maatregel die niet van toepassing is, kan niet ‘Geïmplementeerd’ zijn.", `href="#f-status"`,
		"Wij hebben geen eigen datacenter.")
	if v := a.id(`SELECT version FROM control_statuses WHERE item_id = $1 AND organisation_id = $2`, id, voorbeeld); v != version {
		t.Fatalf("the refused change was stored (version %d → %d)", version, v)
	}

	// With the status "niet van toepassing" it is saved as such.
	form.Set("status", "niet_van_toepassing")
	expectStatus(t, ciso.post("/bio/"+itoa(id), form), http.StatusSeeOther)
	var status string
	var applicable bool
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT status, applicable FROM control_statuses WHERE item_id = $1 AND organisation_id = $2`, id, voorbeeld).
		Scan(&status, &applicable); err != nil {
		t.Fatal(err)
	}
	if status != "niet_van_toepassing" || applicable {
		t.Errorf("stored status %q applicable %v, want niet_van_toepassing and false", status, applicable)
	}
}

func TestImplementedWithAllNoWarns(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	burgerzaken := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Burgerzaken'`, voorbeeld)
	id, version := a.controlOf("Burgerzaken")
	manager := a.loggedIn("manager.burgerzaken@voorbeeld.nl")

	form := controlForm(version, burgerzaken, "geimplementeerd", "Alles af")
	for _, f := range []string{"opzet", "bestaan", "werking"} {
		form.Set(f, "nee")
	}
	form.Set("maturity", "5")
	expectStatus(t, manager.post("/bio/"+itoa(id), form), http.StatusSeeOther)
	page := manager.get("/bio/" + itoa(id))
	// The flash is a warning and says why; the page keeps saying it.
	expectContains(t, page, `flash--warning`, "Opgeslagen: ", "De status is ‘Geïmplementeerd’, maar opzet, bestaan en werking zijn alle drie ‘Nee’.",
		`id="status-warnings"`, "Volwassenheidsniveau 5 – Continu verbeterend past niet bij ‘Nee’")
	// The CISO sees it too when reviewing.
	expectContains(t, a.loggedIn("ciso@voorbeeld.nl").get("/bio/"+itoa(id)), `id="status-warnings"`, "alle drie ‘Nee’")

	// Consistent answers: no warning.
	form = controlForm(version+1, burgerzaken, "geimplementeerd", "Alles af")
	expectStatus(t, manager.post("/bio/"+itoa(id), form), http.StatusSeeOther)
	page = manager.get("/bio/" + itoa(id))
	expectContains(t, page, "flash--success", "Opgeslagen: ")
	if strings.Contains(page.body, `id="status-warnings"`) {
		t.Error("a consistent status shows the warning")
	}
}
