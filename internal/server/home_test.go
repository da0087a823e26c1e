package server_test

// The home page (issue 7): the BIO work of the CISO and the afdelingsmanager,
// with counts equal to the lists they link to, the beheerder for the
// medewerker, and a fixed, small number of queries.

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/seed"
)

// homeCount returns the count on the home page card that links to href.
func homeCount(t *testing.T, r response, href string) int {
	t.Helper()
	re := regexp.MustCompile(`href="` + regexp.QuoteMeta(html.EscapeString(href)) + `">[^<]*</a></h3><p class="card__count">(\d+)</p>`)
	m := re.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("home page has no card linking to %s", href)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

var shownRe = regexp.MustCompile(`(\d+) van (\d+) getoond\.`)

// listLength is the number of controls the list at path shows.
func listLength(t *testing.T, c *client, path string) int {
	t.Helper()
	resp := c.get(path)
	expectStatus(t, resp, http.StatusOK)
	m := shownRe.FindStringSubmatch(resp.body)
	if m == nil {
		t.Fatalf("%s: no 'N van M getoond'", path)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

var overdueRe = regexp.MustCompile(`id="gap-te-laat">Herbeoordeling te laat \((\d+)\)`)

func gapOverdue(t *testing.T, c *client, path string) int {
	t.Helper()
	resp := c.get(path)
	expectStatus(t, resp, http.StatusOK)
	m := overdueRe.FindStringSubmatch(resp.body)
	if m == nil {
		t.Fatalf("%s: no overdue heading", path)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// arrangeHomeWork gives Voorbeeld work of every kind: a change waiting for
// review, overdue reviews, an ambition, overdue actions of the manager, of
// Burgerzaken and of someone else.
func arrangeHomeWork(t *testing.T, a *app) {
	t.Helper()
	voorbeeld := a.orgID(seed.Voorbeeld)
	burgerzaken := a.department(seed.Voorbeeld, "Burgerzaken")
	sociaal := a.department(seed.Voorbeeld, "Sociaal Domein")
	id, version := a.controlOf("Burgerzaken")
	manager := a.loggedIn("manager.burgerzaken@voorbeeld.nl")
	expectStatus(t, manager.post("/bio/"+itoa(id), controlForm(version, burgerzaken, "in_uitvoering", "Wacht op de CISO")), http.StatusSeeOther)
	a.exec(`UPDATE control_statuses SET next_review = '2020-01-01' WHERE organisation_id = $1 AND item_id IN
		(SELECT item_id FROM control_statuses WHERE organisation_id = $1 AND applicable ORDER BY item_id LIMIT 5)`, voorbeeld)
	a.exec(`UPDATE organisations SET target_maturity = 3, target_date = '2030-01-01' WHERE id = $1`, voorbeeld)
	managerID := a.id(`SELECT id FROM users WHERE email = 'manager.burgerzaken@voorbeeld.nl'`)
	cisoID := a.id(`SELECT id FROM users WHERE email = 'ciso@voorbeeld.nl'`)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	for _, act := range [][]string{
		{"Te laat, van de manager", "owner_user_id", itoa(managerID), "due_date", "2020-03-01"},
		{"Te laat, van Burgerzaken", "owner_department_id", itoa(burgerzaken), "due_date", "2020-03-01"},
		{"Te laat, van Sociaal Domein", "owner_department_id", itoa(sociaal), "due_date", "2020-03-01"},
		{"Te laat, van de CISO", "owner_user_id", itoa(cisoID), "due_date", "2020-03-01"},
		{"Te laat maar gereed, van Burgerzaken", "owner_department_id", itoa(burgerzaken), "due_date", "2020-03-01", "status", "gereed"},
		{"Op tijd, van Burgerzaken", "owner_department_id", itoa(burgerzaken), "due_date", "2099-03-01"},
	} {
		expectStatus(t, ciso.post("/plan", actionForm(act[0], act[1:]...)), http.StatusSeeOther)
	}
}

func TestHomeCountsEqualLists(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	arrangeHomeWork(t, a)
	voorbeeld := a.orgID(seed.Voorbeeld)
	// Below the ambition, counted independently of the Go rules: applicable,
	// not "niet van toepassing", maturity under 3 or not assessed.
	below := func(dept string) int {
		return int(a.id(`SELECT count(*) FROM catalogue_items i
			LEFT JOIN control_statuses s ON s.item_id = i.id AND s.organisation_id = $1
			WHERE i.kind IN ('control', 'measure') AND i.framework_id = (SELECT id FROM frameworks WHERE organisation_id IS NULL AND code = 'BIO2')
			  AND coalesce(s.applicable, true) AND coalesce(s.status, 'niet_gestart') <> 'niet_van_toepassing' AND coalesce(s.maturity, 0) < 3
			  AND ($2 = '' OR s.owner_department_id = (SELECT id FROM departments WHERE organisation_id = $1 AND name = $2))`, voorbeeld, dept))
	}

	for _, tc := range []struct {
		email, mine, dept         string
		mineActions, otherActions []string
	}{
		{"ciso@voorbeeld.nl", "", "", []string{"Te laat, van de CISO"},
			[]string{"Te laat, van de manager", "Te laat, van Burgerzaken", "Te laat, van Sociaal Domein"}},
		{"manager.burgerzaken@voorbeeld.nl", "&mijn=1", "Burgerzaken", []string{"Te laat, van de manager", "Te laat, van Burgerzaken"},
			[]string{"Te laat, van de CISO", "Te laat, van Sociaal Domein", "Te laat maar gereed", "Op tijd, van Burgerzaken"}},
	} {
		t.Run(tc.email, func(t *testing.T) {
			c := a.loggedIn(tc.email)
			home := c.get("/")
			expectStatus(t, home, http.StatusOK)
			expectContains(t, home, "BIO-werk")

			review := homeCount(t, home, "/bio?beoordeling=te"+tc.mine)
			if review == 0 {
				t.Errorf("to review is 0; the arranged change should count")
			}
			if n := listLength(t, c, "/bio?beoordeling=te"+tc.mine); n != review {
				t.Errorf("home says %d to review, the list shows %d", review, n)
			}
			gap := "/bio/gap?" + strings.TrimPrefix(tc.mine, "&") + "#gap-te-laat"
			overdue := homeCount(t, home, gap)
			if overdue == 0 {
				t.Errorf("review overdue is 0; the arranged reviews should count")
			}
			if n := gapOverdue(t, c, gap); n != overdue {
				t.Errorf("home says %d reviews overdue, the GAP page lists %d", overdue, n)
			}
			if b := homeCount(t, home, "/bio?niveau=onder"+tc.mine); b != below(tc.dept) || b == 0 {
				t.Errorf("home says %d below the ambition, want %d (and not 0)", b, below(tc.dept))
			}
			actions := homeCount(t, home, "/plan?te_laat=1&mijn=1")
			list := c.get("/plan?te_laat=1&mijn=1")
			if n := strings.Count(list.body, `<tr class="row--overdue">`); n != actions || n == 0 {
				t.Errorf("home says %d overdue actions, the plan list shows %d (want equal, not 0)", actions, n)
			}
			for _, title := range tc.mineActions {
				expectContains(t, list, title)
			}
			for _, title := range tc.otherActions {
				if strings.Contains(list.body, title) {
					t.Errorf("the list of my overdue actions shows %q", title)
				}
			}
			if tc.mine == "" {
				noOwner := homeCount(t, home, "/bio?afdeling=geen")
				if n := listLength(t, c, "/bio?afdeling=geen"); n != noOwner || n == 0 {
					t.Errorf("home says %d without owner, the list shows %d (want equal, not 0)", noOwner, n)
				}
			} else if strings.Contains(home.body, `href="/bio?afdeling=geen"`) {
				t.Errorf("the afdelingsmanager gets the organisation-wide count without owner")
			}
		})
	}
}

func TestHomeMedewerkerSeesBeheerder(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	home := a.loggedIn("medewerker@voorbeeld.nl").get("/")
	expectStatus(t, home, http.StatusOK)
	expectContains(t, home, "Wat u hier kunt doen", "incident", "Functioneel beheerder",
		"Bas Hendriks (functioneel beheer)", `href="mailto:beheerder@voorbeeld.nl"`)
	for _, not := range []string{"Nadia Peters", "BIO-werk", "Uw onderdelen"} {
		if strings.Contains(home.body, not) {
			t.Errorf("the medewerker's home page shows %q", not)
		}
	}
	// A beheerder sees the sections, not the contact block or BIO work.
	b := a.loggedIn("beheerder@voorbeeld.nl").get("/")
	expectContains(t, b, "Uw onderdelen")
	if strings.Contains(b.body, "Wat u hier kunt doen") || strings.Contains(b.body, "BIO-werk") {
		t.Error("the beheerder's home page shows the medewerker's block or BIO work")
	}
}

// TestHomeQueryCount: the home page reads in one batch whatever the role, so
// its query count is fixed and small: the CISO's adds three queries to the
// beheerder's (controls, ambition, actions), the medewerker's one (the
// beheerders), and the count does not grow with the catalogue.
func TestHomeQueryCount(t *testing.T) {
	t.Parallel()
	d, counter := dbtest.NewCounted(t)
	a := newAppOn(t, d)
	type cost struct{ single, batched int64 }
	measure := func(c *client) cost {
		s, b := counter.Count(), counter.Batched()
		expectStatus(t, c.get("/"), http.StatusOK)
		return cost{counter.Count() - s, counter.Batched() - b}
	}
	beheerder := measure(a.loggedIn("beheerder@voorbeeld.nl"))
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	bio2 := measure(ciso)
	if bio2.batched != beheerder.batched+3 {
		t.Errorf("home: %d batched queries for the beheerder, %d for the CISO; want exactly 3 more", beheerder.batched, bio2.batched)
	}
	if bio2.single > 4 || bio2.batched > 8 {
		t.Errorf("the CISO's home page takes %d queries and %d in a batch", bio2.single, bio2.batched)
	}
	bio104 := a.id(`SELECT id FROM frameworks WHERE organisation_id IS NULL AND code = 'BIO1.04'`)
	expectStatus(t, ciso.post("/bio/instellingen", url.Values{"framework_id": {itoa(bio104)}}), http.StatusSeeOther)
	if got := measure(ciso); got != bio2 {
		t.Errorf("home: %+v queries with BIO2, %+v with BIO 1.04: the count depends on the catalogue", bio2, got)
	}
	if m := measure(a.loggedIn("medewerker@voorbeeld.nl")); m.batched != beheerder.batched+1 || m.single != beheerder.single {
		t.Errorf("home: %+v queries for the medewerker, want one batched query more than the beheerder's %+v", m, beheerder)
	}
}

// TestHomeShowsWhatWaitsForTheBestuurAndTheFG: directie and college see how
// many risks wait for their decision, the FG the DPIAs waiting for advice and
// the open datalekken without an AP decision; the CISO does not get these
// cards (the CISO's work is the BIO work).
func TestHomeShowsWhatWaitsForTheBestuurAndTheFG(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	cardCount := func(page response, id string) int {
		t.Helper()
		m := regexp.MustCompile(`id="` + id + `">(\d+)<`).FindStringSubmatch(page.body)
		if m == nil {
			t.Fatalf("%s: no card %q", page.Request.URL.Path, id)
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	if n := cardCount(a.loggedIn("directie@voorbeeld.nl").get("/"), "besluiten-wachtend"); n == 0 {
		t.Error("the directie's start page counts no risk waiting for a decision; the demo queue has some")
	}
	fg := a.loggedIn("fg@voorbeeld.nl").get("/")
	org := a.orgID(seed.Voorbeeld)
	if got, want := cardCount(fg, "dpia-advies"), a.id(`SELECT count(*) FROM dpias WHERE organisation_id = $1 AND status = 'bij_fg'`, org); int64(got) != want {
		t.Errorf("DPIAs waiting for advice: card %d, database %d", got, want)
	}
	if got, want := cardCount(fg, "datalekken-open"), a.id(`SELECT count(*) FROM incidents WHERE organisation_id = $1 AND personal_data
		AND ap_decision IS NULL AND status <> 'gesloten'`, org); int64(got) != want {
		t.Errorf("datalekken without an AP decision: card %d, database %d", got, want)
	}
	if page := a.loggedIn("ciso@voorbeeld.nl").get("/"); strings.Contains(page.body, `id="werkvoorraad"`) {
		t.Error("the CISO gets the bestuur's and the FG's cards")
	}
}
