// Package throttle counts attempts per key in fixed windows, in the table
// login_throttle (no organisation: the keys are addresses, accounts,
// browsers and lokets). The login (internal/auth) and the public meldloket
// (internal/incident) count through it.
package throttle

import (
	"context"
	"fmt"
	"time"

	"github.com/baken-nl/baken/internal/db"
)

// Count adds one attempt to key's window (starting a new window when the
// old one has passed) and returns the attempts in the window, this one
// included, and when the window ends. The upsert takes the row, so two
// parallel attempts never see the same count; an attempt whose transaction
// rolls back is not counted.
func Count(ctx context.Context, tx *db.Tx, key string, now time.Time, window time.Duration) (n int, until time.Time, err error) {
	var start time.Time
	err = tx.QueryRow(ctx, `
		INSERT INTO login_throttle AS t (key, failures, window_start) VALUES ($1, 1, $2)
		ON CONFLICT (key) DO UPDATE SET
			failures     = CASE WHEN t.window_start < $2 - $3::interval THEN 1 ELSE t.failures + 1 END,
			window_start = CASE WHEN t.window_start < $2 - $3::interval THEN $2 ELSE t.window_start END
		RETURNING failures, window_start`, key, now, window).Scan(&n, &start)
	if err != nil {
		return 0, now, fmt.Errorf("count attempt: %w", err)
	}
	return n, start.Add(window), nil
}
