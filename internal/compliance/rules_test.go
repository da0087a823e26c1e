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
	in = Input{Applicable: false, Justification: "Geen eigen rekencentrum", Status: InProgress, Opzet: Unknown, Bestaan: Unknown, Werking: Unknown}
	rec, v := in.validate()
	if len(v) != 0 || rec.Status != NotApplicable {
		t.Errorf("not applicable must force status n.v.t.: %v %v", rec.Status, v)
	}
}
