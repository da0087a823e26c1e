package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/seed"
)

// TestBrowserAxeOnEveryPage opens every page of the route table that the CISO
// and the beheerder may see (every GET route that renders HTML) and runs
// axe-core on each, so no page escapes the accessibility check.
func TestBrowserAxeOnEveryPage(t *testing.T) {
	a := newApp(t)
	for _, user := range []struct {
		email string
		role  authz.Role
	}{{"ciso@voorbeeld.nl", authz.CISO}, {"beheerder@voorbeeld.nl", authz.Beheerder}} {
		t.Run(string(user.role), func(t *testing.T) {
			// Well over a hundred pages: a budget per page rather than per test.
			ctx := newTabWithin(t, time.Duration(len(a.srv.Routes()))*time.Second)
			browserLogin(t, ctx, a, user.email, seed.Voorbeeld, nil)
			for _, r := range a.srv.Routes() {
				if r.Method != http.MethodGet || !(r.Action == authz.Authenticated || authz.Allowed(user.role, r.Action)) || !htmlPage(r.Pattern) {
					continue
				}
				path := a.samplePath(r.Pattern)
				do(t, ctx, "open "+path, chromedp.Navigate(a.ts.URL+path), chromedp.WaitVisible(chromedp.CSS("main#main")))
				checkAxe(t, ctx, r.Pattern)
			}
		})
	}
}

// htmlPage tells the pages from downloads, assets and machine endpoints.
func htmlPage(pattern string) bool {
	if strings.HasSuffix(pattern, "/document") { // the supplier register's downloads
		return false
	}
	if strings.HasPrefix(pattern, "/incidenten/bijlagen/") { // the incidents' attachments
		return false
	}
	if strings.HasPrefix(pattern, "/meldloket/") { // public, with a real token in TestBrowserMeldloketJourney
		return false
	}
	for _, skip := range []string{"/static/", "/export", ".xlsx", ".csv", ".pdf", "/bewijs/", "/healthz", "/readyz", "/metrics"} {
		if strings.Contains(pattern, skip) {
			return false
		}
	}
	return true
}
