package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/auth"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/config"
	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/server"
)

// TestLoadReferenceIsAbsentByDefault: without BAKEN_LOAD_REFERENCE the
// reference handler of scripts/load.sh is not in the route table and the path
// is an ordinary 404.
func TestLoadReferenceIsAbsentByDefault(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	for _, r := range a.srv.Routes() {
		if strings.HasPrefix(r.Pattern, "/_load/") {
			t.Errorf("route %s %s exists without BAKEN_LOAD_REFERENCE", r.Method, r.Pattern)
		}
	}
	expectStatus(t, a.client().get("/_load/select1"), http.StatusNotFound)
}

// TestLoadReferenceAnswersWhenEnabled: with BAKEN_LOAD_REFERENCE=1 the route is
// in the route table as a public route and answers "ok" without a session,
// after a round trip on the server's pool.
func TestLoadReferenceAnswersWhenEnabled(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	cfg, err := config.Load(func(k string) string {
		if k == "BAKEN_LOAD_REFERENCE" {
			return "1"
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	params := auth.TestParams
	srv := server.New(cfg, d, slog.New(slog.NewTextHandler(io.Discard, nil)), server.Options{PasswordParams: &params})
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { ts.Close(); srv.Close() })

	found := false
	for _, r := range srv.Routes() {
		if r.Method == http.MethodGet && r.Pattern == "/_load/select1" {
			found = true
			if r.Action != authz.Public {
				t.Errorf("/_load/select1 has action %q, want public", r.Action)
			}
		}
	}
	if !found {
		t.Error("/_load/select1 is not in the route table")
	}

	before := d.Pool.Stat().AcquireCount()
	resp, err := http.Get(ts.URL + "/_load/select1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || strings.TrimSpace(string(body)) != "ok" {
		t.Fatalf("status %d body %q, want 200 ok", resp.StatusCode, body)
	}
	if d.Pool.Stat().AcquireCount() == before {
		t.Error("the reference handler did not use the server's pool")
	}
}
