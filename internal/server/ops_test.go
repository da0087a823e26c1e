package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.client()
	for _, p := range []string{"/login", "/bestaat-niet", "/static/app.css", "/healthz"} {
		resp := c.get(p)
		h := resp.Header
		if csp := h.Get("Content-Security-Policy"); !contains(csp, "script-src 'self'") || contains(csp, "unsafe-inline") || !contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", p, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("X-Request-Id") == "" {
			t.Errorf("%s: headers %v", p, h)
		}
	}
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("beheerder@voorbeeld.nl")
	req, _ := http.NewRequest(http.MethodPost, a.ts.URL+"/afdelingen", strings.NewReader("name=Vanaf+een+andere+site"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp := c.do(req)
	expectStatus(t, resp, http.StatusForbidden)
	if n := a.id(`SELECT count(*) FROM departments WHERE name = 'Vanaf een andere site'`); n != 0 {
		t.Error("cross-origin POST was executed")
	}
}

func TestErrorPagesAreDutchAndLeakNothing(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("beheerder@voorbeeld.nl")
	nf := c.get("/processen/999999999")
	expectStatus(t, nf, http.StatusNotFound)
	expectContains(t, nf, "Pagina niet gevonden")
	expectStatus(t, c.get("/processen/abc"), http.StatusNotFound)
	expectStatus(t, c.get("/nergens"), http.StatusNotFound)

	// Break the database under a running server: the user sees a reference, not SQL.
	if _, err := a.db.Pool.Exec(context.Background(), `ALTER TABLE processes RENAME TO processes_weg`); err != nil {
		t.Fatal(err)
	}
	resp := c.get("/processen")
	expectStatus(t, resp, http.StatusInternalServerError)
	expectContains(t, resp, "Er ging iets mis", "Referentienummer", resp.Header.Get("X-Request-Id"))
	for _, leak := range []string{"SQLSTATE", "processes", "relation", "goroutine"} {
		if contains(resp.body, leak) {
			t.Errorf("500 page leaks %q", leak)
		}
	}
	if !contains(a.log.String(), resp.Header.Get("X-Request-Id")) {
		t.Error("the error is not logged with its request id")
	}
}

func TestHealthReadinessAndMetrics(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.client()
	expectStatus(t, c.get("/healthz"), http.StatusOK)
	expectStatus(t, c.get("/readyz"), http.StatusOK)
	c.get("/login")
	m := c.get("/metrics")
	expectStatus(t, m, http.StatusOK)
	expectContains(t, m, `baken_http_requests_total{method="GET",route="/login",status="200"} 1`, "baken_http_request_duration_seconds_bucket")

	// A database behind the binary is not ready.
	if _, err := a.db.Pool.Exec(context.Background(), `UPDATE schema_migrations SET version = version - 1`); err != nil {
		t.Fatal(err)
	}
	r := c.get("/readyz")
	expectStatus(t, r, http.StatusServiceUnavailable)
	expectContains(t, r, "migrations pending")
}

func TestAccessLogNamesUserAndRoute(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("auditor@voorbeeld.nl")
	c.get("/processen?q=x")
	log := a.log.String()
	for _, want := range []string{`"route":"/processen"`, `"organisation_id":`, `"user_id":`, `"request_id":`, `"duration":`} {
		if !contains(log, want) {
			t.Errorf("access log lacks %s", want)
		}
	}
}

func TestInvalidCharactersGetA400NotA500(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("beheerder@voorbeeld.nl")
	for _, p := range []string{"/processen?q=%FF", "/processen?q=a%00b", "/audittrail?q=%C3"} {
		resp := c.get(p)
		expectStatus(t, resp, http.StatusBadRequest)
		expectContains(t, resp, "Ongeldige invoer")
	}
	resp := c.post("/afdelingen", map[string][]string{"name": {"Nul\x00byte"}})
	expectStatus(t, resp, http.StatusBadRequest)
	// A long search is cut on a character boundary, not inside "é".
	expectStatus(t, c.get("/processen?q="+strings.Repeat("a", 199)+"%C3%A9"), http.StatusOK)
}

func TestHeadRequestsAreAnswered(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	for _, p := range []string{"/healthz", "/static/app.css", "/login"} {
		req, _ := http.NewRequest(http.MethodHead, a.ts.URL+p, nil)
		expectStatus(t, a.client().do(req), http.StatusOK)
	}
}
