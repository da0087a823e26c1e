package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/auth"
	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/seed"
)

// Tests for the defects of the foundation's security review (issue 6).

func TestSharedUserIsChangedOnlyByWhoIsEntitledEverywhere(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.id(`SELECT id FROM users WHERE email = 'ciso@voorbeeld.nl'`)
	a.loggedIn("ciso@voorbeeld.nl") // a login event under the current name

	nabij := a.loggedIn("beheerder@nabij.nl")
	resp := nabij.post("/gebruikers/"+itoa(ciso), url.Values{"name": {"Overgenomen"}, "email": {"ciso@voorbeeld.nl"}, "active": {"1"}, "version": {"1"}})
	expectStatus(t, resp, http.StatusForbidden)
	expectContains(t, resp, "in al die organisaties gebruikers beheert", `value="Overgenomen"`)
	expectStatus(t, nabij.post("/gebruikers/"+itoa(ciso)+"/deblokkeren", nil), http.StatusForbidden)
	expectStatus(t, nabij.post("/gebruikers/"+itoa(ciso)+"/wachtwoord", url.Values{"password": {"overgenomen-wachtwoord"}}), http.StatusForbidden)
	if n := a.id(`SELECT count(*) FROM users WHERE id = $1 AND name = 'Overgenomen'`, ciso); n != 0 {
		t.Fatal("Nabij's beheerder renamed the shared CISO")
	}

	// A beheerder in every organisation of the account may change it.
	other := a.id(`SELECT id FROM users WHERE email = 'beheerder@voorbeeld.nl'`)
	a.exec(`INSERT INTO role_assignments (user_id, organisation_id, role) VALUES ($1, $2, 'beheerder')`, other, a.orgID(seed.Nabij))
	both := a.loggedIn("beheerder@voorbeeld.nl")
	version := a.id(`SELECT version FROM users WHERE id = $1`, ciso)
	expectStatus(t, both.post("/gebruikers/"+itoa(ciso), url.Values{"name": {"Carla Smit-de Vries"}, "email": {"ciso@voorbeeld.nl"}, "active": {"1"}, "version": {itoa(version)}}), http.StatusSeeOther)

	// The trail keeps the name the actor had when the event was recorded.
	trail := a.loggedIn("auditor@voorbeeld.nl").get("/audittrail?soort=user&gebruiker=" + itoa(ciso))
	expectContains(t, trail, "Carla Smit (CISO)")
}

func TestNobodyChangesTheirOwnRoles(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("beheerder@nabij.nl")
	self := a.id(`SELECT id FROM users WHERE email = 'beheerder@nabij.nl'`)
	resp := c.post("/gebruikers/"+itoa(self)+"/rollen", url.Values{"role": {"ciso"}})
	expectStatus(t, resp, http.StatusConflict)
	if n := a.id(`SELECT count(*) FROM role_assignments WHERE user_id = $1 AND role = 'ciso'`, self); n != 0 {
		t.Fatal("a beheerder granted himself the CISO role")
	}
}

func TestRefererRedirectStaysOnTheSite(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("beheerder@voorbeeld.nl")
	// A department with processes cannot be deleted: the error goes back to the referring page.
	dept := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Burgerzaken'`, a.orgID(seed.Voorbeeld))
	for _, ref := range []string{"/%5Cevil.example", "/%5C%5Cevil.example", "/%2F%2Fevil.example", "/\\evil.example"} {
		req, _ := http.NewRequest(http.MethodPost, a.ts.URL+"/afdelingen/"+itoa(dept)+"/verwijderen", strings.NewReader(""))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Referer", a.ts.URL+ref)
		resp := c.do(req)
		expectStatus(t, resp, http.StatusSeeOther)
		loc := resp.Header.Get("Location")
		if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.Contains(loc, "\\") {
			t.Errorf("Referer %s: Location %q leaves the site", ref, loc)
		}
		u, err := url.Parse(a.ts.URL)
		if err != nil {
			t.Fatal(err)
		}
		if target, err := u.Parse(loc); err != nil || target.Host != u.Host {
			t.Errorf("Referer %s: Location %q resolves to host %v", ref, loc, target)
		}
	}
}

func TestInputCheckIgnoresTheCaseOfTheContentType(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("beheerder@voorbeeld.nl")
	for _, body := range []string{"name=a%00b", "name=a%07b"} {
		req, _ := http.NewRequest(http.MethodPost, a.ts.URL+"/afdelingen", strings.NewReader(body))
		req.Header.Set("Content-Type", "APPLICATION/X-WWW-FORM-URLENCODED; charset=UTF-8")
		expectStatus(t, c.do(req), http.StatusBadRequest)
	}
	if n := a.id(`SELECT count(*) FROM departments WHERE name LIKE 'a%b'`); n != 0 {
		t.Error("a control character was stored")
	}
}

func TestOutOfRangeNumbersAreNotA500(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("beheerder@voorbeeld.nl")
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	for _, path := range []string{"/afdelingen", "/processen", "/applicaties", "/gebruikers", "/audittrail"} {
		resp := c.get(path + "?page=368934881474191034")
		expectStatus(t, resp, http.StatusOK)
		expectStatus(t, c.get(path+"?page=99999999999999999999999"), http.StatusOK)
	}
	expectStatus(t, ciso.get("/plan?page=368934881474191034"), http.StatusOK)
	for _, path := range []string{"/audittrail?gebruiker=2147483648", "/processen?afdeling=2147483648", "/applicaties?proces=9223372036854775808", "/plan/nieuw?afdeling=-1"} {
		client := c
		if strings.HasPrefix(path, "/plan") {
			client = ciso
		}
		expectStatus(t, client.get(path), http.StatusBadRequest)
	}
	expectStatus(t, ciso.get("/plan?afdeling=2147483648"), http.StatusOK)

	dept := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Burgerzaken'`, a.orgID(seed.Voorbeeld))
	resp := c.post("/afdelingen/"+itoa(dept), url.Values{"name": {"Burgerzaken"}, "version": {"2147483648"}, "manager_id": {"2147483648"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Laad de pagina opnieuw", "Deze keuze is ongeldig")
	proc := a.id(`SELECT id FROM processes WHERE organisation_id = $1 LIMIT 1`, a.orgID(seed.Voorbeeld))
	resp = c.post("/processen/"+itoa(proc), url.Values{"name": {"x"}, "department_id": {"99999999999999999999"}, "version": {"-1"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectStatus(t, c.get("/gebruikers/9223372036854775807"), http.StatusNotFound)
}

func TestCancelledRequestIsNotLoggedAsAServerError(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("auditor@voorbeeld.nl")
	ctxReq, _ := http.NewRequest(http.MethodGet, a.ts.URL+"/bio", nil)
	ctx, cancel := contextWithCancel()
	cancel()
	if resp, err := c.http.Do(ctxReq.WithContext(ctx)); err == nil {
		resp.Body.Close()
		t.Fatal("a cancelled request got an answer")
	}
	expectStatus(t, c.get("/"), http.StatusOK) // the server is fine
	if strings.Contains(a.log.String(), `"status":500`) {
		t.Errorf("a cancelled request was logged as a 500:\n%s", a.log.String())
	}
}

func TestStaticDirectoriesAreNotListed(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.client()
	for _, path := range []string{"/static/", "/static/vendor/", "/static/vendor", "/static/vendor/LICENSES/"} {
		resp := c.get(path)
		expectStatus(t, resp, http.StatusNotFound)
		if strings.Contains(resp.body, `href="htmx.min.js"`) || strings.Contains(resp.body, `href="vendor/"`) {
			t.Errorf("%s lists files", path)
		}
	}
	expectStatus(t, c.get("/static/vendor/htmx.min.js"), http.StatusOK)
}

func TestForwardedForIsBelievedOnlyFromTrustedProxies(t *testing.T) {
	t.Parallel()
	// Without a trusted proxy the header is ignored: 20 failures "from"
	// different forged addresses still count against the one real address.
	a := newApp(t)
	for i := range 20 {
		req := loginRequest(a, "niemand"+itoa(int64(i))+"@voorbeeld.nl", "fout")
		req.Header.Set("X-Forwarded-For", "203.0.113."+itoa(int64(i)))
		a.client().do(req)
	}
	expectStatus(t, a.client().post("/login", url.Values{"email": {"auditor@voorbeeld.nl"}, "password": {seed.DemoPassword}}), http.StatusTooManyRequests)

	// Behind a trusted proxy every client is counted on its own address:
	// one client's failures do not lock out the others.
	b := newAppWith(t, dbtest.New(t), map[string]string{"BAKEN_TRUSTED_PROXIES": "127.0.0.1, ::1"})
	for i := range 25 {
		req := loginRequest(b, "niemand"+itoa(int64(i))+"@voorbeeld.nl", "fout")
		req.Header.Set("X-Forwarded-For", "198.51.100.7")
		b.client().do(req)
	}
	req := loginRequest(b, "auditor@voorbeeld.nl", seed.DemoPassword)
	req.Header.Set("X-Forwarded-For", "198.51.100.8")
	expectStatus(t, b.client().do(req), http.StatusSeeOther)
	req = loginRequest(b, "auditor@voorbeeld.nl", seed.DemoPassword)
	req.Header.Set("X-Forwarded-For", "198.51.100.7")
	expectStatus(t, b.client().do(req), http.StatusTooManyRequests)
}

func TestGuessingCannotKeepTheOwnerOut(t *testing.T) {
	t.Parallel()
	a := newAppWith(t, dbtest.New(t), map[string]string{"BAKEN_TRUSTED_PROXIES": "127.0.0.1, ::1"})
	owner := a.client()
	owner.login("ciso@voorbeeld.nl") // the owner's browser is recognised from now on
	expectStatus(t, owner.post("/logout", nil), http.StatusSeeOther)

	// An attacker guesses from six addresses: the account is delayed...
	for i := range 6 {
		req := loginRequest(a, "ciso@voorbeeld.nl", "gok-"+itoa(int64(i)))
		req.Header.Set("X-Forwarded-For", "192.0.2."+itoa(int64(i)))
		a.client().do(req)
	}
	req := loginRequest(a, "ciso@voorbeeld.nl", seed.DemoPassword)
	req.Header.Set("X-Forwarded-For", "192.0.2.99")
	resp := a.client().do(req)
	expectStatus(t, resp, http.StatusTooManyRequests)
	expectContains(t, resp, "seconden")
	// ...but not for the owner's own browser.
	req = loginRequest(a, "ciso@voorbeeld.nl", seed.DemoPassword)
	req.Header.Set("X-Forwarded-For", "192.0.2.50")
	expectStatus(t, owner.do(req), http.StatusSeeOther)
	// And the delay grows with every failure after the limit.
	var delayed int64
	for range 3 {
		a.exec(`UPDATE login_throttle SET locked_until = now() - interval '1 second' WHERE key = 'account:ciso@voorbeeld.nl'`)
		req := loginRequest(a, "ciso@voorbeeld.nl", "nog-een-gok")
		req.Header.Set("X-Forwarded-For", "192.0.2.60")
		a.client().do(req)
		d := a.id(`SELECT extract(epoch FROM locked_until - now())::bigint FROM login_throttle WHERE key = 'account:ciso@voorbeeld.nl'`)
		if d <= delayed {
			t.Errorf("delay %d s after another failure, not longer than %d s", d, delayed)
		}
		delayed = d
	}
}

func loginRequest(a *app, email, password string) *http.Request {
	req, _ := http.NewRequest(http.MethodPost, a.ts.URL+"/login", strings.NewReader(url.Values{"email": {email}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

func TestPlainGetsDoNotWriteAndIdleSessionsEnd(t *testing.T) {
	t.Parallel()
	d, counter := dbtest.NewCounted(t)
	a := newAppOn(t, d)
	c := a.loggedIn("auditor@voorbeeld.nl")
	expectStatus(t, c.get("/"), http.StatusOK) // pops nothing, touches nothing
	before := counter.Writes()
	for _, path := range []string{"/", "/bio", "/bio/gap", "/plan", "/processen", "/audittrail"} {
		expectStatus(t, c.get(path), http.StatusOK)
	}
	if n := counter.Writes() - before; n != 0 {
		t.Errorf("plain GETs wrote %d times to the database", n)
	}

	// The idle deadline moves with use, written at most once a minute...
	a.advance(20 * time.Minute)
	expectStatus(t, c.get("/"), http.StatusOK)
	if counter.Writes() == before {
		t.Error("the idle deadline was not extended after 20 minutes")
	}
	a.advance(20 * time.Minute)
	expectStatus(t, c.get("/"), http.StatusOK)
	// ...and a session idle for longer than the timeout ends.
	a.advance(31 * time.Minute)
	resp := c.get("/")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Fatalf("idle session still valid: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// TestLoginBurstLeavesOtherPagesFast: password hashes (at production cost)
// run outside any transaction and at most BAKEN_LOGIN_CONCURRENCY at once,
// so 24 parallel failing logins from different addresses neither take the
// pool's connections nor every core from a user reading the control list.
func TestLoginBurstLeavesOtherPagesFast(t *testing.T) {
	t.Parallel()
	a := newAppWith(t, dbtest.New(t), map[string]string{
		"BAKEN_TRUSTED_PROXIES": "127.0.0.1, ::1", "TEST_PASSWORD_COST": "production",
		"BAKEN_DB_MAX_CONNS": "4", "BAKEN_LOGIN_CONCURRENCY": "1",
	})
	reader := a.loggedIn("auditor@voorbeeld.nl") // seeded with a cheap hash
	expectStatus(t, reader.get("/bio"), http.StatusOK)

	var wg sync.WaitGroup
	done := make(chan struct{})
	for i := range 24 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := loginRequest(a, "aanvaller"+itoa(int64(i))+"@elders.example", "fout-wachtwoord")
			req.Header.Set("X-Forwarded-For", "203.0.113."+itoa(int64(i)))
			a.client().do(req)
		}()
	}
	go func() { wg.Wait(); close(done) }()

	var slowest time.Duration
	reads := 0
	for {
		select {
		case <-done:
			if reads < 3 {
				t.Fatalf("the burst ended after %d reads: too short to prove anything", reads)
			}
			t.Logf("%d reads of /bio during the burst, slowest %v", reads, slowest)
			if slowest > 2*time.Second {
				t.Errorf("GET /bio took up to %v during a burst of logins", slowest)
			}
			return
		default:
		}
		start := time.Now()
		expectStatus(t, reader.get("/bio"), http.StatusOK)
		slowest = max(slowest, time.Since(start))
		reads++
	}
}

// TestTakenAddressesAreCountedAndAudited: the answer for an address with an
// account elsewhere is the answer for one in the own organisation; probing is
// audited and stops after a limit.
func TestTakenAddressesAreCountedAndAudited(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("beheerder@nabij.nl")
	form := func(email string) url.Values {
		return url.Values{"name": {"Proef"}, "email": {email}, "password": {"een-goed-wachtwoord"}, "role": {"medewerker"}}
	}
	own := c.post("/gebruikers", form("manager@nabij.nl"))  // in Nabij itself
	other := c.post("/gebruikers", form("fg@voorbeeld.nl")) // only in Voorbeeld
	expectStatus(t, own, http.StatusUnprocessableEntity)
	expectStatus(t, other, http.StatusUnprocessableEntity)
	msg := "Dit e-mailadres is al in gebruik."
	expectContains(t, own, msg)
	expectContains(t, other, msg)
	if strings.Contains(other.body, "Voorbeeld") {
		t.Error("the answer names the other organisation")
	}
	for range auth.TakenAddressLimit {
		c.post("/gebruikers", form("directie@voorbeeld.nl"))
	}
	expectContains(t, c.post("/gebruikers", form("college@voorbeeld.nl")), "te vaak een e-mailadres geprobeerd")
	if n := a.id(`SELECT count(*) FROM audit_events WHERE organisation_id = $1 AND summary LIKE 'Account aanmaken geweigerd%'`, a.orgID(seed.Nabij)); n < 3 {
		t.Errorf("%d refused attempts in Nabij's trail", n)
	}
}

// TestSharedUserPageOffersNoAccountForms: the page of a shared user whose
// other organisation the beheerder does not manage says so instead of
// offering forms that would be refused; a user of this organisation only
// keeps them.
func TestSharedUserPageOffersNoAccountForms(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	b := a.loggedIn("beheerder@voorbeeld.nl")
	ciso := a.id(`SELECT id FROM users WHERE email = 'ciso@voorbeeld.nl'`)
	page := b.get("/gebruikers/" + itoa(ciso))
	expectContains(t, page, `id="gedeeld-account"`)
	if strings.Contains(page.body, `action="/gebruikers/`+itoa(ciso)+`/wachtwoord"`) {
		t.Error("the shared user's page offers the password form")
	}
	fg := a.id(`SELECT id FROM users WHERE email = 'fg@voorbeeld.nl'`)
	expectContains(t, b.get("/gebruikers/"+itoa(fg)), `action="/gebruikers/`+itoa(fg)+`/wachtwoord"`)
}
