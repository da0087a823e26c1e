package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/report"
	"github.com/baken-nl/baken/internal/seed"
)

// TestAmbitionHistory: each ambition set is kept with who set it and when;
// the page shows the seeded history and the new entries, newest first.
func TestAmbitionHistory(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	before := a.id(`SELECT count(*) FROM ambition_history WHERE organisation_id = $1`, voorbeeld)
	if before != 2 {
		t.Fatalf("the seed has %d history entries, want 2", before)
	}
	// The CISO is also directie for this test, so two people set it.
	ciso := a.id(`SELECT id FROM users WHERE email = 'ciso@voorbeeld.nl'`)
	a.exec(`INSERT INTO role_assignments (user_id, organisation_id, role) VALUES ($1, $2, 'directie')`, ciso, voorbeeld)

	directie := a.loggedIn("directie@voorbeeld.nl")
	version := a.id(`SELECT version FROM organisations WHERE id = $1`, voorbeeld)
	expectStatus(t, directie.post("/ambitie", url.Values{"target_maturity": {"3"}, "target_date": {"2030-06-30"}, "version": {itoa(version)}}), http.StatusSeeOther)
	second := a.loggedIn("ciso@voorbeeld.nl")
	expectStatus(t, second.post("/ambitie", url.Values{"target_maturity": {"5"}, "target_date": {"2031-12-31"}, "version": {itoa(version + 1)}}), http.StatusSeeOther)

	if n := a.id(`SELECT count(*) FROM ambition_history WHERE organisation_id = $1`, voorbeeld); n != before+2 {
		t.Fatalf("%d history entries after two sets, want %d", n, before+2)
	}
	if n := a.id(`SELECT count(*) FROM ambition_history h JOIN users u ON u.id = h.set_by AND u.name = h.set_by_name
		WHERE h.organisation_id = $1 AND (h.target_maturity, h.target_date) IN ((3, '2030-06-30'), (5, '2031-12-31'))`, voorbeeld); n != 2 {
		t.Errorf("%d new entries with their user and name, want 2", n)
	}
	page := directie.get("/ambitie")
	expectContains(t, page, `id="ambitie-historie"`, "Dirk de Vries (gemeentesecretaris)", "30-06-2030", "31-12-2031", "5 – Continu verbeterend")
	table := page.body[strings.Index(page.body, `id="ambitie-historie"`):]
	var cisoName string
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT name FROM users WHERE id = $1`, ciso).Scan(&cisoName); err != nil {
		t.Fatal(err)
	}
	newest, older, seeded := strings.Index(table, "31-12-2031"), strings.Index(table, "30-06-2030"), strings.Index(table, "31-12-2027")
	if newest < 0 || older < 0 || seeded < 0 || newest > older || older > seeded || !strings.Contains(table[:older], cisoName) {
		t.Errorf("history not newest first with names (%d, %d, %d)\n%s", newest, older, seeded, trim(table))
	}
	today := report.Local(time.Now()).Format("02-01-2006")
	expectContains(t, page, today)
}

// TestAmbitionDateInThePast is refused with a message naming the field; the
// form keeps what was typed.
func TestAmbitionDateInThePast(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	directie := a.loggedIn("directie@voorbeeld.nl")
	version := a.id(`SELECT version FROM organisations WHERE id = $1`, voorbeeld)
	yesterday := time.Now().AddDate(0, 0, -1).Format("2006-01-02")
	resp := directie.post("/ambitie", url.Values{"target_maturity": {"5"}, "target_date": {yesterday}, "version": {itoa(version)}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "De datum ‘Te bereiken op’ ligt in het verleden", `name="target_date"`, `value="`+yesterday+`"`, `<option value="5" selected`)
	if !strings.Contains(resp.body, `href="#f-target-date"`) {
		t.Errorf("the error summary does not point at target_date\n%s", trim(resp.body))
	}
	if n := a.id(`SELECT count(*) FROM ambition_history WHERE organisation_id = $1 AND target_maturity = 5`, voorbeeld); n != 0 {
		t.Errorf("a refused ambition was written to the history")
	}
	if lvl := a.id(`SELECT target_maturity FROM organisations WHERE id = $1`, voorbeeld); lvl != 4 {
		t.Errorf("ambition changed to %d", lvl)
	}
	// Today is fine.
	today := report.Local(time.Now()).Format("2006-01-02")
	expectStatus(t, directie.post("/ambitie", url.Values{"target_maturity": {"5"}, "target_date": {today}, "version": {itoa(version)}}), http.StatusSeeOther)
}
