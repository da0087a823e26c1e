package catalogue

import (
	"bytes"
	"slices"
	"testing"
)

func TestDiff(t *testing.T) {
	m := func(number, text string) Item {
		return Item{Kind: KindMeasure, Number: number, Parent: "5.1", Title: MeasureTitle(number), Text: text}
	}
	old := []Item{
		m("5.01.01", "oud"),
		m("5.01.02", "gelijk"),
		m("5.01.03", "weg"),
		m("5.10.01", "x"),
		m("5.02.01", "y"),
	}
	retitled := m("5.02.01", "y")
	retitled.Title = "Nieuwe titel"
	retitled.Hygiene = HygieneBasis
	updated := []Item{
		m("5.10.01", "x"),
		m("5.01.02", "gelijk"),
		m("5.01.01", "nieuw"),
		m("5.01.04", "erbij"),
		retitled,
	}

	tests := []struct {
		name string
		old  []Item
		new  []Item
		want []Change
	}{
		{"niets gewijzigd", old, old, nil},
		{"leeg naar leeg", nil, nil, nil},
		{"alles nieuw", nil, old[:1], []Change{{Type: ChangeAdded, Number: "5.01.01", New: &old[0]}}},
		{"alles weg", old[:1], nil, []Change{{Type: ChangeRemoved, Number: "5.01.01", Old: &old[0]}}},
		{"gemengd", old, updated, []Change{
			{Type: ChangeModified, Number: "5.01.01", Old: &old[0], New: &updated[2], Fields: []string{FieldText}},
			{Type: ChangeRemoved, Number: "5.01.03", Old: &old[2]},
			{Type: ChangeAdded, Number: "5.01.04", New: &updated[3]},
			{Type: ChangeModified, Number: "5.02.01", Old: &old[4], New: &updated[4], Fields: []string{FieldTitle, FieldHygiene}},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Diff(tc.old, tc.new)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d changes %+v, want %d", len(got), got, len(tc.want))
			}
			for i, w := range tc.want {
				g := got[i]
				if g.Type != w.Type || g.Number != w.Number || !slices.Equal(g.Fields, w.Fields) ||
					!sameItem(g.Old, w.Old) || !sameItem(g.New, w.New) {
					t.Errorf("change %d = %+v, want %+v", i, g, w)
				}
				if g.TextChanged() != slices.Contains(w.Fields, FieldText) {
					t.Errorf("change %d: TextChanged() = %v", i, g.TextChanged())
				}
			}
		})
	}

	// The changes hold copies, not pointers into the caller's slices.
	got := Diff(old, updated)
	got[0].New.Text = "veranderd"
	if updated[2].Text != "nieuw" {
		t.Error("Diff returned a pointer into its input")
	}
}

func sameItem(a, b *Item) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func TestDiffOnImport(t *testing.T) {
	// A re-import of the markdown against the built-in catalogue only fills
	// in text: no measure is added or removed, and nothing but text changes.
	raw := referenceFile(t)
	doc, err := ParseBIO2Markdown(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	shipped := byKind(builtin(t, CodeBIO2).Items, KindMeasure)
	for _, c := range Diff(shipped, doc.Measures) {
		if c.Type != ChangeModified || !slices.Equal(c.Fields, []string{FieldText}) {
			t.Errorf("unexpected change %s %s %v", c.Type, c.Number, c.Fields)
		}
	}
	if n := len(Diff(shipped, doc.Measures)); n != len(shipped) {
		t.Errorf("%d changes, want one text change per measure (%d)", n, len(shipped))
	}
}
