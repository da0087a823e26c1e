package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/nl"
	"github.com/baken-nl/baken/internal/seed"
)

func (a *app) supplierID(org, name string) int64 {
	return a.id(`SELECT id FROM suppliers WHERE organisation_id = $1 AND name = $2`, a.orgID(org), name)
}

// TestSupplierJourney: the beheerder adds a supplier (bad input: 422 with
// the input kept; a name differing only in case: 422), edits it (a stale
// version: 409 with the stored version shown), and both are in the trail.
func TestSupplierJourney(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("beheerder@voorbeeld.nl")

	expectContains(t, c.get("/leveranciers/nieuw"), `name="name"`, `name="kind"`, "Ketenpartner")
	bad := url.Values{"name": {""}, "kind": {"leverancier"}, "services": {"Mijn zorgvuldige dienstomschrijving"}, "contact_email": {"geen-adres"}, "contact_phone": {"bel me"}}
	resp := c.post("/leveranciers", bad)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Vul de naam in.", "Vul een geldig e-mailadres in", "Een telefoonnummer bevat alleen cijfers", "Mijn zorgvuldige dienstomschrijving", `value="geen-adres"`)
	resp = c.post("/leveranciers", url.Values{"name": {" centric "}, "kind": {"leverancier"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Er bestaat al een leverancier met deze naam.")
	resp = c.post("/leveranciers", url.Values{"name": {"Werkplein"}, "kind": {"onbekend"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies of dit een leverancier of een ketenpartner is.")

	resp = c.post("/leveranciers", url.Values{"name": {"GGD Hollands Midden"}, "kind": {"ketenpartner"}, "services": {"Jeugdgezondheidszorg"},
		"contact_name": {"Privacyteam"}, "contact_email": {"privacy@ggd.example"}, "contact_phone": {"+31 (0)71 - 123 45 67"}})
	expectStatus(t, resp, http.StatusSeeOther)
	id := a.supplierID(seed.Voorbeeld, "GGD Hollands Midden")
	if loc := resp.Header.Get("Location"); loc != "/leveranciers/"+itoa(id) {
		t.Errorf("redirect to %q", loc)
	}
	page := c.get("/leveranciers/" + itoa(id))
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, "GGD Hollands Midden is toegevoegd", "Ketenpartner", "Jeugdgezondheidszorg", "mailto:privacy@ggd.example",
		"Er is geen verwerkersovereenkomst vastgelegd.", `href="/leveranciers/`+itoa(id)+`/bewerken"`)

	edit := c.get("/leveranciers/" + itoa(id) + "/bewerken")
	expectContains(t, edit, `name="version" value="1"`, `value="GGD Hollands Midden"`)
	f := url.Values{"name": {"GGD Hollands Midden"}, "kind": {"ketenpartner"}, "services": {"JGZ en infectieziektebestrijding"}, "version": {"1"}}
	expectStatus(t, c.post("/leveranciers/"+itoa(id), f), http.StatusSeeOther)
	f.Set("services", "Mijn verouderde invoer")
	resp = c.post("/leveranciers/"+itoa(id), f)
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "De actuele, opgeslagen versie", "JGZ en infectieziektebestrijding", "Mijn verouderde invoer", `name="version" value="2"`)

	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'supplier' AND entity_id = $1`, id); n != 2 {
		t.Errorf("%d audit events of the supplier, want 2", n)
	}
	expectContains(t, a.loggedIn("ciso@voorbeeld.nl").get("/audittrail?soort=supplier"), "Ketenpartner GGD Hollands Midden gewijzigd")

	// The list: search, filter by kind, a filter value no link produces is a 400.
	list := c.get("/leveranciers?q=hollands")
	expectContains(t, list, "GGD Hollands Midden", "1–1 van 1")
	keten := c.get("/leveranciers?soort=ketenpartner")
	expectContains(t, keten, "GGD Hollands Midden", "Werkplein Regio")
	if strings.Contains(keten.body, ">Microsoft<") {
		t.Error("kind filter not applied")
	}
	expectStatus(t, c.get("/leveranciers?soort=x"), http.StatusBadRequest)
	expectStatus(t, c.get("/leveranciers?sort=agreement&dir=desc"), http.StatusOK)
	expectStatus(t, c.get("/leveranciers?sort=applications&dir=desc"), http.StatusOK)
	expectContains(t, c.get("/leveranciers?page=2"), "26–")
}

// TestSupplierRights: who may see and who may edit, and another
// organisation's supplier does not exist.
func TestSupplierRights(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	centric := a.supplierID(seed.Voorbeeld, "Centric")
	nabij := a.supplierID(seed.Nabij, "Exact")
	nabijAgreement := a.id(`SELECT id FROM supplier_agreements WHERE supplier_id = $1`, a.supplierID(seed.Nabij, "Centric"))

	medewerker := a.loggedIn("medewerker@voorbeeld.nl")
	expectStatus(t, medewerker.get("/leveranciers"), http.StatusForbidden)
	expectStatus(t, medewerker.get("/leveranciers/"+itoa(centric)), http.StatusForbidden)

	manager := a.loggedIn("manager.burgerzaken@voorbeeld.nl")
	page := manager.get("/leveranciers/" + itoa(centric))
	expectStatus(t, page, http.StatusOK)
	if strings.Contains(page.body, "/bewerken") || strings.Contains(page.body, "Verwerkersovereenkomst toevoegen") {
		t.Error("the manager is offered to edit")
	}
	expectStatus(t, manager.get("/leveranciers/"+itoa(centric)+"/bewerken"), http.StatusForbidden)
	expectStatus(t, manager.post("/leveranciers/"+itoa(centric), url.Values{"name": {"Centric"}, "kind": {"leverancier"}, "version": {"1"}}), http.StatusForbidden)
	expectStatus(t, manager.post("/leveranciers", url.Values{"name": {"Nieuw"}, "kind": {"leverancier"}}), http.StatusForbidden)
	expectStatus(t, manager.post("/leveranciers/"+itoa(centric)+"/overeenkomsten", url.Values{"signed_on": {"2026-01-01"}}), http.StatusForbidden)

	for _, email := range []string{"dspo@voorbeeld.nl", "ciso@voorbeeld.nl"} {
		expectStatus(t, a.loggedIn(email).get("/leveranciers/"+itoa(centric)+"/bewerken"), http.StatusOK)
	}

	// Gemeente Nabij's rows from Gemeente Voorbeeld: not found, for reading and writing.
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	expectStatus(t, ciso.get("/leveranciers/"+itoa(nabij)), http.StatusNotFound)
	expectStatus(t, ciso.get("/leveranciers/"+itoa(nabij)+"/bewerken"), http.StatusNotFound)
	expectStatus(t, ciso.post("/leveranciers/"+itoa(nabij), url.Values{"name": {"Exact"}, "kind": {"leverancier"}, "version": {"1"}}), http.StatusNotFound)
	expectStatus(t, ciso.post("/leveranciers/"+itoa(nabij)+"/overeenkomsten", url.Values{"signed_on": {"2026-01-01"}}), http.StatusNotFound)
	expectStatus(t, ciso.get("/leveranciers/overeenkomsten/"+itoa(nabijAgreement)), http.StatusNotFound)
	expectStatus(t, ciso.get("/leveranciers/overeenkomsten/"+itoa(nabijAgreement)+"/document"), http.StatusNotFound)
	expectStatus(t, ciso.get("/leveranciers/abc"), http.StatusNotFound)
	if n := a.id(`SELECT count(*) FROM supplier_agreements WHERE supplier_id = $1`, nabij); n != 1 {
		t.Errorf("Nabij's supplier has %d agreements", n)
	}
	// The same CISO in Nabij sees it.
	expectStatus(t, a.loggedIn("ciso@voorbeeld.nl", seed.Nabij).get("/leveranciers/"+itoa(nabij)), http.StatusOK)
}

// TestSupplierDocuments: a verwerkersovereenkomst with its document, the
// download with its headers, a refused type and a report without expiry
// (422, input kept), a replacement document, and the stale version.
func TestSupplierDocuments(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("dspo@voorbeeld.nl")
	sup := a.supplierID(seed.Voorbeeld, "Werkplein Regio")
	form := c.get("/leveranciers/" + itoa(sup) + "/overeenkomsten/nieuw")
	expectStatus(t, form, http.StatusOK)
	expectContains(t, form, `enctype="multipart/form-data"`, `action="/leveranciers/`+itoa(sup)+`/overeenkomsten"`, "20 MB")

	pdf := []byte("%PDF-1.7\nVerwerkersovereenkomst Werkplein\n%%EOF\n")
	exe := &upload{name: "vwo.pdf", declared: "application/pdf", content: []byte("MZ\x90\x00 not a document")}
	resp := c.postMultipart("/leveranciers/"+itoa(sup)+"/overeenkomsten", [][2]string{{"signed_on", "15-01-2026"}, {"expires_on", "2025-01-01"}, {"notes", "Mijn zorgvuldige toelichting"}}, exe)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Dit bestandstype is niet toegestaan", "De einddatum ligt vóór de datum van ondertekening.", "Mijn zorgvuldige toelichting",
		`value="2026-01-15"`, "Kies het bestand opnieuw")

	// Not signed yet: it would replace the agreement in force.
	resp = c.postMultipart("/leveranciers/"+itoa(sup)+"/overeenkomsten", [][2]string{{"signed_on", "01-06-2099"}, {"notes", "Toekomst"}},
		&upload{name: "vwo.pdf", declared: "application/pdf", content: pdf})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "De datum van ondertekening ligt in de toekomst.", "Toekomst")

	resp = c.postMultipart("/leveranciers/"+itoa(sup)+"/overeenkomsten", [][2]string{{"signed_on", "15-01-2026"}, {"expires_on", "15-01-2029"}, {"notes", "Model VNG"}},
		&upload{name: "VWO Werkplein – ondertekend.pdf", declared: "application/octet-stream", content: pdf})
	expectStatus(t, resp, http.StatusSeeOther)
	agreement := a.id(`SELECT id FROM supplier_agreements WHERE supplier_id = $1 AND notes = 'Model VNG'`, sup)
	var sum string
	var size int64
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT sha256, size_bytes FROM supplier_agreements WHERE id = $1`, agreement).Scan(&sum, &size); err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256(pdf)
	if sum != hex.EncodeToString(want[:]) || size != int64(len(pdf)) {
		t.Errorf("stored sha256 %s size %d", sum, size)
	}
	page := c.get("/leveranciers/" + itoa(sup))
	expectContains(t, page, "De verwerkersovereenkomst is vastgelegd.", "15-01-2029", "VWO Werkplein – ondertekend.pdf", sum[:12], "Vervangen")

	dl := c.get("/leveranciers/overeenkomsten/" + itoa(agreement) + "/document")
	expectStatus(t, dl, http.StatusOK)
	if dl.body != string(pdf) {
		t.Errorf("downloaded %q", dl.body)
	}
	for h, v := range map[string]string{"Content-Type": "application/pdf", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"} {
		if got := dl.Header.Get(h); got != v {
			t.Errorf("%s: %q, want %q", h, got, v)
		}
	}
	if cd := dl.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "filename*=UTF-8''VWO%20Werkplein%20%E2%80%93%20ondertekend.pdf") {
		t.Errorf("Content-Disposition %q", cd)
	}
	// Who may view suppliers may download; who may not, may not.
	expectStatus(t, a.loggedIn("auditor@voorbeeld.nl").get("/leveranciers/overeenkomsten/"+itoa(agreement)+"/document"), http.StatusOK)
	expectStatus(t, a.loggedIn("medewerker@voorbeeld.nl").get("/leveranciers/overeenkomsten/"+itoa(agreement)+"/document"), http.StatusForbidden)

	// Edit without a file keeps the document; a stale version is a conflict.
	edit := c.get("/leveranciers/overeenkomsten/" + itoa(agreement))
	expectContains(t, edit, `name="version" value="1"`, "Opgeslagen document", `value="2029-01-15"`)
	resp = c.postMultipart("/leveranciers/overeenkomsten/"+itoa(agreement), [][2]string{{"version", "1"}, {"signed_on", "2026-01-15"}, {"expires_on", "2030-01-15"}}, nil)
	expectStatus(t, resp, http.StatusSeeOther)
	if n := a.id(`SELECT count(*) FROM supplier_agreements WHERE id = $1 AND expires_on = '2030-01-15' AND sha256 = $2`, agreement, sum); n != 1 {
		t.Error("update lost the document or the date")
	}
	resp = c.postMultipart("/leveranciers/overeenkomsten/"+itoa(agreement), [][2]string{{"version", "1"}, {"signed_on", "2026-01-15"}, {"expires_on", "2031-01-15"}}, nil)
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "De actuele, opgeslagen versie", "15-01-2030", `value="2031-01-15"`, `name="version" value="2"`)
	// A replacement document.
	odt := &upload{name: "nieuw.txt", declared: "text/plain", content: []byte("Addendum subverwerkers")}
	expectStatus(t, c.postMultipart("/leveranciers/overeenkomsten/"+itoa(agreement), [][2]string{{"version", "2"}, {"signed_on", "2026-01-15"}, {"expires_on", "2030-01-15"}}, odt), http.StatusSeeOther)
	dl = c.get("/leveranciers/overeenkomsten/" + itoa(agreement) + "/document")
	if dl.body != "Addendum subverwerkers" || !strings.HasPrefix(dl.Header.Get("Content-Type"), "text/plain") {
		t.Errorf("replacement: %q %q", dl.body, dl.Header.Get("Content-Type"))
	}
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'supplier_agreement' AND entity_id = $1`, agreement); n != 3 {
		t.Errorf("%d agreement events, want 3", n)
	}

	// A report: expiry is required, the type must be known.
	resp = c.postMultipart("/leveranciers/"+itoa(sup)+"/rapporten", [][2]string{{"kind", "soc9"}, {"period_from", "2026-01-01"}, {"period_to", "2025-12-31"}, {"notes", "Mijn rapportnotitie"}}, nil)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies het soort rapport.", "De vervaldatum: vul een datum in.", "Het einde van de periode ligt vóór het begin.", "Mijn rapportnotitie")
	resp = c.postMultipart("/leveranciers/"+itoa(sup)+"/rapporten", [][2]string{{"kind", "tpm"}, {"period_from", "2025-01-01"}, {"period_to", "2025-12-31"}, {"expires_on", "31-12-2026"}},
		&upload{name: "tpm.pdf", declared: "application/pdf", content: pdf})
	expectStatus(t, resp, http.StatusSeeOther)
	report := a.id(`SELECT id FROM supplier_reports WHERE supplier_id = $1 AND kind = 'tpm'`, sup)
	expectContains(t, c.get("/leveranciers/"+itoa(sup)), "TPM (third-party mededeling)", "01-01-2025 t/m 31-12-2025", "31-12-2026")
	expectStatus(t, c.get("/leveranciers/rapporten/"+itoa(report)+"/document"), http.StatusOK)
	expectStatus(t, c.postMultipart("/leveranciers/rapporten/"+itoa(report), [][2]string{{"version", "1"}, {"kind", "tpm"}, {"expires_on", "2027-06-30"}}, nil), http.StatusSeeOther)
	expectStatus(t, c.postMultipart("/leveranciers/rapporten/"+itoa(report), [][2]string{{"version", "1"}, {"kind", "tpm"}, {"expires_on", "2027-07-30"}}, nil), http.StatusConflict)
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'supplier_report' AND entity_id = $1`, report); n != 2 {
		t.Errorf("%d report events, want 2", n)
	}
	// An agreement without a document and a url-encoded form work too.
	expectStatus(t, c.post("/leveranciers/"+itoa(sup)+"/overeenkomsten", url.Values{"signed_on": {"2024-01-01"}, "expires_on": {"2025-01-01"}}), http.StatusSeeOther)
}

// TestSupplierUploadLimit: a file over the limit is refused with 413 and the
// form, the other fields kept.
func TestSupplierUploadLimit(t *testing.T) {
	t.Parallel()
	a := newAppWith(t, dbtest.New(t), map[string]string{"BAKEN_MAX_UPLOAD_MB": "1"})
	c := a.loggedIn("ciso@voorbeeld.nl")
	sup := a.supplierID(seed.Voorbeeld, "Microsoft")
	big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 1<<20)...)
	resp := c.postMultipart("/leveranciers/"+itoa(sup)+"/overeenkomsten", [][2]string{{"signed_on", "2026-02-01"}, {"notes", "Te groot bestand"}}, &upload{name: "groot.pdf", declared: "application/pdf", content: big})
	expectStatus(t, resp, http.StatusRequestEntityTooLarge)
	expectContains(t, resp, "Het bestand is groter dan 1 MB", "Te groot bestand")
	if n := a.id(`SELECT count(*) FROM supplier_agreements WHERE notes = 'Te groot bestand'`); n != 0 {
		t.Error("oversized upload stored")
	}
}

// TestSupplierExpiring: the current agreement per supplier and the newest
// report per type count; superseded ones are history. The rule is on the page.
func TestSupplierExpiring(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	today := nl.Date(time.Now())
	day := func(n int) string { return today.AddDate(0, 0, n).Format("2006-01-02") }
	// Fresh suppliers, so the case does not depend on the day the template was seeded.
	a.exec(`INSERT INTO suppliers (organisation_id, name) VALUES ($1, 'Bijna BV'), ($1, 'Verlopen BV'), ($1, 'Vernieuwd BV'), ($1, 'Geldig BV')`, voorbeeld)
	sid := func(name string) int64 { return a.supplierID(seed.Voorbeeld, name) }
	a.exec(`INSERT INTO supplier_agreements (organisation_id, supplier_id, signed_on, expires_on) VALUES
		($1, $2, '2020-01-01', $6), ($1, $3, '2020-01-01', $7), ($1, $4, '2020-01-01', $7), ($1, $4, '2024-01-01', $8), ($1, $5, '2020-01-01', $8)`,
		voorbeeld, sid("Bijna BV"), sid("Verlopen BV"), sid("Vernieuwd BV"), sid("Geldig BV"), day(10), day(-5), day(400))
	a.exec(`INSERT INTO supplier_reports (organisation_id, supplier_id, kind, expires_on) VALUES
		($1, $2, 'soc2', $4), ($1, $3, 'isae3402', $5), ($1, $3, 'isae3402', $6), ($1, $3, 'iso27001', $7)`,
		voorbeeld, sid("Bijna BV"), sid("Vernieuwd BV"), day(-1), day(-100), day(300), day(90))

	page := a.loggedIn("auditor@voorbeeld.nl").get("/leveranciers/verlopen")
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, "binnen 90 dagen verlopen", "laatste einddatum", `href="/leveranciers/`+itoa(sid("Bijna BV"))+`#overeenkomsten"`,
		`href="/leveranciers/`+itoa(sid("Verlopen BV"))+`#overeenkomsten"`, "ISO 27001-certificaat", "SOC 2", "Verlopen", "Verloopt binnenkort")
	agreements := page.body[:strings.Index(page.body, "Assurancerapporten</h2>")]
	for _, name := range []string{"Vernieuwd BV", "Geldig BV"} {
		if strings.Contains(agreements, name) {
			t.Errorf("%s listed among the agreements", name)
		}
	}
	if strings.Contains(page.body, "ISAE 3402</td><td>"+today.AddDate(0, 0, -100).Format("02-01-2006")) {
		t.Error("superseded report listed")
	}
	// Earliest first: the expired agreement before the soon one.
	if strings.Index(agreements, "Verlopen BV") > strings.Index(agreements, "Bijna BV") {
		t.Error("not ordered by expiry")
	}
	// The seeded demo: Centric's agreement expires within 60 days, PinkRoccade's report has expired.
	expectContains(t, page, "Centric", "PinkRoccade Local Government")
	// The list marks the states too.
	expectContains(t, a.loggedIn("auditor@voorbeeld.nl").get("/leveranciers?q=BV"), "Verloopt binnenkort", "Verlopen")
	expectContains(t, a.loggedIn("auditor@voorbeeld.nl").get("/leveranciers?q=microsoft"), "Onbepaalde tijd")
}

// TestApplicationSupplierLink: the application form offers the register's
// suppliers; the link shows in the list, the search, the application page
// and the supplier page; another organisation's supplier is refused.
func TestApplicationSupplierLink(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("beheerder@voorbeeld.nl")
	centric := a.supplierID(seed.Voorbeeld, "Centric")
	form := c.get("/applicaties/nieuw")
	expectContains(t, form, `name="supplier_id"`, `<option value="`+itoa(centric)+`">Centric</option>`, ">Werkplein Regio<")
	if strings.Contains(form.body, ">Exact<") {
		t.Error("Nabij's supplier offered")
	}
	resp := c.post("/applicaties", url.Values{"name": {"Jeugdportaal"}, "supplier_id": {itoa(a.supplierID(seed.Nabij, "Exact"))}, "hosting": {"saas"}, "description": {"Mijn portaal"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies een leverancier uit het leveranciersregister van deze organisatie.", "Mijn portaal")
	expectStatus(t, c.post("/applicaties", url.Values{"name": {"Jeugdportaal"}, "supplier_id": {"abc"}, "hosting": {"saas"}}), http.StatusUnprocessableEntity)

	resp = c.post("/applicaties", url.Values{"name": {"Jeugdportaal"}, "supplier_id": {itoa(centric)}, "hosting": {"saas"}})
	expectStatus(t, resp, http.StatusSeeOther)
	app := a.id(`SELECT id FROM applications WHERE name = 'Jeugdportaal'`)
	if n := a.id(`SELECT supplier_id FROM applications WHERE id = $1`, app); n != centric {
		t.Errorf("supplier_id %d", n)
	}
	expectContains(t, c.get("/applicaties?q=centric"), "Jeugdportaal", "Suite Sociaal Domein", `href="/leveranciers/`+itoa(centric)+`"`)
	expectContains(t, c.get("/applicaties/"+itoa(app)), `href="/leveranciers/`+itoa(centric)+`">Centric</a>`)
	expectContains(t, c.get("/applicaties/"+itoa(app)+"/bewerken"), `<option value="`+itoa(centric)+`" selected>Centric</option>`)
	expectContains(t, c.get("/leveranciers/"+itoa(centric)), "Jeugdportaal", "Leerlingvolgsysteem Leerplicht")
	sorted := c.get("/applicaties?sort=supplier&dir=asc")
	expectStatus(t, sorted, http.StatusOK)

	// No supplier: the link is cleared.
	expectStatus(t, c.post("/applicaties/"+itoa(app), url.Values{"name": {"Jeugdportaal"}, "hosting": {"saas"}, "version": {"1"}}), http.StatusSeeOther)
	if n := a.id(`SELECT count(*) FROM applications WHERE id = $1 AND supplier_id IS NULL`, app); n != 1 {
		t.Error("supplier not cleared")
	}
}

// TestSupplierPageListsRisks: a risk analysis about a supplier (the link
// kind "supplier") shows its risks on the supplier page, for who may see risks.
func TestSupplierPageListsRisks(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	centric := a.supplierID(seed.Voorbeeld, "Centric")
	a.exec(`UPDATE risk_analyses SET subject_kind = 'supplier', subject_id = $1, subject_name = '' WHERE title = $2`, centric, seed.DecisionDemoAnalysis)
	page := a.loggedIn("ciso@voorbeeld.nl").get("/leveranciers/" + itoa(centric))
	expectContains(t, page, "Risico&#39;s", "Uitval van de afsprakenplanner op drukke dagen", `href="/besluiten/`)
	// The beheerder may see suppliers but not risks.
	if strings.Contains(a.loggedIn("beheerder@voorbeeld.nl").get("/leveranciers/"+itoa(centric)).body, "afsprakenplanner op drukke dagen") {
		t.Error("risks shown to the beheerder")
	}
}

// TestSupplierEditHeadingNamesTheStoredSupplier: after a refused input (422)
// and after a conflict (409) the heading of the supplier's edit page names the
// supplier as it is stored, while the form keeps what was typed.
func TestSupplierEditHeadingNamesTheStoredSupplier(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	centric := a.supplierID(seed.Voorbeeld, "Centric")
	path := "/leveranciers/" + itoa(centric)
	c := a.loggedIn("ciso@voorbeeld.nl")
	expectContains(t, c.get(path+"/bewerken"), `value="Centric"`)
	if h := pageHeading(t, c.get(path+"/bewerken")); h != "Leverancier Centric" {
		t.Errorf("edit heading %q", h)
	}

	resp := c.post(path, url.Values{"name": {""}, "kind": {"leverancier"}, "services": {"Mijn getypte diensten"}, "version": {"1"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Mijn getypte diensten")
	if h := pageHeading(t, resp); h != "Leverancier Centric" {
		t.Errorf("422 heading %q, want the stored name", h)
	}

	resp = c.post(path, url.Values{"name": {"Centric getypt"}, "kind": {"leverancier"}, "version": {"0"}})
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, `value="Centric getypt"`)
	if h := pageHeading(t, resp); h != "Leverancier Centric" {
		t.Errorf("409 heading %q, want the stored name", h)
	}
}
