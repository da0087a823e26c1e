package compliance

import (
	"context"
	"strings"

	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/links"
)

// KindControl is the link kind of controls and government measures.
const KindControl = "control"

func init() {
	links.Register(links.Kind{
		Name:     KindControl,
		Order:    10,
		Field:    "control_ids",
		Label:    "Maatregelen",
		Singular: "maatregel",
		Path:     "/bio",
		Hint:     "De BIO-maatregelen die deze actie adresseert. Vink er een of meer aan; het zoekveld filtert de lijst.",
		Query:    controlTargets,
		Choices:  controlChoices,
	})
}

// controlTargets labels the controls and measures among ids of a framework
// the organisation can see (built-in or its own), in catalogue order.
var controlTargets = links.TargetSQL(KindControl, `
		SELECT i.id, i.number, i.title FROM catalogue_items i
		JOIN frameworks f ON f.id = i.framework_id
		WHERE i.id = ANY($2) AND i.kind IN ('control', 'measure')
		  AND (f.organisation_id IS NULL OR f.organisation_id = $1)
		ORDER BY i.sort_key, i.id`)

// controlChoices offers the controls and measures of the organisation's
// active framework, grouped by theme or chapter.
func controlChoices(ctx context.Context, tx *db.Tx) ([]links.Choice, error) {
	fw, err := ActiveFramework(ctx, tx, tx.OrgID)
	if err != nil {
		return nil, err
	}
	controls, err := Controls(ctx, tx, tx.OrgID, fw)
	if err != nil {
		return nil, err
	}
	out := make([]links.Choice, len(controls))
	for i, c := range controls {
		// Controls already names a measure after its control.
		out[i] = links.Choice{ID: c.ItemID, Label: c.Number + " " + c.Title, Group: strings.TrimSpace(c.GroupNumber + " " + c.GroupTitle)}
	}
	return out, nil
}

// withOpenLinks fills in, per control, the open items (plan actions, later
// risks and incidents) that address it: one query per source of links.
func withOpenLinks(ctx context.Context, tx *db.Tx, controls []Control) error {
	open, err := links.Open(ctx, tx, KindControl)
	if err != nil {
		return err
	}
	for i := range controls {
		controls[i].OpenActionCount = open[controls[i].ItemID]
	}
	return nil
}
