package plan

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/db"
)

// Link is something an action addresses: a control now; a risk, incident or
// audit finding later.
type Link struct {
	Kind     string `json:"kind"`
	TargetID int64  `json:"target_id"`
	Label    string `json:"label"` // short: the control number "5.15"
	Title    string `json:"-"`     // the target's title, for pages
}

// Text is the label and title together: "5.15 Toegangsbeveiliging".
func (l Link) Text() string {
	if l.Title == "" {
		return l.Label
	}
	return l.Label + " " + l.Title
}

// Href is the page of the target.
func (l Link) Href() string {
	if k, ok := KindOf(l.Kind); ok {
		return fmt.Sprintf("%s/%d", k.Path, l.TargetID)
	}
	return ""
}

// Choice is a target offered in the action form.
type Choice struct {
	ID    int64
	Label string // "5.15 Toegangsbeveiliging"
	Group string // "5 Organisatorisch", for an optgroup
}

// KindControl links an action to a control or government measure of a
// framework the organisation can see.
const KindControl = "control"

// LinkKind describes a kind of target. Adding risks, incidents or findings
// means adding an entry here and the value to the CHECK constraint on
// plan_action_links.target_kind: no new table, no change to the action code.
type LinkKind struct {
	Kind     string // stored in plan_action_links.target_kind
	Field    string // the form field holding the chosen ids
	Label    string // Dutch, plural: the form label and export column
	Singular string
	Path     string // URL prefix of a target's page
	Hint     string // form hint

	// targets selects id, label, title and a sort key of the targets with
	// ids = ANY($2) that the organisation $1 may link to.
	targets string
	// linked selects organisation_id, action_id, target_id, label, title and
	// sort key of the stored links of this kind (filtered by the caller).
	linked string
	// choices lists what the form offers.
	choices func(ctx context.Context, q *db.Tx, orgID int64) ([]Choice, error)
}

// LinkKinds is the registry of link kinds, in display order.
var LinkKinds = []LinkKind{
	{
		Kind:     KindControl,
		Field:    "control_ids",
		Label:    "Maatregelen",
		Singular: "maatregel",
		Path:     "/bio",
		Hint:     "De BIO-maatregelen die deze actie adresseert. Houd Ctrl (Windows) of Cmd (Mac) ingedrukt om er meer te kiezen.",
		targets: `
			SELECT i.id, i.number, i.title, i.sort_key FROM catalogue_items i
			JOIN frameworks f ON f.id = i.framework_id
			WHERE i.id = ANY($2) AND i.kind IN ('control', 'measure')
			  AND (f.organisation_id IS NULL OR f.organisation_id = $1)`,
		linked: `
			SELECT l.organisation_id, l.action_id, l.target_id, i.number AS label, i.title, i.sort_key AS sort
			FROM plan_action_links l JOIN catalogue_items i ON i.id = l.target_id
			WHERE l.target_kind = 'control'`,
		choices: controlChoices,
	},
}

// KindOf looks up a link kind.
func KindOf(kind string) (LinkKind, bool) {
	for _, k := range LinkKinds {
		if k.Kind == kind {
			return k, true
		}
	}
	return LinkKind{}, false
}

// controlChoices offers the controls and measures of the organisation's
// active framework, grouped by theme or chapter.
func controlChoices(ctx context.Context, q *db.Tx, orgID int64) ([]Choice, error) {
	fw, err := compliance.ActiveFramework(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	controls, err := compliance.Controls(ctx, q, orgID, fw.ID)
	if err != nil {
		return nil, err
	}
	out := make([]Choice, len(controls))
	for i, c := range controls {
		// compliance.Controls already names a measure after its control.
		out[i] = Choice{ID: c.ItemID, Label: c.Number + " " + c.Title, Group: strings.TrimSpace(c.GroupNumber + " " + c.GroupTitle)}
	}
	return out, nil
}

// linkedSQL is the union of the stored links of every kind, with their
// labels, as one relation: x(organisation_id, action_id, kind, kind_order,
// target_id, label, title, sort).
func linkedSQL() string {
	parts := make([]string, len(LinkKinds))
	for i, k := range LinkKinds {
		parts[i] = fmt.Sprintf(`SELECT organisation_id, action_id, '%s'::text AS kind, %d AS kind_order, target_id, label, title, sort FROM (%s) k%d`, k.Kind, i, k.linked, i)
	}
	return "(" + strings.Join(parts, " UNION ALL ") + ") x"
}

// loadLinks reads the links of the given actions in one query, ordered per
// action by kind and target.
func loadLinks(ctx context.Context, q *db.Tx, orgID int64, actionIDs []int64) (map[int64][]Link, error) {
	out := map[int64][]Link{}
	if len(actionIDs) == 0 {
		return out, nil
	}
	rows, err := q.Query(ctx, `SELECT x.action_id, x.kind, x.target_id, x.label, x.title FROM `+linkedSQL()+`
		WHERE x.organisation_id = $1 AND x.action_id = ANY($2)
		ORDER BY x.action_id, x.kind_order, x.sort, x.target_id`, orgID, actionIDs)
	if err != nil {
		return nil, fmt.Errorf("load action links: %w", err)
	}
	type row struct {
		actionID int64
		link     Link
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (row, error) {
		var x row
		err := r.Scan(&x.actionID, &x.link.Kind, &x.link.TargetID, &x.link.Label, &x.link.Title)
		return x, err
	})
	if err != nil {
		return nil, fmt.Errorf("load action links: %w", err)
	}
	for _, x := range list {
		out[x.actionID] = append(out[x.actionID], x.link)
	}
	return out, nil
}

// Targets returns the targets of one kind among ids that the organisation may
// link to, in display order. Ids that are not valid targets are left out.
func Targets(ctx context.Context, q *db.Tx, orgID int64, kind string, ids []int64) ([]Link, error) {
	k, ok := KindOf(kind)
	if !ok {
		return nil, fmt.Errorf("unknown link kind %q", kind)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := q.Query(ctx, `SELECT id, label, title FROM (`+k.targets+`) AS t(id, label, title, sort) ORDER BY sort, id`, orgID, ids)
	if err != nil {
		return nil, fmt.Errorf("targets of kind %s: %w", kind, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Link, error) {
		l := Link{Kind: kind}
		err := r.Scan(&l.TargetID, &l.Label, &l.Title)
		return l, err
	})
}

// Choices lists what the form offers for a kind.
func (s *Service) Choices(ctx context.Context, orgID int64, kind string) ([]Choice, error) {
	k, ok := KindOf(kind)
	if !ok {
		return nil, fmt.Errorf("unknown link kind %q", kind)
	}
	var out []Choice
	err := s.DB.Read(ctx, db.Scope{OrgID: orgID}, func(tx *db.Tx) error {
		var err error
		out, err = k.choices(ctx, tx, orgID)
		return err
	})
	return out, err
}

// Targets resolves ids of a kind to labelled targets the organisation may link to.
func (s *Service) Targets(ctx context.Context, orgID int64, kind string, ids []int64) (links []Link, err error) {
	err = s.DB.Read(ctx, db.Scope{OrgID: orgID}, func(tx *db.Tx) error {
		links, err = Targets(ctx, tx, orgID, kind, ids)
		return err
	})
	return links, err
}
