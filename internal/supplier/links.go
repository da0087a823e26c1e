package supplier

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/links"
)

// KindSupplier is the link kind of suppliers: a risk analysis can have a
// supplier as its subject, and the supplier page lists the risks about it.
const KindSupplier = "supplier"

func init() {
	links.Register(links.Kind{
		Name: KindSupplier, Order: 35, Field: "supplier_ids", Label: "Leveranciers", Singular: "leverancier", Path: "/leveranciers",
		Hint:    "De leveranciers en ketenpartners waar dit over gaat.",
		Targets: supplierTargets,
		Choices: Choices,
	})
}

func supplierTargets(ctx context.Context, tx *db.Tx, ids []int64) ([]links.Target, error) {
	rows, err := tx.Query(ctx, `SELECT id, name FROM suppliers WHERE organisation_id = $1 AND id = ANY($2) ORDER BY lower(name), id`, tx.OrgID, ids)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (links.Target, error) {
		t := links.Target{Kind: KindSupplier}
		return t, r.Scan(&t.TargetID, &t.Label)
	})
}

// Choices lists the organisation's suppliers for a form, grouped by kind.
func Choices(ctx context.Context, tx *db.Tx) ([]links.Choice, error) {
	rows, err := tx.Query(ctx, `SELECT id, name, CASE kind WHEN 'ketenpartner' THEN 'Ketenpartners' ELSE 'Leveranciers' END
		FROM suppliers WHERE organisation_id = $1 ORDER BY kind DESC, lower(name), id`, tx.OrgID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (links.Choice, error) {
		var c links.Choice
		return c, r.Scan(&c.ID, &c.Label, &c.Group)
	})
}
