package server_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/report"
	"github.com/baken-nl/baken/internal/seed"
)

// vvtExport is the CISO's VvT download, opened for editing as in Excel.
type vvtExport struct {
	t    *testing.T
	f    *excelize.File
	rows [][]string
}

func exportVVT(t *testing.T, c *client) *vvtExport {
	t.Helper()
	resp := c.get("/bio/export/vvt.xlsx")
	expectStatus(t, resp, http.StatusOK)
	f, err := excelize.OpenReader(strings.NewReader(resp.body))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	rows, err := f.GetRows(report.SheetVVT)
	if err != nil {
		t.Fatal(err)
	}
	return &vvtExport{t: t, f: f, rows: rows}
}

// set writes a cell of the row of number in the column titled column.
func (e *vvtExport) set(number, column string, v any) {
	e.t.Helper()
	col := -1
	for i, h := range e.rows[0] {
		if h == column {
			col = i
		}
	}
	for r, row := range e.rows {
		if r > 0 && row[0] == number && col >= 0 {
			cell, _ := excelize.CoordinatesToCellName(col+1, r+1)
			if err := e.f.SetCellValue(report.SheetVVT, cell, v); err != nil {
				e.t.Fatal(err)
			}
			return
		}
	}
	e.t.Fatalf("no cell %s / %s in the export", number, column)
}

func (e *vvtExport) bytes() []byte {
	e.t.Helper()
	b, err := e.f.WriteToBuffer()
	if err != nil {
		e.t.Fatal(err)
	}
	return b.Bytes()
}

// startImport uploads a status file and follows to its preview.
func startImport(t *testing.T, c *client, name string, content []byte) (string, response) {
	t.Helper()
	resp := c.postMultipart("/bio/import", nil, &upload{name: name, declared: "application/octet-stream", content: content})
	expectStatus(t, resp, http.StatusSeeOther)
	loc := resp.Header.Get("Location")
	if !strings.HasPrefix(loc, "/bio/import/") {
		t.Fatalf("upload redirects to %q", loc)
	}
	preview := c.get(loc)
	expectStatus(t, preview, http.StatusOK)
	return loc, preview
}

func (a *app) itemID(number string) int64 {
	return a.id(`SELECT i.id `+gapItems+` AND i.number = $2`, a.orgID(seed.Voorbeeld), number)
}

// statusOf is the stored notes, status and version of a BIO2 item of Gemeente Voorbeeld.
func (a *app) statusOf(number string) (notes, status string, version int64) {
	a.t.Helper()
	err := a.db.Pool.QueryRow(context.Background(), `SELECT coalesce(s.notes, ''), coalesce(s.status, 'niet_gestart'), coalesce(s.version, 0) `+
		gapItems+` AND i.number = $2`, a.orgID(seed.Voorbeeld), number).Scan(&notes, &status, &version)
	if err != nil {
		a.t.Fatal(err)
	}
	return notes, status, version
}

// untouched makes a BIO2 measure of Gemeente Voorbeeld untouched again (the
// seed gives every item a status) and returns its number.
func (a *app) untouched() string {
	a.t.Helper()
	var n string
	if err := a.db.Pool.QueryRow(context.Background(), `DELETE FROM control_statuses s USING catalogue_items i
		WHERE s.organisation_id = $1 AND i.id = s.item_id AND i.id = (SELECT i.id `+gapItems+` AND i.kind = 'measure' ORDER BY i.sort_key DESC LIMIT 1)
		RETURNING i.number`, a.orgID(seed.Voorbeeld)).Scan(&n); err != nil {
		a.t.Fatal(err)
	}
	return n
}

// touched is a BIO2 control with a stored status other than 5.1.
func (a *app) touched(skip ...string) string {
	a.t.Helper()
	var n string
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT i.number `+gapItems+` AND s.item_id IS NOT NULL AND s.applicable AND i.kind = 'control'
		AND NOT i.number = ANY($2) ORDER BY i.sort_key LIMIT 1`, a.orgID(seed.Voorbeeld), append(skip, "5.1")).Scan(&n); err != nil {
		a.t.Fatal(err)
	}
	return n
}

func (a *app) controlEvents() int64 {
	return a.id(`SELECT count(*) FROM audit_events WHERE organisation_id = $1 AND entity = 'control'`, a.orgID(seed.Voorbeeld))
}

// TestStatusImportPreviewThenConfirm: the CISO edits the exported VvT; the
// upload only shows what changes, the confirmation applies it all at once
// with an audit event per control, and a second confirmation does nothing.
func TestStatusImportPreviewThenConfirm(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	fresh := a.untouched()
	notes51, _, version51 := a.statusOf("5.1")
	events := a.controlEvents()

	e := exportVVT(t, ciso)
	e.set("5.1", "Toelichting", "Bijgewerkt in Excel")
	e.set(fresh, "Status", "In uitvoering")
	e.set(fresh, "Eigenaar", "burgerzaken")
	e.set(fresh, "Volwassenheid", 2)
	id, preview := startImport(t, ciso, "vvt bewerkt.xlsx", e.bytes())
	expectContains(t, preview, "Controle van de import", "Er is nog niets opgeslagen", "2 maatregelen wijzigen",
		"Bijgewerkt in Excel", "Niet gestart → In uitvoering", "— → Burgerzaken", "Niet bepaald → 2 – Herhaalbaar", "2 maatregelen bijwerken",
		`action="`+id+`/bevestigen"`)
	if n, _, v := a.statusOf("5.1"); n != notes51 || v != version51 {
		t.Fatalf("the preview changed 5.1: %q version %d", n, v)
	}
	if _, _, v := a.statusOf(fresh); v != 0 {
		t.Fatalf("the preview stored a status for %s", fresh)
	}
	if a.controlEvents() != events {
		t.Fatal("the preview recorded audit events")
	}

	resp := ciso.post(id+"/bevestigen", nil)
	expectStatus(t, resp, http.StatusSeeOther)
	if resp.Header.Get("Location") != id {
		t.Errorf("confirm redirects to %q", resp.Header.Get("Location"))
	}
	done := ciso.get(id)
	expectContains(t, done, "2 maatregel(en) bijgewerkt.", "Import toegepast", "Bijgewerkt in Excel")
	if n, _, v := a.statusOf("5.1"); n != "Bijgewerkt in Excel" || v != version51+1 {
		t.Errorf("5.1 after confirm: %q version %d", n, v)
	}
	_, st, v := a.statusOf(fresh)
	owner := a.id(`SELECT coalesce(s.owner_department_id, 0) FROM control_statuses s WHERE s.item_id = $1`, a.itemID(fresh))
	burgerzaken := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Burgerzaken'`, a.orgID(seed.Voorbeeld))
	if st != "in_uitvoering" || v != 1 || owner != burgerzaken {
		t.Errorf("%s after confirm: %s version %d owner %d", fresh, st, v, owner)
	}
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'control' AND summary LIKE '%via import (vvt bewerkt.xlsx)%' AND before IS NOT NULL AND after IS NOT NULL`); n != 2 {
		t.Errorf("audit events of the import: %d, want 2", n)
	}
	if a.controlEvents() != events+2 {
		t.Errorf("control events %d → %d", events, a.controlEvents())
	}
	// The CISO's own change counts as reviewed, as in the form.
	if n := a.id(`SELECT count(*) FROM control_statuses WHERE item_id = $1 AND NOT needs_review AND reviewed_by IS NOT NULL`, a.itemID(fresh)); n != 1 {
		t.Error("the CISO's import must count as reviewed")
	}

	// Confirming again changes nothing.
	resp = ciso.post(id+"/bevestigen", nil)
	expectStatus(t, resp, http.StatusSeeOther)
	expectContains(t, ciso.get(id), "Deze import is al toegepast")
	if _, _, v := a.statusOf("5.1"); v != version51+1 {
		t.Errorf("second confirm changed 5.1 again: version %d", v)
	}
	if a.controlEvents() != events+2 {
		t.Error("second confirm recorded events")
	}
}

// TestStatusImportConflicts: rows changed by someone else since the export,
// or between the preview and the confirmation, are reported and keep the
// other person's change; the rest is applied.
func TestStatusImportConflicts(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	later := a.touched()
	ok := a.touched(later)
	e := exportVVT(t, ciso)
	e.set("5.1", "Toelichting", "Mijn versie van 5.1")
	e.set(later, "Toelichting", "Mijn versie van "+later)
	e.set(ok, "Toelichting", "Mijn versie van "+ok)

	// Someone else changes 5.1 after the export.
	a.exec(`UPDATE control_statuses SET notes = 'Door de afdeling', version = version + 1 WHERE organisation_id = $1 AND item_id = $2`,
		a.orgID(seed.Voorbeeld), a.itemID("5.1"))
	id, preview := startImport(t, ciso, "vvt.xlsx", e.bytes())
	expectContains(t, preview, "Conflict", "5.1 is gewijzigd sinds de export", "2 maatregelen wijzigen", "Mijn versie van "+later)

	// And someone changes another row between the preview and the confirmation.
	a.exec(`UPDATE control_statuses SET notes = 'Tussendoor', version = version + 1 WHERE organisation_id = $1 AND item_id = $2`,
		a.orgID(seed.Voorbeeld), a.itemID(later))
	expectStatus(t, ciso.post(id+"/bevestigen", nil), http.StatusSeeOther)
	done := ciso.get(id)
	expectContains(t, done, "1 maatregel(en) bijgewerkt. 2 rij(en) niet overgenomen", "waarvan 2 conflicten", later+" is gewijzigd sinds de export")
	if n, _, _ := a.statusOf("5.1"); n != "Door de afdeling" {
		t.Errorf("5.1 overwritten: %q", n)
	}
	if n, _, _ := a.statusOf(later); n != "Tussendoor" {
		t.Errorf("%s overwritten: %q", later, n)
	}
	if n, _, _ := a.statusOf(ok); n != "Mijn versie van "+ok {
		t.Errorf("%s not applied: %q", ok, n)
	}
}

// TestStatusImportOfAnUnchangedExport: export and import again is nothing to do.
func TestStatusImportOfAnUnchangedExport(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	_, preview := startImport(t, ciso, "vvt.xlsx", exportVVT(t, ciso).bytes())
	expectContains(t, preview, "Geen wijzigingen: het bestand komt overeen met de huidige status.", "0 problemen")
	if strings.Contains(preview.body, "/bevestigen") {
		t.Error("nothing to confirm, but the page offers it")
	}

	// The same columns as CSV from another tool, ; separated with a BOM.
	_, preview = startImport(t, ciso, "status.csv", []byte("\xEF\xBB\xBFNummer;Status\n5.01;Geïmplementeerd\n"))
	_, st, _ := a.statusOf("5.1")
	if st == "geimplementeerd" {
		expectContains(t, preview, "Geen wijzigingen")
	} else {
		expectContains(t, preview, "→ Geïmplementeerd")
	}
}

// TestStatusImportRefusesBadFiles: a corrupt, foreign, missing or too large
// file is a Dutch message on the upload page (422), never a 500, and keeps nothing.
func TestStatusImportRefusesBadFiles(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	expectContains(t, ciso.get("/bio/import"), "Status importeren uit Excel of CSV", `href="/bio/export/vvt.xlsx"`, `enctype="multipart/form-data"`)
	for _, tc := range []struct {
		file *upload
		want string
	}{
		{&upload{"kapot.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", []byte("PK\x03\x04 dit is geen werkmap")}, "kon niet worden gelezen als Excel-bestand"},
		{&upload{"foto.png", "image/png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00")}, "Kies een Excel-bestand (.xlsx) of een CSV-bestand (.csv)."},
		{&upload{"lijst.csv", "text/csv", []byte("Titel;Status\nBeleid;Ja\n")}, "De kolom ‘Nummer’ ontbreekt."},
		{&upload{"groot.csv", "text/csv", bytes.Repeat([]byte("x"), compliance.MaxImportBytes+1)}, "Het bestand is groter dan"},
		{nil, "Kies een bestand."},
	} {
		resp := ciso.postMultipart("/bio/import", nil, tc.file)
		expectStatus(t, resp, http.StatusUnprocessableEntity)
		expectContains(t, resp, tc.want, "Er is een probleem")
	}
	if n := a.id(`SELECT count(*) FROM status_imports`); n != 0 {
		t.Errorf("refused files were kept: %d", n)
	}
}

// TestStatusImportOfALargeFile: the whole catalogue repeated five times,
// every control changed, finishes in seconds.
func TestStatusImportOfALargeFile(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	e := exportVVT(t, ciso)
	notes := -1
	for i, h := range e.rows[0] {
		if h == "Toelichting" {
			notes = i
		}
	}
	big := excelize.NewFile()
	defer big.Close()
	sheet := big.GetSheetName(0)
	row := 1
	write := func(cells []string) {
		vals := make([]any, len(cells))
		for i, c := range cells {
			vals[i] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := big.SetSheetRow(sheet, cell, &vals); err != nil {
			t.Fatal(err)
		}
		row++
	}
	write(e.rows[0])
	items := len(e.rows) - 1
	for copyNo := 0; copyNo < 5; copyNo++ {
		for _, r := range e.rows[1:] {
			r = append(r, make([]string, len(e.rows[0])-len(r))...)
			r[notes] = "Bulk bijgewerkt"
			write(r)
		}
	}
	buf, err := big.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	events := a.controlEvents()

	start := time.Now()
	id, preview := startImport(t, ciso, "groot.xlsx", buf.Bytes())
	expectStatus(t, ciso.post(id+"/bevestigen", nil), http.StatusSeeOther)
	elapsed := time.Since(start)
	expectContains(t, preview, "0 problemen")
	if elapsed > 5*time.Second {
		t.Errorf("%d rows took %s", 5*items, elapsed)
	}
	if n := a.id(`SELECT count(*) `+gapItems+` AND s.notes = 'Bulk bijgewerkt'`, a.orgID(seed.Voorbeeld)); n != int64(items) {
		t.Errorf("%d of %d items updated", n, items)
	}
	if got := a.controlEvents() - events; got != int64(items) {
		t.Errorf("%d audit events for %d changed items", got, items)
	}
	t.Logf("%d rows (%d items): upload, preview and confirm in %s", 5*items, items, elapsed)
}

// TestStatusImportIsTheCISOs: other roles get 403 and no link; another
// organisation's import is not found.
func TestStatusImportIsTheCISOs(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	expectContains(t, ciso.get("/bio"), `href="/bio/import"`)
	id, _ := startImport(t, ciso, "status.csv", []byte("Nummer;Toelichting\n5.1;Via CSV\n"))
	for _, email := range []string{"manager.burgerzaken@voorbeeld.nl", "medewerker@voorbeeld.nl", "auditor@voorbeeld.nl"} {
		c := a.loggedIn(email)
		for _, resp := range []response{c.get("/bio/import"), c.get(id), c.post("/bio/import", url.Values{}), c.post(id+"/bevestigen", nil)} {
			expectStatus(t, resp, http.StatusForbidden)
		}
		if list := c.get("/bio"); list.StatusCode == http.StatusOK && strings.Contains(list.body, `href="/bio/import"`) {
			t.Errorf("%s sees the import link", email)
		}
	}

	// The same CISO in the other gemeente: the import does not exist there.
	nabij := a.loggedIn("ciso@voorbeeld.nl", seed.Nabij)
	expectStatus(t, nabij.get(id), http.StatusNotFound)
	expectStatus(t, nabij.post(id+"/bevestigen", nil), http.StatusNotFound)
	if n, _, _ := a.statusOf("5.1"); n == "Via CSV" {
		t.Error("the import was applied from the other organisation")
	}
	expectStatus(t, nabij.get("/bio/import/999999999"), http.StatusNotFound)
}

// TestCatalogueTextUpload: the CISO uploads the official BIO2 text on the
// settings page; a bad file is refused with the parser's message.
func TestCatalogueTextUpload(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	expectContains(t, ciso.get("/bio/instellingen"), `action="/bio/instellingen/tekst"`, `enctype="multipart/form-data"`)
	md := "# BIO2\n\n## 5.01.01\nHet informatiebeveiligingsbeleid wordt vastgesteld door het college.\n\n## 5.01.02\nHet beleid wordt jaarlijks geëvalueerd.\n"
	resp := ciso.postMultipart("/bio/instellingen/tekst", nil, &upload{"maatregelen.md", "text/markdown", []byte(md)})
	expectStatus(t, resp, http.StatusSeeOther)
	expectContains(t, ciso.get("/bio/instellingen"), "2 teksten geïmporteerd (2 nieuw, 0 gewijzigd, 0 ongewijzigd).")
	if n := a.id(`SELECT count(*) FROM catalogue_texts WHERE organisation_id = $1 AND source = 'maatregelen.md'`, a.orgID(seed.Voorbeeld)); n != 2 {
		t.Errorf("stored texts: %d", n)
	}
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'catalogue' AND summary LIKE 'Officiële BIO2-teksten geïmporteerd uit maatregelen.md%'`); n != 1 {
		t.Errorf("audit events: %d", n)
	}

	resp = ciso.postMultipart("/bio/instellingen/tekst", nil, &upload{"nieuwer.md", "text/markdown", []byte("## 5.01.01\nEen beleid.\n\n## 5.01.08\nNieuw.\n")})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Het bestand is niet geïmporteerd, er is niets gewijzigd", "5.01.08")
	resp = ciso.postMultipart("/bio/instellingen/tekst", nil, nil)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies een bestand.")
	if n := a.id(`SELECT count(*) FROM catalogue_texts WHERE organisation_id = $1`, a.orgID(seed.Voorbeeld)); n != 2 {
		t.Errorf("a refused file changed the texts: %d", n)
	}
	manager := a.loggedIn("manager.burgerzaken@voorbeeld.nl")
	expectStatus(t, manager.postMultipart("/bio/instellingen/tekst", nil, &upload{"maatregelen.md", "text/markdown", []byte(md)}), http.StatusForbidden)
}
