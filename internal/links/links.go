// Package links is the registry of linkable kinds: the items one domain's
// records may point at in another domain (a plan action addresses controls;
// later risks, incidents, processes, applications and suppliers). Each domain
// registers its own kind, with the SQL that labels its items, and each domain
// that stores links registers itself as a source, with the SQL that finds
// them. So no package holds another's SQL, and links show in both
// directions: the action lists its controls, the control its actions.
package links

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
)

// Target is one linked item, labelled by the domain it belongs to.
type Target struct {
	Kind     string `json:"kind"`
	TargetID int64  `json:"target_id"`
	Label    string `json:"label"` // short: the control number "5.15"
	Title    string `json:"-"`     // the item's title, for pages
}

// Text is the label and title together: "5.15 Toegangsbeveiliging".
func (t Target) Text() string {
	if t.Title == "" {
		return t.Label
	}
	return t.Label + " " + t.Title
}

// Href is the page of the item, "" for an unknown kind.
func (t Target) Href() string {
	if k, ok := Lookup(t.Kind); ok {
		return fmt.Sprintf("%s/%d", k.Path, t.TargetID)
	}
	return ""
}

// Choice is an item a form offers to link to.
type Choice struct {
	ID    int64
	Label string // "5.15 Toegangsbeveiliging"
	Group string // "5 Organisatorisch", for an optgroup
}

// Kind is a kind of item that can be linked to, registered by its domain.
type Kind struct {
	Name     string // stored in the link tables' target_kind
	Order    int    // display order among the kinds
	Field    string // the form field holding the chosen ids
	Label    string // Dutch, plural: form label and export column
	Singular string
	Path     string // URL prefix of an item's page
	Hint     string // form hint
	// View, when set, is the action a reader needs to see items of this kind
	// where they are listed as linking to something (risks on a process
	// page): Visible leaves them out for others.
	View authz.Action

	// Targets labels the items among ids that the transaction's organisation
	// may link to, in display order; other ids are left out. Register sets
	// it from Query when it is nil.
	Targets func(ctx context.Context, tx *db.Tx, ids []int64) ([]Target, error)
	// Query is Targets as one query, which a page can also queue in its
	// batch (QueueTargets) instead of a round trip of its own.
	Query TargetQuery
	// Choices lists what a form offers.
	Choices func(ctx context.Context, tx *db.Tx) ([]Choice, error)
}

// Source is a domain that stores links to other kinds (the plan's actions).
type Source struct {
	Name string // the kind of the linking items, e.g. "action"
	// To lists the source's items that link to item id of kind.
	To func(ctx context.Context, tx *db.Tx, kind string, id int64) ([]Target, error)
	// Open counts, per item of kind, the source's open items linking to it;
	// nil when the source counts none (only plan actions are "open").
	Open func(ctx context.Context, tx *db.Tx, kind string) (map[int64]int, error)
	// Keeps: the source's items are about the item they link to and lose
	// their meaning without it (a risk analysis of a process), so that item
	// is not deleted while they exist (Dependents).
	Keeps bool
}

var (
	mu      sync.RWMutex
	kinds   []Kind
	sources []Source
)

// Register adds a kind; a domain calls it from an init function.
func Register(k Kind) {
	mu.Lock()
	defer mu.Unlock()
	if slices.ContainsFunc(kinds, func(x Kind) bool { return x.Name == k.Name }) {
		panic("links: kind registered twice: " + k.Name)
	}
	if k.Targets == nil && k.Query.SQL != "" {
		k.Targets = k.Query.run
	}
	kinds = append(kinds, k)
	slices.SortStableFunc(kinds, func(a, b Kind) int { return a.Order - b.Order })
}

// RegisterSource adds a source of links.
func RegisterSource(s Source) {
	mu.Lock()
	defer mu.Unlock()
	sources = append(sources, s)
}

// Kinds lists the registered kinds in display order.
func Kinds() []Kind {
	mu.RLock()
	defer mu.RUnlock()
	return slices.Clone(kinds)
}

// Lookup finds a kind by name.
func Lookup(name string) (Kind, bool) {
	mu.RLock()
	defer mu.RUnlock()
	for _, k := range kinds {
		if k.Name == name {
			return k, true
		}
	}
	return Kind{}, false
}

// Label resolves ids of a kind to their targets (see Kind.Targets).
func Label(ctx context.Context, tx *db.Tx, kind string, ids []int64) ([]Target, error) {
	k, ok := Lookup(kind)
	if !ok {
		return nil, fmt.Errorf("unknown link kind %q", kind)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return k.Targets(ctx, tx, ids)
}

// Labelled is one list of ids of a kind to resolve into Out (see LabelAll).
type Labelled struct {
	Kind string
	IDs  []int64
	Out  *[]Target
}

// LabelAll resolves several lists of ids, each with Label.
func LabelAll(ctx context.Context, tx *db.Tx, ls ...Labelled) error {
	for _, l := range ls {
		t, err := Label(ctx, tx, l.Kind, l.IDs)
		if err != nil {
			return err
		}
		*l.Out = t
	}
	return nil
}

// ChoicesOf lists what a form offers to link to for kind (see Kind.Choices).
func ChoicesOf(ctx context.Context, tx *db.Tx, kind string) ([]Choice, error) {
	k, ok := Lookup(kind)
	if !ok {
		return nil, fmt.Errorf("unknown link kind %q", kind)
	}
	return k.Choices(ctx, tx)
}

// Dependents lists the items of the sources that keep item id of kind
// (Source.Keeps): while there are any, the item is not deleted.
func Dependents(ctx context.Context, tx *db.Tx, kind string, id int64) ([]Target, error) {
	return linking(ctx, tx, kind, id, true)
}

// Deletable refuses, with a Dutch message naming them, to delete item id of
// kind (called name in the message, "Proces Verkiezingen") while items that
// are about it exist (Dependents).
func Deletable(ctx context.Context, tx *db.Tx, kind string, id int64, name string) error {
	ds, err := Dependents(ctx, tx, kind, id)
	if err != nil || len(ds) == 0 {
		return err
	}
	texts := make([]string, 0, 3)
	for _, d := range ds[:min(3, len(ds))] {
		texts = append(texts, d.Text())
	}
	list, verb := strings.Join(texts, ", "), "gaat"
	if len(ds) > 3 {
		list += fmt.Sprintf(" en nog %d", len(ds)-3)
	}
	if len(ds) > 1 {
		verb = "gaan"
	}
	return apperr.Conflictf("%s kan niet worden verwijderd: %s %s erover. Verwijder die eerst of kies daar een ander onderwerp.", name, list, verb)
}

// To lists, from every source, the items that link to item id of kind.
func To(ctx context.Context, tx *db.Tx, kind string, id int64) ([]Target, error) {
	return linking(ctx, tx, kind, id, false)
}

// linking asks every source (only those that keep their items, with keeps)
// for its items that link to item id of kind.
func linking(ctx context.Context, tx *db.Tx, kind string, id int64, keeps bool) ([]Target, error) {
	mu.RLock()
	srcs := slices.Clone(sources)
	mu.RUnlock()
	var out []Target
	for _, s := range srcs {
		if keeps && !s.Keeps {
			continue
		}
		t, err := s.To(ctx, tx, kind, id)
		if err != nil {
			return nil, fmt.Errorf("links to %s %d from %s: %w", kind, id, s.Name, err)
		}
		out = append(out, t...)
	}
	return out, nil
}

// Visible keeps the targets the actor may see: those of kinds without a
// View action, and those whose View action the actor holds.
func Visible(actor authz.Principal, ts []Target) []Target {
	out := ts[:0:0]
	for _, t := range ts {
		if k, ok := Lookup(t.Kind); ok && k.View != "" && !actor.Can(k.View) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// Open counts, per item of kind, the open items of every source linking to it:
// one query per source, whatever the number of items.
func Open(ctx context.Context, tx *db.Tx, kind string) (map[int64]int, error) {
	mu.RLock()
	srcs := slices.Clone(sources)
	mu.RUnlock()
	out := map[int64]int{}
	for _, s := range srcs {
		if s.Open == nil {
			continue
		}
		n, err := s.Open(ctx, tx, kind)
		if err != nil {
			return nil, fmt.Errorf("open links to %s from %s: %w", kind, s.Name, err)
		}
		for id, c := range n {
			out[id] += c
		}
	}
	return out, nil
}
