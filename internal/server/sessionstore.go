package server

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/jackc/pgx/v5/pgxpool"
)

// sessionStore is scs's pgxstore with Baken's own cleanup of expired
// sessions. pgxstore's cleanup goroutine sets the channel that StopCleanup
// reads without synchronisation, a data race (alexedwards/scs#231), and a
// StopCleanup that comes before that goroutine has started stops nothing.
type sessionStore struct {
	*pgxstore.PostgresStore
	stopOnce sync.Once
	quit     chan struct{}
	done     chan struct{}
}

func newSessionStore(pool *pgxpool.Pool, interval time.Duration, log *slog.Logger) *sessionStore {
	st := &sessionStore{
		PostgresStore: pgxstore.NewWithCleanupInterval(pool, 0), // 0: no goroutine of its own
		quit:          make(chan struct{}),
		done:          make(chan struct{}),
	}
	go func() {
		defer close(st.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-st.quit:
				return
			case <-t.C:
				if err := deleteExpiredSessions(pool); err != nil {
					log.Warn("session cleanup", "err", err)
				}
			}
		}
	}()
	return st
}

func deleteExpiredSessions(pool *pgxpool.Pool) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := pool.Exec(ctx, `DELETE FROM sessions WHERE expiry < current_timestamp`)
	return err
}

// StopCleanup ends the cleanup goroutine and waits for it; safe to call more
// than once.
func (st *sessionStore) StopCleanup() {
	st.stopOnce.Do(func() { close(st.quit) })
	<-st.done
}
