package links

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/db"
)

// Query runs sql with the organisation as $1 and args after it, and reads
// each row with scan: the query-and-collect the domains' Targets, Choices
// and sources share.
func Query[T any](ctx context.Context, tx *db.Tx, scan func(r pgx.CollectableRow) (T, error), sql string, args ...any) ([]T, error) {
	rows, err := tx.Query(ctx, sql, append([]any{tx.OrgID}, args...)...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scan)
}

// TargetQuery is a kind's Targets as one query: SQL takes the organisation
// ($1) and the ids ($2), Row reads each of its rows. Being one query, it can
// travel in a page's batch (QueueTargets).
type TargetQuery struct {
	SQL string
	Row func(r pgx.CollectableRow) (Target, error)
}

// TargetSQL is the TargetQuery of sql for kind, whose rows TargetRow reads.
func TargetSQL(kind, sql string) TargetQuery { return TargetQuery{SQL: sql, Row: TargetRow(kind)} }

func (q TargetQuery) run(ctx context.Context, tx *db.Tx, ids []int64) ([]Target, error) {
	return Query(ctx, tx, q.Row, q.SQL, ids)
}

// QueueTargets queues the labelling of ids of kind (see Kind.Targets) in b:
// the targets are in *out once the batch has run. Without ids nothing is
// queued and *out is nil. A kind without a Query cannot travel in a batch.
func QueueTargets(b *db.Batch, kind string, ids []int64, out *[]Target) error {
	k, ok := Lookup(kind)
	if !ok {
		return fmt.Errorf("unknown link kind %q", kind)
	}
	if k.Query.SQL == "" {
		return fmt.Errorf("link kind %q has no query to batch", kind)
	}
	*out = nil
	if len(ids) == 0 {
		return nil
	}
	b.Queue(k.Query.SQL, b.Scope.OrgID, ids).Query(func(rows pgx.Rows) (err error) {
		*out, err = pgx.CollectRows(rows, k.Query.Row)
		return err
	})
	return nil
}

// Choices is a Kind's Choices for sql, which takes the organisation ($1)
// and yields rows as ChoiceRow reads them.
func Choices(sql string) func(ctx context.Context, tx *db.Tx) ([]Choice, error) {
	return func(ctx context.Context, tx *db.Tx) ([]Choice, error) {
		return Query(ctx, tx, ChoiceRow, sql)
	}
}

// TargetRow reads a row of the id, the label and, when there is a third
// column, the title as a Target of kind.
func TargetRow(kind string) func(r pgx.CollectableRow) (Target, error) {
	return func(r pgx.CollectableRow) (Target, error) {
		t := Target{Kind: kind}
		if len(r.FieldDescriptions()) == 3 {
			err := r.Scan(&t.TargetID, &t.Label, &t.Title)
			return t, err
		}
		err := r.Scan(&t.TargetID, &t.Label)
		return t, err
	}
}

// ChoiceRow reads a row of the id, the label and, when there is a third
// column, the group as a Choice.
func ChoiceRow(r pgx.CollectableRow) (Choice, error) {
	var c Choice
	if len(r.FieldDescriptions()) == 3 {
		err := r.Scan(&c.ID, &c.Label, &c.Group)
		return c, err
	}
	err := r.Scan(&c.ID, &c.Label)
	return c, err
}
