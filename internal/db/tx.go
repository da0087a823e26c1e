package db

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
)

// Scope is who acts in which organisation. It decides what row-level
// security lets a transaction see: nothing of any organisation when OrgID
// is 0.
type Scope struct {
	OrgID  int64
	UserID int64 // 0 for the system (seed, CLI)
}

// Tx is a transaction with its scope and one fixed moment: every row written
// in it carries the same now, and the audit event it records (package audit,
// the only way to write one) names the scope's organisation and actor.
type Tx struct {
	pgx.Tx
	Scope
	Now  time.Time
	memo *sync.Map
}

// Recall returns what was remembered under key in this database (Remember).
func (tx *Tx) Recall(key any) (any, bool) { return tx.memo.Load(key) }

// Remember keeps v under key for every later transaction on this database
// (one process, one pool). Only for values derived from rows that announce
// their own changes — the key holds a revision the caller read in the same
// transaction (catalogue.Skeleton) — so nothing remembered can go stale.
func (tx *Tx) Remember(key, v any) { tx.memo.Store(key, v) }

// Read runs fn in a read-only transaction with one consistent snapshot, so a
// page assembled from several queries shows one moment in time.
func (d *DB) Read(ctx context.Context, sc Scope, fn func(tx *Tx) error) error {
	return d.run(ctx, sc, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fn)
}

// Write runs fn in a read-write transaction: committed when fn returns nil,
// rolled back otherwise (and on panic).
func (d *DB) Write(ctx context.Context, sc Scope, fn func(tx *Tx) error) error {
	// A write that fails still raises the generation and runs the hooks:
	// what it did is rolled back, but that costs only a reread, and a commit
	// whose answer was lost must not leave a stale copy behind.
	defer d.committed(ctx)
	return d.run(ctx, sc, "BEGIN", fn)
}

// OnWrite registers f to run after every Write of this process, committed
// or not: the signal for copies kept in memory of rows that any write may
// change (auth's principals, the server's pages). Writes by other processes
// are not seen here; they raise the data generation, which the principal carries
// (authz.Principal.DataGeneration), and a copy
// must also expire on its own.
func (d *DB) OnWrite(f func()) {
	d.hooksMu.Lock()
	defer d.hooksMu.Unlock()
	d.hooks = append(d.hooks, f)
}

// committed raises the data generation (migration 0024) and then runs the
// hooks. After the commit, not inside the transaction: nextval is seen at
// once, and a reader that saw the new generation before the commit could
// keep the old rows under it. Best effort: when the database cannot be
// reached right after the commit, this process's copies still go (the
// hooks), and those of other processes expire on their own.
func (d *DB) committed(ctx context.Context) {
	_, _ = d.Pool.Exec(context.WithoutCancel(ctx), `SELECT nextval('data_generation')`)
	d.hooksMu.Lock()
	hooks := d.hooks
	d.hooksMu.Unlock()
	for _, f := range hooks {
		f()
	}
}

func (d *DB) run(ctx context.Context, sc Scope, begin string, fn func(tx *Tx) error) error {
	// The scope is set in the same round trip as BEGIN (the simple protocol
	// takes several statements); set_config(..., true) ends with the
	// transaction, so a pooled connection never carries it to the next user.
	// Both values are integers formatted here: nothing to inject.
	q := begin + "; SELECT set_config('app.organisation_id', '" + strconv.FormatInt(sc.OrgID, 10) +
		"', true), set_config('app.user_id', '" + strconv.FormatInt(sc.UserID, 10) + "', true)"
	now := time.Now
	if d.Now != nil {
		now = d.Now
	}
	return pgx.BeginTxFunc(ctx, d.Pool, pgx.TxOptions{BeginQuery: q}, func(ptx pgx.Tx) error {
		if err := fn(&Tx{Tx: ptx, Scope: sc, Now: now(), memo: &d.memo}); err != nil {
			return err
		}
		return nil
	})
}

// Unscoped is the scope of work that belongs to no organisation (a login,
// the built-in catalogue): row-level security shows it no tenant row.
var Unscoped = Scope{}

// String is for log lines.
func (s Scope) String() string { return fmt.Sprintf("organisation %d, user %d", s.OrgID, s.UserID) }

// ScopeOf is the scope of a principal's work in their active organisation.
func ScopeOf(p authz.Principal) Scope { return Scope{OrgID: p.OrgID, UserID: p.UserID} }

// ReadAs checks that p may perform action and runs fn in a read transaction
// of p's organisation: the one way a service reads for a principal.
func (d *DB) ReadAs(ctx context.Context, p authz.Principal, action authz.Action, fn func(tx *Tx) error) error {
	if err := p.Require(action); err != nil {
		return err
	}
	return d.Read(ctx, ScopeOf(p), fn)
}

// WriteAs is ReadAs for changes.
func (d *DB) WriteAs(ctx context.Context, p authz.Principal, action authz.Action, fn func(tx *Tx) error) error {
	if err := p.Require(action); err != nil {
		return err
	}
	return d.Write(ctx, ScopeOf(p), fn)
}

// WriteChecked is WriteAs for a form's input: the actor's right to action,
// then check (the input's own rules, which may trim it), are tested before
// the transaction starts.
func (d *DB) WriteChecked(ctx context.Context, p authz.Principal, action authz.Action, check func() apperr.Validation, fn func(tx *Tx) error) error {
	if err := p.Require(action); err != nil {
		return err
	}
	if err := check().Err(); err != nil {
		return err
	}
	return d.Write(ctx, ScopeOf(p), fn)
}

// Enter switches the transaction to organisation orgID, for work that finds
// its organisation inside the transaction (the CLI names it, the seed
// creates it). Events recorded afterwards belong to orgID.
func (tx *Tx) Enter(ctx context.Context, orgID int64) error {
	if _, err := tx.Exec(ctx, `SELECT set_config('app.organisation_id', $1, true)`, strconv.FormatInt(orgID, 10)); err != nil {
		return fmt.Errorf("enter organisation %d: %w", orgID, err)
	}
	tx.OrgID = orgID
	return nil
}

// RoleWarning explains why the connection's role escapes row-level security
// (superuser, BYPASSRLS, or owner of the tables), or is "" when it does not.
func (d *DB) RoleWarning(ctx context.Context) (string, error) {
	var super, bypass, owner bool
	err := d.Pool.QueryRow(ctx, `
		SELECT r.rolsuper, r.rolbypassrls,
		       EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = 'public' AND t.tablename = 'departments'
		               AND pg_has_role(current_user, t.tableowner, 'USAGE'))
		FROM pg_roles r WHERE r.rolname = current_user`).Scan(&super, &bypass, &owner)
	if err != nil {
		return "", fmt.Errorf("check database role: %w", err)
	}
	switch {
	case super:
		return "the portal connects as a superuser: row-level security does not apply", nil
	case bypass:
		return "the portal's database role has BYPASSRLS: row-level security does not apply", nil
	case owner:
		return "the portal connects as the owner of the tables: row-level security does not apply", nil
	}
	return "", nil
}

// EnsureLoginRole creates the login role name as a member of baken_app when
// missing (the private development and test clusters; on a real server the
// DBA does this, see docs/operations.md). It needs CREATEROLE.
func (d *DB) EnsureLoginRole(ctx context.Context, name, password string) error {
	_, err := d.Pool.Exec(ctx, `DO $$ BEGIN
		IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'baken_app') THEN CREATE ROLE baken_app NOLOGIN; END IF;
		IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = `+quoteLiteral(name)+`) THEN
			CREATE ROLE `+pgx.Identifier{name}.Sanitize()+` LOGIN PASSWORD `+quoteLiteral(password)+` IN ROLE baken_app;
		END IF;
	END $$`)
	if err != nil {
		return fmt.Errorf("create login role %s: %w", name, err)
	}
	return nil
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// Analyze refreshes the planner's statistics of tables (all when none are
// named), after a bulk load. It needs the owner's connection.
func (d *DB) Analyze(ctx context.Context, tables ...string) error {
	sql := "ANALYZE"
	for i, t := range tables {
		if i > 0 {
			sql += ","
		}
		sql += " " + pgx.Identifier{t}.Sanitize()
	}
	if _, err := d.Pool.Exec(ctx, sql); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	return nil
}

// Batch is a read of independent queries — none needs another's result —
// sent in one round trip: BEGIN, the scope, the queries and COMMIT travel
// together (a pgx pipeline), instead of one round trip each. Queue each
// query with its scan callback (pgx.QueuedQuery.QueryRow/Query/Exec).
type Batch struct {
	b pgx.Batch
	// Scope is the scope the batch runs in, for queries that name it.
	Scope Scope
}

// Queue adds a query; its callback runs when the batch has been sent.
func (b *Batch) Queue(sql string, args ...any) *pgx.QueuedQuery { return b.b.Queue(sql, args...) }

// ReadBatch runs the queries fill queues in one read-only transaction of
// scope sc, in one round trip.
func (d *DB) ReadBatch(ctx context.Context, sc Scope, fill func(b *Batch) error) error {
	b := &Batch{Scope: sc}
	b.b.Queue("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
	b.b.Queue(`SELECT set_config('app.organisation_id', $1, true), set_config('app.user_id', $2, true)`,
		strconv.FormatInt(sc.OrgID, 10), strconv.FormatInt(sc.UserID, 10))
	if err := fill(b); err != nil {
		return err
	}
	b.b.Queue("COMMIT")
	// Close runs the callbacks in order and returns the first error; a failed
	// query aborts the transaction, so the COMMIT then rolls it back.
	return d.Pool.SendBatch(ctx, &b.b).Close()
}

// ReadBatchAs is ReadBatch after checking that p may perform action.
func (d *DB) ReadBatchAs(ctx context.Context, p authz.Principal, action authz.Action, fill func(b *Batch) error) error {
	if err := p.Require(action); err != nil {
		return err
	}
	return d.ReadBatch(ctx, ScopeOf(p), fill)
}
