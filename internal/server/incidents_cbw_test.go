package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/seed"
)

// cbwForm is the Cbw form of an incident: significant, the moments sent
// (early warning, notification, final report) and the version.
func cbwForm(significant bool, version string, sent ...string) url.Values {
	f := url.Values{"version": {version}}
	if significant {
		f.Set("cbw_significant", "1")
	}
	for i, key := range []string{"early", "notification", "final"} {
		if i < len(sent) {
			f.Set(key+"_sent_at", sent[i])
		}
	}
	return f
}

// TestIncidentCbw: the CISO marks an incident as significant; the three
// terms run with their countdowns; sending is recorded with references,
// checked, audited, on the timeline; a stale version is a 409; a missed
// term stays visible; roles without HandleIncidents are refused.
func TestIncidentCbw(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	discovered := time.Now().Add(-20 * time.Hour)
	id := fileReport(t, a.loggedIn("medewerker@voorbeeld.nl"), "Aanval op de koppeling met het inlichtingenbureau", "nee", discovered)
	path := "/incidenten/" + itoa(id)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	show := ciso.get(path)
	expectStatus(t, show, http.StatusOK)
	expectContains(t, show, "Dit incident is niet aangemerkt als significant incident onder de Cbw.", "Gemeld aan IBD / CSIRT", "Niet gemeld",
		`name="cbw_significant"`, `name="early_sent_at"`)
	if strings.Contains(show.body, `id="cbw-termijn"`) {
		t.Error("a normal incident shows a Cbw alert")
	}

	// Refused for roles without HandleIncidents, and for the DSPO outside the scope.
	for _, email := range []string{"auditor@voorbeeld.nl", "fg@voorbeeld.nl", "medewerker@voorbeeld.nl", "directie@voorbeeld.nl"} {
		c := a.loggedIn(email)
		expectStatus(t, c.post(path+"/cbw", cbwForm(true, a.incidentVersion(id))), http.StatusForbidden)
		expectStatus(t, c.post(path+"/csirt", url.Values{"csirt_reported_at": {moment(time.Now())}, "version": {a.incidentVersion(id)}}), http.StatusForbidden)
	}
	if n := a.id(`SELECT count(*) FROM incidents WHERE id = $1 AND (cbw_significant OR csirt_reported_at IS NOT NULL)`, id); n != 0 {
		t.Fatal("a refused role changed the incident")
	}

	// Marking: the terms start; the early warning is urgent with 4 hours left.
	expectStatus(t, ciso.post(path+"/cbw", cbwForm(true, a.incidentVersion(id))), http.StatusSeeOther)
	show = ciso.get(path)
	expectContains(t, show, `id="cbw-termijn"`, "utrecht-alert--error", "Cbw: vroegtijdige waarschuwing nog 3 uur",
		"Aangemerkt als <strong>significant incident</strong>", "door Carla", "24 uur na bewustwording", "72 uur na bewustwording",
		"1 maand na verzending van de incidentmelding", "start na verzending van de incidentmelding", "Nog niet gestart", "nog 51 uur", "deadline--urgent")
	if n := a.id(`SELECT count(*) FROM incident_timeline WHERE incident_id = $1 AND text LIKE 'Cbw: aangemerkt als significant incident%'`, id); n != 1 {
		t.Error("no timeline entry for the marking")
	}
	list := ciso.get("/incidenten")
	expectContains(t, list, `<th scope="col">Cbw</th>`, "Cbw: vroegtijdige waarschuwing nog 3 uur")

	// Field errors: 422, Dutch, input kept.
	v := a.incidentVersion(id)
	resp := ciso.post(path+"/cbw", cbwForm(true, v, "", moment(time.Now().Add(-time.Hour)), "morgen"))
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Leg eerst vast wanneer de vroegtijdige waarschuwing is verzonden", "Eindrapport verzonden op: vul datum en tijd in", `value="morgen"`)
	resp = ciso.post(path+"/cbw", cbwForm(true, v, moment(discovered.Add(-time.Hour)), moment(time.Now().Add(2*time.Hour))))
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "ligt voor de ontdekking van het incident", "ligt in de toekomst")
	f := cbwForm(false, v, moment(time.Now().Add(-time.Hour)))
	f.Set("early_reference", strings.Repeat("x", 101))
	resp = ciso.post(path+"/cbw", f)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Alleen een significant incident heeft Cbw-meldingen.", "Het kenmerk mag hoogstens 100 tekens hebben.")

	// Sent: the early warning in time, the notification; the final report's term starts.
	ew, n := time.Now().Add(-3*time.Hour), time.Now().Add(-time.Hour)
	f = cbwForm(true, v, moment(ew), moment(n))
	f.Set("early_reference", "CSIRT-VW-1")
	f.Set("notification_reference", "CSIRT-M-1")
	expectStatus(t, ciso.post(path+"/cbw", f), http.StatusSeeOther)
	show = ciso.get(path)
	expectContains(t, show, "Op tijd verzonden", "CSIRT-VW-1", "CSIRT-M-1", "Cbw: eindrapport nog ")
	if c := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'incident' AND entity_id = $1 AND summary LIKE '%vroegtijdige waarschuwing verzonden op%kenmerk CSIRT-VW-1%'`, id); c != 1 {
		t.Errorf("%d audit events of the sending", c)
	}

	// A stale version: 409, the input kept, the stored state shown.
	f = cbwForm(true, v, moment(ew), moment(n), moment(time.Now()))
	resp = a.loggedIn("ciso@voorbeeld.nl").post(path+"/cbw", f)
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "Iemand anders heeft dit intussen gewijzigd", "Significant incident (Cbw): Ja", `name="version" value="`+a.incidentVersion(id)+`"`)
	if c := a.id(`SELECT count(*) FROM incidents WHERE id = $1 AND cbw_final_report_at IS NOT NULL`, id); c != 0 {
		t.Error("a stale form was saved")
	}

	// A missed term stays visible: sent late, and expired without sending.
	late := fileReport(t, a.loggedIn("medewerker@voorbeeld.nl"), "Wiper-malware op de servers van de belastingen", "nee", time.Now().Add(-30*time.Hour))
	lpath := "/incidenten/" + itoa(late)
	expectStatus(t, ciso.post(lpath+"/cbw", cbwForm(true, a.incidentVersion(late))), http.StatusSeeOther)
	show = ciso.get(lpath)
	expectContains(t, show, "Termijn verstreken", "Cbw: vroegtijdige waarschuwing – termijn verstreken")
	expectContains(t, ciso.get("/incidenten"), "Cbw: vroegtijdige waarschuwing – termijn verstreken")
	expectStatus(t, ciso.post(lpath+"/cbw", cbwForm(true, a.incidentVersion(late), moment(time.Now().Add(-time.Minute)))), http.StatusSeeOther)
	expectContains(t, ciso.get(lpath), "Te laat verzonden")
}

// TestIncidentCsirt: every incident can record its report to the IBD /
// CSIRT, with the reference; checked, on the timeline, audited.
func TestIncidentCsirt(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := fileReport(t, a.loggedIn("medewerker@voorbeeld.nl"), "Verdachte verbindingen vanaf een printer", "nee", time.Now().Add(-5*time.Hour))
	path := "/incidenten/" + itoa(id)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	resp := ciso.post(path+"/csirt", url.Values{"csirt_reference": {"IBD-1"}, "version": {a.incidentVersion(id)}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Vul in wanneer het incident aan de IBD / CSIRT is gemeld", `value="IBD-1"`)
	resp = ciso.post(path+"/csirt", url.Values{"csirt_reported_at": {"gisteren"}, "version": {a.incidentVersion(id)}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Gemeld aan de IBD / CSIRT op: vul datum en tijd in")
	stale := a.incidentVersion(id)
	at := time.Now().Add(-2 * time.Hour)
	expectStatus(t, ciso.post(path+"/csirt", url.Values{"csirt_reported_at": {moment(at)}, "csirt_reference": {"IBD-2026-0099"}, "version": {stale}}), http.StatusSeeOther)
	expectContains(t, ciso.get(path), "IBD-2026-0099", "Gemeld aan de IBD / CSIRT op ")
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'incident' AND entity_id = $1 AND summary LIKE '%Gemeld aan de IBD / CSIRT op%'`, id); n != 1 {
		t.Errorf("%d audit events", n)
	}
	resp = ciso.post(path+"/csirt", url.Values{"csirt_reported_at": {moment(at)}, "csirt_reference": {"IBD-ANDERS"}, "version": {stale}})
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "Kenmerk: IBD-2026-0099", `value="IBD-ANDERS"`)
	expectStatus(t, a.loggedIn("auditor@voorbeeld.nl").post(path+"/csirt", url.Values{"version": {a.incidentVersion(id)}}), http.StatusForbidden)
}

// TestIncidentCbwSettings: the CISO configures the terms (validated,
// versioned, audited); they apply to the incidents at once; other roles are
// refused.
func TestIncidentCbwSettings(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	for _, email := range []string{"dspo@voorbeeld.nl", "auditor@voorbeeld.nl", "medewerker@voorbeeld.nl", "fg@voorbeeld.nl"} {
		c := a.loggedIn(email)
		expectStatus(t, c.get("/incidenten/instellingen"), http.StatusForbidden)
		expectStatus(t, c.post("/incidenten/instellingen", url.Values{"version": {"0"}}), http.StatusForbidden)
	}
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	expectContains(t, ciso.get("/incidenten"), `href="/incidenten/instellingen"`)
	page := ciso.get("/incidenten/instellingen")
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, "Termijnen Cbw-meldingen", "Deze standaard geldt nu.", "ADR/NOREA", `name="early_amount"`, `value="24"`, `value="72"`,
		`value="notification_sent" selected`)

	form := url.Values{"version": {"0"}, "early_start": {"notification_sent"}, "early_amount": {"nul"}, "early_unit": {"hours"},
		"notification_start": {"early_warning_sent"}, "notification_amount": {"72"}, "notification_unit": {"hours"},
		"final_start": {"notification_sent"}, "final_amount": {"30"}, "final_unit": {"months"}}
	resp := ciso.post("/incidenten/instellingen", form)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Vroegtijdige waarschuwing: de termijn kan niet beginnen bij incidentmelding verzonden",
		"Vroegtijdige waarschuwing: vul de lengte van de termijn in als heel getal", "Eindrapport: een termijn in maanden is hoogstens 24 maanden.", `value="nul"`)
	if n := a.id(`SELECT count(*) FROM incident_cbw_settings`); n != 0 {
		t.Fatal("invalid settings were saved")
	}
	form.Set("early_start", "awareness")
	form.Set("early_amount", "24")
	form.Set("final_amount", "1")
	expectStatus(t, ciso.post("/incidenten/instellingen", form), http.StatusSeeOther)
	expectContains(t, ciso.get("/incidenten/instellingen"), "Laatst gewijzigd door Carla")
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'incident_cbw_settings' AND summary = 'Termijnen van de Cbw-meldingen gewijzigd'`); n != 1 {
		t.Errorf("%d audit events", n)
	}
	// The same stale form again (version 0): 409 with the stored terms.
	form.Set("notification_amount", "48")
	resp = ciso.post("/incidenten/instellingen", form)
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "Incidentmelding: 72 uur na verzending van de vroegtijdige waarschuwing", `value="48"`, `name="version" value="1"`)

	// The demo significant incident counts with the new terms.
	demo := a.incidentID(seed.Voorbeeld, "Virtualisatieplatform versleuteld: meerdere gemeentelijke diensten uit de lucht")
	show := ciso.get("/incidenten/" + itoa(demo))
	expectContains(t, show, "72 uur na verzending van de vroegtijdige waarschuwing", "IBD-2026-0412", "IBD-VW-2026-0187", "Op tijd verzonden")
	// Another organisation keeps the defaults.
	if n := a.id(`SELECT count(*) FROM incident_cbw_settings WHERE organisation_id = $1`, a.orgID(seed.Nabij)); n != 0 {
		t.Error("the settings leaked to Gemeente Nabij")
	}
}
