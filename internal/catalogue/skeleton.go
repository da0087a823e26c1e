package catalogue

import (
	"context"
	"fmt"

	"github.com/baken-nl/baken/internal/db"
	"github.com/jackc/pgx/v5"
)

// Node is a control or measure of a framework with its place in the
// hierarchy: what every organisation sees the same.
type Node struct {
	ID           int64
	Kind         Kind
	Number       string
	Title        string
	GroupNumber  string // the top of the hierarchy: theme (BIO2) or chapter (BIO 1.04)
	GroupTitle   string
	ParentNumber string // the item above: for a measure, its control
	ParentTitle  string
	Hygiene      string
}

// skeletonKey names a framework's skeleton in the database's memo
// (db.Tx.Remember); the skeleton holds the revision it was read at. A
// framework's items change only with its revision (a trigger, migration
// 0022), so a copy of the revision the caller just read is current: no
// expiry, no invalidation; an import replaces the copy.
type skeletonKey struct{ framework int64 }

type skeleton struct {
	revision int64
	nodes    []Node
}

// Skeleton returns the controls and measures of framework id in catalogue
// order, from memory when revision is the one last read. The caller read
// revision in tx (compliance.ActiveFramework), so both come from the same
// snapshot. The slice is shared: callers copy, never modify it.
//
// The hierarchy takes three self-joins over the catalogue; done once per
// import instead of on every BIO page, the page reads only the
// organisation's own rows.
func Skeleton(ctx context.Context, tx *db.Tx, id, revision int64) ([]Node, error) {
	key := skeletonKey{id}
	if v, ok := tx.Recall(key); ok && v.(skeleton).revision == revision {
		return v.(skeleton).nodes, nil
	}
	rows, err := tx.Query(ctx, `
		SELECT i.id, i.kind, i.number, i.title,
		       coalesce(p3.number, p2.number, p.number, ''), coalesce(p3.title, p2.title, p.title, ''),
		       coalesce(p.number, ''), coalesce(p.title, ''), i.hygiene
		FROM catalogue_items i
		LEFT JOIN catalogue_items p ON p.id = i.parent_id
		-- at most three levels above a measure (measure → control → objective → chapter)
		LEFT JOIN catalogue_items p2 ON p2.id = p.parent_id
		LEFT JOIN catalogue_items p3 ON p3.id = p2.parent_id
		WHERE i.framework_id = $1 AND i.kind IN ('control', 'measure')
		ORDER BY i.sort_key`, id)
	if err != nil {
		return nil, fmt.Errorf("skeleton of framework %d: %w", id, err)
	}
	nodes, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Node, error) {
		var n Node
		err := r.Scan(&n.ID, &n.Kind, &n.Number, &n.Title, &n.GroupNumber, &n.GroupTitle, &n.ParentNumber, &n.ParentTitle, &n.Hygiene)
		return n, err
	})
	if err != nil {
		return nil, fmt.Errorf("skeleton of framework %d: %w", id, err)
	}
	tx.Remember(key, skeleton{revision, nodes})
	return nodes, nil
}
