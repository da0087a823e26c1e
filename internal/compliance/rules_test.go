package compliance

import (
	"testing"
	"time"
)

func TestSummariseRollsUpPerGroup(t *testing.T) {
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	past := today.AddDate(0, -1, 0)
	controls := []Control{
		{GroupNumber: "5", GroupTitle: "Organisatorisch", Applicable: true, Status: Implemented, Maturity: 4, EvidenceCount: 2, OwnerDeptID: 1},
		{GroupNumber: "5", GroupTitle: "Organisatorisch", Applicable: true, Status: InProgress, Maturity: 2, OwnerDeptID: 1, NextReview: &past},
		{GroupNumber: "5", GroupTitle: "Organisatorisch", Applicable: false, Status: NotApplicable, Justification: "n.v.t."},
		{GroupNumber: "8", GroupTitle: "Technologisch", Applicable: true, Status: NotStarted, NeedsReview: true},
	}
	groups, total := Summarise(controls, 4, today)
	if len(groups) != 2 || groups[0].Number != "5" || groups[1].Number != "8" {
		t.Fatalf("groups %+v", groups)
	}
	g := groups[0]
	if g.Applicable != 2 || g.Implemented != 1 || g.WithEvidence != 1 || g.ImplementedShare() != 50 || g.EvidenceShare() != 50 {
		t.Errorf("theme 5: %+v", g)
	}
	if g.AverageMaturity() != 3 || g.Distribution[2] != 1 || g.Distribution[4] != 1 || g.AtAmbition != 1 || g.Overdue != 1 {
		t.Errorf("theme 5 maturity: avg %v %+v", g.AverageMaturity(), g)
	}
	if groups[1].NoOwner != 1 || groups[1].NeedsReview != 1 || groups[1].AverageMaturity() != 0 {
		t.Errorf("theme 8: %+v", groups[1])
	}
	if total.Applicable != 3 || total.Implemented != 1 || total.ImplementedShare() != 33 {
		t.Errorf("total: %+v", total)
	}
}

func TestFilterMatches(t *testing.T) {
	c := Control{Number: "5.15", Title: "Toegangsbeveiliging", OwnerDeptID: 7, Status: InProgress, Hygiene: "basishygiene+ketenhygiene", Maturity: 2}
	cases := []struct {
		f    Filter
		want bool
	}{
		{Filter{}, true},
		{Filter{OwnerDeptID: 7}, true},
		{Filter{OwnerDeptID: 8}, false},
		{Filter{OwnerDeptID: -1}, false},
		{Filter{Status: Implemented}, false},
		{Filter{Hygiene: "ketenhygiene"}, true},
		{Filter{Hygiene: "overheidsrisico"}, false},
		{Filter{Maturity: 2}, true},
		{Filter{Maturity: -1}, false},
		{Filter{Query: "toegang"}, true},
		{Filter{Query: "5.15"}, true},
		{Filter{OnlyMine: true}, false},
	}
	for _, tc := range cases {
		if got := tc.f.Matches(c, []int64{3}); got != tc.want {
			t.Errorf("%+v: got %v", tc.f, got)
		}
	}
	if !(Filter{OnlyMine: true}).Matches(c, []int64{7}) {
		t.Error("own afdeling not matched")
	}
}

func TestBelowAmbition(t *testing.T) {
	at := func(maturity int, applicable bool) Control {
		return Control{Applicable: applicable, Status: InProgress, Maturity: maturity}
	}
	cases := []struct {
		c      Control
		target int
		want   bool
	}{
		{at(2, true), 3, true},
		{at(0, true), 3, true}, // not assessed is below
		{at(3, true), 3, false},
		{at(4, true), 3, false},
		{at(1, false), 3, false}, // not applicable never counts
		{at(1, true), 0, false},  // no ambition
	}
	for _, tc := range cases {
		if got := tc.c.BelowAmbition(tc.target); got != tc.want {
			t.Errorf("%+v target %d: got %v", tc.c, tc.target, got)
		}
		if got := (Filter{BelowTarget: tc.target}).Matches(tc.c, nil); tc.target > 0 && got != tc.want {
			t.Errorf("filter %+v target %d: got %v", tc.c, tc.target, got)
		}
	}
}

func TestValidateInput(t *testing.T) {
	in := Input{Applicable: false, Status: NotStarted, Opzet: Yes, Bestaan: Yes, Werking: Yes}
	_, v := in.validate()
	if v["justification"] == "" {
		t.Error("not applicable without justification accepted")
	}
	in = Input{Applicable: true, Status: "kapot", Opzet: "misschien", Bestaan: Yes, Werking: Yes, Maturity: 7, LastReview: "2026-05-01", NextReview: "2026-01-01"}
	_, v = in.validate()
	for _, f := range []string{"status", "opzet", "maturity", "next_review"} {
		if v[f] == "" {
			t.Errorf("no message for %s", f)
		}
	}
	// Not applicable with a status of work is refused, not silently changed;
	// "niet gestart" simply becomes "niet van toepassing".
	in = Input{Applicable: false, Justification: "Geen eigen rekencentrum", Status: InProgress, Opzet: Unknown, Bestaan: Unknown, Werking: Unknown}
	if _, v = in.validate(); v["status"] == "" {
		t.Error("not applicable with status in uitvoering accepted")
	}
	in.Status = NotStarted
	rec, v := in.validate()
	if len(v) != 0 || rec.Status != NotApplicable {
		t.Errorf("not applicable must give status n.v.t.: %v %v", rec.Status, v)
	}
}

func TestRollUpControlWithMeasures(t *testing.T) {
	item := func(kind, number, parent string, status Status, applicable bool) Control {
		return Control{Kind: kind, Number: number, ParentNumber: parent, GroupNumber: "5", Status: status, Applicable: applicable}
	}
	controls := []Control{
		item(ItemControl, "5.1", "", Implemented, true),
		item(ItemMeasure, "5.01.01", "5.1", Implemented, true),
		item(ItemMeasure, "5.01.02", "5.1", InProgress, true), // keeps 5.1 open
		item(ItemControl, "5.2", "", Implemented, true),
		item(ItemMeasure, "5.02.01", "5.2", Implemented, true),
		item(ItemMeasure, "5.02.02", "5.2", NotApplicable, false), // does not apply: ignored
		item(ItemControl, "5.3", "", Implemented, true),           // no measures: its own status
		item(ItemControl, "5.4", "", InProgress, true),
		item(ItemMeasure, "5.04.01", "5.4", Implemented, true), // measures done, control not
	}
	RollUp(controls)
	want := map[string]bool{"5.1": false, "5.01.01": true, "5.01.02": false, "5.2": true, "5.02.01": true, "5.02.02": false, "5.3": true, "5.4": false, "5.04.01": true}
	for _, c := range controls {
		if got := c.IsImplemented(); got != want[c.Number] {
			t.Errorf("%s implemented %v, want %v (open measures %d)", c.Number, got, want[c.Number], c.OpenMeasures)
		}
	}
	if controls[0].OpenMeasures != 1 {
		t.Errorf("5.1 open measures %d", controls[0].OpenMeasures)
	}

	_, total := Summarise(controls, 0, time.Now())
	ctl, msr := total.Parts[0], total.Parts[1]
	if ctl.Kind != ItemControl || ctl.Applicable != 4 || ctl.Implemented != 2 {
		t.Errorf("controls part %+v", ctl)
	}
	if msr.Kind != ItemMeasure || msr.Applicable != 4 || msr.Implemented != 3 || msr.NotApplicable != 1 {
		t.Errorf("measures part %+v", msr)
	}
	if total.Implemented != ctl.Implemented+msr.Implemented || total.Items != 9 || total.NotApplicable != 1 {
		t.Errorf("total %+v", total)
	}
	// The filter selects exactly what the figure counts.
	n := 0
	for _, c := range controls {
		if (Filter{Kind: ItemControl, Implemented: true}).Matches(c, nil) {
			n++
		}
	}
	if n != ctl.Implemented {
		t.Errorf("filter finds %d implemented controls, the summary %d", n, ctl.Implemented)
	}
}

func TestSummariseByOwner(t *testing.T) {
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	controls := []Control{
		{Kind: ItemControl, OwnerDeptID: 2, OwnerDeptName: "Publiekszaken", Applicable: true, Status: Implemented, Maturity: 4},
		{Kind: ItemControl, Applicable: true, Status: NotStarted},
		{Kind: ItemMeasure, OwnerDeptID: 1, OwnerDeptName: "ICT", Applicable: true, Status: InProgress, Maturity: 2},
		{Kind: ItemControl, OwnerDeptID: 2, OwnerDeptName: "Publiekszaken", Applicable: false, Status: NotApplicable},
		{Kind: ItemMeasure, OwnerDeptID: 1, OwnerDeptName: "ICT", Applicable: true, Status: Implemented, Maturity: 3},
	}
	rows, total := SummariseByOwner(controls, 3, today)
	if len(rows) != 3 || rows[0].Title != "ICT" || rows[1].Title != "Publiekszaken" || rows[2].Title != "Zonder eigenaar" {
		t.Fatalf("rows %+v", rows)
	}
	if rows[0].Key != "1" || rows[2].Key != NoOwnerKey {
		t.Errorf("keys %q %q", rows[0].Key, rows[2].Key)
	}
	ict, pz, none := rows[0], rows[1], rows[2]
	if ict.Applicable != 2 || ict.Implemented != 1 || ict.Below != 1 || ict.AtAmbition != 1 || ict.Parts[1].Applicable != 2 || ict.Parts[0].Applicable != 0 {
		t.Errorf("ICT %+v", ict)
	}
	if pz.Applicable != 1 || pz.NotApplicable != 1 || pz.Items != 2 || pz.Below != 0 {
		t.Errorf("Publiekszaken %+v", pz)
	}
	if none.NoOwner != 1 || none.Below != 1 {
		t.Errorf("without owner %+v", none)
	}
	if total.Applicable != 4 || total.Below != 2 || total.NoOwner != 1 {
		t.Errorf("total %+v", total)
	}
}

func TestBelowAmbitionCounts(t *testing.T) {
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	controls := []Control{
		{GroupNumber: "5", Applicable: true, Status: InProgress, Maturity: 2},
		{GroupNumber: "5", Applicable: true, Status: InProgress},               // not assessed: below
		{GroupNumber: "5", Applicable: true, Status: Implemented, Maturity: 4}, // at
		{GroupNumber: "5", Applicable: false, Status: NotApplicable},           // never counts
		{GroupNumber: "8", Applicable: true, Status: InProgress, Maturity: 5},
	}
	groups, total := Summarise(controls, 4, today)
	if groups[0].Below != 2 || groups[0].AtAmbition != 1 || groups[1].Below != 0 || total.Below != 2 || total.AtAmbition != 2 {
		t.Errorf("below %d/%d/%d at %d/%d", groups[0].Below, groups[1].Below, total.Below, groups[0].AtAmbition, total.AtAmbition)
	}
	// Without an ambition nothing is below or at it, and the level filters find nothing.
	_, none := Summarise(controls, 0, today)
	if none.Below != 0 || none.AtAmbition != 0 {
		t.Errorf("without ambition: %+v", none)
	}
	for _, c := range controls {
		if (Filter{Level: LevelBelow}).Matches(c, nil) || (Filter{Level: LevelAt}).Matches(c, nil) {
			t.Errorf("level filter without target matches %+v", c)
		}
	}
	below := 0
	for _, c := range controls {
		if (Filter{Level: LevelBelow, Target: 4, Group: "5"}).Matches(c, nil) {
			below++
		}
	}
	if below != groups[0].Below {
		t.Errorf("filter finds %d below in theme 5, the summary %d", below, groups[0].Below)
	}
}
