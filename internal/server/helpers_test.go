package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/auth"
	"github.com/baken-nl/baken/internal/config"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/seed"
	"github.com/baken-nl/baken/internal/server"
)

// app is a running portal on its own database, served through the real
// router and middleware.
type app struct {
	// skew moves the server's clock forward (advance), for timeouts.
	skew atomic.Int64
	t    testing.TB
	db   *db.DB
	srv  *server.Server
	ts   *httptest.Server
	log  *logBuffer
}

func newApp(t testing.TB) *app {
	t.Helper()
	return newAppOn(t, dbtest.New(t))
}

// newAppOn serves the portal on an already opened test database.
func newAppOn(t testing.TB, d *db.DB) *app {
	t.Helper()
	return newAppWith(t, d, nil)
}

// newAppWith is newAppOn with configuration variables set.
func newAppWith(t testing.TB, d *db.DB, env map[string]string) *app {
	t.Helper()
	cfg, err := config.Load(func(k string) string {
		if v, ok := env[k]; ok || (k != "BAKEN_PRINCIPAL_CACHE_MS" && k != "BAKEN_PAGE_CACHE") {
			return v
		}
		// Tests change roles and rows with SQL and act at once; the caches
		// have their own tests.
		return "0"
	})
	if err != nil {
		t.Fatal(err)
	}
	logs := &logBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	params := auth.TestParams
	if env["TEST_PASSWORD_COST"] == "production" {
		params = auth.DefaultParams // real hashing cost, for the login burst
	}
	// The portal connects as the runtime role (row-level security applies);
	// the test keeps the owner connection d to arrange and inspect data.
	a := &app{t: t, db: d, log: logs}
	now := func() time.Time { return time.Now().Add(time.Duration(a.skew.Load())) }
	a.srv = server.New(cfg, dbtest.App(t, d), log, server.Options{PasswordParams: &params, Now: now})
	a.ts = httptest.NewServer(a.srv)
	t.Cleanup(func() { a.ts.Close(); a.srv.Close() })
	return a
}

// logBuffer collects the server's log lines; handlers write concurrently.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// id runs a query returning one id, for looking up demo data.
func (a *app) id(sql string, args ...any) int64 {
	a.t.Helper()
	var id int64
	if err := a.db.Pool.QueryRow(context.Background(), sql, args...).Scan(&id); err != nil {
		a.t.Fatalf("lookup %q: %v", sql, err)
	}
	return id
}

func (a *app) orgID(name string) int64 {
	return a.id(`SELECT id FROM organisations WHERE name = $1`, name)
}

// client is a browser-like HTTP client with cookies that does not follow redirects.
type client struct {
	t    testing.TB
	app  *app
	http *http.Client
}

func (a *app) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: a.t, app: a, http: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

type response struct {
	*http.Response
	body string
}

func (c *client) do(req *http.Request) response {
	c.t.Helper()
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{resp, string(b)}
}

func (c *client) get(path string) response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.app.ts.URL+path, nil)
	return c.do(req)
}

func (c *client) post(path string, form url.Values) response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.app.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// login logs in with the demo password and, for users with roles in several
// organisations, chooses org (default Gemeente Voorbeeld).
func (c *client) login(email string, org ...string) {
	c.t.Helper()
	resp := c.post("/login", url.Values{"email": {email}, "password": {seed.DemoPassword}})
	if resp.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("login %s: status %d: %s", email, resp.StatusCode, resp.body)
	}
	if resp.Header.Get("Location") == "/organisatie" {
		name := seed.Voorbeeld
		if len(org) > 0 {
			name = org[0]
		}
		resp = c.post("/organisatie", url.Values{"organisation_id": {itoa(c.app.orgID(name))}})
		if resp.StatusCode != http.StatusSeeOther {
			c.t.Fatalf("choose organisation %s: status %d", name, resp.StatusCode)
		}
	}
}

func (a *app) loggedIn(email string, org ...string) *client {
	c := a.client()
	c.login(email, org...)
	return c
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func expectStatus(t testing.TB, r response, want int) {
	t.Helper()
	if r.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d\n%s", r.Request.Method, r.Request.URL.Path, r.StatusCode, want, trim(r.body))
	}
}

func expectContains(t testing.TB, r response, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(r.body, w) {
			t.Errorf("%s %s: body lacks %q\n%s", r.Request.Method, r.Request.URL.Path, w, trim(r.body))
		}
	}
}

func trim(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}

// exec runs a statement on the test database as its owner, to arrange a case.
func (a *app) exec(sql string, args ...any) {
	a.t.Helper()
	if _, err := a.db.Pool.Exec(context.Background(), sql, args...); err != nil {
		a.t.Fatalf("exec %q: %v", sql, err)
	}
}

func contextWithCancel() (context.Context, context.CancelFunc) {
	return context.WithCancel(context.Background())
}

// advance moves the server's clock forward by d.
func (a *app) advance(d time.Duration) { a.skew.Add(int64(d)) }
