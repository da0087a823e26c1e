package catalogue

import "slices"

// ChangeType says how an item differs between two versions of a catalogue.
type ChangeType string

const (
	ChangeAdded    ChangeType = "toegevoegd" // only in the new version
	ChangeRemoved  ChangeType = "verwijderd" // only in the old version
	ChangeModified ChangeType = "gewijzigd"  // in both, with different fields
)

// Field names in Change.Fields, as in the CSV header, plus "text".
const (
	FieldKind     = "kind"
	FieldParent   = "parent"
	FieldTitle    = "title"
	FieldHygiene  = "hygiene"
	FieldCbwScope = "cbw_scope"
	FieldBBN      = "bbn"
	FieldText     = "text"
)

// Change is one difference found by Diff.
type Change struct {
	Type   ChangeType
	Number string
	Old    *Item    // nil when added
	New    *Item    // nil when removed
	Fields []string // for ChangeModified: the fields that differ, in the order of the Field constants
}

// TextChanged reports whether the official wording differs.
func (c Change) TextChanged() bool {
	return c.Type == ChangeModified && slices.Contains(c.Fields, FieldText)
}

// Diff compares two versions of a catalogue by item number and returns what
// a re-import would change: items added, items removed, and items whose
// fields (the official text among them) differ. Unchanged items are left
// out. The result is in natural number order (CompareNumbers).
func Diff(old, updated []Item) []Change {
	oldBy := make(map[string]*Item, len(old))
	for i := range old {
		oldBy[old[i].Number] = &old[i]
	}
	newBy := make(map[string]*Item, len(updated))
	for i := range updated {
		newBy[updated[i].Number] = &updated[i]
	}
	var out []Change
	for i := range updated {
		n := &updated[i]
		o, ok := oldBy[n.Number]
		if !ok {
			out = append(out, Change{Type: ChangeAdded, Number: n.Number, New: clone(n)})
			continue
		}
		if f := changedFields(o, n); len(f) > 0 {
			out = append(out, Change{Type: ChangeModified, Number: n.Number, Old: clone(o), New: clone(n), Fields: f})
		}
	}
	for i := range old {
		o := &old[i]
		if _, ok := newBy[o.Number]; !ok {
			out = append(out, Change{Type: ChangeRemoved, Number: o.Number, Old: clone(o)})
		}
	}
	slices.SortStableFunc(out, func(a, b Change) int { return CompareNumbers(a.Number, b.Number) })
	return out
}

func clone(it *Item) *Item {
	c := *it
	return &c
}

// itemFields are the fields Diff compares, in the order of the Field
// constants, each with its value.
var itemFields = []struct {
	name  string
	value func(*Item) any
}{
	{FieldKind, func(it *Item) any { return it.Kind }},
	{FieldParent, func(it *Item) any { return it.Parent }},
	{FieldTitle, func(it *Item) any { return it.Title }},
	{FieldHygiene, func(it *Item) any { return it.Hygiene }},
	{FieldCbwScope, func(it *Item) any { return it.CbwScope }},
	{FieldBBN, func(it *Item) any { return it.BBN }},
	{FieldText, func(it *Item) any { return it.Text }},
}

func changedFields(o, n *Item) []string {
	var f []string
	for _, x := range itemFields {
		if x.value(o) != x.value(n) {
			f = append(f, x.name)
		}
	}
	return f
}
