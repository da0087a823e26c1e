package server_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/nl"
	"github.com/baken-nl/baken/internal/seed"
)

// monthNumbers are the incident numbers of the overview's table, sorted.
func monthNumbers(t *testing.T, r response) []string {
	t.Helper()
	body := r.body
	i := strings.Index(body, `id="maand-incidenten"`)
	if i < 0 {
		return nil
	}
	body = body[i:]
	out := numberRe.FindAllString(body[:strings.Index(body, "</table>")], -1)
	slices.Sort(out)
	return out
}

// dbMonthNumbers are the numbers of the incidents of Gemeente Voorbeeld
// discovered in month, narrowed by cond, straight from the database.
func (a *app) dbMonthNumbers(month time.Time, cond string, args ...any) []string {
	a.t.Helper()
	out := a.texts(`SELECT 'INC-' || lpad(number::text, 4, '0') FROM incidents i WHERE organisation_id = $1
		AND discovered_at >= $2 AND discovered_at < $3 AND `+cond,
		append([]any{a.orgID(seed.Voorbeeld), month, month.AddDate(0, 1, 0)}, args...)...)
	slices.Sort(out)
	return out
}

// TestIncidentMonthOverview: the afdelingsmanager's overview of a month
// lists the incidents of their afdeling discovered in it, with counts and
// links, and pages through the months; the CISO and the DSPO see theirs;
// the medewerker none; a bad month is a 400.
func TestIncidentMonthOverview(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	manager := a.loggedIn("manager.sociaal@voorbeeld.nl")
	expectContains(t, manager.get("/"), `href="/incidenten/maandoverzicht"`)
	dept := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Sociaal Domein'`, a.orgID(seed.Voorbeeld))
	// The months of the last year with an incident of Sociaal Domein.
	seen := 0
	for m := incident.MonthStart(time.Now()); seen < 3 && m.After(time.Now().AddDate(-1, -6, 0)); m = m.AddDate(0, -1, 0) {
		want := a.dbMonthNumbers(m, `department_id = $4`, dept)
		page := manager.get("/incidenten/maandoverzicht?maand=" + m.Format("2006-01"))
		expectStatus(t, page, http.StatusOK)
		if got := monthNumbers(t, page); !slices.Equal(got, want) {
			t.Errorf("%s: the overview lists %v, the database %v", m.Format("2006-01"), got, want)
		}
		expectContains(t, page, "Maandoverzicht incidenten "+incident.MonthLabel(m), `rel="prev" href="/incidenten/maandoverzicht?maand=`+m.AddDate(0, -1, 0).Format("2006-01")+`"`)
		if len(want) == 0 {
			expectContains(t, page, "Geen incidenten in deze maand.")
			continue
		}
		seen++
		expectContains(t, page, nl.Verb(len(want), "is", "zijn")+" "+nl.Count(len(want), "incident", "incidenten")+" ontdekt", "uw afdeling(en)", `href="/incidenten/`)
		if got := total(figureCells(t, page, "per-maand-categorie")); got != len(want) {
			t.Errorf("%s: categories count %d of %d", m.Format("2006-01"), got, len(want))
		}
		if got := total(figureCells(t, page, "per-maand-impact")); got != len(want) {
			t.Errorf("%s: impacts count %d of %d", m.Format("2006-01"), got, len(want))
		}
	}
	if seen == 0 {
		t.Fatal("no month with incidents of Sociaal Domein")
	}
	// This month: no next month; the default.
	now := incident.MonthStart(time.Now())
	this := manager.get("/incidenten/maandoverzicht")
	expectStatus(t, this, http.StatusOK)
	expectContains(t, this, "Maandoverzicht incidenten "+incident.MonthLabel(now))
	if strings.Contains(this.body, `rel="next"`) {
		t.Error("this month links to the next")
	}
	expectContains(t, manager.get("/incidenten/maandoverzicht?maand="+now.AddDate(0, -1, 0).Format("2006-01")),
		`rel="next" href="/incidenten/maandoverzicht?maand=`+now.Format("2006-01")+`"`)
	// The CISO: every incident of the month; the DSPO: their afdelingen and
	// what is assigned to them.
	dspo := a.id(`SELECT id FROM users WHERE email = 'dspo@voorbeeld.nl'`)
	for m := now; m.After(now.AddDate(-1, 0, 0)); m = m.AddDate(0, -1, 0) {
		q := "/incidenten/maandoverzicht?maand=" + m.Format("2006-01")
		if got, want := monthNumbers(t, a.loggedIn("ciso@voorbeeld.nl").get(q)), a.dbMonthNumbers(m, `true`); !slices.Equal(got, want) {
			t.Errorf("CISO %s: %v, the database %v", m.Format("2006-01"), got, want)
		}
		want := a.dbMonthNumbers(m, `(i.handler_id = $4 OR i.department_id IN (SELECT department_id FROM role_assignments WHERE user_id = $4 AND role = 'dspo'))`, dspo)
		if got := monthNumbers(t, a.loggedIn("dspo@voorbeeld.nl").get(q)); !slices.Equal(got, want) {
			t.Errorf("DSPO %s: %v, the database %v", m.Format("2006-01"), got, want)
		}
	}
	expectStatus(t, a.loggedIn("medewerker@voorbeeld.nl").get("/incidenten/maandoverzicht"), http.StatusForbidden)
	for _, bad := range []string{"abc", "2026-13", "2026-1", "1999-12", now.AddDate(0, 1, 0).Format("2006-01"), "2026-11-01"} {
		expectStatus(t, manager.get("/incidenten/maandoverzicht?maand="+bad), http.StatusBadRequest)
	}
}

// TestIncidentMonthOverviewQueryCount: the overview costs the same number
// of queries however many incidents the month holds.
func TestIncidentMonthOverviewQueryCount(t *testing.T) {
	t.Parallel()
	expectFixedQueries(t, "/incidenten/maandoverzicht", func(c *client, i int) {
		fileReport(t, c, "Melding van deze maand "+itoa(int64(i)), "nee", time.Now().Add(-time.Duration(i)*time.Minute))
	})
}
