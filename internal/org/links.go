package org

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/links"
)

// Link kinds of the structure: risk analyses, DPIAs and (later) incidents
// point at processes and applications, and their pages list what points at them.
const (
	KindProcess     = "process"
	KindApplication = "application"
)

func init() {
	links.Register(links.Kind{
		Name: KindProcess, Order: 20, Field: "process_ids", Label: "Processen", Singular: "proces", Path: "/processen",
		Hint:    "De processen waar dit over gaat.",
		Targets: namedTargets(KindProcess, `SELECT id, name FROM processes WHERE organisation_id = $1 AND id = ANY($2) ORDER BY lower(name), id`),
		Choices: namedChoices(`SELECT p.id, p.name, d.name FROM processes p JOIN departments d ON d.id = p.department_id
			WHERE p.organisation_id = $1 ORDER BY lower(d.name), lower(p.name), p.id`),
	})
	links.Register(links.Kind{
		Name: KindApplication, Order: 30, Field: "application_ids", Label: "Applicaties", Singular: "applicatie", Path: "/applicaties",
		Hint:    "De applicaties waar dit over gaat.",
		Targets: namedTargets(KindApplication, `SELECT id, name FROM applications WHERE organisation_id = $1 AND id = ANY($2) ORDER BY lower(name), id`),
		Choices: namedChoices(`SELECT id, name, '' FROM applications WHERE organisation_id = $1 ORDER BY lower(name), id`),
	})
}

// namedTargets labels items by name; query takes the organisation and the ids.
func namedTargets(kind, query string) func(context.Context, *db.Tx, []int64) ([]links.Target, error) {
	return func(ctx context.Context, tx *db.Tx, ids []int64) ([]links.Target, error) {
		rows, err := tx.Query(ctx, query, tx.OrgID, ids)
		if err != nil {
			return nil, err
		}
		return pgx.CollectRows(rows, func(r pgx.CollectableRow) (links.Target, error) {
			t := links.Target{Kind: kind}
			return t, r.Scan(&t.TargetID, &t.Label)
		})
	}
}

// namedChoices offers items by name; query takes the organisation and yields
// id, label and group.
func namedChoices(query string) func(context.Context, *db.Tx) ([]links.Choice, error) {
	return func(ctx context.Context, tx *db.Tx) ([]links.Choice, error) {
		rows, err := tx.Query(ctx, query, tx.OrgID)
		if err != nil {
			return nil, err
		}
		return pgx.CollectRows(rows, func(r pgx.CollectableRow) (links.Choice, error) {
			var c links.Choice
			return c, r.Scan(&c.ID, &c.Label, &c.Group)
		})
	}
}
