package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/seed"
)

// TestTenantIsolation: a beheerder of Gemeente Nabij cannot see or change
// anything of Gemeente Voorbeeld, not even by guessing ids.
func TestTenantIsolation(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	c := a.loggedIn("beheerder@nabij.nl")

	dept := a.id(`SELECT id FROM departments WHERE organisation_id = $1 ORDER BY id LIMIT 1`, voorbeeld)
	proc := a.id(`SELECT id FROM processes WHERE organisation_id = $1 ORDER BY id LIMIT 1`, voorbeeld)
	app := a.id(`SELECT id FROM applications WHERE organisation_id = $1 ORDER BY id LIMIT 1`, voorbeeld)
	user := a.id(`SELECT id FROM users WHERE email = 'medewerker@voorbeeld.nl'`)
	event := a.id(`SELECT id FROM audit_events WHERE organisation_id = $1 ORDER BY id LIMIT 1`, voorbeeld)
	nabijDept := a.id(`SELECT id FROM departments WHERE organisation_id = $1 ORDER BY id LIMIT 1`, a.orgID(seed.Nabij))

	for _, p := range []string{
		"/afdelingen/" + itoa(dept), "/processen/" + itoa(proc), "/applicaties/" + itoa(app),
		"/gebruikers/" + itoa(user), "/audittrail/" + itoa(event),
	} {
		expectStatus(t, c.get(p), http.StatusNotFound)
	}
	form := url.Values{"name": {"Overgenomen"}, "version": {"1"}, "department_id": {itoa(nabijDept)}, "hosting": {"saas"}, "email": {"x@nabij.nl"}, "role": {"ciso"}, "password": {"een-lang-wachtwoord"}}
	for _, p := range []string{
		"/afdelingen/" + itoa(dept), "/processen/" + itoa(proc), "/applicaties/" + itoa(app),
		"/afdelingen/" + itoa(dept) + "/verwijderen", "/processen/" + itoa(proc) + "/verwijderen", "/applicaties/" + itoa(app) + "/verwijderen",
		"/gebruikers/" + itoa(user), "/gebruikers/" + itoa(user) + "/rollen", "/gebruikers/" + itoa(user) + "/wachtwoord", "/gebruikers/" + itoa(user) + "/deblokkeren",
	} {
		expectStatus(t, c.post(p, form), http.StatusNotFound)
	}
	// Referring to another organisation's rows from one's own forms fails too.
	resp := c.post("/processen", url.Values{"name": {"Sluiproute"}, "department_id": {itoa(dept)}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies een afdeling van deze organisatie.")
	resp = c.post("/applicaties", url.Values{"name": {"Sluiproute"}, "hosting": {"saas"}, "process_ids": {itoa(proc)}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)

	// Lists show only Nabij.
	for _, p := range []string{"/afdelingen", "/processen", "/applicaties", "/gebruikers", "/audittrail"} {
		body := c.get(p).body
		for _, leak := range []string{"iBurgerzaken", "Ruimte en Omgeving", "Bijstandsverlening", "Suite Sociaal Domein", "medewerker@voorbeeld.nl", "Bas Hendriks"} {
			if strings.Contains(body, leak) {
				t.Errorf("%s of Gemeente Nabij shows %q of Gemeente Voorbeeld", p, leak)
			}
		}
	}
	// Nothing changed in Voorbeeld.
	if n := a.id(`SELECT count(*) FROM processes WHERE organisation_id = $1 AND name = 'Overgenomen'`, voorbeeld); n != 0 {
		t.Error("Gemeente Nabij changed a process of Gemeente Voorbeeld")
	}
}
