// Package db owns the connection pool, transactions, migrations and the mapping
// of PostgreSQL errors to application errors.
package db

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/golang-migrate/migrate/v4"
	migratepgx "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/migrations"
)

// DB wraps the pgx pool.
type DB struct {
	Pool *pgxpool.Pool
	// Now is the clock of the transactions (time.Now when nil; tests fix it).
	Now func() time.Time
	// memo holds what this database's transactions Remember.
	memo sync.Map
	// hooks run after every Write (OnWrite).
	hooksMu sync.Mutex
	hooks   []func()
}

// Open connects to url and checks the connection. maxConns sizes the pool
// (optional; pgx's default otherwise).
func Open(ctx context.Context, url string, maxConns ...int32) (*DB, error) {
	return OpenWith(ctx, url, func(cfg *pgxpool.Config) {
		if len(maxConns) > 0 && maxConns[0] > 0 {
			cfg.MaxConns = maxConns[0]
		}
	})
}

// OpenWith is Open with a hook to adjust the pool configuration (tests use it
// to install a query tracer).
func OpenWith(ctx context.Context, url string, adjust func(*pgxpool.Config)) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// The parse error may echo the URL (and its password): do not wrap it.
		return nil, errors.New("DATABASE_URL could not be parsed as a PostgreSQL connection string")
	}
	cfg.ConnConfig.RuntimeParams["timezone"] = "Europe/Amsterdam"
	cfg.ConnConfig.RuntimeParams["application_name"] = "baken"
	// The pages run the same few statements with other parameters; their
	// planning (joins over RLS policies) costs more than their execution, so
	// prepared statements keep one generic plan from the first execution.
	cfg.ConnConfig.RuntimeParams["plan_cache_mode"] = "force_generic_plan"
	if adjust != nil {
		adjust(cfg)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open database pool: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to database: %w", safeConnErr(err))
	}
	return &DB{Pool: pool}, nil
}

// Close closes the pool.
func (d *DB) Close() { d.Pool.Close() }

// safeConnErr drops connection details (host, user) from connection errors.
func safeConnErr(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return fmt.Errorf("%s (SQLSTATE %s)", pgErr.Message, pgErr.Code)
	}
	var connErr *pgconn.ConnectError
	if errors.As(err, &connErr) {
		return errors.New("database server unreachable or refused the connection")
	}
	return err
}

// MapError turns constraint violations into application errors. constraints
// maps a constraint name to the form field and the Dutch message to show.
func MapError(err error, constraints map[string]FieldError) error {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return err
	}
	if fe, ok := constraints[pgErr.ConstraintName]; ok {
		if fe.Field == "" {
			return &apperr.Error{Code: apperr.Conflict, Message: fe.Message, Err: err}
		}
		return &apperr.Error{Code: apperr.Invalid, Message: "Het formulier bevat fouten. Controleer de gemarkeerde velden.", Fields: map[string]string{fe.Field: fe.Message}, Err: err}
	}
	switch pgErr.Code {
	case "23503": // foreign_key_violation
		return &apperr.Error{Code: apperr.Conflict, Message: "Dit kan niet: er zijn nog gegevens die hiernaar verwijzen, of een verwijzing bestaat niet (meer).", Err: err}
	case "23505": // unique_violation
		return &apperr.Error{Code: apperr.Conflict, Message: "Deze gegevens bestaan al.", Err: err}
	}
	return err
}

// FieldError is the form field and message for a constraint.
type FieldError struct {
	Field   string
	Message string
}

// IsNoRows reports whether err means "no row found".
func IsNoRows(err error) bool { return errors.Is(err, pgx.ErrNoRows) }

// --- migrations ---

func migrator(d *DB) (*migrate.Migrate, func(), error) {
	src, err := iofs.New(migrations.FS, ".")
	if err != nil {
		return nil, nil, err
	}
	sqlDB := stdlib.OpenDBFromPool(d.Pool)
	drv, err := migratepgx.WithInstance(sqlDB, &migratepgx.Config{})
	if err != nil {
		sqlDB.Close()
		return nil, nil, fmt.Errorf("migration driver: %w", err)
	}
	m, err := migrate.NewWithInstance("iofs", src, "pgx5", drv)
	if err != nil {
		sqlDB.Close()
		return nil, nil, err
	}
	// Closing m releases the driver's connection; without it the pool's
	// Close would wait for that connection forever.
	return m, func() { m.Close(); sqlDB.Close() }, nil
}

// MigrateUp applies all pending migrations.
func (d *DB) MigrateUp() error {
	m, closeFn, err := migrator(d)
	if err != nil {
		return err
	}
	defer closeFn()
	if err := m.Up(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return fmt.Errorf("migrate up: %w", err)
	}
	return nil
}

// MigrateDown reverts the most recent migration.
func (d *DB) MigrateDown() error {
	m, closeFn, err := migrator(d)
	if err != nil {
		return err
	}
	defer closeFn()
	if err := m.Steps(-1); err != nil {
		return fmt.Errorf("migrate down: %w", err)
	}
	return nil
}

// MigrateTo migrates up or down to version: tests take one migration and
// everything after it down, and up again.
func (d *DB) MigrateTo(version uint) error {
	m, closeFn, err := migrator(d)
	if err != nil {
		return err
	}
	defer closeFn()
	if err := m.Migrate(version); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return fmt.Errorf("migrate to %d: %w", version, err)
	}
	return nil
}

// MigrationStatus describes the schema version of the database.
type MigrationStatus struct {
	Current uint // 0 when no migration has run
	Latest  uint
	Dirty   bool
}

// Pending reports whether the database lags behind the binary.
func (s MigrationStatus) Pending() bool { return s.Current < s.Latest || s.Dirty }

// Ahead reports whether the database was migrated by a newer binary.
func (s MigrationStatus) Ahead() bool { return s.Current > s.Latest }

// Status reads the schema version without changing anything.
func (d *DB) Status(ctx context.Context) (MigrationStatus, error) {
	st := MigrationStatus{Latest: LatestMigration()}
	var exists bool
	if err := d.Pool.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return st, err
	}
	if !exists {
		return st, nil
	}
	var v int64
	err := d.Pool.QueryRow(ctx, `SELECT version, dirty FROM schema_migrations LIMIT 1`).Scan(&v, &st.Dirty)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return st, err
	}
	st.Current = uint(v) //nolint:gosec // G115: migration versions are non-negative (golang-migrate uses uint)
	return st, nil
}

// LatestMigration is the highest migration version embedded in the binary.
func LatestMigration() uint {
	entries, _ := fs.ReadDir(migrations.FS, ".")
	var versions []int
	for _, e := range entries {
		n, _, ok := strings.Cut(e.Name(), "_")
		if v, err := strconv.Atoi(n); ok && err == nil {
			versions = append(versions, v)
		}
	}
	sort.Ints(versions)
	if len(versions) == 0 {
		return 0
	}
	return uint(versions[len(versions)-1])
}
