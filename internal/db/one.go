package db

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
)

// Load is ReadAs for a read that yields one value: fn's result, or its
// error (or the refusal of action).
func Load[T any](ctx context.Context, d *DB, p authz.Principal, action authz.Action, fn func(tx *Tx) (T, error)) (x T, err error) {
	err = d.ReadAs(ctx, p, action, func(tx *Tx) error {
		x, err = fn(tx)
		return err
	})
	return x, err
}

// One reads the one row of sql into a T, column by column in field order.
// No row is a NotFound error with the Dutch message notFound; a failing
// query is wrapped as "get <what> <id>".
func One[T any](ctx context.Context, tx *Tx, what string, id int64, notFound string, sql string, args ...any) (T, error) {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		var zero T
		return zero, fmt.Errorf("get %s %d: %w", what, id, err)
	}
	x, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[T])
	if IsNoRows(err) {
		return x, apperr.NotFoundf("%s", notFound)
	}
	return x, err
}

// Record is the read of one record of the organisation by its id: SQL takes
// the organisation as $1 and the id as $2; LockOf is the alias of the table
// whose row a locking read takes FOR UPDATE; NotFound is the error for no
// row; What names the record in the wrapped error "load <What> <id>".
type Record struct {
	SQL      string
	LockOf   string
	NotFound error
	What     string
}

// Scan reads record id into dest; lock takes its row for the rest of the
// write transaction.
func (r Record) Scan(ctx context.Context, tx *Tx, id int64, lock bool, dest ...any) error {
	sql := r.SQL
	if lock {
		sql += " FOR UPDATE OF " + r.LockOf
	}
	err := tx.QueryRow(ctx, sql, tx.OrgID, id).Scan(dest...)
	if IsNoRows(err) {
		return r.NotFound
	}
	if err != nil {
		return fmt.Errorf("load %s %d: %w", r.What, id, err)
	}
	return nil
}
