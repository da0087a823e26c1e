package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/baken-nl/baken/internal/seed"
)

func TestLoginGenericMessageAndLock(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.client()

	wrong := c.post("/login", url.Values{"email": {"fg@voorbeeld.nl"}, "password": {"niet-het-wachtwoord"}})
	unknown := c.post("/login", url.Values{"email": {"niemand@voorbeeld.nl"}, "password": {"niet-het-wachtwoord"}})
	expectStatus(t, wrong, http.StatusUnauthorized)
	expectStatus(t, unknown, http.StatusUnauthorized)
	expectContains(t, wrong, "Het e-mailadres of het wachtwoord klopt niet.")
	expectContains(t, unknown, "Het e-mailadres of het wachtwoord klopt niet.")
	expectContains(t, wrong, `value="fg@voorbeeld.nl"`) // the form keeps the e-mail address

	// Four more failures make five: the account is locked, even for the right password.
	for range 4 {
		c.post("/login", url.Values{"email": {"fg@voorbeeld.nl"}, "password": {"nog-steeds-fout"}})
	}
	locked := c.post("/login", url.Values{"email": {"fg@voorbeeld.nl"}, "password": {seed.DemoPassword}})
	expectStatus(t, locked, http.StatusTooManyRequests)
	expectContains(t, locked, "Te veel mislukte inlogpogingen")

	// An unknown address locks the same way, so a lock reveals nothing.
	for range 5 {
		c.post("/login", url.Values{"email": {"niemand@voorbeeld.nl"}, "password": {"niet-het-wachtwoord"}})
	}
	expectStatus(t, c.post("/login", url.Values{"email": {"niemand@voorbeeld.nl"}, "password": {"x"}}), http.StatusTooManyRequests)

	// The beheerder sees the lock and lifts it.
	beheerder := a.loggedIn("beheerder@voorbeeld.nl")
	fgID := a.id(`SELECT id FROM users WHERE email = 'fg@voorbeeld.nl'`)
	list := beheerder.get("/gebruikers?q=fg%40")
	expectContains(t, list, "Inlogblokkade tot")
	expectStatus(t, beheerder.post("/gebruikers/"+itoa(fgID)+"/deblokkeren", nil), http.StatusSeeOther)
	if resp := a.client().post("/login", url.Values{"email": {"fg@voorbeeld.nl"}, "password": {seed.DemoPassword}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login after unlock: %d", resp.StatusCode)
	}
	if strings.Contains(a.log.String(), seed.DemoPassword) || strings.Contains(a.log.String(), "niet-het-wachtwoord") {
		t.Error("a password reached the log")
	}
}

func TestEmptyLoginFormShowsFieldErrors(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	resp := a.client().post("/login", url.Values{"email": {""}, "password": {""}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Vul uw e-mailadres in.", "Vul uw wachtwoord in.", `id="error-summary"`)
}

func TestSessionRenewedAndLogoutIsServerSide(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.client()
	c.get("/login")
	before := sessionCookie(c, a)
	c.login("auditor@voorbeeld.nl")
	after := sessionCookie(c, a)
	if after == "" || after == before {
		t.Fatalf("session token not renewed at login (before %q after %q)", before, after)
	}
	expectStatus(t, c.get("/"), http.StatusOK)

	// Replay the old cookie after logout: the session is gone on the server.
	stolen := a.client()
	u, _ := url.Parse(a.ts.URL)
	stolen.http.Jar.SetCookies(u, []*http.Cookie{{Name: "baken_session", Value: after}})
	expectStatus(t, stolen.get("/"), http.StatusOK)
	expectStatus(t, c.post("/logout", nil), http.StatusSeeOther)
	resp := stolen.get("/")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Fatalf("old session still valid after logout: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func sessionCookie(c *client, a *app) string {
	u, _ := url.Parse(a.ts.URL)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == "baken_session" {
			return ck.Value
		}
	}
	return ""
}

func TestSessionCookieFlags(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	resp := a.client().post("/login", url.Values{"email": {"auditor@voorbeeld.nl"}, "password": {seed.DemoPassword}})
	var sc string
	for _, v := range resp.Header.Values("Set-Cookie") {
		if strings.HasPrefix(v, "baken_session=") {
			sc = v
		}
	}
	for _, want := range []string{"baken_session=", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(sc, want) {
			t.Errorf("Set-Cookie %q lacks %s", sc, want)
		}
	}
}

func TestSharedCISOSwitchesOrganisation(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.client()
	resp := c.post("/login", url.Values{"email": {"ciso@voorbeeld.nl"}, "password": {seed.DemoPassword}})
	if loc := resp.Header.Get("Location"); loc != "/organisatie" {
		t.Fatalf("shared CISO should choose an organisation first, got redirect to %q", loc)
	}
	// Without a chosen organisation, organisation pages send the user to the choice.
	if r := c.get("/processen"); r.Header.Get("Location") != "/organisatie" {
		t.Fatalf("no organisation chosen: got %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	choice := c.get("/organisatie")
	expectContains(t, choice, seed.Voorbeeld, seed.Nabij)
	token := sessionCookie(c, a)
	expectStatus(t, c.post("/organisatie", url.Values{"organisation_id": {itoa(a.orgID(seed.Nabij))}}), http.StatusSeeOther)
	if sessionCookie(c, a) == token {
		t.Error("session token not renewed on organisation switch")
	}
	procs := c.get("/processen")
	expectContains(t, procs, "Financiële administratie")
	if strings.Contains(procs.body, "Bijstandsverlening") {
		t.Error("Gemeente Nabij shows a process of Gemeente Voorbeeld")
	}
	// An organisation in which the user has no role cannot be chosen.
	other := a.loggedIn("auditor@voorbeeld.nl")
	expectStatus(t, other.post("/organisatie", url.Values{"organisation_id": {itoa(a.orgID(seed.Nabij))}}), http.StatusForbidden)
}

func TestBlockedUserLosesSessionAtOnce(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	victim := a.loggedIn("medewerker@voorbeeld.nl")
	expectStatus(t, victim.get("/"), http.StatusOK)
	beheerder := a.loggedIn("beheerder@voorbeeld.nl")
	id := a.id(`SELECT id FROM users WHERE email = 'medewerker@voorbeeld.nl'`)
	version := a.id(`SELECT version FROM users WHERE id = $1`, id)
	resp := beheerder.post("/gebruikers/"+itoa(id), url.Values{"name": {"Mila de Boer"}, "email": {"medewerker@voorbeeld.nl"}, "version": {itoa(version)}})
	expectStatus(t, resp, http.StatusSeeOther)
	if r := victim.get("/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("blocked user still has access: %d", r.StatusCode)
	}
	expectStatus(t, a.client().post("/login", url.Values{"email": {"medewerker@voorbeeld.nl"}, "password": {seed.DemoPassword}}), http.StatusUnauthorized)
}

func TestPasswordResetEndsOpenSessions(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	victim := a.loggedIn("fg@voorbeeld.nl")
	expectStatus(t, victim.get("/"), http.StatusOK)
	id := a.id(`SELECT id FROM users WHERE email = 'fg@voorbeeld.nl'`)
	expectStatus(t, a.loggedIn("beheerder@voorbeeld.nl").post("/gebruikers/"+itoa(id)+"/wachtwoord", url.Values{"password": {"een-nieuw-wachtwoord"}}), http.StatusSeeOther)
	if r := victim.get("/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("session survived the password reset: %d", r.StatusCode)
	}
	fresh := a.client()
	expectStatus(t, fresh.post("/login", url.Values{"email": {"fg@voorbeeld.nl"}, "password": {"een-nieuw-wachtwoord"}}), http.StatusSeeOther)
	expectStatus(t, fresh.get("/"), http.StatusOK)
}

func TestUserChangesOwnPassword(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("auditor@voorbeeld.nl")
	other := a.loggedIn("auditor@voorbeeld.nl")
	expectContains(t, c.get("/account/wachtwoord"), "Huidig wachtwoord")
	resp := c.post("/account/wachtwoord", url.Values{"current": {"fout-wachtwoord"}, "password": {"een-nieuw-wachtwoord"}, "repeat": {"een-nieuw-wachtwoord"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Uw huidige wachtwoord klopt niet.")
	resp = c.post("/account/wachtwoord", url.Values{"current": {seed.DemoPassword}, "password": {"een-nieuw-wachtwoord"}, "repeat": {"iets-anders-dan-dat"}})
	expectContains(t, resp, "De twee nieuwe wachtwoorden zijn niet gelijk.")
	expectStatus(t, c.post("/account/wachtwoord", url.Values{"current": {seed.DemoPassword}, "password": {"een-nieuw-wachtwoord"}, "repeat": {"een-nieuw-wachtwoord"}}), http.StatusSeeOther)
	// This session stays, the other one ends.
	expectStatus(t, c.get("/"), http.StatusOK)
	if r := other.get("/"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("other session survived the password change: %d", r.StatusCode)
	}
	expectStatus(t, a.client().post("/login", url.Values{"email": {"auditor@voorbeeld.nl"}, "password": {"een-nieuw-wachtwoord"}}), http.StatusSeeOther)
}

// TestParallelGuessesHitTheLock: attempts for one account are serialised, so a
// burst of parallel wrong passwords is counted one by one and stops at the limit.
func TestParallelGuessesHitTheLock(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := a.client()
			c.post("/login", url.Values{"email": {"directie@voorbeeld.nl"}, "password": {"gok-nummer-" + itoa(int64(i))}})
		}()
	}
	wg.Wait()
	if n := a.id(`SELECT failures FROM login_throttle WHERE key = 'account:directie@voorbeeld.nl'`); n != 5 {
		t.Errorf("%d failures counted for 12 parallel guesses; want exactly the limit of 5 (the rest refused by the lock)", n)
	}
}
