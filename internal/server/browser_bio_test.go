package server_test

// Browser test of the BIO part of the portal: the control list and its
// filters, the control page, evidence upload and the CISO's review. Helpers
// (shared Chromium, axe-core, login) are in browser_helpers_test.go.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/baken-nl/baken/internal/seed"
)

// ownerCellsJS returns the text of the Eigenaar column of every control table
// on the list page; the column is found by its header, not its position.
const ownerCellsJS = `(() => {
	const owners = [];
	for (const table of document.querySelectorAll('main table.baken-table')) {
		const heads = Array.from(table.querySelectorAll('thead th')).map(th => th.textContent.trim());
		const col = heads.indexOf('Eigenaar');
		if (col < 0) continue;
		for (const tr of table.querySelectorAll('tbody tr')) {
			owners.push(tr.cells[col] ? tr.cells[col].textContent.trim() : '');
		}
	}
	return owners;
})()`

// numberCellsJS returns the control numbers of the list page (after the
// selection column for who may edit).
const numberCellsJS = `Array.from(document.querySelectorAll('main table.baken-table tbody tr td.control-list__number'))
	.map(td => td.textContent.trim())`

// TestBrowserBIOJourney walks an afdelingsmanager through the BIO list (the
// "only mine" filter), a status change of an own control and an evidence
// upload (valid, then without a file), and then the CISO through the review
// of that change and the GAP analysis. axe-core checks the pages; the
// database must hold the reviewed status and the uploaded file with its
// SHA-256.
func TestBrowserBIOJourney(t *testing.T) {
	a := newApp(t)
	ctx := newTab(t) // bounded by browserTimeout (30 s)
	console := watchConsole(t, ctx)
	axe := func(page string) { t.Helper(); checkAxe(t, ctx, page) }

	voorbeeld := a.orgID(seed.Voorbeeld)
	id, _ := a.controlOf("Burgerzaken")
	var number string
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT number FROM catalogue_items WHERE id = $1`, id).Scan(&number); err != nil {
		t.Fatalf("number of control %d: %v", id, err)
	}
	controlPath := "/bio/" + itoa(id)

	// 1. The manager has one organisation: no choice, straight to the home page.
	if browserLogin(t, ctx, a, "manager.burgerzaken@voorbeeld.nl", seed.Voorbeeld, nil) {
		t.Errorf("manager.burgerzaken@voorbeeld.nl (one organisation) was asked to choose an organisation")
	}
	do(t, ctx, "control list",
		chromedp.Navigate(a.ts.URL+"/bio"),
		chromedp.WaitVisible(chromedp.CSS("main table.baken-table tbody tr")),
	)
	if h1 := run(t, ctx, "list heading", chromedp.Text(chromedp.CSS("main#main h1"))); h1 != "BIO-maatregelen" {
		t.Errorf("list heading %q, want %q", h1, "BIO-maatregelen")
	}
	all := run(t, ctx, "owner cells (all)", chromedp.Evaluate[[]string](ownerCellsJS))
	if !containsOther(all, "Burgerzaken") {
		t.Fatalf("the unfiltered list shows only Burgerzaken as owner (%d rows); the filter test below would prove nothing", len(all))
	}
	axe("maatregelenlijst (/bio)")

	do(t, ctx, "tick Alleen mijn maatregelen", chromedp.Click(chromedp.ID("mijn")))
	clickAndLoad(t, ctx, "submit filter form", chromedp.CSS(`form.filters[action="/bio"] button[type="submit"]`))
	do(t, ctx, "filtered list", chromedp.WaitVisible(chromedp.CSS("main table.baken-table tbody tr")))
	expectPath(t, ctx, "/bio")
	if loc := run(t, ctx, "location", chromedp.Location()); !strings.Contains(loc, "mijn=1") {
		t.Errorf("filter URL %s lacks mijn=1", loc)
	}
	if !run(t, ctx, "checkbox stays ticked", chromedp.Evaluate[bool](`document.getElementById('mijn').checked`)) {
		t.Errorf("after filtering, the checkbox Alleen mijn maatregelen is not ticked")
	}
	mine := run(t, ctx, "owner cells (mine)", chromedp.Evaluate[[]string](ownerCellsJS))
	if len(mine) == 0 {
		t.Fatalf("the filtered list has no rows, want the controls of Burgerzaken")
	}
	if len(mine) >= len(all) {
		t.Errorf("the filter Alleen mijn maatregelen shows %d of %d rows; it did not narrow the list", len(mine), len(all))
	}
	for i, o := range mine {
		if o != "Burgerzaken" {
			t.Errorf("filtered list row %d has owner %q, want only Burgerzaken", i+1, o)
		}
	}
	if !slices.Contains(run(t, ctx, "numbers (mine)", chromedp.Evaluate[[]string](numberCellsJS)), number) {
		t.Errorf("filtered list lacks control %s of Burgerzaken", number)
	}

	// 2. The control page: change the status, type a note, save.
	const note = "Procedure vastgesteld in het MT (browsertest)"
	do(t, ctx, "control page",
		chromedp.Navigate(a.ts.URL+controlPath),
		chromedp.WaitVisible(chromedp.ID("f-status")),
	)
	if h1 := run(t, ctx, "control heading", chromedp.Text(chromedp.CSS("main#main h1"))); !strings.HasPrefix(h1, number+" ") {
		t.Errorf("control heading %q, want it to start with %q", h1, number)
	}
	axe("maatregelpagina (" + controlPath + ")")
	do(t, ctx, "choose status", chromedp.SetValue(chromedp.ID("f-status"), "geimplementeerd"))
	// chromedp.SetValue cannot set an empty value (it reports "could not set
	// value"), so the seeded note is cleared in the page.
	if !run(t, ctx, "clear notes", chromedp.Evaluate[bool](`(() => { const n = document.getElementById('f-notes'); n.value = ''; return n.value === ''; })()`)) {
		t.Fatalf("could not clear the notes field")
	}
	do(t, ctx, "type notes", chromedp.SendKeys(chromedp.ID("f-notes"), note))
	if got := run(t, ctx, "status select", chromedp.Value(chromedp.ID("f-status"))); got != "geimplementeerd" {
		t.Fatalf("status select holds %q after choosing geimplementeerd", got)
	}
	clickAndLoad(t, ctx, "save control", chromedp.CSS(`form[action="`+controlPath+`"] button[type="submit"]`))
	do(t, ctx, "control page with flash", chromedp.WaitVisible(chromedp.CSS("main .flash")))
	expectPath(t, ctx, controlPath)
	if flash := run(t, ctx, "flash", chromedp.Text(chromedp.CSS("main .flash"))); !strings.HasPrefix(flash, "Opgeslagen: ") || !strings.Contains(flash, "toelichting") {
		t.Errorf("flash %q, want it to name what was saved (Opgeslagen: … toelichting)", flash)
	}
	mainText := run(t, ctx, "control page text", chromedp.Text(chromedp.CSS("main#main")))
	if !strings.Contains(mainText, "Te beoordelen door de CISO") {
		t.Errorf("after the manager's change the page lacks %q", "Te beoordelen door de CISO")
	}
	if got := run(t, ctx, "notes after save", chromedp.Value(chromedp.ID("f-notes"))); got != note {
		t.Errorf("notes after saving are %q, want %q", got, note)
	}
	if got := run(t, ctx, "status after save", chromedp.Value(chromedp.ID("f-status"))); got != "geimplementeerd" {
		t.Errorf("status after saving is %q, want geimplementeerd", got)
	}

	// 3. Upload a PDF as evidence.
	pdf := []byte("%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	file := filepath.Join(t.TempDir(), "procedure-burgerzaken.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	const title = "Procedure burgerzaken (browsertest)"
	evidenceSubmit := chromedp.CSS(`form[action="` + controlPath + `/bewijs"] button[type="submit"]`)
	do(t, ctx, "fill in evidence form",
		chromedp.Click(chromedp.ID("f-kind-file")),
		chromedp.SendKeys(chromedp.ID("f-title"), title),
		chromedp.SetUploadFiles(chromedp.CSS(`#bewijs input[type=file]`), []string{file}),
	)
	if n := run(t, ctx, "chosen files", chromedp.Evaluate[int](`document.querySelector('#bewijs input[type=file]').files.length`)); n != 1 {
		t.Fatalf("file input holds %d files after SetUploadFiles, want 1", n)
	}
	clickAndLoad(t, ctx, "upload evidence", evidenceSubmit)
	do(t, ctx, "evidence table", chromedp.WaitVisible(chromedp.CSS(`#bewijs .table-wrap tbody tr`)))
	expectPath(t, ctx, controlPath)
	if flash := run(t, ctx, "flash", chromedp.Text(chromedp.CSS("main .flash"))); !strings.Contains(flash, "Het bestand is als bewijs toegevoegd.") {
		t.Errorf("flash %q, want %q", flash, "Het bestand is als bewijs toegevoegd.")
	}
	evidence := run(t, ctx, "evidence table text", chromedp.Text(chromedp.CSS(`#bewijs .table-wrap`)))
	for _, want := range []string{title, "procedure-burgerzaken.pdf", "Bestand"} {
		if !strings.Contains(evidence, want) {
			t.Errorf("evidence table lacks %q:\n%s", want, evidence)
		}
	}
	axe("maatregelpagina met bewijs (" + controlPath + "#bewijs)")

	// 4. The upload form again, Bestand chosen but no file.
	// "Bestand" is the default choice on a fresh page; no click needed (a click
	// right after the page settles could land on the radio below it).
	if checked := run(t, ctx, "file chosen by default", chromedp.Evaluate[bool](`document.getElementById('f-kind-file').checked`)); !checked {
		t.Fatal("the evidence form does not start with Bestand chosen")
	}
	if got := run(t, ctx, "title on the fresh form", chromedp.Value(chromedp.ID("f-title"))); got != "" {
		t.Errorf("after the upload the title field still holds %q, want it empty", got)
	}
	if n := run(t, ctx, "chosen files", chromedp.Evaluate[int](`document.querySelector('#bewijs input[type=file]').files.length`)); n != 0 {
		t.Fatalf("file input holds %d files on the fresh page, want 0", n)
	}
	clickAndLoad(t, ctx, "submit evidence form without file", evidenceSubmit)
	do(t, ctx, "error summary", chromedp.WaitVisible(chromedp.ID("error-summary")))
	expectPath(t, ctx, controlPath+"/bewijs")
	const fileErr = "Kies het bestand dat u wilt toevoegen."
	summary := run(t, ctx, "error summary text", chromedp.Text(chromedp.ID("error-summary")))
	for _, want := range []string{"Er is een probleem", fileErr} {
		if !strings.Contains(summary, want) {
			t.Errorf("error summary lacks %q:\n%s", want, summary)
		}
	}
	if link := run(t, ctx, "summary link to file", chromedp.AttributeValue(
		chromedp.Search(`//*[@id="error-summary"]//a[normalize-space(.)="`+fileErr+`"]`), "href")); link.Value != "#f-file" {
		t.Errorf("summary link for the file goes to %q, want #f-file", link.Value)
	}
	if got := run(t, ctx, "file field error", chromedp.Text(chromedp.ID("f-file-error"))); !strings.Contains(got, fileErr) {
		t.Errorf("error at the file field is %q, want %q", got, fileErr)
	}
	fileAttrs := run(t, ctx, "file field attributes", chromedp.Attributes(chromedp.ID("f-file")))
	if fileAttrs["aria-invalid"] != "true" || !strings.Contains(fileAttrs["aria-describedby"], "f-file-error") {
		t.Errorf("file field: aria-invalid=%q aria-describedby=%q, want true and f-file-error",
			fileAttrs["aria-invalid"], fileAttrs["aria-describedby"])
	}
	// The failed upload answers 422 on purpose; Chromium logs that as an error.
	console.check(t, "status of 422 (Unprocessable Entity)")

	// 5. The CISO, in a browser context of its own, reviews the change.
	cctx := newTab(t)
	cconsole := watchConsole(t, cctx)
	caxe := func(page string) { t.Helper(); checkAxe(t, cctx, page) }
	if !browserLogin(t, cctx, a, "ciso@voorbeeld.nl", seed.Voorbeeld, nil) {
		t.Errorf("ciso@voorbeeld.nl (two organisations) was not asked to choose an organisation")
	}
	do(t, cctx, "list to review",
		chromedp.Navigate(a.ts.URL+"/bio?beoordeling=te"),
		chromedp.WaitVisible(chromedp.CSS("main table.baken-table tbody tr")),
	)
	if !run(t, cctx, "review filter ticked", chromedp.Evaluate[bool](`document.getElementById('te-beoordelen').checked`)) {
		t.Errorf("on /bio?beoordeling=te the checkbox Alleen te beoordelen is not ticked")
	}
	if numbers := run(t, cctx, "numbers to review", chromedp.Evaluate[[]string](numberCellsJS)); !slices.Contains(numbers, number) {
		t.Errorf("list to review lacks control %s; it shows %v", number, numbers)
	}
	clickAndLoad(t, cctx, "open control "+number, chromedp.CSS(`main table.baken-table a[href="`+controlPath+`"]`))
	do(t, cctx, "control page (CISO)", chromedp.WaitVisible(chromedp.CSS("main#main h1")))
	expectPath(t, cctx, controlPath)
	clickAndLoad(t, cctx, "Markeer als beoordeeld", chromedp.Search(
		`//form[@action="`+controlPath+`/beoordelen"]//button[normalize-space(.)="Markeer als beoordeeld"]`))
	do(t, cctx, "control page after review", chromedp.WaitVisible(chromedp.CSS("main .flash")))
	expectPath(t, cctx, controlPath)
	if flash := run(t, cctx, "flash", chromedp.Text(chromedp.CSS("main .flash"))); !strings.Contains(flash, "De maatregel is gemarkeerd als beoordeeld.") {
		t.Errorf("flash %q, want %q", flash, "De maatregel is gemarkeerd als beoordeeld.")
	}
	reviewed := run(t, cctx, "control page text", chromedp.Text(chromedp.CSS("main#main")))
	if !strings.Contains(reviewed, "Beoordeeld door Carla Smit (CISO)") {
		t.Errorf("after the review the page lacks %q", "Beoordeeld door Carla Smit (CISO)")
	}
	if strings.Contains(reviewed, "Te beoordelen door de CISO") {
		t.Errorf("after the review the page still says %q", "Te beoordelen door de CISO")
	}
	do(t, cctx, "GAP analysis",
		chromedp.Navigate(a.ts.URL+"/bio/gap"),
		chromedp.WaitVisible(chromedp.CSS("main#main h1")),
	)
	if h1 := run(t, cctx, "GAP heading", chromedp.Text(chromedp.CSS("main#main h1"))); h1 != "GAP-analyse" {
		t.Errorf("GAP heading %q, want %q", h1, "GAP-analyse")
	}
	caxe("GAP-analyse (/bio/gap)")
	cconsole.check(t)

	// 6. The database: reviewed by the CISO, and the file with its checksum.
	bg := context.Background()
	var (
		status, notes string
		needsReview   bool
		reviewedBy    *int64
	)
	if err := a.db.Pool.QueryRow(bg, `SELECT status, notes, needs_review, reviewed_by FROM control_statuses
		WHERE organisation_id = $1 AND item_id = $2`, voorbeeld, id).Scan(&status, &notes, &needsReview, &reviewedBy); err != nil {
		t.Fatalf("read control status: %v", err)
	}
	if status != "geimplementeerd" || notes != note {
		t.Errorf("stored status %q, notes %q; want geimplementeerd and %q", status, notes, note)
	}
	if needsReview {
		t.Errorf("needs_review is still true after the CISO's review")
	}
	if ciso := a.id(`SELECT id FROM users WHERE email = 'ciso@voorbeeld.nl'`); reviewedBy == nil || *reviewedBy != ciso {
		t.Errorf("reviewed_by = %v, want the CISO (user %d)", reviewedBy, ciso)
	}
	sum := sha256.Sum256(pdf)
	rows, err := a.db.Pool.Query(bg, `SELECT title, filename, content_type, size_bytes, sha256, content FROM evidence
		WHERE organisation_id = $1 AND item_id = $2 AND kind = 'file' AND removed_at IS NULL`, voorbeeld, id)
	if err != nil {
		t.Fatalf("read evidence: %v", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		var (
			eTitle, eName, eType, eSum string
			size                       int64
			content                    []byte
		)
		if err := rows.Scan(&eTitle, &eName, &eType, &size, &eSum, &content); err != nil {
			t.Fatalf("scan evidence: %v", err)
		}
		if eTitle != title || eName != "procedure-burgerzaken.pdf" || eType != "application/pdf" || size != int64(len(pdf)) {
			t.Errorf("stored evidence: title %q, filename %q, type %q, size %d; want %q, procedure-burgerzaken.pdf, application/pdf, %d",
				eTitle, eName, eType, size, title, len(pdf))
		}
		if want := hex.EncodeToString(sum[:]); eSum != want {
			t.Errorf("stored sha256 %s, want %s (of the uploaded bytes)", eSum, want)
		}
		if string(content) != string(pdf) {
			t.Errorf("stored content (%d bytes) differs from the uploaded file (%d bytes)", len(content), len(pdf))
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("read evidence: %v", err)
	}
	if n != 1 {
		t.Errorf("%d file evidence rows for the control, want 1 (the failed upload must store nothing)", n)
	}
}

// containsOther reports whether list holds a value other than s.
func containsOther(list []string, s string) bool {
	for _, v := range list {
		if v != s {
			return true
		}
	}
	return false
}
