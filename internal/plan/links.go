package plan

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/links"
)

// Link is something an action addresses: a control now; a risk, incident or
// audit finding later. Its kind is registered in package links by the domain
// it belongs to.
type Link = links.Target

// LinkKind is a kind of item an action can address.
type LinkKind = links.Kind

// Choice is an item offered in the action form.
type Choice = links.Choice

// KindControl is the kind of controls and measures (registered by package
// compliance).
const KindControl = "control"

// KindAction is the kind of plan actions, for other domains that link to
// them (a risk's treatment, an incident's follow-up).
const KindAction = "action"

func init() {
	links.Register(links.Kind{
		Name: KindAction, Order: 50, Field: "action_ids", Label: "Acties", Singular: "actie", Path: "/plan",
		Hint:    "Acties uit het informatiebeveiligingsplan.",
		Query:   actionTargets,
		Choices: actionChoices,
	})
	// Actions store links to other kinds: those show on the linked item's
	// page too, and their open ones are counted there.
	links.RegisterSource(links.Source{Name: KindAction, To: actionsLinkingTo, Open: openActionsLinkingTo})
}

// addressable are the kinds an action can address, as allowed by the CHECK
// constraint on plan_action_links.target_kind. Other registered kinds
// (processes, applications) are linked to from elsewhere, not from actions.
// Adding one is adding its name here and to that constraint; the kind itself
// is registered in package links by its domain.
var addressable = []string{KindControl, "risk", "incident"}

// LinkKinds lists the registered kinds an action can link to, in display order.
func LinkKinds() []LinkKind {
	var out []LinkKind
	for _, k := range links.Kinds() {
		if slices.Contains(addressable, k.Name) {
			out = append(out, k)
		}
	}
	return out
}

// KindOf looks up a kind an action can link to.
func KindOf(kind string) (LinkKind, bool) {
	if !slices.Contains(addressable, kind) {
		return LinkKind{}, false
	}
	return links.Lookup(kind)
}

var actionTargets = links.TargetQuery{
	Row: func(r pgx.CollectableRow) (links.Target, error) {
		t := links.Target{Kind: KindAction}
		err := r.Scan(&t.TargetID, &t.Title)
		t.Label = fmt.Sprintf("Actie %d", t.TargetID)
		return t, err
	},
	SQL: `SELECT id, title FROM plan_actions WHERE organisation_id = $1 AND id = ANY($2)
		ORDER BY due_date NULLS LAST, id`,
}

func actionChoices(ctx context.Context, tx *db.Tx) ([]links.Choice, error) {
	return links.Query(ctx, tx, func(r pgx.CollectableRow) (links.Choice, error) {
		var c links.Choice
		var st Status
		err := r.Scan(&c.ID, &c.Label, &st)
		c.Group = st.Label()
		return c, err
	}, `SELECT id, title, status FROM plan_actions WHERE organisation_id = $1 ORDER BY title, id`)
}

// actionsLinkingTo lists the actions that address item id of kind.
func actionsLinkingTo(ctx context.Context, tx *db.Tx, kind string, id int64) ([]links.Target, error) {
	return links.Query(ctx, tx, func(r pgx.CollectableRow) (links.Target, error) {
		t := links.Target{Kind: KindAction}
		var st Status
		err := r.Scan(&t.TargetID, &t.Title, &st)
		t.Label = st.Label()
		return t, err
	}, `
		SELECT a.id, a.title, a.status FROM plan_action_links l JOIN plan_actions a ON a.id = l.action_id
		WHERE l.organisation_id = $1 AND l.target_kind = $2 AND l.target_id = $3
		ORDER BY a.due_date NULLS LAST, a.id`, kind, id)
}

// Addressing lists, per item of kind among ids, the actions that address
// it, in one query: a risk analysis shows each risk's treatment actions.
func Addressing(ctx context.Context, tx *db.Tx, kind string, ids []int64) (map[int64][]Link, error) {
	out := map[int64][]Link{}
	if len(ids) == 0 {
		return out, nil
	}
	//nolint:rowserrcheck // pgx.ForEachRow checks rows.Err
	rows, err := tx.Query(ctx, `
		SELECT l.target_id, a.id, a.title, a.status FROM plan_action_links l JOIN plan_actions a ON a.id = l.action_id
		WHERE l.organisation_id = $1 AND l.target_kind = $2 AND l.target_id = ANY($3)
		ORDER BY a.due_date NULLS LAST, a.id`, tx.OrgID, kind, ids)
	if err != nil {
		return nil, err
	}
	var target int64
	var t links.Target
	var st Status
	_, err = pgx.ForEachRow(rows, []any{&target, &t.TargetID, &t.Title, &st}, func() error {
		out[target] = append(out[target], links.Target{Kind: KindAction, TargetID: t.TargetID, Title: t.Title, Label: st.Label()})
		return nil
	})
	return out, err
}

// openActionsLinkingTo counts, per item of kind, the planned and running
// actions that address it.
func openActionsLinkingTo(ctx context.Context, tx *db.Tx, kind string) (map[int64]int, error) {
	//nolint:rowserrcheck // pgx.ForEachRow checks rows.Err
	rows, err := tx.Query(ctx, `
		SELECT l.target_id, count(*) FROM plan_action_links l JOIN plan_actions a ON a.id = l.action_id
		WHERE l.organisation_id = $1 AND l.target_kind = $2 AND a.status IN ('gepland', 'in_uitvoering')
		GROUP BY l.target_id`, tx.OrgID, kind)
	if err != nil {
		return nil, err
	}
	out := map[int64]int{}
	var id int64
	var n int
	_, err = pgx.ForEachRow(rows, []any{&id, &n}, func() error { out[id] = n; return nil })
	return out, err
}

// storedLink is a row of plan_action_links.
type storedLink struct {
	action, target int64
	kind           string
}

// scanStoredLinks reads rows of action_id, target_kind and target_id.
func scanStoredLinks(rows pgx.Rows) ([]storedLink, error) {
	defer rows.Close()
	var out []storedLink
	var x storedLink
	for rows.Next() {
		if err := rows.Scan(&x.action, &x.kind, &x.target); err != nil {
			return nil, fmt.Errorf("load action links: %w", err)
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load action links: %w", err)
	}
	return out, nil
}

// linkLabels groups stored links per kind an action can link to, in kind
// order: the distinct targets to label and, per target, the actions linking
// to it.
type linkLabels struct {
	kinds []kindLinks
}

type kindLinks struct {
	kind     LinkKind
	ids      []int64
	byTarget map[int64][]int64 // target → actions
	targets  []links.Target    // the labels, once read
}

func groupLinks(stored []storedLink) linkLabels {
	var g linkLabels
	for _, k := range LinkKinds() {
		kl := kindLinks{kind: k, byTarget: map[int64][]int64{}}
		for _, x := range stored {
			if x.kind == k.Name {
				if _, seen := kl.byTarget[x.target]; !seen {
					kl.ids = append(kl.ids, x.target)
				}
				kl.byTarget[x.target] = append(kl.byTarget[x.target], x.action)
			}
		}
		if len(kl.ids) > 0 {
			g.kinds = append(g.kinds, kl)
		}
	}
	return g
}

// queue queues the labels of every kind in b: one query per kind linked.
func (g *linkLabels) queue(b *db.Batch) error {
	for i := range g.kinds {
		kl := &g.kinds[i]
		if err := links.QueueTargets(b, kl.kind.Name, kl.ids, &kl.targets); err != nil {
			return fmt.Errorf("label links of kind %s: %w", kl.kind.Name, err)
		}
	}
	return nil
}

// label reads the labels of every kind in tx: one query per kind linked.
func (g *linkLabels) label(ctx context.Context, tx *db.Tx) (err error) {
	for i := range g.kinds {
		kl := &g.kinds[i]
		if kl.targets, err = kl.kind.Targets(ctx, tx, kl.ids); err != nil {
			return fmt.Errorf("label links of kind %s: %w", kl.kind.Name, err)
		}
	}
	return nil
}

// perAction are the labelled links per action: in kind order, then in each
// kind's display order.
func (g *linkLabels) perAction() map[int64][]Link {
	out := map[int64][]Link{}
	for _, kl := range g.kinds {
		for _, t := range kl.targets { // in the kind's display order
			for _, a := range kl.byTarget[t.TargetID] {
				out[a] = append(out[a], t)
			}
		}
	}
	return out
}

// loadLinks reads the links of the given actions, labelled by their domains:
// one query for the links and one per kind linked, whatever the number of
// actions. Per action they come in kind order, then in each kind's order.
func loadLinks(ctx context.Context, tx *db.Tx, orgID int64, actionIDs []int64) (map[int64][]Link, error) {
	if len(actionIDs) == 0 {
		return map[int64][]Link{}, nil
	}
	rows, err := tx.Query(ctx, `SELECT action_id, target_kind, target_id FROM plan_action_links
		WHERE organisation_id = $1 AND action_id = ANY($2)`, orgID, actionIDs)
	if err != nil {
		return nil, fmt.Errorf("load action links: %w", err)
	}
	stored, err := scanStoredLinks(rows)
	if err != nil {
		return nil, err
	}
	g := groupLinks(stored)
	if err := g.label(ctx, tx); err != nil {
		return nil, err
	}
	return g.perAction(), nil
}

// Targets returns the targets of one kind among ids that the organisation may
// link to, in display order. Ids that are not valid targets are left out.
func Targets(ctx context.Context, tx *db.Tx, kind string, ids []int64) ([]Link, error) {
	if _, ok := KindOf(kind); !ok {
		return nil, fmt.Errorf("unknown link kind %q", kind)
	}
	return links.Label(ctx, tx, kind, ids)
}

// Choices lists what the form offers for a kind.
func (s *Service) Choices(ctx context.Context, orgID int64, kind string) (out []Choice, err error) {
	k, ok := KindOf(kind)
	if !ok {
		return nil, fmt.Errorf("unknown link kind %q", kind)
	}
	err = s.DB.Read(ctx, db.Scope{OrgID: orgID}, func(tx *db.Tx) error {
		out, err = k.Choices(ctx, tx)
		return err
	})
	return out, err
}

// Targets resolves ids of a kind to labelled targets the organisation may link to.
func (s *Service) Targets(ctx context.Context, orgID int64, kind string, ids []int64) (out []Link, err error) {
	err = s.DB.Read(ctx, db.Scope{OrgID: orgID}, func(tx *db.Tx) error {
		out, err = Targets(ctx, tx, kind, ids)
		return err
	})
	return out, err
}
