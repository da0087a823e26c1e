package server_test

import (
	"encoding/csv"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/seed"
)

// exportXLSX downloads path and reads the sheet back.
func exportXLSX(t *testing.T, c *client, path, sheet string) [][]string {
	t.Helper()
	resp := c.get(path)
	expectStatus(t, resp, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
		t.Fatalf("%s: content type %q", path, ct)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, ".xlsx") {
		t.Errorf("%s: disposition %q", path, cd)
	}
	f, err := excelize.OpenReader(strings.NewReader(resp.body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// exportCSV downloads path and reads it back as Dutch Excel would.
func exportCSV(t *testing.T, c *client, path string) [][]string {
	t.Helper()
	resp := c.get(path)
	expectStatus(t, resp, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Fatalf("%s: content type %q", path, ct)
	}
	if !strings.HasPrefix(resp.body, "\ufeff") {
		t.Errorf("%s: no byte order mark", path)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(resp.body, "\ufeff")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

var numberRe = regexp.MustCompile(`INC-\d{4}`)

// listNumbers are the numbers of the incidents the register lists with the
// query q, over all its pages, sorted.
func listNumbers(t *testing.T, c *client, q string) []string {
	t.Helper()
	seen := map[string]bool{}
	for page := 1; page < 100; page++ {
		resp := c.get("/incidenten?" + q + "&page=" + itoa(int64(page)))
		expectStatus(t, resp, http.StatusOK)
		body := resp.body
		i := strings.Index(body, `id="incidenten"`)
		if i < 0 {
			break
		}
		body = body[i:]
		body = body[:strings.Index(body, "</table>")]
		added := false
		for _, n := range numberRe.FindAllString(body, -1) {
			if !seen[n] {
				seen[n], added = true, true
			}
		}
		if !added {
			break
		}
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// column is column col (0-based) of the data rows, sorted.
func column(rows [][]string, col int) []string {
	var out []string
	for _, r := range rows[1:] {
		if col < len(r) {
			out = append(out, r[col])
		} else {
			out = append(out, "")
		}
	}
	slices.Sort(out)
	return out
}

func expectHeader(t *testing.T, what string, rows [][]string, want []string) {
	t.Helper()
	if len(rows) == 0 || strings.Join(rows[0], "|") != strings.Join(want, "|") {
		t.Errorf("%s: header %v, want %v", what, rows[0], want)
	}
}

// TestIncidentExportsMatchTheList: every export holds the incidents the
// register lists with the same filters, in XLSX and CSV alike; the
// datalekregister the datalekken among them.
func TestIncidentExportsMatchTheList(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	list := ciso.get("/incidenten?impact=hoog&page=2")
	expectContains(t, list, `href="/incidenten/export.csv?impact=hoog"`, `href="/incidenten/ibd.xlsx?impact=hoog"`,
		`href="/incidenten/ibd.csv?impact=hoog"`, `href="/incidenten/datalekregister.xlsx?impact=hoog"`, `href="/incidenten/datalekregister.csv?impact=hoog"`)
	for _, q := range []string{"", "impact=hoog", "status=gesloten", "datalek=ja", "categorie=informatieverzameling&impact=laag", "datalek=nee&status=gemeld"} {
		numbers := listNumbers(t, ciso, q)
		datalekken := listNumbers(t, ciso, q+"&datalek=ja")
		if strings.Contains(q, "datalek=nee") {
			datalekken = nil
		}
		for _, ext := range []string{"xlsx", "csv"} {
			read := func(path, sheet string) [][]string {
				if ext == "csv" {
					return exportCSV(t, ciso, path+".csv?"+q)
				}
				return exportXLSX(t, ciso, path+".xlsx?"+q, sheet)
			}
			reg := read("/incidenten/export", "Incidenten")
			expectHeader(t, "register "+ext, reg, incident.ExportColumns)
			if got := column(reg, 0); !slices.Equal(got, numbers) {
				t.Errorf("?%s register %s: %v, the list %v", q, ext, got, numbers)
			}
			ibd := read("/incidenten/ibd", "Incidenten IBD")
			expectHeader(t, "ibd "+ext, ibd, incident.IBDColumns)
			if len(ibd)-1 != len(numbers) {
				t.Errorf("?%s IBD %s: %d rows, the list %d", q, ext, len(ibd)-1, len(numbers))
			}
			dl := read("/incidenten/datalekregister", "Datalekregister")
			expectHeader(t, "datalekregister "+ext, dl, incident.DatalekColumns)
			if got := column(dl, 0); !slices.Equal(got, datalekken) && (len(got) != 0 || len(datalekken) != 0) {
				t.Errorf("?%s datalekregister %s: %v, the list %v", q, ext, got, datalekken)
			}
			// The IBD's columns carry no names and no descriptions.
			for _, r := range ibd[1:] {
				if len(r) > len(incident.IBDColumns) || !regexp.MustCompile(`^\d\d-\d\d-\d{4}$`).MatchString(r[0]) {
					t.Errorf("IBD row %v", r)
				}
			}
			if q == "impact=hoog" {
				for _, r := range ibd[1:] {
					if r[4] != "Hoog" {
						t.Errorf("?%s IBD row %v", q, r)
					}
				}
			}
		}
	}
	if len(listNumbers(t, ciso, "datalek=ja")) < 2 {
		t.Error("the demo data has too few datalekken")
	}
	for _, p := range []string{"/incidenten/export.csv?status=onzin", "/incidenten/ibd.xlsx?impact=groot", "/incidenten/datalekregister.csv?categorie=x"} {
		expectStatus(t, ciso.get(p), http.StatusBadRequest)
	}
}

// TestIncidentExportsScope: the exports follow the reader's scope; the
// reporter only where the register's page shows it, never for directie and
// college; the medewerker gets none.
func TestIncidentExportsScope(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	reporters := map[string]bool{}
	for _, n := range a.texts(`SELECT DISTINCT reporter_name FROM incidents WHERE reporter_name <> ''`) {
		reporters[n] = true
	}
	melder := slices.Index(incident.ExportColumns, "Melder")
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	named := 0
	for _, r := range exportCSV(t, ciso, "/incidenten/export.csv")[1:] {
		if reporters[r[melder]] {
			named++
		}
	}
	if named == 0 {
		t.Error("the CISO's register export names no reporter")
	}
	for _, who := range []string{"directie@voorbeeld.nl", "college@voorbeeld.nl"} {
		c := a.loggedIn(who)
		want := listNumbers(t, c, "")
		for name, sheet := range map[string]string{"/incidenten/export": "Incidenten", "/incidenten/ibd": "Incidenten IBD", "/incidenten/datalekregister": "Datalekregister"} {
			for _, got := range [][][]string{exportXLSX(t, c, name+".xlsx", sheet), exportCSV(t, c, name+".csv")} {
				for _, r := range got[1:] {
					for _, cell := range r {
						if reporters[cell] {
							t.Errorf("%s: %s names the reporter %q", who, name, cell)
						}
					}
				}
			}
		}
		reg := exportXLSX(t, c, "/incidenten/export.xlsx", "Incidenten")
		if got := column(reg, 0); !slices.Equal(got, want) || len(want) == 0 {
			t.Errorf("%s: register export %v, the list %v", who, got, want)
		}
		for _, r := range reg[1:] {
			if r[5] != "Hoog" {
				t.Errorf("%s's export holds %v", who, r)
			}
		}
	}
	dspo := a.loggedIn("dspo@voorbeeld.nl")
	if got, want := column(exportCSV(t, dspo, "/incidenten/datalekregister.csv"), 0), listNumbers(t, dspo, "datalek=ja"); !slices.Equal(got, want) || len(want) == 0 {
		t.Errorf("the DSPO's datalekregister %v, the list %v", got, want)
	}
	if got, all := len(exportCSV(t, dspo, "/incidenten/ibd.csv")), len(exportCSV(t, ciso, "/incidenten/ibd.csv")); got >= all {
		t.Errorf("the DSPO exports %d rows of the IBD export, the CISO %d", got, all)
	}
	// Another organisation's incidents are in no export.
	if n := a.id(`SELECT count(*) FROM incidents WHERE organisation_id = $1`, a.orgID(seed.Voorbeeld)); int64(len(exportCSV(t, ciso, "/incidenten/ibd.csv"))-1) != n {
		t.Errorf("the CISO's IBD export does not hold the %d incidents of the organisation", n)
	}
	m := a.loggedIn("medewerker@voorbeeld.nl")
	for _, p := range []string{"/incidenten/export.xlsx", "/incidenten/export.csv", "/incidenten/ibd.xlsx", "/incidenten/ibd.csv",
		"/incidenten/datalekregister.xlsx", "/incidenten/datalekregister.csv", "/incidenten/cijfers.xlsx", "/incidenten/maandoverzicht"} {
		expectStatus(t, m.get(p), http.StatusForbidden)
	}
}

// TestIncidentDatalekregister: every datalek with the decision, the
// rationale of not notifying, the moment and reference of a notification
// and whether it was in time.
func TestIncidentDatalekregister(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	fg := a.loggedIn("fg@voorbeeld.nl")
	rows := exportXLSX(t, fg, "/incidenten/datalekregister.xlsx", "Datalekregister")
	col := func(name string) int { return slices.Index(incident.DatalekColumns, name) }
	want := a.id(`SELECT count(*) FROM incidents WHERE organisation_id = $1 AND personal_data`, a.orgID(seed.Voorbeeld))
	if int64(len(rows)-1) != want {
		t.Errorf("%d datalekken in the register, want %d", len(rows)-1, want)
	}
	terms := map[string]int{}
	for _, r := range rows[1:] {
		r = append(r, make([]string, len(incident.DatalekColumns)-len(r))...)
		terms[r[col("Termijn van 72 uur")]]++
		switch r[col("Besluit")] {
		case "Niet melden":
			if r[col("Onderbouwing")] == "" || r[col("Gemeld bij de AP op")] != "" {
				t.Errorf("not notified without a rationale: %v", r)
			}
		case "Melden":
			if !regexp.MustCompile(`^\d\d-\d\d-\d{4} \d\d:\d\d$`).MatchString(r[col("Gemeld bij de AP op")]) {
				t.Errorf("notified without a moment: %v", r)
			}
		}
	}
	dbTerms := a.dbTerms()
	for _, k := range []string{incident.TermInTime, incident.TermLate, incident.TermNotNeeded, incident.TermOpen} {
		if terms[k] != dbTerms[k] {
			t.Errorf("%s: %d in the register, %d in the database", k, terms[k], dbTerms[k])
		}
	}
	if terms[incident.TermLate] == 0 || terms[incident.TermNotNeeded] == 0 {
		t.Errorf("the demo data lacks a late or a not notified datalek: %v", terms)
	}
}

// dbTerms counts the datalekken of Gemeente Voorbeeld by their term,
// straight from the database.
func (a *app) dbTerms() map[string]int {
	return a.countRows(`SELECT CASE
		WHEN ap_decision = 'melden' AND ap_notified_at <= discovered_at + interval '72 hours' THEN $2
		WHEN ap_decision = 'melden' THEN $3 WHEN ap_decision = 'niet_melden' THEN $4 ELSE $5 END, count(*)
		FROM incidents WHERE organisation_id = $1 AND personal_data GROUP BY 1`, a.orgID(seed.Voorbeeld),
		incident.TermInTime, incident.TermLate, incident.TermNotNeeded, incident.TermOpen)
}

// countRows reads the rows (key, count) of sql as a map.
func (a *app) countRows(sql string, args ...any) map[string]int {
	a.t.Helper()
	rows, err := a.db.Pool.Query(a.t.Context(), sql, args...)
	if err != nil {
		a.t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			a.t.Fatal(err)
		}
		out[k] = n
	}
	if err := rows.Err(); err != nil {
		a.t.Fatal(err)
	}
	return out
}

// TestIncidentFiguresExport: the workbook holds the page's figures.
func TestIncidentFiguresExport(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	for _, who := range []string{"ciso@voorbeeld.nl", "dspo@voorbeeld.nl", "directie@voorbeeld.nl"} {
		c := a.loggedIn(who)
		page := c.get("/incidenten/cijfers")
		expectContains(t, page, `href="/incidenten/cijfers.xlsx"`)
		summary := exportXLSX(t, c, "/incidenten/cijfers.xlsx", "Samenvatting")
		values := map[string]string{}
		for _, r := range summary[1:] {
			if len(r) == 2 {
				values[r[0]] = r[1]
			}
		}
		expectContains(t, page, ": "+values["Incidenten"]+" incidenten")
		for sheet, table := range map[string]string{"Per categorie": "per-categorie", "Per impact": "per-impact", "Per oorzaak": "per-oorzaak",
			"Per afdeling": "per-afdeling", "Per maand": "per-maand", "Datalekken": "datalekken"} {
			got := map[string]int{}
			for _, r := range exportXLSX(t, c, "/incidenten/cijfers.xlsx", sheet)[1:] {
				got[r[0]] = int(a.id(`SELECT $1::int`, r[1]))
			}
			expectCounts(t, who+" "+sheet, got, figureCells(t, page, table))
		}
	}
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	year := exportXLSX(t, ciso, "/incidenten/cijfers.xlsx?jaar=2025", "Samenvatting")
	if year[1][1] != "2025" {
		t.Errorf("period %v", year[1])
	}
	expectContains(t, ciso.get("/incidenten/cijfers?jaar=2025"), `href="/incidenten/cijfers.xlsx?jaar=2025"`)
	expectStatus(t, ciso.get("/incidenten/cijfers.xlsx?jaar=abc"), http.StatusBadRequest)
}
