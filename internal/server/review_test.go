package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/seed"
)

// section cuts the part of a page from the element with id up to the end
// of its section, so assertions look at the review diff only.
func section(t *testing.T, r response, id string) string {
	t.Helper()
	i := strings.Index(r.body, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	end := strings.Index(r.body[i:], "</section>")
	if end < 0 {
		t.Fatalf("section %s not closed", id)
	}
	return trim(r.body[i : i+end])
}

// knownState puts a control of Burgerzaken in a state the test knows, reviewed yesterday.
func (a *app) knownState(id, dept int64) {
	a.exec(`UPDATE control_statuses SET applicable = true, justification = '', owner_department_id = $2, status = 'niet_gestart',
		opzet = 'ja', bestaan = 'ja', werking = 'deels', maturity = 2, notes = 'Eerste versie', last_review = '2026-10-01', next_review = '2027-10-01',
		needs_review = false, reviewed_by = (SELECT id FROM users WHERE email = 'ciso@voorbeeld.nl'), reviewed_at = now() - interval '1 day'
		WHERE item_id = $1`, id, dept)
}

func TestReviewShowsWhatChangedSinceTheLastReview(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	burgerzaken := a.department(seed.Voorbeeld, "Burgerzaken")
	id, version := a.controlOf("Burgerzaken")
	a.knownState(id, burgerzaken)

	ciso := a.loggedIn("ciso@voorbeeld.nl")
	if got := section(t, ciso.get("/bio/"+itoa(id)), "wijzigingen"); got != "" {
		t.Fatalf("a reviewed control shows changes: %s", got)
	}

	manager := a.loggedIn("manager.burgerzaken@voorbeeld.nl")
	form := controlForm(version, burgerzaken, "geimplementeerd", "Eerste versie")
	resp := manager.post("/bio/"+itoa(id), form)
	expectStatus(t, resp, http.StatusSeeOther)
	expectContains(t, manager.get("/bio/"+itoa(id)), "Opgeslagen: status Geïmplementeerd, volwassenheid 3.")

	// A second change before the review: the diff compares with the reviewed state.
	form.Set("version", itoa(version+1))
	form.Set("notes", "Procedure vastgesteld door het MT")
	expectStatus(t, manager.post("/bio/"+itoa(id), form), http.StatusSeeOther)
	expectContains(t, manager.get("/bio/"+itoa(id)), "Opgeslagen: toelichting.")

	page := ciso.get("/bio/" + itoa(id))
	diff := section(t, page, "wijzigingen")
	for _, want := range []string{
		"<strong>Status</strong>: Niet gestart", "wordt</span> Geïmplementeerd",
		"<strong>Volwassenheid</strong>: 2 – Herhaalbaar", "3 – Gedefinieerd",
		"<strong>Toelichting</strong>: Eerste versie", "Procedure vastgesteld door het MT",
	} {
		if !strings.Contains(diff, want) {
			t.Errorf("review diff lacks %q:\n%s", want, diff)
		}
	}
	for _, code := range []string{"geimplementeerd", "niet_gestart", "Eigenaar", "Opzet"} {
		if strings.Contains(diff, code) {
			t.Errorf("review diff shows %q:\n%s", code, diff)
		}
	}
	expectContains(t, page, "Status, Volwassenheid gewijzigd door Bram Visser (manager Burgerzaken)", "Toelichting gewijzigd door Bram Visser")

	// Saving the same again changes nothing and writes nothing.
	form.Set("version", itoa(version+2))
	expectStatus(t, manager.post("/bio/"+itoa(id), form), http.StatusSeeOther)
	expectContains(t, manager.get("/bio/"+itoa(id)), "Geen wijzigingen.")
	if n := a.id(`SELECT count(*) FROM audit_events WHERE organisation_id = $1 AND entity = 'control' AND entity_id = $2`, voorbeeld, id); n != 2 {
		t.Errorf("audit events: %d, want 2 (an unchanged save records nothing)", n)
	}

	// After the review the diff is gone.
	expectStatus(t, ciso.post("/bio/"+itoa(id)+"/beoordelen", url.Values{"version": {itoa(version + 2)}}), http.StatusSeeOther)
	page = ciso.get("/bio/" + itoa(id))
	if got := section(t, page, "wijzigingen"); got != "" {
		t.Errorf("the diff stays after the review: %s", got)
	}
	expectContains(t, page, "Beoordeeld door Carla Smit (CISO)")

	// The CISO's own change counts as reviewed: no diff either, and the flash names the change.
	cisoForm := controlForm(version+3, burgerzaken, "in_uitvoering", "Procedure vastgesteld door het MT")
	expectStatus(t, ciso.post("/bio/"+itoa(id), cisoForm), http.StatusSeeOther)
	page = ciso.get("/bio/" + itoa(id))
	// (the review set the last review to today; the form still holds the old date)
	expectContains(t, page, "Opgeslagen: status In uitvoering, laatste beoordeling 01-10-2026.")
	if got := section(t, page, "wijzigingen"); got != "" {
		t.Errorf("the CISO's own change shows as waiting for review: %s", got)
	}
}

// TestReviewDiffNamesTheOwningAfdeling: a status carried over from BIO 1.04
// brings an owner; the diff names the afdeling, not its id.
func TestReviewDiffNamesTheOwningAfdeling(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ctx := context.Background()
	voorbeeld := a.orgID(seed.Voorbeeld)
	ict := a.department(seed.Voorbeeld, "Informatievoorziening en ICT")
	item := func(code, number string) int64 {
		return a.id(`SELECT i.id FROM catalogue_items i JOIN frameworks f ON f.id = i.framework_id
			WHERE f.organisation_id IS NULL AND f.code = $1 AND i.number = $2`, code, number)
	}
	target := item("BIO2", "8.8")
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`DELETE FROM control_statuses WHERE organisation_id = $1 AND item_id = $2`, []any{voorbeeld, target}},
		{`INSERT INTO control_statuses (organisation_id, item_id, status, maturity, owner_department_id) VALUES ($1, $2, 'in_uitvoering', 2, $3)`,
			[]any{voorbeeld, item("BIO1.04", "12.6.1"), ict}},
	} {
		if _, err := a.db.Pool.Exec(ctx, q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	expectStatus(t, ciso.post("/bio/overnemen", nil), http.StatusSeeOther)
	page := ciso.get("/bio/" + itoa(target))
	diff := section(t, page, "wijzigingen")
	for _, want := range []string{"<strong>Eigenaar</strong>: —", "wordt</span> Informatievoorziening en ICT",
		"<strong>Status</strong>: Niet gestart", "In uitvoering", "<strong>Volwassenheid</strong>: Niet bepaald", "2 – Herhaalbaar"} {
		if !strings.Contains(diff, want) {
			t.Errorf("review diff lacks %q:\n%s", want, diff)
		}
	}
	if strings.Contains(diff, itoa(ict)+"<") || strings.Contains(diff, "nummer") {
		t.Errorf("the diff shows the afdeling's id:\n%s", diff)
	}
}

// TestControlPageQueryCountIsFixed: the control page with its review diff,
// history and linked actions costs the same whatever the number of events.
func TestControlPageQueryCountIsFixed(t *testing.T) {
	t.Parallel()
	d, counter := dbtest.NewCounted(t)
	a := newAppOn(t, d)
	burgerzaken := a.department(seed.Voorbeeld, "Burgerzaken")
	id, version := a.controlOf("Burgerzaken")
	a.knownState(id, burgerzaken)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	expectStatus(t, ciso.get("/"), http.StatusOK) // shows (and removes) the login's flash message
	measure := func() int64 {
		before := counter.Count()
		expectStatus(t, ciso.get("/bio/"+itoa(id)), http.StatusOK)
		return counter.Count() - before
	}
	quiet := measure()
	manager := a.loggedIn("manager.burgerzaken@voorbeeld.nl")
	for i, status := range []string{"in_uitvoering", "geimplementeerd", "in_uitvoering"} {
		expectStatus(t, manager.post("/bio/"+itoa(id), controlForm(version+int64(i), burgerzaken, status, "Ronde "+status)), http.StatusSeeOther)
	}
	if busy := measure(); busy != quiet {
		t.Errorf("control page: %d queries without changes, %d with three changes to review", quiet, busy)
	}
	if quiet > 15 { // 15: the risk analyses that can justify "niet van toepassing"
		t.Errorf("the control page takes %d queries", quiet)
	}
}
