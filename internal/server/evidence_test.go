package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/auth"
	"github.com/baken-nl/baken/internal/config"
	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/seed"
	"github.com/baken-nl/baken/internal/server"
)

// newEvidenceApp is newApp with a different upload limit.
func newEvidenceApp(t testing.TB, maxUpload int64) *app {
	t.Helper()
	d := dbtest.New(t)
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	cfg.MaxUploadBytes = maxUpload
	logs := &logBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	params := auth.TestParams
	srv := server.New(cfg, d, log, server.Options{PasswordParams: &params})
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { ts.Close(); srv.Close() })
	return &app{t: t, db: d, srv: srv, ts: ts, log: logs}
}

// upload is a file part of a multipart form; declared is the Content-Type
// the client claims (the server must not believe it).
type upload struct {
	name, declared string
	content        []byte
}

// postMultipart sends fields (in order) and, when given, the file after them,
// the way a browser sends the evidence form.
func (c *client) postMultipart(path string, fields [][2]string, file *upload) response {
	c.t.Helper()
	var files []upload
	if file != nil {
		files = append(files, *file)
	}
	return c.postParts(path, fields, "file", files...)
}

// postParts sends fields (in order) and then the files under the name field,
// the way a browser sends a form with a file input.
func (c *client) postParts(path string, fields [][2]string, field string, files ...upload) response {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range fields {
		if err := mw.WriteField(f[0], f[1]); err != nil {
			c.t.Fatal(err)
		}
	}
	for _, file := range files {
		h := textproto.MIMEHeader{}
		name := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(file.name)
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"; filename="%s"`, field, name))
		h.Set("Content-Type", file.declared)
		w, err := mw.CreatePart(h)
		if err != nil {
			c.t.Fatal(err)
		}
		_, _ = w.Write(file.content)
	}
	if err := mw.Close(); err != nil {
		c.t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, c.app.ts.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// burgerzakenControl is a control of Gemeente Voorbeeld owned by Burgerzaken, with its number.
func (a *app) burgerzakenControl() (int64, string) {
	a.t.Helper()
	var (
		id     int64
		number string
	)
	err := a.db.Pool.QueryRow(context.Background(), `
		SELECT s.item_id, i.number FROM control_statuses s
		JOIN departments d ON d.id = s.owner_department_id
		JOIN catalogue_items i ON i.id = s.item_id
		WHERE s.organisation_id = $1 AND d.name = 'Burgerzaken' AND i.kind = 'control'
		ORDER BY i.sort_key LIMIT 1`, a.orgID(seed.Voorbeeld)).Scan(&id, &number)
	if err != nil {
		a.t.Fatal(err)
	}
	return id, number
}

func (a *app) evidenceCount(itemID int64) int64 {
	return a.id(`SELECT count(*) FROM evidence WHERE item_id = $1 AND organisation_id = $2`, itemID, a.orgID(seed.Voorbeeld))
}

var samplePDF = []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")

func TestEvidenceUploadListDownload(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	item, number := a.burgerzakenControl()
	bio := "/bio/" + itoa(item)
	manager := a.loggedIn("manager.burgerzaken@voorbeeld.nl")

	page := manager.get(bio)
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, `enctype="multipart/form-data"`, `action="`+bio+`/bewijs"`, "20 MB", "PDF, OpenDocument", `accept=".pdf,`)

	resp := manager.postMultipart(bio+"/bewijs", [][2]string{{"kind", "file"}, {"title", "Autorisatiematrix 2026"}},
		&upload{"autorisatiematrix.pdf", "application/octet-stream", samplePDF})
	expectStatus(t, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != bio+"#bewijs" {
		t.Errorf("redirect to %q", loc)
	}
	page = manager.get(bio)
	expectContains(t, page, "Het bestand is als bewijs toegevoegd.", "Autorisatiematrix 2026", "autorisatiematrix.pdf",
		"Bram Visser (manager Burgerzaken)", "Bestand", "Bewijs toegevoegd aan "+number+": Autorisatiematrix 2026")

	// Stored with its checksum, type, size and uploader.
	sum := sha256.Sum256(samplePDF)
	var (
		eid                     int64
		stored, ct, uploader    string
		size                    int64
		removedAt               *string
		afterJSON, auditSummary string
	)
	err := a.db.Pool.QueryRow(context.Background(), `
		SELECT e.id, e.sha256, e.content_type, e.size_bytes, u.email, e.removed_at::text
		FROM evidence e JOIN users u ON u.id = e.uploaded_by WHERE e.title = 'Autorisatiematrix 2026'`).
		Scan(&eid, &stored, &ct, &size, &uploader, &removedAt)
	if err != nil {
		t.Fatal(err)
	}
	if stored != hex.EncodeToString(sum[:]) || ct != "application/pdf" || size != int64(len(samplePDF)) || uploader != "manager.burgerzaken@voorbeeld.nl" || removedAt != nil {
		t.Errorf("stored sha256 %s type %s size %d by %s removed %v", stored, ct, size, uploader, removedAt)
	}
	expectContains(t, page, stored[:12], `href="/bewijs/`+itoa(eid)+`"`)

	// The audit event is on the control, without the content.
	err = a.db.Pool.QueryRow(context.Background(), `
		SELECT summary, after::text FROM audit_events WHERE entity = 'evidence' AND action = 'create' AND entity_id = $1`, item).
		Scan(&auditSummary, &afterJSON)
	if err != nil {
		t.Fatal(err)
	}
	if auditSummary != "Bewijs toegevoegd aan "+number+": Autorisatiematrix 2026" || !strings.Contains(afterJSON, stored) || strings.Contains(afterJSON, "PDF-1.4") {
		t.Errorf("audit %q %s", auditSummary, afterJSON)
	}

	// Download: the exact bytes, as an attachment that is never sniffed or cached.
	for _, email := range []string{"manager.burgerzaken@voorbeeld.nl", "auditor@voorbeeld.nl", "directie@voorbeeld.nl"} {
		c := manager
		if email != "manager.burgerzaken@voorbeeld.nl" {
			c = a.loggedIn(email)
		}
		dl := c.get("/bewijs/" + itoa(eid))
		expectStatus(t, dl, http.StatusOK)
		if dl.body != string(samplePDF) {
			t.Errorf("%s downloaded %q", email, dl.body)
		}
		h := dl.Header
		if h.Get("Content-Type") != "application/pdf" || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Cache-Control") != "private, no-store" {
			t.Errorf("%s download headers %v", email, h)
		}
		if cd := h.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "filename*=UTF-8''autorisatiematrix.pdf") {
			t.Errorf("Content-Disposition %q", cd)
		}
	}

	// A name with spaces, accents and quotes is encoded, never injected.
	resp = manager.postMultipart(bio+"/bewijs", [][2]string{{"kind", "file"}, {"title", ""}},
		&upload{`Verslag "één".pdf`, "application/pdf", samplePDF})
	expectStatus(t, resp, http.StatusSeeOther)
	eid2 := a.id(`SELECT id FROM evidence WHERE filename = 'Verslag één.pdf' AND title = 'Verslag één.pdf'`)
	cd := manager.get("/bewijs/" + itoa(eid2)).Header.Get("Content-Disposition")
	if cd != `attachment; filename="Verslag __n.pdf"; filename*=UTF-8''Verslag%20%C3%A9%C3%A9n.pdf` {
		t.Errorf("Content-Disposition %q", cd)
	}
}

func TestEvidenceUploadAuthorisation(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	item, _ := a.burgerzakenControl()
	bio := "/bio/" + itoa(item)
	before := a.evidenceCount(item)
	file := &upload{"rapport.pdf", "application/pdf", samplePDF}

	// The auditor reads but never writes: refused by the route.
	auditor := a.loggedIn("auditor@voorbeeld.nl")
	expectStatus(t, auditor.postMultipart(bio+"/bewijs", [][2]string{{"kind", "file"}, {"title", "Poging"}}, file), http.StatusForbidden)
	page := auditor.get(bio)
	expectStatus(t, page, http.StatusOK)
	if strings.Contains(page.body, "Bewijs toevoegen") || strings.Contains(page.body, "/verwijderen") {
		t.Error("the auditor sees the evidence form or remove buttons")
	}

	// The manager of another afdeling may edit controls, but not this one: refused by the service.
	sociaal := a.loggedIn("manager.sociaal@voorbeeld.nl")
	resp := sociaal.postMultipart(bio+"/bewijs", [][2]string{{"kind", "file"}, {"title", "Poging"}}, file)
	expectStatus(t, resp, http.StatusForbidden)
	expectContains(t, resp, "U mag alleen bewijs toevoegen bij maatregelen van uw eigen afdeling.")
	resp = sociaal.postMultipart(bio+"/bewijs", [][2]string{{"kind", "link"}, {"title", "Poging"}, {"url", "https://dms.voorbeeld.nl/x"}}, nil)
	expectStatus(t, resp, http.StatusForbidden)
	if n := a.evidenceCount(item); n != before {
		t.Fatalf("evidence count %d, want %d: a refused upload was stored", n, before)
	}

	// The DSPO of Burgerzaken and the CISO may.
	for _, email := range []string{"dspo@voorbeeld.nl", "ciso@voorbeeld.nl"} {
		resp := a.loggedIn(email).postMultipart(bio+"/bewijs", [][2]string{{"kind", "file"}, {"title", "Van " + email}}, file)
		expectStatus(t, resp, http.StatusSeeOther)
	}
	if n := a.evidenceCount(item); n != before+2 {
		t.Fatalf("evidence count %d, want %d", n, before+2)
	}

	// A control that does not exist is not found.
	expectStatus(t, a.loggedIn("ciso@voorbeeld.nl").postMultipart("/bio/99999999/bewijs", [][2]string{{"kind", "file"}}, file), http.StatusNotFound)
}

func TestEvidenceContentIsChecked(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	item, _ := a.burgerzakenControl()
	bio := "/bio/" + itoa(item)
	before := a.evidenceCount(item)
	manager := a.loggedIn("manager.burgerzaken@voorbeeld.nl")

	refused := []struct {
		name string
		file *upload
		msg  string
	}{
		{"executable named pdf", &upload{"report.pdf", "application/pdf", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8\x00")}, "Dit bestandstype is niet toegestaan."},
		{"html named pdf", &upload{"report.pdf", "application/pdf", []byte("<html><script>alert(1)</script></html>")}, "Dit bestandstype is niet toegestaan."},
		{"svg", &upload{"logo.png", "image/png", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`)}, "Dit bestandstype is niet toegestaan."},
		{"empty", &upload{"leeg.pdf", "application/pdf", nil}, "Het bestand is leeg."},
		{"no file", nil, "Kies het bestand dat u wilt toevoegen."},
	}
	for _, tt := range refused {
		resp := manager.postMultipart(bio+"/bewijs", [][2]string{{"kind", "file"}, {"title", "Mijn zorgvuldige titel"}}, tt.file)
		expectStatus(t, resp, http.StatusUnprocessableEntity)
		expectContains(t, resp, tt.msg, `href="#f-file"`, `aria-invalid="true"`, `value="Mijn zorgvuldige titel"`)
		if tt.msg == "Dit bestandstype is niet toegestaan." {
			expectContains(t, resp, "Toegestaan zijn PDF")
		}
	}
	if n := a.evidenceCount(item); n != before {
		t.Fatalf("evidence count %d, want %d: refused content was stored", n, before)
	}

	// CSV is known by being text and by its name; the declared type does not matter.
	resp := manager.postMultipart(bio+"/bewijs", [][2]string{{"kind", "file"}, {"title", "Export"}},
		&upload{"export.csv", "application/x-msdownload", []byte("nummer;status\n5.15;geimplementeerd\n")})
	expectStatus(t, resp, http.StatusSeeOther)
	var ct string
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT content_type FROM evidence WHERE title = 'Export'`).Scan(&ct); err != nil || ct != "text/csv; charset=utf-8" {
		t.Errorf("csv stored as %q (%v)", ct, err)
	}
}

func TestEvidenceSizeLimit(t *testing.T) {
	t.Parallel()
	a := newEvidenceApp(t, 1024)
	item, _ := a.burgerzakenControl()
	bio := "/bio/" + itoa(item)
	before := a.evidenceCount(item)
	manager := a.loggedIn("manager.burgerzaken@voorbeeld.nl")

	big := append(append([]byte{}, samplePDF...), bytes.Repeat([]byte("x"), 2048)...)
	resp := manager.postMultipart(bio+"/bewijs", [][2]string{{"kind", "file"}, {"title", "Te groot rapport"}}, &upload{"groot.pdf", "application/pdf", big})
	expectStatus(t, resp, http.StatusRequestEntityTooLarge)
	expectContains(t, resp, "Het bestand is groter dan 1 kB.", `value="Te groot rapport"`, `href="#f-file"`, "Maximaal 1 kB.")
	if n := a.evidenceCount(item); n != before {
		t.Fatalf("evidence count %d, want %d: an oversized file was stored", n, before)
	}

	// Exactly the limit is fine.
	exact := append(append([]byte{}, samplePDF...), bytes.Repeat([]byte("x"), 1024-len(samplePDF))...)
	resp = manager.postMultipart(bio+"/bewijs", [][2]string{{"kind", "file"}, {"title", "Precies groot genoeg"}}, &upload{"precies.pdf", "application/pdf", exact})
	expectStatus(t, resp, http.StatusSeeOther)
	expectContains(t, manager.get(bio), "Precies groot genoeg", "1 kB")
}

func TestEvidenceLinks(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	item, number := a.burgerzakenControl()
	bio := "/bio/" + itoa(item)
	before := a.evidenceCount(item)
	manager := a.loggedIn("manager.burgerzaken@voorbeeld.nl")

	for _, bad := range []struct{ url, msg string }{
		{"javascript:alert(1)", "Alleen links die beginnen met https:// zijn toegestaan."},
		{"file:///c:/geheim.docx", "Alleen links die beginnen met https:// zijn toegestaan."},
		{"", "Vul de link naar het document in."},
		{"dms.voorbeeld.nl/doc", "Alleen links die beginnen met https:// zijn toegestaan."},
		// The hint says https://; http:// was accepted before (issue 7).
		{"http://dms.voorbeeld.nl/doc/1", "Alleen links die beginnen met https:// zijn toegestaan."},
		{"HTTP://intranet/beleid", "Alleen links die beginnen met https:// zijn toegestaan."},
	} {
		resp := manager.postMultipart(bio+"/bewijs", [][2]string{{"kind", "link"}, {"title", "Beleid"}, {"url", bad.url}}, nil)
		expectStatus(t, resp, http.StatusUnprocessableEntity)
		expectContains(t, resp, bad.msg, `href="#f-url"`, `value="Beleid"`, `id="f-kind-link" name="kind" value="link" checked`)
	}
	resp := manager.postMultipart(bio+"/bewijs", [][2]string{{"kind", "link"}, {"title", " "}, {"url", "https://dms.voorbeeld.nl/doc/1"}}, nil)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Vul een titel in", `value="https://dms.voorbeeld.nl/doc/1"`)
	if n := a.evidenceCount(item); n != before {
		t.Fatalf("evidence count %d, want %d: a refused link was stored", n, before)
	}

	resp = manager.postMultipart(bio+"/bewijs", [][2]string{{"kind", "link"}, {"title", "Autorisatieprocedure"}, {"url", "https://dms.voorbeeld.nl/documenten/4711"}}, nil)
	expectStatus(t, resp, http.StatusSeeOther)
	expectContains(t, manager.get(bio), "De link is als bewijs toegevoegd.", "Autorisatieprocedure", "https://dms.voorbeeld.nl/documenten/4711", "Link",
		"Bewijs toegevoegd aan "+number+": Autorisatieprocedure")
	eid := a.id(`SELECT id FROM evidence WHERE title = 'Autorisatieprocedure' AND kind = 'link' AND content IS NULL`)
	dl := a.loggedIn("auditor@voorbeeld.nl").get("/bewijs/" + itoa(eid))
	expectStatus(t, dl, http.StatusSeeOther)
	if loc := dl.Header.Get("Location"); loc != "https://dms.voorbeeld.nl/documenten/4711" {
		t.Errorf("link redirects to %q", loc)
	}

	// A form without a file may also come url-encoded.
	resp = manager.post(bio+"/bewijs", map[string][]string{"kind": {"link"}, "title": {"Zonder multipart"}, "url": {"https://dms.voorbeeld.nl/documenten/1"}})
	expectStatus(t, resp, http.StatusSeeOther)
}

func TestEvidenceRemoveKeepsRecord(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	item, number := a.burgerzakenControl()
	bio := "/bio/" + itoa(item)
	manager := a.loggedIn("manager.burgerzaken@voorbeeld.nl")
	resp := manager.postMultipart(bio+"/bewijs", [][2]string{{"kind", "file"}, {"title", "Tijdelijk verslag"}}, &upload{"verslag.pdf", "application/pdf", samplePDF})
	expectStatus(t, resp, http.StatusSeeOther)
	eid := a.id(`SELECT id FROM evidence WHERE title = 'Tijdelijk verslag'`)
	remove := "/bewijs/" + itoa(eid) + "/verwijderen"
	expectContains(t, manager.get(bio), `action="`+remove+`"`, "data-confirm=")

	// Another afdeling may not remove it.
	expectStatus(t, a.loggedIn("manager.sociaal@voorbeeld.nl").post(remove, nil), http.StatusForbidden)
	expectStatus(t, a.loggedIn("auditor@voorbeeld.nl").post(remove, nil), http.StatusForbidden)

	resp = manager.post(remove, nil)
	expectStatus(t, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != bio+"#bewijs" {
		t.Errorf("redirect to %q", loc)
	}
	page := manager.get(bio)
	expectContains(t, page, "is verwijderd", "Bewijs verwijderd van "+number+": Tijdelijk verslag")
	if strings.Contains(page.body, `href="/bewijs/`+itoa(eid)+`"`) {
		t.Error("removed evidence is still listed")
	}

	// The row stays, marked removed by the manager; the trail has the removal.
	var removedBy string
	err := a.db.Pool.QueryRow(context.Background(), `
		SELECT u.email FROM evidence e JOIN users u ON u.id = e.removed_by WHERE e.id = $1 AND e.removed_at IS NOT NULL AND e.content IS NOT NULL`, eid).Scan(&removedBy)
	if err != nil || removedBy != "manager.burgerzaken@voorbeeld.nl" {
		t.Fatalf("removed row: %q %v", removedBy, err)
	}
	var before string
	err = a.db.Pool.QueryRow(context.Background(), `
		SELECT before::text FROM audit_events WHERE entity = 'evidence' AND action = 'delete' AND entity_id = $1 AND summary = $2`,
		item, "Bewijs verwijderd van "+number+": Tijdelijk verslag").Scan(&before)
	if err != nil || !strings.Contains(before, "verslag.pdf") {
		t.Fatalf("audit event of the removal: %s %v", before, err)
	}

	// Removed evidence is gone for download and for a second removal.
	expectStatus(t, manager.get("/bewijs/"+itoa(eid)), http.StatusNotFound)
	expectStatus(t, manager.post(remove, nil), http.StatusNotFound)
}

func TestEvidenceOtherOrganisationIsNotFound(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	eid := a.id(`SELECT id FROM evidence WHERE organisation_id = $1 ORDER BY id LIMIT 1`, voorbeeld)

	// The seeded link is visible in its own organisation...
	expectStatus(t, a.loggedIn("ciso@voorbeeld.nl").get("/bewijs/"+itoa(eid)), http.StatusSeeOther)
	// ...but not to the same CISO working in Gemeente Nabij.
	nabij := a.loggedIn("ciso@voorbeeld.nl", seed.Nabij)
	expectStatus(t, nabij.get("/bewijs/"+itoa(eid)), http.StatusNotFound)
	expectStatus(t, nabij.post("/bewijs/"+itoa(eid)+"/verwijderen", nil), http.StatusNotFound)
	expectStatus(t, nabij.get("/bewijs/abc"), http.StatusNotFound)
	var removed bool
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT removed_at IS NOT NULL FROM evidence WHERE id = $1`, eid).Scan(&removed); err != nil || removed {
		t.Fatalf("evidence removed from another organisation: %v %v", removed, err)
	}
}
