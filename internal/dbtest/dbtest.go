// Package dbtest gives each test its own PostgreSQL database, cloned from a
// template that is migrated and seeded with the demo data once per change of
// schema or seed. Cloning takes milliseconds, so tests can run in parallel.
//
// The server is TEST_DATABASE_URL when set (a superuser connection to any
// database on it), else a private cluster under .data/testpg in the repository,
// started from the machine's PostgreSQL binaries.
package dbtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/baken-nl/baken/internal/auth"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/pgdev"
	"github.com/baken-nl/baken/internal/seed"
	"github.com/baken-nl/baken/migrations"
)

// AppRole is the login role the portal uses in tests: a member of
// baken_app, neither owner nor superuser, so row-level security applies.
const AppRole = "baken_web"

const appPassword = "baken-web-test" // trust auth ignores it; password auth needs it

var (
	tracers  sync.Map // *db.DB opened by NewCounted → its tracer, for App
	once     sync.Once
	adminURL string
	template string
	setupErr error
)

// New returns a connection to a fresh database holding the migrated schema and
// the demo data. The database is dropped when the test ends.
func New(t testing.TB) *db.DB {
	t.Helper()
	return newDB(t, nil)
}

// QueryCounter counts the queries sent through a pool, and separately the
// ones that write, the ones sent in batches and the round trips.
type QueryCounter struct{ n, writes, batched, batches atomic.Int64 }

// TraceQueryStart implements pgx.QueryTracer.
func (c *QueryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	sql := strings.ToUpper(strings.TrimSpace(d.SQL))
	for _, w := range []string{"INSERT", "UPDATE", "DELETE", "WITH"} {
		if strings.HasPrefix(sql, w) && (w != "WITH" || strings.Contains(sql, "INSERT") || strings.Contains(sql, "UPDATE") || strings.Contains(sql, "DELETE")) {
			c.writes.Add(1)
			break
		}
	}
	return ctx
}

// Writes returns the number of writing statements so far.
func (c *QueryCounter) Writes() int64 { return c.writes.Load() }

// TraceQueryEnd implements pgx.QueryTracer.
func (c *QueryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// Count returns the number of queries so far, not counting those sent in a
// batch (see Batched).
func (c *QueryCounter) Count() int64 { return c.n.Load() }

// TraceBatchStart implements pgx.BatchTracer.
func (c *QueryCounter) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	c.batches.Add(1)
	return ctx
}

// TraceBatchQuery implements pgx.BatchTracer: it counts the batch's queries
// (BEGIN, the scope and COMMIT included).
func (c *QueryCounter) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {
	c.batched.Add(1)
}

// TraceBatchEnd implements pgx.BatchTracer.
func (c *QueryCounter) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

// Batched returns the number of queries sent in batches so far.
func (c *QueryCounter) Batched() int64 { return c.batched.Load() }

// RoundTrips returns the number of round trips to the database so far: one
// per query sent on its own (a transaction's BEGIN and COMMIT included), one
// per batch whatever the number of its queries. Statements prepared for the
// first time on a connection cost one more, which is not counted: the pages
// measured here run with their statements prepared.
func (c *QueryCounter) RoundTrips() int64 { return c.n.Load() + c.batches.Load() }

// NewCounted is New with a counter of every query the returned pool sends,
// for tests that prove a page costs a fixed number of queries.
func NewCounted(t testing.TB) (*db.DB, *QueryCounter) {
	t.Helper()
	c := &QueryCounter{}
	d := newDB(t, c)
	tracers.Store(d, c)
	return d, c
}

// App opens a pool on owner's database as AppRole, the way the portal runs
// in production: what row-level security hides from the portal, the owner
// pool of the test still sees. Queries through it are counted when owner
// came from NewCounted.
func App(t testing.TB, owner *db.DB) *db.DB {
	t.Helper()
	tracer, _ := tracers.Load(owner)
	d, err := db.OpenWith(context.Background(), AppURL(owner), func(cfg *pgxpool.Config) {
		if tr, ok := tracer.(pgx.QueryTracer); ok {
			cfg.ConnConfig.Tracer = tr
		}
	})
	if err != nil {
		t.Fatalf("open test database as %s: %v", AppRole, err)
	}
	t.Cleanup(d.Close)
	return d
}

// AppURL is the connection URL of d's database for AppRole.
func AppURL(d *db.DB) string { return asUser(URL(d), AppRole, appPassword) }

func asUser(raw, user, password string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	if q.Has("user") {
		q.Set("user", user)
		q.Set("password", password)
		u.RawQuery = q.Encode()
	} else {
		u.User = url.UserPassword(user, password)
	}
	return u.String()
}

func newDB(t testing.TB, tracer pgx.QueryTracer) *db.DB {
	t.Helper()
	once.Do(func() { setupErr = setup() })
	if setupErr != nil {
		t.Fatalf("test database: %v", setupErr)
	}
	ctx := context.Background()
	admin, err := db.Open(ctx, adminURL)
	if err != nil {
		t.Fatalf("connect to test server: %v", err)
	}
	defer admin.Close()
	name := "t_" + randomHex(8)
	if _, err := admin.Pool.Exec(ctx, fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s`, name, template)); err != nil {
		t.Fatalf("clone template: %v", err)
	}
	d, err := db.OpenWith(ctx, withDatabase(adminURL, name), func(cfg *pgxpool.Config) {
		if tracer != nil {
			cfg.ConnConfig.Tracer = tracer
		}
	})
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() {
		d.Close()
		admin, err := db.Open(context.Background(), adminURL)
		if err != nil {
			t.Logf("drop test database: %v", err)
			return
		}
		defer admin.Close()
		if _, err := admin.Pool.Exec(context.Background(), fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, name)); err != nil {
			t.Logf("drop test database %s: %v", name, err)
		}
	})
	return d
}

// URL returns the connection URL of the database d was opened on.
func URL(d *db.DB) string { return d.Pool.Config().ConnString() }

func setup() error {
	ctx := context.Background()
	root, err := RepoRoot()
	if err != nil {
		return err
	}
	adminURL = os.Getenv("TEST_DATABASE_URL")
	if adminURL == "" {
		cluster, err := pgdev.Ensure(ctx, filepath.Join(root, ".data", "testpg"))
		if err != nil {
			return err
		}
		adminURL = cluster.URL("postgres")
	}
	fp, err := fingerprint(root)
	if err != nil {
		return err
	}
	template = "baken_tpl_" + fp
	admin, err := db.Open(ctx, adminURL)
	if err != nil {
		return err
	}
	defer admin.Close()
	conn, err := admin.Pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	// Parallel test binaries: one builds the template, the others wait.
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(7243001)`); err != nil {
		return err
	}
	defer conn.Exec(ctx, `SELECT pg_advisory_unlock(7243001)`) //nolint:errcheck // the lock also ends with the session
	// Roles belong to the whole server, not to a database.
	if err := admin.EnsureLoginRole(ctx, AppRole, appPassword); err != nil {
		return err
	}
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, template).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	building := template + "_build"
	if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+building+` WITH (FORCE)`); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+building); err != nil {
		return err
	}
	d, err := db.Open(ctx, withDatabase(adminURL, building))
	if err != nil {
		return err
	}
	if err := d.MigrateUp(); err != nil {
		d.Close()
		return err
	}
	if err := seed.Demo(ctx, d, auth.TestParams); err != nil {
		d.Close()
		return fmt.Errorf("seed template: %w", err)
	}
	d.Close()
	// Rename only when complete, so a crash never leaves a half-built template.
	if _, err := conn.Exec(ctx, `ALTER DATABASE `+building+` RENAME TO `+template); err != nil {
		return err
	}
	// Templates of older schemas or seeds are of no use any more, once no
	// other checkout (a branch, a worktree on the same server) may still be
	// using them: each template records when it was built, and those older
	// than a day are dropped.
	if _, err := conn.Exec(ctx, `COMMENT ON DATABASE `+template+` IS '`+strconv.FormatInt(time.Now().Unix(), 10)+`'`); err != nil {
		return err
	}
	rows, err := conn.Query(ctx, `SELECT datname FROM pg_database WHERE datname LIKE 'baken\_tpl\_%' AND datname <> $1
		AND coalesce(nullif(shobj_description(oid, 'pg_database'), ''), '0') ~ '^[0-9]+$'
		AND coalesce(nullif(shobj_description(oid, 'pg_database'), ''), '0')::bigint < $2`, template, time.Now().Add(-24*time.Hour).Unix())
	if err != nil {
		return err
	}
	old, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, name := range old {
		if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`); err != nil {
			return fmt.Errorf("drop old template %s: %w", name, err)
		}
	}
	return nil
}

// fingerprint hashes the migrations, the seed and the built-in catalogue: a
// change to any of them builds a new template.
func fingerprint(root string) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(migrations.FS, ".", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := fs.ReadFile(migrations.FS, path)
		h.Write([]byte(path))
		h.Write(b)
		return err
	})
	if err != nil {
		return "", err
	}
	// The seed and the built-in catalogue both end up in the template.
	var files []string
	for _, pattern := range []string{"internal/seed/*.go", "internal/catalogue/*.go", "internal/catalogue/data/*"} {
		m, _ := filepath.Glob(filepath.Join(root, pattern))
		files = append(files, m...)
	}
	sort.Strings(files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// RepoRoot finds the directory holding go.mod, from the test's working directory.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("go.mod not found above the working directory")
		}
		dir = parent
	}
}

func withDatabase(raw, name string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Path = "/" + name
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
