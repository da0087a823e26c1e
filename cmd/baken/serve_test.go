package main

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/dbtest"
)

// syncBuffer collects the log and closes seen once marker appears in it.
type syncBuffer struct {
	mu     sync.Mutex
	b      bytes.Buffer
	marker string
	seen   chan struct{}
}

func newSyncBuffer(marker string) *syncBuffer {
	return &syncBuffer{marker: marker, seen: make(chan struct{})}
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := s.b.Write(p)
	if s.marker != "" && strings.Contains(s.b.String(), s.marker) {
		close(s.seen)
		s.marker = ""
	}
	return n, err
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeRefusesPendingMigrations: serve does not run on a schema behind the
// binary, unless told to migrate; then it serves and shuts down cleanly.
func TestServeRefusesPendingMigrations(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	if _, err := cli(t, d, "migrate", "down"); err != nil {
		t.Fatal(err)
	}
	_, err := cli(t, d, "serve")
	if err == nil || !strings.Contains(err.Error(), "baken migrate up") {
		t.Fatalf("serve on a pending schema: %v", err)
	}

	env := map[string]string{"DATABASE_URL": dbtest.URL(d), "BAKEN_ADDR": "127.0.0.1:0"}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdout, stderr := newSyncBuffer(""), newSyncBuffer(`"msg":"listening"`)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--migrate"}, func(k string) string { return env[k] }, strings.NewReader(""), stdout, stderr)
	}()
	select {
	case <-stderr.seen:
	case err := <-done:
		t.Fatalf("serve --migrate stopped: %v\n%s", err, stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("serve --migrate did not start:\n%s", stderr.String())
	}
	out, err := cli(t, d, "migrate", "status")
	if err != nil || !strings.Contains(out, "pending=false") {
		t.Errorf("after serve --migrate: %s %v", out, err)
	}
	cancel() // what SIGTERM does in main
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("graceful shutdown returned %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not shut down")
	}
	if !strings.Contains(stderr.String(), "shutting down") {
		t.Error("no shutdown in the log")
	}
}
