package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/seed"
)

// A PNG header (the sniffer needs only the signature), an e-mail as .eml
// and an Outlook .msg (OLE2 with a property stream name).
var (
	screenshot = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...)
	suspicious = []byte("From: \"Servicedesk\" <helpdesk@vreemd.example>\r\nTo: mila@voorbeeld.nl\r\nSubject: Uw wachtwoord verloopt\r\n" +
		"Date: Tue, 1 Dec 2026 09:12:00 +0100\r\n\r\nKlik hier: https://vreemd.example/login\r\n")
	outlookMsg = append(append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), make([]byte, 32)...), []byte("_\x00_\x00s\x00u\x00b\x00s\x00t\x00g\x001\x00.\x000\x00_\x00")...)
)

// postFiles sends fields and then files under the name field, the way a
// browser sends a form with a multiple file input.
func (c *client) postFiles(path string, fields url.Values, field string, files ...upload) response {
	c.t.Helper()
	var ordered [][2]string
	for name, vs := range fields {
		for _, v := range vs {
			ordered = append(ordered, [2]string{name, v})
		}
	}
	return c.postParts(path, ordered, field, files...)
}

// TestIncidentReportWithAttachments: the report form takes a screenshot and
// the suspicious e-mail; the reporter sees their names, who sees the whole
// incident downloads them (attachment, nosniff, the detected type); the
// directie sees only that there are attachments and cannot open them.
func TestIncidentReportWithAttachments(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	m := a.loggedIn("medewerker@voorbeeld.nl")
	form := m.get("/incidenten/melden")
	expectContains(t, form, `enctype="multipart/form-data"`, `name="attachments"`, "multiple", `accept=".eml,.msg,.pdf`, "Bijlagen (optioneel)")

	fields := url.Values{"title": {"Phishingmail met inlogpagina"}, "discovered_at": {moment(time.Now().Add(-time.Hour))}, "personal_data": {"nee"}}
	resp := m.postFiles("/incidenten/melden", fields, "attachments",
		upload{"scherm.png", "application/octet-stream", screenshot}, upload{"verdacht.eml", "message/rfc822", suspicious},
		upload{"", "application/octet-stream", nil}) // an empty file input sends an empty part
	expectStatus(t, resp, http.StatusSeeOther)
	id := a.id(`SELECT id FROM incidents WHERE title = 'Phishingmail met inlogpagina'`)
	if n := a.id(`SELECT count(*) FROM incident_attachments WHERE incident_id = $1 AND by_reporter AND uploaded_by_name = 'Mila de Boer'`, id); n != 2 {
		t.Fatalf("%d attachments stored with the report", n)
	}
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'incident' AND entity_id = $1 AND summary LIKE '%2 bijlage(n) meegestuurd%'
		AND after::text LIKE '%verdacht.eml%' AND after::text NOT LIKE '%vreemd.example%'`, id); n != 1 {
		t.Error("no audit event of the attachments (names and checksums, not the content)")
	}
	own := m.get("/incidenten/mijn/" + itoa(id))
	expectContains(t, own, "Meegestuurde bijlagen", "scherm.png", "verdacht.eml")
	if strings.Contains(own.body, "/incidenten/bijlagen/") {
		t.Error("the reporter's page links to the download")
	}
	png := a.id(`SELECT id FROM incident_attachments WHERE incident_id = $1 AND filename = 'scherm.png'`, id)
	eml := a.id(`SELECT id FROM incident_attachments WHERE incident_id = $1 AND filename = 'verdacht.eml'`, id)
	expectStatus(t, m.get("/incidenten/bijlagen/"+itoa(png)), http.StatusForbidden)

	ciso := a.loggedIn("ciso@voorbeeld.nl")
	page := ciso.get("/incidenten/" + itoa(id))
	expectContains(t, page, `href="/incidenten/bijlagen/`+itoa(png)+`"`, "meegestuurd met de melding", `action="/incidenten/`+itoa(id)+`/bijlagen"`)
	dl := ciso.get("/incidenten/bijlagen/" + itoa(eml))
	expectStatus(t, dl, http.StatusOK)
	if got := dl.Header.Get("Content-Type"); got != "message/rfc822" {
		t.Errorf("content type %q", got)
	}
	if got := dl.Header.Get("Content-Disposition"); !strings.HasPrefix(got, "attachment") || !strings.Contains(got, "verdacht.eml") {
		t.Errorf("disposition %q", got)
	}
	if dl.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(dl.Header.Get("Content-Security-Policy"), "sandbox") {
		t.Error("the download lacks nosniff or the sandbox")
	}
	if dl.body != string(suspicious) {
		t.Error("the download differs from the upload")
	}

	// A high-impact incident: the directie sees it without the reporter, and
	// without the attachments.
	brp := a.incidentID(seed.Voorbeeld, incBRP)
	expectStatus(t, ciso.postFiles("/incidenten/"+itoa(brp)+"/bijlagen", nil, "attachments", upload{"mail.msg", "application/vnd.ms-outlook", outlookMsg}), http.StatusSeeOther)
	msg := a.id(`SELECT id FROM incident_attachments WHERE incident_id = $1 AND filename = 'mail.msg' AND NOT by_reporter`, brp)
	expectContains(t, ciso.get("/incidenten/"+itoa(brp)), "mail.msg", "Bijlage toegevoegd: mail.msg")
	directie := a.loggedIn("directie@voorbeeld.nl")
	dpage := directie.get("/incidenten/" + itoa(brp))
	expectStatus(t, dpage, http.StatusOK)
	expectContains(t, dpage, "Dit incident heeft 1 bijlage(n). Alleen wie het volledige incident inziet, opent de bijlagen.")
	if strings.Contains(dpage.body, `id="incident-bijlagen-lijst"`) || strings.Contains(dpage.body, "/incidenten/bijlagen/") {
		t.Error("the directie sees the attachments")
	}
	expectStatus(t, directie.get("/incidenten/bijlagen/"+itoa(msg)), http.StatusForbidden)
	fg := a.loggedIn("fg@voorbeeld.nl") // the FG sees every datalek in full
	expectStatus(t, fg.get("/incidenten/bijlagen/"+itoa(msg)), http.StatusOK)
	// Another organisation's attachment is not found.
	expectStatus(t, a.loggedIn("ciso@voorbeeld.nl", seed.Nabij).get("/incidenten/bijlagen/"+itoa(msg)), http.StatusNotFound)
}

// TestIncidentAttachmentsRefused: a type that is not allowed, too many files
// or too many bytes keep the input and say so; the handler's upload is
// limited to their scope and to open incidents.
func TestIncidentAttachmentsRefused(t *testing.T) {
	t.Parallel()
	a := newEvidenceApp(t, 1<<10)
	m := a.loggedIn("medewerker@voorbeeld.nl")
	fields := url.Values{"title": {"Vreemde bijlage"}, "description": {"Kwam binnen via de balie"},
		"discovered_at": {moment(time.Now().Add(-time.Hour))}, "personal_data": {"weet_niet"}}
	resp := m.postFiles("/incidenten/melden", fields, "attachments", upload{"factuur.pdf.exe", "application/pdf", []byte("MZ\x90\x00 program")})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "heeft een type dat niet is toegestaan", `value="Vreemde bijlage"`, "Kwam binnen via de balie")
	// A mistake in another field: the input is kept, the files must be chosen again.
	untitled := url.Values{"title": {" "}, "discovered_at": fields["discovered_at"], "personal_data": {"nee"}, "description": {"Alleen een schermafdruk"}}
	resp = m.postFiles("/incidenten/melden", untitled, "attachments", upload{"scherm.png", "image/png", screenshot})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Beschrijf in een paar woorden wat er is gebeurd.", "Alleen een schermafdruk", "kies de bijlagen opnieuw")
	six := make([]upload, 6)
	for i := range six {
		six[i] = upload{fmt.Sprintf("s%d.png", i), "image/png", screenshot[:20]}
	}
	resp = m.postFiles("/incidenten/melden", fields, "attachments", six...)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "U kunt hoogstens 5 bijlagen tegelijk meesturen.")
	resp = m.postFiles("/incidenten/melden", fields, "attachments", upload{"groot.png", "image/png", append(append([]byte{}, screenshot...), make([]byte, 2<<10)...)})
	expectStatus(t, resp, http.StatusRequestEntityTooLarge)
	expectContains(t, resp, "De bestanden zijn samen groter dan 1 kB", `value="Vreemde bijlage"`)
	if n := a.id(`SELECT count(*) FROM incidents WHERE title = 'Vreemde bijlage'`); n != 0 {
		t.Fatal("a refused report was stored")
	}
	// Without attachments the report goes through as before, also url-encoded.
	expectStatus(t, m.post("/incidenten/melden", fields), http.StatusSeeOther)

	// Later uploads: the DSPO only in scope, nobody on a closed incident,
	// a role without the handling permission not at all.
	dspo := a.loggedIn("dspo@voorbeeld.nl")
	scan := a.incidentID(seed.Voorbeeld, incScan)
	expectStatus(t, dspo.postFiles("/incidenten/"+itoa(scan)+"/bijlagen", nil, "attachments", upload{"log.txt", "text/plain", []byte("scan")}), http.StatusNotFound)
	expectStatus(t, a.loggedIn("fg@voorbeeld.nl").postFiles("/incidenten/"+itoa(scan)+"/bijlagen", nil, "attachments", upload{"log.txt", "text/plain", []byte("scan")}), http.StatusForbidden)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	resp = ciso.postFiles("/incidenten/"+itoa(scan)+"/bijlagen", nil, "attachments")
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies een of meer bestanden om toe te voegen.")
	ransom := a.incidentID(seed.Voorbeeld, incRansom)
	resp = ciso.postFiles("/incidenten/"+itoa(ransom)+"/bijlagen", nil, "attachments", upload{"log.txt", "text/plain", []byte("scan")})
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "Dit incident is gesloten; er komen geen bijlagen meer bij.")
}

// closeLongAgo makes a closed incident closed years ago (as the owner).
func (a *app) closeLongAgo(id int64, years int) {
	a.exec(`UPDATE incidents SET closed_at = now() - make_interval(years => $2), discovered_at = now() - make_interval(years => $2, days => 10)
		WHERE id = $1 AND status = 'gesloten'`, id, years)
}

// TestIncidentRetentionPurge: only the beheerder purges, only closed
// incidents three years after closing (the service and the database refuse
// earlier), after a confirmation; everything linked goes, the audit trail
// keeps the number and the dates.
func TestIncidentRetentionPurge(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ctx := context.Background()
	ransom := a.incidentID(seed.Voorbeeld, incRansom) // closed, with an improvement action
	scan := a.incidentID(seed.Voorbeeld, incScan)     // open
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	expectContains(t, ciso.get("/incidenten/"+itoa(ransom)), "Het incident wordt bewaard tot ten minste")
	beheerder := a.loggedIn("beheerder@voorbeeld.nl")
	list := beheerder.get("/incidenten/bewaartermijn")
	expectStatus(t, list, http.StatusOK)
	expectContains(t, list, `href="/incidenten/bewaartermijn"`, "Er zijn geen incidenten waarvan de bewaartermijn voorbij is.")

	// Before the retention period: refused by the service ...
	resp := beheerder.post("/incidenten/bewaartermijn", url.Values{"ids": {itoa(ransom)}})
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "De bewaartermijn van drie jaar na het sluiten is nog niet voorbij voor INC-")
	resp = beheerder.post("/incidenten/bewaartermijn/verwijderen", url.Values{"ids": {itoa(ransom), itoa(scan)}})
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "(nog niet gesloten)")
	expectStatus(t, beheerder.post("/incidenten/bewaartermijn", url.Values{}), http.StatusUnprocessableEntity)
	// ... and by the database, whoever deletes.
	if _, err := a.db.Pool.Exec(ctx, `DELETE FROM incidents WHERE id = $1`, ransom); err == nil || !strings.Contains(err.Error(), "retention") {
		t.Fatalf("the database deleted an incident within its retention period (%v)", err)
	}

	// Three years and a bit after closing.
	a.closeLongAgo(ransom, 4)
	app := a.id(`SELECT id FROM applications WHERE organisation_id = $1 ORDER BY id LIMIT 1`, a.orgID(seed.Voorbeeld))
	a.exec(`INSERT INTO incident_links (organisation_id, incident_id, application_id) SELECT organisation_id, id, $2 FROM incidents WHERE id = $1
		ON CONFLICT DO NOTHING`, ransom, app)
	a.exec(`INSERT INTO incident_attachments (organisation_id, incident_id, filename, content_type, size_bytes, sha256, content, uploaded_at)
		SELECT organisation_id, id, 'log.txt', 'text/plain; charset=utf-8', 4, repeat('a', 64), 'scan', now() FROM incidents WHERE id = $1`, ransom)
	action := a.id(`SELECT action_id FROM plan_action_links WHERE target_kind = 'incident' AND target_id = $1`, ransom)
	number := incident.Number(int(a.id(`SELECT number FROM incidents WHERE id = $1`, ransom)))
	title := incRansom

	// Not for other roles, whatever they see of incidents.
	for _, email := range []string{"ciso@voorbeeld.nl", "auditor@voorbeeld.nl", "medewerker@voorbeeld.nl"} {
		c := a.loggedIn(email)
		expectStatus(t, c.get("/incidenten/bewaartermijn"), http.StatusForbidden)
		expectStatus(t, c.post("/incidenten/bewaartermijn/verwijderen", url.Values{"ids": {itoa(ransom)}}), http.StatusForbidden)
	}
	list = beheerder.get("/incidenten/bewaartermijn")
	expectContains(t, list, number, `name="ids" value="`+itoa(ransom)+`"`)
	if strings.Contains(list.body, title) {
		t.Error("the beheerder's list shows the incident's content")
	}
	confirm := beheerder.post("/incidenten/bewaartermijn", url.Values{"ids": {itoa(ransom)}})
	expectStatus(t, confirm, http.StatusOK)
	expectContains(t, confirm, "Incidenten definitief verwijderen?", `action="/incidenten/bewaartermijn/verwijderen"`, `type="hidden" name="ids" value="`+itoa(ransom)+`"`)
	if n := a.id(`SELECT count(*) FROM incidents WHERE id = $1`, ransom); n != 1 {
		t.Fatal("the confirmation page deleted")
	}
	resp = beheerder.post("/incidenten/bewaartermijn/verwijderen", url.Values{"ids": {itoa(ransom)}})
	expectStatus(t, resp, http.StatusSeeOther)
	expectContains(t, beheerder.get("/incidenten/bewaartermijn"), "1 incident(en) verwijderd.")
	for table, sql := range map[string]string{
		"incidents":           `SELECT count(*) FROM incidents WHERE id = $1`,
		"incident_timeline":   `SELECT count(*) FROM incident_timeline WHERE incident_id = $1`,
		"incident_links":      `SELECT count(*) FROM incident_links WHERE incident_id = $1`,
		"incident_attachment": `SELECT count(*) FROM incident_attachments WHERE incident_id = $1`,
		"plan_action_links":   `SELECT count(*) FROM plan_action_links WHERE target_kind = 'incident' AND target_id = $1`,
	} {
		if n := a.id(sql, ransom); n != 0 {
			t.Errorf("%s: %d rows left", table, n)
		}
	}
	if n := a.id(`SELECT count(*) FROM plan_actions WHERE id = $1`, action); n != 1 {
		t.Error("the improvement action went with the incident")
	}
	var summary, before string
	if err := a.db.Pool.QueryRow(ctx, `SELECT summary, before::text FROM audit_events WHERE entity = 'incident' AND entity_id = $1 AND action = 'delete'`,
		ransom).Scan(&summary, &before); err != nil {
		t.Fatalf("no audit event of the purge: %v", err)
	}
	if !strings.Contains(summary, number) || !strings.Contains(before, `"gesloten"`) || !strings.Contains(before, `"ontdekt"`) || strings.Contains(before+summary, "Ransomware") {
		t.Errorf("audit event %q %s: want the number and dates, not the content", summary, before)
	}
	// Another organisation's incident is not found.
	nabij := a.incidentID(seed.Nabij, incNabijKCC)
	expectStatus(t, beheerder.post("/incidenten/bewaartermijn", url.Values{"ids": {itoa(nabij)}}), http.StatusNotFound)
}

// TestIncidentRemoveReporter: the CISO removes the reporter's details on
// request, confirmed and with the version; the incident stays, the timeline
// and the audit trail say so, the reporter's own list no longer shows it.
func TestIncidentRemoveReporter(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	m := a.loggedIn("medewerker@voorbeeld.nl")
	fields := url.Values{"title": {"Wachtwoord op een briefje"}, "discovered_at": {moment(time.Now().Add(-time.Hour))}, "personal_data": {"nee"}}
	expectStatus(t, m.postFiles("/incidenten/melden", fields, "attachments", upload{"briefje.png", "image/png", screenshot}), http.StatusSeeOther)
	id := a.id(`SELECT id FROM incidents WHERE title = 'Wachtwoord op een briefje'`)
	path := "/incidenten/" + itoa(id)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	page := ciso.get(path)
	expectContains(t, page, "Mila de Boer", `action="`+path+`/melder-verwijderen"`)

	expectStatus(t, a.loggedIn("dspo@voorbeeld.nl").post(path+"/melder-verwijderen", url.Values{"confirm": {"1"}, "version": {a.incidentVersion(id)}}), http.StatusForbidden)
	expectStatus(t, a.loggedIn("beheerder@voorbeeld.nl").post(path+"/melder-verwijderen", url.Values{"confirm": {"1"}, "version": {a.incidentVersion(id)}}), http.StatusForbidden)
	resp := ciso.post(path+"/melder-verwijderen", url.Values{"version": {a.incidentVersion(id)}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Vink aan dat u de gegevens van de melder wilt verwijderen.")
	resp = ciso.post(path+"/melder-verwijderen", url.Values{"confirm": {"1"}, "version": {"99"}})
	expectStatus(t, resp, http.StatusConflict)
	resp = ciso.post(path+"/melder-verwijderen", url.Values{"confirm": {"1"}, "version": {a.incidentVersion(id)}})
	expectStatus(t, resp, http.StatusSeeOther)

	if n := a.id(`SELECT count(*) FROM incidents WHERE id = $1 AND reporter_id IS NULL AND reporter_name = '' AND reporter_removed_at IS NOT NULL`, id); n != 1 {
		t.Fatal("the reporter's details are still there")
	}
	if n := a.id(`SELECT count(*) FROM incident_attachments WHERE incident_id = $1 AND (uploaded_by IS NOT NULL OR uploaded_by_name <> '')`, id); n != 0 {
		t.Error("the attachments still name the reporter")
	}
	page = ciso.get(path)
	expectContains(t, page, incident.ReporterRemovedText, "De gegevens van de melder zijn op", "briefje.png")
	if strings.Contains(page.body, "Mila de Boer") || strings.Contains(page.body, "melder-verwijderen") {
		t.Error("the page still names the reporter or offers the removal")
	}
	var summary, after string
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT summary, coalesce(before::text, '') || coalesce(after::text, '') FROM audit_events
		WHERE entity = 'incident' AND entity_id = $1 AND summary LIKE '%meldergegevens verwijderd'`, id).Scan(&summary, &after); err != nil {
		t.Fatalf("no audit event: %v", err)
	}
	if strings.Contains(after, "Mila") {
		t.Error("the audit event of the removal names the reporter")
	}
	expectStatus(t, m.get("/incidenten/mijn/"+itoa(id)), http.StatusNotFound)
	if strings.Contains(m.get("/incidenten/mijn").body, "Wachtwoord op een briefje") {
		t.Error("the former reporter still lists the report")
	}
	resp = ciso.post(path+"/melder-verwijderen", url.Values{"confirm": {"1"}, "version": {a.incidentVersion(id)}})
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "De gegevens van de melder van dit incident zijn al verwijderd.")
}
