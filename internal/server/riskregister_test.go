package server_test

import (
	"html"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/nl"
	"github.com/baken-nl/baken/internal/report"
	"github.com/baken-nl/baken/internal/risk"
	"github.com/baken-nl/baken/internal/seed"
)

// registerPageQueries is the number of queries of GET /risicos: the
// session and principal, then one batch of the register's four (matrix,
// appetite, the risks' controls, the risks with their last decisions) and
// the afdelingen of the filter, with its BEGIN, scope and COMMIT.
const registerPageQueries = 10

// registerPageRoundTrips: the session, the principal and the one batch.
const registerPageRoundTrips = 3

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

// TestRiskRegisterQueryCount: the register page and its export read the
// matrix, the appetite and the risks with their last decisions in three
// queries, whatever the number of risks, decisions and filters: the page
// takes a fixed number of queries, the same before and after adding risks
// in every decision state.
func TestRiskRegisterQueryCount(t *testing.T) {
	t.Parallel()
	d, counter := dbtest.NewCounted(t)
	a := newAppOn(t, d)
	ciso := a.loggedIn("ciso@voorbeeld.nl", seed.Voorbeeld)
	var trips int64
	measure := func(path string) int64 {
		s, rt := counter.Count()+counter.Batched(), counter.RoundTrips()
		expectStatus(t, ciso.get(path), http.StatusOK)
		trips = counter.RoundTrips() - rt
		return counter.Count() + counter.Batched() - s
	}
	paths := []string{"/risicos", "/risicos?besluit=wacht-op-besluit&herziening=verlopen&onderwerp=theme", "/risicos/export.xlsx",
		"/risicos/export.xlsx?besluit=afgewezen&niveau=3"}
	measure("/risicos") // the first page after login also settles the session
	before := make([]int64, len(paths))
	for i, p := range paths {
		before[i] = measure(p)
		if trips != registerPageRoundTrips {
			t.Errorf("%s: %d round trips to the database, want %d", p, trips, registerPageRoundTrips)
		}
	}
	addRisks(t, a, seed.Voorbeeld, [][2]int{{1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 5}, {2, 2}, {1, 1}})
	addRegisterFixture(t, a)
	for i, p := range paths {
		if after := measure(p); after != before[i] {
			t.Errorf("%s: %d queries before adding risks and decisions, %d after", p, before[i], after)
		}
	}
	t.Logf("queries: %v", before)
	// The page: session and principal, the afdelingen of the filter, and the register's three.
	if before[0] != registerPageQueries {
		t.Errorf("the register page takes %d queries, want %d", before[0], registerPageQueries)
	}
	if before[2] > before[0] {
		t.Errorf("the export takes %d queries, more than the page's %d", before[2], before[0])
	}
}

// registerFixture is an afdeling of its own with two submitted analyses
// and a risk in every decision state (the seed's appetite is midden):
//
//	thema, herziening verlopen:  Binnen (laag, no decision needed),
//	                             Wachtend (kritiek, new in the queue),
//	                             Aanvaard (hoog, accepted until next month; V)
//	project, herziening later:   Geweigerd (hoog, rejected: waits again; V),
//	                             Ongescoord (no residual score)
type registerFixture struct {
	dept                                          int64
	within, waiting, accepted, rejected, unscored int64
}

func addRegisterFixture(t *testing.T, a *app) registerFixture {
	t.Helper()
	org := a.orgID(seed.Voorbeeld)
	var f registerFixture
	f.dept = a.id(`INSERT INTO departments (organisation_id, name) VALUES ($1, 'Registerfilters') RETURNING id`, org)
	theme := a.id(`INSERT INTO risk_analyses (organisation_id, title, subject_kind, subject_name, department_id, status, next_review)
		VALUES ($1, 'Analyse thema', 'theme', 'Thema', $2, 'ingediend', $3) RETURNING id`, org, f.dept, decisionDay(-10))
	project := a.id(`INSERT INTO risk_analyses (organisation_id, title, subject_kind, subject_name, department_id, status, next_review)
		VALUES ($1, 'Analyse project', 'project', 'Project', $2, 'ingediend', $3) RETURNING id`, org, f.dept, decisionDay(365))
	add := func(analysis int64, threat string, l, i any, confidential bool) int64 {
		return a.id(`INSERT INTO risks (organisation_id, analysis_id, threat, description, inherent_likelihood, inherent_impact,
			residual_likelihood, residual_impact, treatment, estimated_cost, affects_integrity, affects_confidentiality)
			VALUES ($1, $2, $3, 'Omschrijving van ' || $3, 5, 5, $4, $5, 'verminderen', 1250.50, true, $6) RETURNING id`,
			org, analysis, threat, l, i, confidential)
	}
	f.within = add(theme, "Binnen", 1, 1, false)
	f.waiting = add(theme, "Wachtend", 5, 5, false)
	f.accepted = add(theme, "Aanvaard", 3, 4, true)
	f.rejected = add(project, "Geweigerd", 3, 4, true)
	f.unscored = add(project, "Ongescoord", nil, nil, false)
	decide := func(riskID int64, outcome string, until any) {
		a.exec(`INSERT INTO risk_decisions (organisation_id, risk_id, kind, outcome, rationale, decided_by_body, decided_on, valid_until,
			residual_level, fingerprint, snapshot) VALUES ($1, $2, 'residual_risk', $3, 'Onderbouwing', 'directie', $4, $5, 3, $6, '{}')`,
			org, riskID, outcome, decisionDay(0), until, risk.DecisionFingerprint(3, "verminderen", nil))
	}
	decide(f.accepted, "accepted", decisionDay(30))
	decide(f.rejected, "rejected", nil)
	return f
}

var registerRowID = regexp.MustCompile(`<tr>\s*<td><a class="utrecht-link" href="/besluiten/(\d+)">`)

// registerIDs are the ids of the risks the register page at path lists, in order.
func registerIDs(t *testing.T, c *client, path string) []int64 {
	t.Helper()
	page := c.get(path)
	expectStatus(t, page, http.StatusOK)
	var ids []int64
	for _, m := range registerRowID.FindAllStringSubmatch(page.body, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		ids = append(ids, id)
	}
	return ids
}

// TestRiskRegisterNewFilters: onderwerp, besluit and herziening narrow the
// register; every row shows its decision state and next review; the
// risks waiting for a decision are the queue's; the heatmap counts still
// equal their lists with the new filters; bad values are a 400.
func TestRiskRegisterNewFilters(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	f := addRegisterFixture(t, a)
	ciso := a.loggedIn("ciso@voorbeeld.nl", seed.Voorbeeld)
	base := "/risicos?afdeling=" + itoa(f.dept)
	for query, want := range map[string][]int64{
		"":                            {f.within, f.waiting, f.accepted, f.rejected, f.unscored},
		"&onderwerp=theme":            {f.within, f.waiting, f.accepted},
		"&onderwerp=project":          {f.rejected, f.unscored},
		"&onderwerp=process":          nil,
		"&besluit=geen-besluit-nodig": {f.within},
		"&besluit=wacht-op-besluit":   {f.waiting, f.rejected},
		"&besluit=geaccepteerd":       {f.accepted},
		"&besluit=afgewezen":          {f.rejected},
		"&herziening=verlopen":        {f.within, f.waiting, f.accepted},
		"&herziening=verlopen&besluit=wacht-op-besluit": {f.waiting},
		"&onderwerp=project&besluit=afgewezen&niveau=3": {f.rejected},
	} {
		if got := registerIDs(t, ciso, base+query); !slices.Equal(got, want) {
			t.Errorf("%s: risks %v, want %v", query, got, want)
		}
	}

	page := ciso.get(base)
	expectContains(t, page, "Geen besluit nodig", "Wacht op besluit (nieuw)", "Wacht op besluit (nieuw, restrisico afgewezen)",
		"Geaccepteerd", "tot "+nl.Date(time.Now()).AddDate(0, 0, 30).Format("02-01-2006"), "Nog niet aan de orde",
		nl.Date(time.Now()).AddDate(0, 0, -10).Format("02-01-2006"), ">verlopen</span>",
		`href="/risicos/export.xlsx?afdeling=`+itoa(f.dept)+`"`)
	if n := strings.Count(page.body, ">verlopen</span>"); n != 3 {
		t.Errorf("%d overdue badges, want 3 (the risks of the theme analysis)", n)
	}

	// Waiting for a decision in the register is being in the queue.
	queue := a.loggedIn("directie@voorbeeld.nl").get("/besluiten")
	expectContains(t, queue, "Wachtend", "Geweigerd")
	for _, no := range []string{">Binnen<", ">Aanvaard<", ">Ongescoord<"} {
		if strings.Contains(queue.body, no) {
			t.Errorf("the queue lists %s, which the register does not show as waiting", no)
		}
	}

	// The heatmap counts with a new filter are the rows their link shows.
	for _, query := range []string{"&besluit=wacht-op-besluit", "&herziening=verlopen", "&onderwerp=project"} {
		heat := riskCell.FindString(strings.ReplaceAll(ciso.get(base+query).body, "\n", " "))
		cells := cellLink.FindAllStringSubmatch(heat, -1)
		if len(cells) == 0 {
			t.Errorf("%s: no heatmap cell links", query)
		}
		for _, c := range cells {
			n, _ := strconv.Atoi(c[4])
			if got := shownRisks(t, ciso, html.UnescapeString(c[3])); got != n {
				t.Errorf("%s: cell %s-%s says %d, its list shows %d", query, c[1], c[2], n, got)
			}
		}
	}

	for _, bad := range []string{"?onderwerp=gebouw", "?besluit=misschien", "?besluit=nog-niet-aan-de-orde", "?herziening=ja",
		"?herziening=1", "?onderwerp=theme&besluit=x"} {
		expectStatus(t, ciso.get("/risicos"+bad), http.StatusBadRequest)
		expectStatus(t, ciso.get("/risicos/export.xlsx"+bad), http.StatusBadRequest)
	}
}

// registerWorkbook opens an export and returns its rows without the header.
func registerWorkbook(t *testing.T, c *client, path string) [][]string {
	t.Helper()
	resp := c.get(path)
	expectStatus(t, resp, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); ct != report.ContentTypeXLSX {
		t.Errorf("%s: Content-Type %q", path, ct)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "risicoregister-") {
		t.Errorf("%s: Content-Disposition %q", path, cd)
	}
	wb, err := excelize.OpenReader(strings.NewReader(resp.body))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer wb.Close()
	rows, err := wb.GetRows(risk.SheetRegister)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s: empty sheet", path)
	}
	for i, col := range risk.RegisterExportColumns {
		if i >= len(rows[0]) || rows[0][i] != col.Title {
			t.Fatalf("%s: header %v, want %q in column %d", path, rows[0], col.Title, i+1)
		}
	}
	return rows[1:]
}

func exportIDs(rows [][]string) []int64 {
	var ids []int64
	for _, r := range rows {
		id, _ := strconv.ParseInt(r[0], 10, 64)
		ids = append(ids, id)
	}
	return ids
}

// TestRiskRegisterExport: the export has the rows of the filtered page in
// the same order, with every column; the FG exports only the privacy
// scope; the medewerker may not export.
func TestRiskRegisterExport(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	f := addRegisterFixture(t, a)
	ciso := a.loggedIn("ciso@voorbeeld.nl", seed.Voorbeeld)
	base := "afdeling=" + itoa(f.dept)
	for _, query := range []string{base, base + "&besluit=wacht-op-besluit", base + "&herziening=verlopen&onderwerp=theme",
		base + "&schaal=rest&kans=3&impact=4", base + "&page=2"} {
		page := registerIDs(t, ciso, "/risicos?"+query)
		if strings.Contains(query, "page=2") {
			page = registerIDs(t, ciso, "/risicos?"+base) // the export has every page
		}
		if got := exportIDs(registerWorkbook(t, ciso, "/risicos/export.xlsx?"+query)); !slices.Equal(got, page) {
			t.Errorf("%s: export has risks %v, the page %v", query, got, page)
		}
	}
	// The whole register, seed included, the same as the page (under 50 rows).
	if got, page := exportIDs(registerWorkbook(t, ciso, "/risicos/export.xlsx")), registerIDs(t, ciso, "/risicos"); !slices.Equal(got, page) || len(got) < 6 {
		t.Errorf("unfiltered export %v, page %v", got, page)
	}

	rows := registerWorkbook(t, ciso, "/risicos/export.xlsx?"+base+"&besluit=geaccepteerd")
	if len(rows) != 1 {
		t.Fatalf("accepted: %d rows", len(rows))
	}
	want := []string{itoa(f.accepted), "Aanvaard", "Omschrijving van Aanvaard", "Analyse thema", "Ingediend", "Registerfilters",
		"Organisatiebreed thema", "I/V", "5", "5", "Kritiek", "Verminderen", "", "3", "4", "Hoog", "Geaccepteerd",
		nl.Date(time.Now()).AddDate(0, 0, 30).Format("02-01-2006"), nl.Date(time.Now()).AddDate(0, 0, -10).Format("02-01-2006"), ""}
	got := append(rows[0], make([]string, len(want))...)[:len(want)]
	for i := range want {
		if i == 12 {
			if !strings.Contains(got[i], "1") || !strings.Contains(got[i], "250") {
				t.Errorf("Geschatte kosten %q, want € 1.250,50", got[i])
			}
			continue
		}
		if got[i] != want[i] {
			t.Errorf("column %q: %q, want %q", risk.RegisterExportColumns[i].Title, got[i], want[i])
		}
	}

	// The FG: the privacy-relevant risks only, in the export too.
	fg := a.loggedIn("fg@voorbeeld.nl")
	fgPage := registerIDs(t, fg, "/risicos?"+base)
	if want := []int64{f.accepted, f.rejected}; !slices.Equal(fgPage, want) {
		t.Errorf("the FG's page lists %v, want %v", fgPage, want)
	}
	if got := exportIDs(registerWorkbook(t, fg, "/risicos/export.xlsx?"+base)); !slices.Equal(got, fgPage) {
		t.Errorf("the FG's export %v, page %v", got, fgPage)
	}
	for _, r := range registerWorkbook(t, fg, "/risicos/export.xlsx") {
		if !strings.Contains(r[7], "V") {
			t.Errorf("the FG's export has risk %s, which does not affect vertrouwelijkheid (%q)", r[0], r[7])
		}
	}

	for _, who := range []string{"medewerker@voorbeeld.nl", "beheerder@voorbeeld.nl"} {
		expectStatus(t, a.loggedIn(who).get("/risicos/export.xlsx"), http.StatusForbidden)
	}
	if cd := ciso.get("/risicos/export.xlsx").Header.Get("Content-Disposition"); !strings.Contains(cd, "risicoregister-gemeente-voorbeeld-") {
		t.Errorf("Content-Disposition %q", cd)
	}
	if rows := registerWorkbook(t, a.loggedIn("manager@nabij.nl"), "/risicos/export.xlsx?"+base); len(rows) != 0 {
		t.Errorf("Gemeente Nabij exports %d of Voorbeeld's risks", len(rows))
	}
}

// BenchmarkRiskRegister measures the heaviest risk page: every risk of the
// organisation with its last decisions, both heatmaps and the first page of
// rows, as the auditor sees it.
func BenchmarkRiskRegister(b *testing.B) {
	a := newApp(b)
	auditor := a.loggedIn("auditor@voorbeeld.nl")
	for b.Loop() {
		if r := auditor.get("/risicos"); r.StatusCode != http.StatusOK {
			b.Fatalf("status %d", r.StatusCode)
		}
	}
}

// BenchmarkDecisionQueue measures the decision queue of the directie.
func BenchmarkDecisionQueue(b *testing.B) {
	a := newApp(b)
	d := a.loggedIn("directie@voorbeeld.nl")
	for b.Loop() {
		if r := d.get("/besluiten"); r.StatusCode != http.StatusOK {
			b.Fatalf("status %d", r.StatusCode)
		}
	}
}

// TestRiskRegisterPageNumbers: the register reads its page number like every
// other list (listing.PageNumber): never a 400; past the last page it shows
// the last page, with its rows, instead of an empty table.
func TestRiskRegisterPageNumbers(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	auditor := a.loggedIn("auditor@voorbeeld.nl")
	rows := regexp.MustCompile(`(?s)<tbody>.*?</tbody>`)
	first := rows.FindString(auditor.get("/risicos").body)
	if first == "" {
		t.Fatal("the register shows no rows")
	}
	for _, page := range []string{"999", "99999999999999999999", "abc", "0", "-3"} {
		resp := auditor.get("/risicos?page=" + page)
		expectStatus(t, resp, http.StatusOK)
		if got := rows.FindString(resp.body); got != first {
			t.Errorf("page=%s does not show the (only) page of risks", page)
		}
	}
}
