package supplier

import (
	"github.com/baken-nl/baken/internal/links"
)

// KindSupplier is the link kind of suppliers: a risk analysis can have a
// supplier as its subject, and the supplier page lists the risks about it.
const KindSupplier = "supplier"

func init() {
	links.Register(links.Kind{
		Name: KindSupplier, Order: 35, Field: "supplier_ids", Label: "Leveranciers", Singular: "leverancier", Path: "/leveranciers",
		Hint:    "De leveranciers en ketenpartners waar dit over gaat.",
		Query:   links.TargetSQL(KindSupplier, `SELECT id, name FROM suppliers WHERE organisation_id = $1 AND id = ANY($2) ORDER BY lower(name), id`),
		Choices: Choices,
	})
}

// Choices lists the organisation's suppliers for a form, grouped by kind.
var Choices = links.Choices(`SELECT id, name, CASE kind WHEN 'ketenpartner' THEN 'Ketenpartners' ELSE 'Leveranciers' END
		FROM suppliers WHERE organisation_id = $1 ORDER BY kind DESC, lower(name), id`)
