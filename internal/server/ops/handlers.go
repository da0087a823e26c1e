// Package ops holds the operations endpoints: liveness, readiness and the
// reference request of the load tests.
package ops

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/server/kit"
)

// database is what readiness uses of db.DB: the state of the migrations.
type database interface {
	Status(ctx context.Context) (db.MigrationStatus, error)
}

// pool is what the load reference uses of the portal's connection pool.
type pool interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Handlers are the operations handlers.
type Handlers struct {
	kit  *kit.Kit
	db   database
	pool pool
}

// New returns the operations handlers.
func New(k *kit.Kit, d database, p pool) *Handlers {
	return &Handlers{kit: k, db: d, pool: p}
}
