package server_test

import (
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/seed"
)

var (
	riskCell  = regexp.MustCompile(`data-heatmap="rest".*?</table>`)
	cellLink  = regexp.MustCompile(`<td data-level-colour="[^"]*" data-cell="(\d+)-(\d+)"><a class="utrecht-link" href="([^"]+)" data-count="(\d+)">`)
	riskShown = regexp.MustCompile(`(\d+) van (\d+) risico(?:'|&#39;)s getoond`)
)

// addRisks puts an afdeling of its own with one analysis and risks in the
// organisation (residual kans, impact; the last one affects
// vertrouwelijkheid) and returns the afdeling's id.
func addRisks(t *testing.T, a *app, orgName string, residual [][2]int) int64 {
	t.Helper()
	org := a.orgID(orgName)
	dept := a.id(`INSERT INTO departments (organisation_id, name) VALUES ($1, 'Risicotest') RETURNING id`, org)
	analysis := a.id(`INSERT INTO risk_analyses (organisation_id, title, subject_kind, subject_name, department_id, status)
		VALUES ($1, 'Analyse risicotest', 'theme', 'Thema', $2, 'ingediend') RETURNING id`, org, dept)
	for i, r := range residual {
		a.exec(`INSERT INTO risks (organisation_id, analysis_id, threat, inherent_likelihood, inherent_impact, residual_likelihood, residual_impact,
			treatment, affects_confidentiality) VALUES ($1, $2, $3, 5, 5, $4, $5, 'verminderen', $6)`,
			org, analysis, "Dreiging "+strconv.Itoa(i+1), r[0], r[1], i == len(residual)-1)
	}
	return dept
}

func shownRisks(t *testing.T, c *client, path string) int {
	t.Helper()
	page := c.get(path)
	expectStatus(t, page, http.StatusOK)
	m := riskShown.FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("%s: no count\n%s", path, trim(page.body))
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestRiskRegisterHeatmapLinksMatchTheList: every count in the residual
// heatmap links to the register filtered to that cell, which shows exactly
// that many risks; the level filter and the FG's privacy scope hold; other
// roles are refused and bad filters are a 400.
func TestRiskRegisterHeatmapLinksMatchTheList(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	dept := addRisks(t, a, seed.Voorbeeld, [][2]int{{1, 1}, {1, 1}, {3, 4}, {5, 5}, {5, 5}, {5, 5}})
	ciso := a.loggedIn("ciso@voorbeeld.nl", seed.Voorbeeld)
	base := "/risicos?afdeling=" + itoa(dept)
	if n := shownRisks(t, ciso, base); n != 6 {
		t.Fatalf("the afdeling has 6 risks, the register shows %d", n)
	}
	page := ciso.get(base)
	heat := riskCell.FindString(strings.ReplaceAll(page.body, "\n", " "))
	cells := cellLink.FindAllStringSubmatch(heat, -1)
	want := map[string]int{"1-1": 2, "3-4": 1, "5-5": 3}
	if len(cells) != len(want) {
		t.Fatalf("residual heatmap links %d cells, want %d: %v", len(cells), len(want), cells)
	}
	for _, c := range cells {
		n, _ := strconv.Atoi(c[4])
		if want[c[1]+"-"+c[2]] != n {
			t.Errorf("cell %s-%s counts %d, want %d", c[1], c[2], n, want[c[1]+"-"+c[2]])
		}
		if got := shownRisks(t, ciso, html.UnescapeString(c[3])); got != n {
			t.Errorf("cell %s-%s says %d, its list shows %d", c[1], c[2], n, got)
		}
	}
	// Default matrix: 5×5 is kritiek (4), 1×1 laag (1), 3×4 hoog (3).
	if n := shownRisks(t, ciso, base+"&niveau=4"); n != 3 {
		t.Errorf("kritiek: %d risks, want 3", n)
	}
	expectContains(t, page, "Kritiek", "Laag", "Verminderen")
	if n := shownRisks(t, a.loggedIn("fg@voorbeeld.nl"), base); n != 1 {
		t.Errorf("the FG sees %d risks of the afdeling, want the 1 privacy-relevant one", n)
	}
	for _, who := range []string{"medewerker@voorbeeld.nl", "beheerder@voorbeeld.nl"} {
		expectStatus(t, a.loggedIn(who).get("/risicos"), http.StatusForbidden)
	}
	if n := shownRisks(t, a.loggedIn("manager@nabij.nl"), base); n != 0 {
		t.Errorf("Gemeente Nabij sees %d of Voorbeeld's risks", n)
	}
	for _, bad := range []string{"?niveau=x", "?behandeling=negeren", "?status=klaar", "?kans=3", "?kans=11&impact=1", "?afdeling=abc", "?schaal=z"} {
		expectStatus(t, ciso.get("/risicos"+bad), http.StatusBadRequest)
	}
}

// TestRiskRegisterQueryCount: the register reads the matrix and the risks,
// whatever their number.
func TestRiskRegisterQueryCount(t *testing.T) {
	t.Parallel()
	d, counter := dbtest.NewCounted(t)
	a := newAppOn(t, d)
	ciso := a.loggedIn("ciso@voorbeeld.nl", seed.Voorbeeld)
	measure := func() int64 {
		s := counter.Count() + counter.Batched()
		expectStatus(t, ciso.get("/risicos"), http.StatusOK)
		return counter.Count() + counter.Batched() - s
	}
	measure() // the first page after login also settles the session
	before := measure()
	addRisks(t, a, seed.Voorbeeld, [][2]int{{1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 5}, {2, 2}, {1, 1}})
	if after := measure(); after != before || after > 12 {
		t.Errorf("register: %d queries before adding risks, %d after", before, after)
	}
}
