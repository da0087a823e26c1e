package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/seed"
)

// TestIncidentAffectedItems: the classification keeps the applications,
// processes and suppliers an incident touches; items of another
// organisation are refused with the input kept.
func TestIncidentAffectedItems(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	id := a.incidentID(seed.Voorbeeld, incBRP)
	path := "/incidenten/" + itoa(id)
	voorbeeld := a.orgID(seed.Voorbeeld)
	app := a.id(`SELECT id FROM applications WHERE organisation_id = $1 ORDER BY id LIMIT 1`, voorbeeld)
	proc := a.id(`SELECT id FROM processes WHERE organisation_id = $1 ORDER BY id LIMIT 1`, voorbeeld)
	sup := a.id(`SELECT id FROM suppliers WHERE organisation_id = $1 ORDER BY id LIMIT 1`, voorbeeld)
	foreign := a.id(`SELECT id FROM suppliers WHERE organisation_id = $1 ORDER BY id LIMIT 1`, a.orgID(seed.Nabij))
	supName := a.texts(`SELECT name FROM suppliers WHERE id = $1`, sup)[0]

	form := url.Values{"category": {"informatiebeveiliging:toegang"}, "cause": {"medewerker_onbewust"}, "impact": {"hoog"},
		"aspects": {"V"}, "personal_data": {"1"}, "department_id": {itoa(a.departmentID("Burgerzaken"))},
		"application_ids": {itoa(app)}, "process_ids": {itoa(proc), itoa(proc)}, "supplier_ids": {itoa(sup), itoa(foreign)},
		"version": {a.incidentVersion(id)}}
	resp := ciso.post(path, form)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Een gekozen leverancier bestaat niet (meer).", `value="`+itoa(app)+`" checked`)
	if n := a.id(`SELECT count(*) FROM incident_links WHERE incident_id = $1 AND supplier_id IS NOT NULL`, id); n != 0 {
		t.Errorf("%d supplier links after a refused classification", n)
	}

	form["supplier_ids"] = []string{itoa(sup)}
	if r := ciso.post(path, form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("%d: %s", r.StatusCode, a.log.String())
	}
	if n := a.id(`SELECT count(*) FROM incident_links WHERE incident_id = $1`, id); n != 3 {
		t.Errorf("%d links, want the application, the process (once) and the supplier", n)
	}
	expectContains(t, ciso.get(path), "Applicaties, processen en leveranciers", supName)

	// The other direction: the application, process and supplier pages list
	// the incident, by number, to who may see incidents.
	number := incident.Number(int(a.id(`SELECT number FROM incidents WHERE id = $1`, id)))
	for _, page := range []string{"/applicaties/" + itoa(app), "/processen/" + itoa(proc), "/leveranciers/" + itoa(sup)} {
		expectContains(t, ciso.get(page), `href="/incidenten/`+itoa(id)+`"`, number)
	}
	if body := a.loggedIn("beheerder@voorbeeld.nl").get("/applicaties/" + itoa(app)).body; strings.Contains(body, number) {
		t.Error("the beheerder, who may not see incidents, sees the incident on the application page")
	}

	// Unchecking all removes the links.
	delete(form, "application_ids")
	delete(form, "process_ids")
	delete(form, "supplier_ids")
	form.Set("version", a.incidentVersion(id))
	expectStatus(t, ciso.post(path, form), http.StatusSeeOther)
	if n := a.id(`SELECT count(*) FROM incident_links WHERE incident_id = $1`, id); n != 0 {
		t.Errorf("%d links after unchecking all", n)
	}
}
