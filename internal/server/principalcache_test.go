package server_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/baken-nl/baken/internal/dbtest"
)

// TestPrincipalCacheDroppedByWrites: with the principal kept in memory, a
// role taken away outside the portal shows only after the copy expires, but
// any write through the portal drops every copy at once.
func TestPrincipalCacheDroppedByWrites(t *testing.T) {
	t.Parallel()
	a := newAppWith(t, dbtest.New(t), map[string]string{"BAKEN_PRINCIPAL_CACHE_MS": "10000"})
	auditor := a.loggedIn("auditor@voorbeeld.nl")
	expectStatus(t, auditor.get("/bio"), http.StatusOK)
	id := a.id(`SELECT id FROM users WHERE email = 'auditor@voorbeeld.nl'`)

	// Behind the portal's back: the copy still holds the role.
	a.exec(`DELETE FROM role_assignments WHERE user_id = $1`, id)
	expectStatus(t, auditor.get("/bio"), http.StatusOK)

	// A write through the portal (here: a role for someone else).
	beheerder := a.loggedIn("beheerder@voorbeeld.nl")
	other := a.id(`SELECT id FROM users WHERE email = 'medewerker@voorbeeld.nl'`)
	expectStatus(t, beheerder.post("/gebruikers/"+itoa(other)+"/rollen", url.Values{"role": {"fg"}}), http.StatusSeeOther)
	if r := auditor.get("/bio"); r.StatusCode == http.StatusOK {
		t.Errorf("GET /bio after the role was taken away: %d, want a refusal", r.StatusCode)
	}
}
