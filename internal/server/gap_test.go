package server_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/report"
	"github.com/baken-nl/baken/internal/seed"
)

// gapItems is the SQL for Gemeente Voorbeeld's BIO2 controls and measures
// with their status; cond narrows it. It is written apart from the
// compliance queries, so the tests check the page against the data.
const gapItems = `
	FROM catalogue_items i
	JOIN frameworks f ON f.id = i.framework_id AND f.organisation_id IS NULL AND f.code = 'BIO2'
	LEFT JOIN control_statuses s ON s.item_id = i.id AND s.organisation_id = $1
	WHERE i.kind IN ('control', 'measure')`

// gapApplicable selects the items the GAP figures count.
const gapApplicable = ` AND coalesce(s.applicable, true) AND coalesce(s.status, 'niet_gestart') <> 'niet_van_toepassing'`

// gapImplemented is the roll-up rule in SQL: implemented, and for a control
// no applicable government measure under it that is not implemented.
const gapImplemented = ` AND s.status = 'geimplementeerd' AND NOT EXISTS (SELECT 1 FROM catalogue_items m
	LEFT JOIN control_statuses ms ON ms.item_id = m.id AND ms.organisation_id = $1
	WHERE i.kind = 'control' AND m.parent_id = i.id AND m.kind = 'measure' AND coalesce(ms.applicable, true)
	  AND coalesce(ms.status, 'niet_gestart') NOT IN ('niet_van_toepassing', 'geimplementeerd'))`

func (a *app) gapCount(cond string) int64 {
	a.t.Helper()
	return a.id(`SELECT count(*) `+gapItems+cond, a.orgID(seed.Voorbeeld))
}

// gapRowOf returns the HTML of the table row with the given id.
func gapRowOf(t *testing.T, r response, id string) string {
	t.Helper()
	start := strings.Index(r.body, `<tr id="`+id+`"`)
	if start < 0 {
		t.Fatalf("%s: no row %s\n%s", r.Request.URL, id, trim(r.body))
	}
	end := strings.Index(r.body[start:], "</tr>")
	return r.body[start : start+end]
}

func gapExpectInRow(t *testing.T, row, what string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(row, w) {
			t.Errorf("%s: row lacks %q\n%s", what, w, row)
		}
	}
}

func TestGapPageAsCISO(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	page := ciso.get("/bio/gap")
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, "GAP-analyse", "4 – Beheerst en meetbaar", "31-12-2027",
		`id="gap-groep-5"`, `id="gap-groep-6"`, `id="gap-groep-7"`, `id="gap-groep-8"`, ">Totaal", "Op ambitieniveau",
		`href="/bio/export/vvt.xlsx"`, `href="/bio/export/gap.xlsx"`, `href="/bio/export/gap.pdf"`, "<meter")
	gapExpectInRow(t, gapRowOf(t, page, "gap-groep-5"), "theme 5", "5 Organisatorisch")

	applicable := a.gapCount(gapApplicable)
	implemented := a.gapCount(gapApplicable + gapImplemented)
	if stored := a.gapCount(gapApplicable + ` AND s.status = 'geimplementeerd'`); stored <= implemented {
		t.Fatalf("the demo data has no control held back by its measures: %d stored, %d rolled up", stored, implemented)
	}
	withEvidence := a.gapCount(gapApplicable + ` AND EXISTS (SELECT 1 FROM evidence e WHERE e.item_id = i.id AND e.organisation_id = s.organisation_id AND e.removed_at IS NULL)`)
	noOwner := a.gapCount(gapApplicable + ` AND s.owner_department_id IS NULL`)
	overdue := a.gapCount(gapApplicable + ` AND s.next_review < current_date`)
	atAmbition := a.gapCount(gapApplicable + ` AND s.maturity >= 4`)
	needsReview := a.gapCount(gapApplicable + ` AND s.needs_review`)
	if implemented == 0 || noOwner == 0 || overdue == 0 || atAmbition == 0 {
		t.Fatalf("the demo data lacks a spread: implemented %d, no owner %d, overdue %d, at ambition %d", implemented, noOwner, overdue, atAmbition)
	}
	pct := func(n int64) string { return itoa((n*100+applicable/2)/applicable) + "%" }
	total := gapRowOf(t, page, "gap-totaal")
	gapExpectInRow(t, total, "total", ">"+itoa(applicable)+"<", pct(implemented)+"&nbsp;", `data-gap-count="`+itoa(implemented)+`" href="/bio?geimplementeerd=ja&amp;toepassing=ja"`,
		pct(withEvidence)+"&nbsp;", `data-gap-count="`+itoa(withEvidence)+`" href="/bio?bewijs=ja&amp;toepassing=ja"`,
		">"+itoa(atAmbition)+"<", ">"+itoa(noOwner)+"<", ">"+itoa(overdue)+"<", ">"+itoa(needsReview)+"<")

	// Average maturity with a Dutch decimal comma.
	var avg float64
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT avg(s.maturity) `+gapItems+gapApplicable+` AND s.maturity IS NOT NULL`, a.orgID(seed.Voorbeeld)).Scan(&avg); err != nil {
		t.Fatal(err)
	}
	gapExpectInRow(t, total, "total", ">"+strings.Replace(strconv.FormatFloat(avg, 'f', 1, 64), ".", ",", 1)+"<")

	// The attention lists: the headings carry the full count, a row links to the control.
	expectContains(t, page, "Zonder eigenaar ("+itoa(noOwner)+")", "Herbeoordeling te laat ("+itoa(overdue)+")", "30-06-2026")
	first := a.id(`SELECT i.id `+gapItems+gapApplicable+` AND s.owner_department_id IS NULL ORDER BY i.sort_key LIMIT 1`, a.orgID(seed.Voorbeeld))
	expectContains(t, page, `href="/bio/`+itoa(first)+`"`)
	if overdue > 50 && !strings.Contains(page.body, "en "+itoa(overdue-50)+" meer") {
		t.Errorf("the overdue list is not capped at 50")
	}
}

func TestGapFiltersChangeTheCounts(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	page := ciso.get("/bio/gap?status=niet_gestart")
	expectStatus(t, page, http.StatusOK)
	notStarted := a.gapCount(gapApplicable + ` AND coalesce(s.status, 'niet_gestart') = 'niet_gestart'`)
	total := gapRowOf(t, page, "gap-totaal")
	gapExpectInRow(t, total, "filtered total", ">"+itoa(notStarted)+"<", `0%&nbsp;<span class="text-muted">(<a class="utrecht-link" data-gap-count="0"`)
	// The exports keep the filter; the form shows it.
	expectContains(t, page, `href="/bio/export/gap.pdf?status=niet_gestart"`, `href="/bio/export/vvt.xlsx?status=niet_gestart"`,
		`<option value="niet_gestart" selected>`)

	// Owner filter: only one afdeling's controls.
	voorbeeld := a.orgID(seed.Voorbeeld)
	burgerzaken := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Burgerzaken'`, voorbeeld)
	owned := a.gapCount(gapApplicable + ` AND s.owner_department_id = ` + itoa(burgerzaken))
	page = ciso.get("/bio/gap?afdeling=" + itoa(burgerzaken))
	gapExpectInRow(t, gapRowOf(t, page, "gap-totaal"), "owner total", ">"+itoa(owned)+"<")
	expectContains(t, page, "Zonder eigenaar (0)")

	// Nothing matches: the empty state, no table.
	page = ciso.get("/bio/gap?q=" + url.QueryEscape("bestaat-niet-xyz"))
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, "Geen maatregelen gevonden met deze filters.")
	if strings.Contains(page.body, `id="gap-totaal"`) {
		t.Error("empty selection still shows the summary table")
	}
}

func TestGapWithoutAmbition(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	if _, err := a.db.Pool.Exec(context.Background(), `UPDATE organisations SET target_maturity = NULL, target_date = NULL WHERE id = $1`, a.orgID(seed.Voorbeeld)); err != nil {
		t.Fatal(err)
	}
	page := a.loggedIn("directie@voorbeeld.nl").get("/bio/gap")
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, "De directie heeft nog geen ambitie vastgesteld", `href="/ambitie"`, `id="gap-totaal"`)
}

// gapDownload fetches an export and checks the headers of a download.
func gapDownload(t *testing.T, c *client, path, contentType, prefix, ext string) []byte {
	t.Helper()
	resp := c.get(path)
	expectStatus(t, resp, http.StatusOK)
	if got := resp.Header.Get("Content-Type"); got != contentType {
		t.Errorf("%s: Content-Type %q", path, got)
	}
	want := `attachment; filename=` + prefix + `-gemeente-voorbeeld-bio2-` + report.Local(time.Now()).Format("2006-01-02") + "." + ext
	if got := resp.Header.Get("Content-Disposition"); got != want {
		t.Errorf("%s: Content-Disposition %q, want %q", path, got, want)
	}
	if got := resp.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("%s: Cache-Control %q", path, got)
	}
	return []byte(resp.body)
}

func gapOpenWorkbook(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("open xlsx: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestVVTExportAsCISO(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	f := gapOpenWorkbook(t, gapDownload(t, ciso, "/bio/export/vvt.xlsx", report.ContentTypeXLSX, "vvt", "xlsx"))
	rows, err := f.GetRows(report.SheetVVT)
	if err != nil {
		t.Fatal(err)
	}
	header := strings.Join(rows[0], "|")
	for _, h := range []string{"Nummer", "Soort", "Titel", "Thema", "Van toepassing", "Onderbouwing", "Eigenaar", "Status", "Opzet", "Bestaan", "Werking",
		"Volwassenheid", "Toelichting", "Laatste beoordeling", "Volgende beoordeling", "Te beoordelen", "Aantal bewijsstukken", "Hygiëne"} {
		if !strings.Contains(header, h) {
			t.Errorf("header lacks %q: %s", h, header)
		}
	}
	if want := a.gapCount(""); int64(len(rows)-1) != want {
		t.Errorf("VvT has %d data rows, the framework %d controls and measures", len(rows)-1, want)
	}
	col := func(name string) int {
		for i, h := range rows[0] {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %q", name)
		return 0
	}
	var status, owner string
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT coalesce(s.status, 'niet_gestart'), coalesce(d.name, '') `+
		strings.Replace(gapItems, "WHERE", "LEFT JOIN departments d ON d.id = s.owner_department_id WHERE", 1)+` AND i.number = '5.1'`,
		a.orgID(seed.Voorbeeld)).Scan(&status, &owner); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows[1:] {
		if len(r) > 0 && r[0] == "5.1" {
			found = true
			if r[col("Status")] != compliance.Status(status).Label() || r[col("Eigenaar")] != owner || r[col("Soort")] != "Beheersmaatregel" {
				t.Errorf("row 5.1: status %q owner %q kind %q; the database says %q, %q", r[col("Status")], r[col("Eigenaar")], r[col("Soort")], status, owner)
			}
			if r[col("Laatste beoordeling")] != "15-03-2026" {
				t.Errorf("row 5.1: last review %q", r[col("Laatste beoordeling")])
			}
		}
	}
	if !found {
		t.Error("no row for 5.1")
	}
	// Dates are real dates: a number with a date format.
	if typ, _ := f.GetCellType(report.SheetVVT, "O2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("last review is written as text (type %v)", typ)
	}

	// The filter of the page applies to the export.
	filtered := gapOpenWorkbook(t, gapDownload(t, ciso, "/bio/export/vvt.xlsx?status=niet_gestart", report.ContentTypeXLSX, "vvt", "xlsx"))
	rows, _ = filtered.GetRows(report.SheetVVT)
	if want := a.gapCount(` AND coalesce(s.status, 'niet_gestart') = 'niet_gestart'`); int64(len(rows)-1) != want {
		t.Errorf("filtered VvT has %d rows, want %d", len(rows)-1, want)
	}
}

// TestVVTPDFExport: the CISO downloads the VvT as PDF from the GAP page and
// the list of controls, with the filter carried; the afdelingsmanager may not.
func TestVVTPDFExport(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	expectContains(t, ciso.get("/bio/gap?status=niet_gestart"), `href="/bio/export/vvt.pdf?status=niet_gestart"`, "Verklaring van Toepasselijkheid (PDF)")
	expectContains(t, ciso.get("/bio"), `href="/bio/export/vvt.pdf"`, "Verklaring van Toepasselijkheid (PDF)")

	pdf := gapDownload(t, ciso, "/bio/export/vvt.pdf", report.ContentTypePDF, "vvt", "pdf")
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 8000 {
		t.Errorf("PDF of %d bytes starting %q", len(pdf), pdf[:min(len(pdf), 8)])
	}
	filtered := gapDownload(t, ciso, "/bio/export/vvt.pdf?status=niet_gestart&afdeling=geen", report.ContentTypePDF, "vvt", "pdf")
	if !bytes.HasPrefix(filtered, []byte("%PDF-")) {
		t.Error("filtered PDF is no PDF")
	}

	manager := a.loggedIn("manager.burgerzaken@voorbeeld.nl")
	expectStatus(t, manager.get("/bio/export/vvt.pdf"), http.StatusForbidden)
	for _, p := range []string{"/bio", "/bio/gap"} {
		if page := manager.get(p); strings.Contains(page.body, "/bio/export/vvt.pdf") {
			t.Errorf("%s offers the afdelingsmanager the VvT PDF", p)
		}
	}
}

func TestGapExportsAsCISO(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	f := gapOpenWorkbook(t, gapDownload(t, ciso, "/bio/export/gap.xlsx", report.ContentTypeXLSX, "gap", "xlsx"))
	if got := f.GetSheetList(); len(got) != 3 || got[0] != report.SheetGap || got[1] != report.SheetControls || got[2] != report.SheetOwners {
		t.Fatalf("sheets %v", got)
	}
	if h, err := f.GetRowHeight(report.SheetGap, 1); err != nil || h < 30 {
		t.Errorf("GAP header row height %v (%v)", h, err)
	}
	// Per afdeling: a row per owner afdeling, "Zonder eigenaar", the total.
	owners, _ := f.GetRows(report.SheetOwners)
	burgerzaken := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Burgerzaken'`, a.orgID(seed.Voorbeeld))
	want := map[string]string{"Burgerzaken": itoa(a.gapCount(gapApplicable + ` AND s.owner_department_id = ` + itoa(burgerzaken))),
		"Zonder eigenaar": itoa(a.gapCount(gapApplicable + ` AND s.owner_department_id IS NULL`)), "Totaal": itoa(a.gapCount(gapApplicable))}
	for _, r := range owners {
		if w, ok := want[r[0]]; ok {
			if r[1] != w {
				t.Errorf("Per afdeling %s: %s applicable, want %s", r[0], r[1], w)
			}
			delete(want, r[0])
		}
	}
	if len(want) > 0 || owners[0][0] != "Afdeling" {
		t.Errorf("Per afdeling lacks rows %v: %v", want, owners)
	}
	summary, _ := f.GetRows(report.SheetGap)
	if len(summary) < 6 || summary[1][0] != "5" || summary[5][1] != "Totaal" {
		t.Fatalf("summary sheet: %v", summary)
	}
	if got, want := summary[5][2], itoa(a.gapCount(gapApplicable)); got != want {
		t.Errorf("total applicable %s, want %s", got, want)
	}
	if got, want := summary[5][3], itoa(a.gapCount(gapApplicable+gapImplemented)); got != want {
		t.Errorf("total implemented %s, want %s", got, want)
	}
	controls, _ := f.GetRows(report.SheetControls)
	if want := a.gapCount(""); int64(len(controls)-1) != want {
		t.Errorf("sheet Maatregelen has %d rows, want %d", len(controls)-1, want)
	}

	pdf := gapDownload(t, ciso, "/bio/export/gap.pdf", report.ContentTypePDF, "gap", "pdf")
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 4000 {
		t.Errorf("PDF of %d bytes starting %q", len(pdf), pdf[:min(len(pdf), 8)])
	}
	filtered := gapDownload(t, ciso, "/bio/export/gap.pdf?status=niet_gestart&afdeling=geen", report.ContentTypePDF, "gap", "pdf")
	if !bytes.HasPrefix(filtered, []byte("%PDF-")) {
		t.Error("filtered PDF is no PDF")
	}
}

func TestGapManagerSeesPageButNoExports(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	manager := a.loggedIn("manager.burgerzaken@voorbeeld.nl")
	page := manager.get("/bio/gap")
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, `id="gap-totaal"`, "Alleen mijn maatregelen")
	if strings.Contains(page.body, "/bio/export/") {
		t.Error("the afdelingsmanager is offered the exports")
	}
	for _, p := range []string{"/bio/export/vvt.xlsx", "/bio/export/gap.xlsx", "/bio/export/gap.pdf"} {
		expectStatus(t, manager.get(p), http.StatusForbidden)
	}
	// "Mijn afdeling" narrows the analysis to the manager's afdeling.
	burgerzaken := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Burgerzaken'`, a.orgID(seed.Voorbeeld))
	mine := manager.get("/bio/gap?mijn=1")
	gapExpectInRow(t, gapRowOf(t, mine, "gap-totaal"), "mine", ">"+itoa(a.gapCount(gapApplicable+` AND s.owner_department_id = `+itoa(burgerzaken)))+"<")

	// The directie may export.
	directie := a.loggedIn("directie@voorbeeld.nl")
	gapDownload(t, directie, "/bio/export/gap.pdf", report.ContentTypePDF, "gap", "pdf")
}

// TestGapExportQueryCountIsFixed proves the exports cost the same number of
// queries for BIO2 and for the larger BIO 1.04: no query per row.
func TestGapExportQueryCountIsFixed(t *testing.T) {
	t.Parallel()
	d, counter := dbtest.NewCounted(t)
	a := newAppOn(t, d)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	paths := []string{"/bio/gap", "/bio/export/vvt.xlsx", "/bio/export/gap.xlsx", "/bio/export/gap.pdf"}
	measure := func() []int64 {
		var out []int64
		for _, p := range paths {
			before := counter.Count()
			expectStatus(t, ciso.get(p), http.StatusOK)
			out = append(out, counter.Count()-before)
		}
		return out
	}
	bio2 := measure()
	bio104 := a.id(`SELECT id FROM frameworks WHERE organisation_id IS NULL AND code = 'BIO1.04'`)
	expectStatus(t, ciso.post("/bio/instellingen", url.Values{"framework_id": {itoa(bio104)}}), http.StatusSeeOther)
	other := measure()
	for i, p := range paths {
		if bio2[i] != other[i] {
			t.Errorf("%s: %d queries for BIO2, %d for BIO 1.04: the count depends on the catalogue size", p, bio2[i], other[i])
		}
		if bio2[i] > 12 {
			t.Errorf("%s takes %d queries", p, bio2[i])
		}
	}
	// BIO 1.04 names its groups chapters.
	expectContains(t, ciso.get("/bio/gap"), "Per hoofdstuk")
}

// BenchmarkGapPage measures the GAP analysis of the CISO: the whole BIO2
// catalogue summarised per theme.
func BenchmarkGapPage(b *testing.B) {
	a := newApp(b)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	for b.Loop() {
		if r := ciso.get("/bio/gap"); r.StatusCode != http.StatusOK {
			b.Fatalf("status %d", r.StatusCode)
		}
	}
}

// TestBrowserGapPage opens the GAP analysis in Chromium: the summary and
// the lists render without console errors and pass axe-core.
func TestBrowserGapPage(t *testing.T) {
	a := newApp(t)
	ctx := newTab(t)
	console := watchConsole(t, ctx)
	browserLogin(t, ctx, a, "ciso@voorbeeld.nl", seed.Voorbeeld, nil)
	do(t, ctx, "GAP page",
		chromedp.Navigate(a.ts.URL+"/bio/gap"),
		chromedp.WaitVisible(chromedp.ID("gap-totaal")),
	)
	total := run(t, ctx, "total row", chromedp.Text(chromedp.ID("gap-totaal")))
	if !strings.Contains(total, "Totaal") || !strings.Contains(total, "%") {
		t.Errorf("total row %q", total)
	}
	checkAxe(t, ctx, "GAP-analyse (/bio/gap)")
	console.check(t)
}
