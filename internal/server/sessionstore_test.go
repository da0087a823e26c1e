package server

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/dbtest"
)

// TestSessionStoreCleanup: the cleanup goroutine deletes expired sessions
// only, and StopCleanup ends it (twice is fine), without a data race under
// go test -race.
func TestSessionStoreCleanup(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	if _, err := d.Pool.Exec(ctx, `INSERT INTO sessions (token, data, expiry) VALUES
		('verlopen', '\x00', now() - interval '1 minute'), ('geldig', '\x00', now() + interval '1 hour')`); err != nil {
		t.Fatal(err)
	}
	st := newSessionStore(d.Pool, 5*time.Millisecond, slog.New(slog.DiscardHandler))
	deadline := time.Now().Add(10 * time.Second)
	for {
		var n int
		if err := d.Pool.QueryRow(ctx, `SELECT count(*) FROM sessions WHERE token = 'verlopen'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("expired session not cleaned up")
		}
		time.Sleep(10 * time.Millisecond)
	}
	st.StopCleanup()
	st.StopCleanup()
	var n int
	if err := d.Pool.QueryRow(ctx, `SELECT count(*) FROM sessions WHERE token = 'geldig'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("live session deleted: %d left", n)
	}
}
