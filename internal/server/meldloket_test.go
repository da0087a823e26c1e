package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/seed"
)

// enableLoket switches the meldloket of org on as its CISO and returns its
// path, /meldloket/{token}.
func enableLoket(t *testing.T, a *app, ciso, org string) string {
	t.Helper()
	c := a.loggedIn(ciso, org)
	orgID := a.orgID(org)
	version := "0"
	if n := a.id(`SELECT count(*) FROM meldlokets WHERE organisation_id = $1`, orgID); n > 0 {
		version = itoa(a.id(`SELECT version FROM meldlokets WHERE organisation_id = $1`, orgID))
	}
	resp := c.post("/incidenten/meldloket", url.Values{"enabled": {"1"}, "intro": {"Meldingen worden op werkdagen behandeld."}, "version": {version}})
	expectStatus(t, resp, http.StatusSeeOther)
	return "/meldloket/" + a.loketToken(orgID)
}

func (a *app) loketToken(orgID int64) string {
	a.t.Helper()
	tokens := a.texts(`SELECT token FROM meldlokets WHERE organisation_id = $1`, orgID)
	if len(tokens) != 1 {
		a.t.Fatalf("%d lokets of organisation %d", len(tokens), orgID)
	}
	return tokens[0]
}

// loketReport is a valid public report.
func loketReport(title string) url.Values {
	return url.Values{"title": {title}, "description": {"Gezien op de website."}, "discovered_at": {moment(time.Now().Add(-time.Hour))},
		"personal_data": {"weet_niet"}, "name": {"J. Jansen, Leverancier BV"}, "email": {"j.jansen@leverancier.example"}}
}

var codePattern = regexp.MustCompile(`id="meldloket-code">([A-Z2-7-]+)<`)

// submitLoket files a public report and returns the follow-up code.
func submitLoket(t *testing.T, c *client, path, title string) string {
	t.Helper()
	resp := c.post(path, loketReport(title))
	expectStatus(t, resp, http.StatusOK)
	expectContains(t, resp, "Bedankt voor uw melding", "INC-")
	m := codePattern.FindStringSubmatch(resp.body)
	if m == nil {
		t.Fatalf("no follow-up code on the receipt:\n%s", trim(resp.body))
	}
	return m[1]
}

// TestMeldloketSettingsAreTheCISOs: the loket is off until the CISO switches
// it on; the switch is audited, checks its version and is refused for
// every other role.
func TestMeldloketSettingsAreTheCISOs(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	page := ciso.get("/incidenten/meldloket")
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, "Openbaar meldloket", "Het meldloket staat uit tot u het aanzet", `name="enabled"`)
	if n := a.id(`SELECT count(*) FROM meldlokets`); n != 0 {
		t.Fatalf("%d lokets before anyone switched one on", n)
	}
	expectContains(t, ciso.get("/incidenten"), `href="/incidenten/meldloket"`)

	// Too long an intro: 422 with the input kept, nothing stored.
	long := strings.Repeat("a", 1001)
	resp := ciso.post("/incidenten/meldloket", url.Values{"enabled": {"1"}, "intro": {long}, "version": {"0"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "hoogstens 1000 tekens", long)
	if n := a.id(`SELECT count(*) FROM meldlokets`); n != 0 {
		t.Fatal("an invalid form was stored")
	}

	path := enableLoket(t, a, "ciso@voorbeeld.nl", seed.Voorbeeld)
	page = ciso.get("/incidenten/meldloket")
	expectContains(t, page, `id="meldloket-status">Aan`, path, "Meldingen worden op werkdagen behandeld.")
	if n := a.id(`SELECT count(*) FROM audit_events WHERE organisation_id = $1 AND entity = 'meldloket' AND summary = 'Meldloket aangezet'`, voorbeeld); n != 1 {
		t.Errorf("%d audit events for switching the loket on", n)
	}

	// A second save on the version of before the first: 409, the stored state shown.
	resp = ciso.post("/incidenten/meldloket", url.Values{"intro": {"Oud formulier"}, "version": {"0"}})
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "Opgeslagen staat nu: meldloket", "Oud formulier")

	// A new address: the old one stops working.
	version := itoa(a.id(`SELECT version FROM meldlokets WHERE organisation_id = $1`, voorbeeld))
	resp = ciso.post("/incidenten/meldloket", url.Values{"enabled": {"1"}, "new_link": {"1"}, "version": {version}})
	expectStatus(t, resp, http.StatusSeeOther)
	newPath := "/meldloket/" + a.loketToken(voorbeeld)
	if newPath == path {
		t.Fatal("the address did not change")
	}
	anon := a.client()
	expectStatus(t, anon.get(path), http.StatusNotFound)
	expectStatus(t, anon.get(newPath), http.StatusOK)

	for role, email := range roleUsers {
		if role == authz.CISO {
			continue
		}
		c := a.loggedIn(email)
		expectStatus(t, c.get("/incidenten/meldloket"), http.StatusForbidden)
		resp := c.post("/incidenten/meldloket", url.Values{"version": {"0"}})
		expectStatus(t, resp, http.StatusForbidden)
		if strings.Contains(c.get("/incidenten").body, `href="/incidenten/meldloket"`) {
			t.Errorf("%s is offered the loket's settings", role)
		}
	}
	if a.id(`SELECT count(*) FROM meldlokets WHERE organisation_id = $1 AND enabled`, voorbeeld) != 1 {
		t.Error("a refused role changed the loket")
	}
}

// TestMeldloketOffOrUnknownIs404: an unknown address and a switched-off
// loket answer the same 404, for the form and the status look-up, and store
// nothing.
func TestMeldloketOffOrUnknownIs404(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	anon := a.client()
	unknown := "/meldloket/" + strings.Repeat("a", 32)
	expectStatus(t, anon.get(unknown), http.StatusNotFound)
	expectStatus(t, anon.get("/meldloket/kort"), http.StatusNotFound)

	path := enableLoket(t, a, "ciso@voorbeeld.nl", seed.Voorbeeld)
	expectStatus(t, anon.get(path), http.StatusOK)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	version := itoa(a.id(`SELECT version FROM meldlokets WHERE organisation_id = $1`, voorbeeld))
	expectStatus(t, ciso.post("/incidenten/meldloket", url.Values{"version": {version}}), http.StatusSeeOther)
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'meldloket' AND summary = 'Meldloket uitgezet'`); n != 1 {
		t.Errorf("%d audit events for switching the loket off", n)
	}

	before := a.id(`SELECT count(*) FROM incidents`)
	off := anon.get(path)
	expectStatus(t, off, http.StatusNotFound)
	if un := anon.get(unknown); un.body != off.body {
		t.Error("a switched-off loket answers differently from an unknown one")
	}
	for _, p := range []string{path, unknown} {
		expectStatus(t, anon.post(p, loketReport("Melding bij een gesloten loket")), http.StatusNotFound)
		expectStatus(t, anon.get(p+"/status"), http.StatusNotFound)
		expectStatus(t, anon.post(p+"/status", url.Values{"code": {"ABCD"}}), http.StatusNotFound)
	}
	if a.id(`SELECT count(*) FROM incidents`) != before {
		t.Error("a report at a switched-off loket was stored")
	}
}

// TestMeldloketJourney: an anonymous visitor reports with the privacy
// notice in view, gets a number and a code (stored only as its hash), sees
// the status of that report only; the CISO's register marks it as via the
// meldloket; nothing else opens up for the visitor.
func TestMeldloketJourney(t *testing.T) {
	t.Parallel()
	d, counter := dbtest.NewCounted(t)
	a := newAppOn(t, d)
	voorbeeld := a.orgID(seed.Voorbeeld)
	path := enableLoket(t, a, "ciso@voorbeeld.nl", seed.Voorbeeld)
	nabij := enableLoket(t, a, "ciso@voorbeeld.nl", seed.Nabij)

	anon := a.client()
	writes := counter.Writes()
	form := anon.get(path)
	expectStatus(t, form, http.StatusOK)
	expectContains(t, form, "Beveiligingsincident melden bij Gemeente Voorbeeld", "Meldingen worden op werkdagen behandeld.",
		"Wat is er gebeurd?", "Wanneer merkte u het op?", "Zijn er mogelijk persoonsgegevens bij betrokken?", "Weet ik niet",
		"Uw naam en organisatie (optioneel)", "Uw e-mailadres (optioneel)",
		"Wat wij met uw gegevens doen", "Drie jaar", "BIO2 5.28.01", "Wie het ziet", "CISO")
	for _, leak := range []string{"Uitloggen", "app-nav", "iBurgerzaken", `name="department_id"`, `name="application_id"`} {
		if strings.Contains(form.body, leak) {
			t.Errorf("the public form shows %q", leak)
		}
	}
	expectStatus(t, anon.get(path+"/status"), http.StatusOK)
	if n := counter.Writes() - writes; n != 0 {
		t.Errorf("the public GETs wrote %d times", n)
	}
	if len(form.Header.Values("Set-Cookie")) != 0 {
		t.Errorf("the public form sets cookies: %v", form.Header.Values("Set-Cookie"))
	}

	// Bad input: 422, the input kept, nothing stored.
	bad := loketReport("")
	bad.Set("email", "geen-adres")
	bad.Set("discovered_at", moment(time.Now().Add(24*time.Hour)))
	resp := anon.post(path, bad)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Beschrijf in een paar woorden wat er is gebeurd.", "Vul een geldig e-mailadres in", "geen-adres", "J. Jansen, Leverancier BV")
	resp = anon.post(path, url.Values{"title": {"Toekomst"}, "discovered_at": {moment(time.Now().Add(24 * time.Hour))}, "personal_data": {"ja"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "ligt in de toekomst")
	if n := a.id(`SELECT count(*) FROM incidents WHERE via_meldloket`); n != 0 {
		t.Fatal("an invalid public report was stored")
	}

	code := submitLoket(t, anon, path, "Phishingmail uit naam van de gemeente ontvangen")
	other := submitLoket(t, a.client(), path, "Brief met gegevens van een ander ontvangen")
	elsewhere := submitLoket(t, a.client(), nabij, "Datalek gezien bij Nabij")
	if len(strings.ReplaceAll(code, "-", "")) != 32 || code == other {
		t.Fatalf("codes %q and %q", code, other)
	}

	var (
		reporterID *int64
		name, mail string
		hash       []byte
		personal   bool
		number     int
	)
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT reporter_id, reporter_name, reporter_email, followup_hash, personal_data, number
		FROM incidents WHERE organisation_id = $1 AND title = 'Phishingmail uit naam van de gemeente ontvangen' AND via_meldloket`, voorbeeld).
		Scan(&reporterID, &name, &mail, &hash, &personal, &number); err != nil {
		t.Fatal(err)
	}
	if reporterID != nil || name != "J. Jansen, Leverancier BV" || mail != "j.jansen@leverancier.example" || !personal || len(hash) != 32 {
		t.Errorf("stored reporter %v %q %q, datalek %v, hash %d bytes", reporterID, name, mail, personal, len(hash))
	}
	if n := a.id(`SELECT count(*) FROM incidents WHERE followup_hash::text LIKE '%' || $1 || '%'`, strings.ReplaceAll(code, "-", "")); n != 0 {
		t.Error("the follow-up code is stored as such")
	}
	if n := a.id(`SELECT count(*) FROM audit_events WHERE organisation_id = $1 AND actor_id IS NULL AND summary LIKE '% gemeld via het meldloket: Phishingmail%'`, voorbeeld); n != 1 {
		t.Errorf("%d audit events for the public report", n)
	}

	// The status: only number and status of the code's own report; case and dashes do not matter.
	resp = anon.post(path+"/status", url.Values{"code": {strings.ToLower(strings.ReplaceAll(code, "-", " "))}})
	expectStatus(t, resp, http.StatusOK)
	expectContains(t, resp, incident.Number(number), `id="melding-status">Gemeld`)
	for _, leak := range []string{"Phishingmail", "Brief met gegevens", "Jansen", "leverancier.example", "Gezien op de website"} {
		if strings.Contains(resp.body, leak) {
			t.Errorf("the status page shows %q", leak)
		}
	}
	resp = anon.post(path+"/status", url.Values{"code": {other}})
	expectStatus(t, resp, http.StatusOK)
	if strings.Contains(resp.body, ">"+incident.Number(number)+"<") {
		t.Error("another code shows the first report's number")
	}
	// Nabij's code at Voorbeeld's loket, and a made-up code: nothing found.
	for _, c := range []string{elsewhere, "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567", "x"} {
		resp = anon.post(path+"/status", url.Values{"code": {c}})
		expectStatus(t, resp, http.StatusUnprocessableEntity)
		expectContains(t, resp, "Met deze code vinden wij geen melding bij dit meldloket")
	}

	// The CISO's register marks the report; the page shows the source and the e-mail.
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	list := ciso.get("/incidenten")
	expectStatus(t, list, http.StatusOK)
	expectContains(t, list, "via meldloket", "Phishingmail uit naam van de gemeente ontvangen")
	id := a.id(`SELECT id FROM incidents WHERE title = 'Phishingmail uit naam van de gemeente ontvangen'`)
	show := ciso.get("/incidenten/" + itoa(id))
	expectStatus(t, show, http.StatusOK)
	expectContains(t, show, `id="incident-bron"`, "via meldloket", "J. Jansen, Leverancier BV", "j.jansen@leverancier.example")
	// The trail names the public report, without an actor.
	trail := ciso.get("/audittrail")
	expectStatus(t, trail, http.StatusOK)
	expectContains(t, trail, "gemeld via het meldloket: Phishingmail")
	event := a.id(`SELECT id FROM audit_events WHERE actor_id IS NULL AND summary LIKE '% gemeld via het meldloket: Phishingmail%'`)
	expectStatus(t, ciso.get("/audittrail/"+itoa(event)), http.StatusOK)
	// The incident moves on like any other.
	resp = ciso.post("/incidenten/"+itoa(id)+"/status", url.Values{"to": {incident.StatusHandling}, "version": {a.incidentVersion(id)}})
	expectStatus(t, resp, http.StatusSeeOther)
	expectContains(t, anon.post(path+"/status", url.Values{"code": {code}}), `id="melding-status">In behandeling`)

	// Nothing else opens up for the visitor who used the loket.
	for _, r := range a.srv.Routes() {
		if r.Action == authz.Public {
			continue
		}
		p := a.samplePath(r.Pattern)
		var resp response
		if r.Method == http.MethodGet {
			resp = anon.get(p)
		} else {
			resp = anon.post(p, url.Values{})
		}
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Errorf("%s %s: visitor of the loket got %d, want a redirect to /login", r.Method, r.Pattern, resp.StatusCode)
		}
	}
}

// TestOnlyTheseRoutesArePublic: the meldloket adds its four public routes
// and nothing else; every other route needs a login (TestEveryRouteAsEveryRole).
func TestOnlyTheseRoutesArePublic(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	var public []string
	for _, r := range a.srv.Routes() {
		if r.Action == authz.Public {
			public = append(public, r.Method+" "+r.Pattern)
		}
	}
	want := []string{"GET /healthz", "GET /readyz", "GET /metrics", "GET /static/*", "GET /login", "POST /login",
		"GET /meldloket/{token}", "POST /meldloket/{token}", "GET /meldloket/{token}/status", "POST /meldloket/{token}/status"}
	slices.Sort(public)
	slices.Sort(want)
	if !slices.Equal(public, want) {
		t.Errorf("public routes %v, want %v", public, want)
	}
}

// TestMeldloketLimits: five reports an hour per address (a forged
// X-Forwarded-For does not help without a trusted proxy), fifty a day per
// loket, twenty status look-ups an hour per address: 429 with a Dutch
// message and Retry-After; cross-origin posts and oversized forms refused.
func TestMeldloketLimits(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	path := enableLoket(t, a, "ciso@voorbeeld.nl", seed.Voorbeeld)
	post := func(title, forwarded string) response {
		req, _ := http.NewRequest(http.MethodPost, a.ts.URL+path, strings.NewReader(loketReport(title).Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", forwarded)
		return a.client().do(req)
	}
	for i := range incident.LoketAddressLimit {
		expectStatus(t, post("Melding "+itoa(int64(i)), "203.0.113."+itoa(int64(i))), http.StatusOK)
	}
	resp := post("Melding te veel", "203.0.113.99")
	expectStatus(t, resp, http.StatusTooManyRequests)
	expectContains(t, resp, "te veel verzoeken gedaan", "Probeer het over", "Melding te veel")
	if resp.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	if n := a.id(`SELECT count(*) FROM incidents WHERE via_meldloket`); n != incident.LoketAddressLimit {
		t.Errorf("%d public reports stored, want %d", n, incident.LoketAddressLimit)
	}
	// An hour later the address may report again.
	a.advance(61 * time.Minute)
	expectStatus(t, post("Melding na een uur", "203.0.113.1"), http.StatusOK)

	// The loket's own limit, whatever the address.
	a.exec(`UPDATE login_throttle SET failures = $2 WHERE key = $1`, "meldloket:"+itoa(voorbeeld), incident.LoketLimit)
	a.exec(`DELETE FROM login_throttle WHERE key LIKE 'meldloket-address:%'`)
	resp = post("Melding boven de daglimiet", "203.0.113.1")
	expectStatus(t, resp, http.StatusTooManyRequests)
	expectContains(t, resp, "te veel verzoeken gedaan", "uur opnieuw")

	// Status look-ups count, found or not.
	anon := a.client()
	for range incident.StatusAddressLimit {
		expectStatus(t, anon.post(path+"/status", url.Values{"code": {"onbekend"}}), http.StatusUnprocessableEntity)
	}
	resp = anon.post(path+"/status", url.Values{"code": {"onbekend"}})
	expectStatus(t, resp, http.StatusTooManyRequests)
	expectContains(t, resp, "te veel verzoeken gedaan")

	// Cross-origin and oversized posts.
	req, _ := http.NewRequest(http.MethodPost, a.ts.URL+path, strings.NewReader(loketReport("Vanaf een andere site").Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	expectStatus(t, anon.do(req), http.StatusForbidden)
	big := loketReport("Te groot")
	big.Set("description", strings.Repeat("x", 70<<10))
	resp = anon.post(path, big)
	expectStatus(t, resp, http.StatusRequestEntityTooLarge)
	expectContains(t, resp, "Uw invoer is te groot")
	if n := a.id(`SELECT count(*) FROM incidents WHERE title IN ('Vanaf een andere site', 'Te groot')`); n != 0 {
		t.Error("a refused post was stored")
	}
}
