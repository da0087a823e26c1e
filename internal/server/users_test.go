package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/seed"
)

func TestBeheerderManagesUsers(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("beheerder@voorbeeld.nl")

	// Validation: every field gets a Dutch message; input is kept, the password is not echoed.
	resp := c.post("/gebruikers", url.Values{"name": {"Nieuwe Collega"}, "email": {"geen-adres"}, "password": {"kort"}, "role": {"afdelingsmanager"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Vul een geldig e-mailadres in", "Een wachtwoord heeft minimaal 12 tekens.", "Kies de afdeling waarvoor deze rol geldt.", `value="Nieuwe Collega"`, `value="geen-adres"`)

	dept := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Belastingen'`, a.orgID(seed.Voorbeeld))
	resp = c.post("/gebruikers", url.Values{"name": {"Nieuwe Collega"}, "email": {"nieuw@voorbeeld.nl"}, "password": {"een-goed-wachtwoord"}, "role": {"afdelingsmanager"}, "department_id": {itoa(dept)}})
	expectStatus(t, resp, http.StatusSeeOther)
	id := a.id(`SELECT id FROM users WHERE email = 'nieuw@voorbeeld.nl'`)

	// Duplicate e-mail address.
	resp = c.post("/gebruikers", url.Values{"name": {"Dubbel"}, "email": {"NIEUW@voorbeeld.nl"}, "password": {"een-goed-wachtwoord"}, "role": {"medewerker"}})
	expectContains(t, resp, "Dit e-mailadres is al in gebruik.")

	// Add a role, then remove it; the new user can log in and sees the role.
	expectStatus(t, c.post("/gebruikers/"+itoa(id)+"/rollen", url.Values{"role": {"fg"}}), http.StatusSeeOther)
	expectContains(t, c.get("/gebruikers/"+itoa(id)), "Functionaris gegevensbescherming", "Afdelingsmanager")
	expectStatus(t, c.post("/gebruikers/"+itoa(id)+"/rollen/verwijderen", url.Values{"role": {"fg"}, "department_id": {"0"}}), http.StatusSeeOther)
	nc := a.client()
	resp = nc.post("/login", url.Values{"email": {"nieuw@voorbeeld.nl"}, "password": {"een-goed-wachtwoord"}})
	expectStatus(t, resp, http.StatusSeeOther)
	expectContains(t, nc.get("/"), "Afdelingsmanager (Belastingen)")

	// The last role cannot be removed; the beheerder's own beheerder role neither.
	resp = c.post("/gebruikers/"+itoa(id)+"/rollen/verwijderen", url.Values{"role": {"afdelingsmanager"}, "department_id": {itoa(dept)}})
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "enige rol")
	self := a.id(`SELECT id FROM users WHERE email = 'beheerder@voorbeeld.nl'`)
	// Nobody grants or removes their own roles (a beheerder must not make himself CISO).
	resp = c.post("/gebruikers/"+itoa(self)+"/rollen", url.Values{"role": {"ciso"}})
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "eigen rollen niet wijzigen")
	resp = c.post("/gebruikers/"+itoa(self)+"/rollen/verwijderen", url.Values{"role": {"beheerder"}, "department_id": {"0"}})
	expectContains(t, resp, "eigen beheerdersrol")
	if n := a.id(`SELECT count(*) FROM role_assignments WHERE user_id = $1 AND role = 'ciso'`, self); n != 0 {
		t.Error("the beheerder granted himself the CISO role")
	}

	// Reset password.
	resp = c.post("/gebruikers/"+itoa(id)+"/wachtwoord", url.Values{"password": {"te kort"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectStatus(t, c.post("/gebruikers/"+itoa(id)+"/wachtwoord", url.Values{"password": {"nog-een-goed-wachtwoord"}}), http.StatusSeeOther)
	expectStatus(t, a.client().post("/login", url.Values{"email": {"nieuw@voorbeeld.nl"}, "password": {"nog-een-goed-wachtwoord"}}), http.StatusSeeOther)

	// Every step is in the audit trail; the password hash is not.
	trail := c.get("/audittrail?soort=user")
	expectContains(t, trail, "Gebruiker nieuw@voorbeeld.nl aangemaakt", "Wachtwoord van nieuw@voorbeeld.nl opnieuw ingesteld")
	if n := a.id(`SELECT count(*) FROM audit_events WHERE coalesce(after::text, '') LIKE '%argon2id%' OR coalesce(before::text, '') LIKE '%argon2id%'`); n != 0 {
		t.Error("a password hash reached the audit trail")
	}
}

func TestSharedUserIsNotOneOrganisationsToChange(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("beheerder@nabij.nl")
	ciso := a.id(`SELECT id FROM users WHERE email = 'ciso@voorbeeld.nl'`)
	expectContains(t, c.get("/gebruikers/"+itoa(ciso)), "Gedeeld account")
	resp := c.post("/gebruikers/"+itoa(ciso)+"/wachtwoord", url.Values{"password": {"overgenomen-wachtwoord"}})
	expectStatus(t, resp, http.StatusForbidden)
	expectContains(t, resp, "ook rollen bij een andere organisatie")
	resp = c.post("/gebruikers/"+itoa(ciso), url.Values{"name": {"Carla Smit (CISO)"}, "email": {"ciso@voorbeeld.nl"}, "version": {"1"}})
	expectStatus(t, resp, http.StatusForbidden) // unchecked "active" would block the account in both organisations
}

func TestCISOSeesUsersButCannotChangeThem(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("ciso@voorbeeld.nl")
	list := c.get("/gebruikers")
	expectStatus(t, list, http.StatusOK)
	if contains(list.body, "Gebruiker toevoegen") {
		t.Error("CISO is offered a button the permission table refuses")
	}
	id := a.id(`SELECT id FROM users WHERE email = 'fg@voorbeeld.nl'`)
	if contains(c.get("/gebruikers/"+itoa(id)).body, "Rol toekennen") {
		t.Error("CISO is offered the role form")
	}
	expectStatus(t, c.post("/gebruikers/"+itoa(id)+"/rollen", url.Values{"role": {"ciso"}}), http.StatusForbidden)
}

func TestLoginsAppearInTheTrailOfTheUsersOrganisations(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	a.loggedIn("fg@voorbeeld.nl")
	trail := a.loggedIn("auditor@voorbeeld.nl").get("/audittrail?soort=user&gebruiker=" + itoa(a.id(`SELECT id FROM users WHERE email = 'fg@voorbeeld.nl'`)))
	expectContains(t, trail, "Ingelogd", "Fatima El Amrani (FG)")
	// Gemeente Nabij does not see the logins of Voorbeeld's staff.
	nabij := a.loggedIn("beheerder@nabij.nl").get("/audittrail?soort=user")
	if strings.Contains(nabij.body, "Fatima El Amrani") {
		t.Error("Gemeente Nabij sees a login of a Voorbeeld user")
	}
}
