package bia

import (
	"strings"
	"testing"
)

func areas(ids ...int64) []Area {
	out := make([]Area, len(ids))
	for i, id := range ids {
		out[i] = Area{ID: id, Name: "Gebied", Active: true}
	}
	return out
}

func answers(a, i, c map[int64]int) [3]map[int64]int { return [3]map[int64]int{a, i, c} }

func TestLevelIsTheHighestAnswer(t *testing.T) {
	in := Input{Answers: answers(map[int64]int{1: 1, 2: 3}, map[int64]int{1: 2, 2: 1}, map[int64]int{1: 1, 2: 1})}
	out, v := in.Evaluate(DefaultScales(), areas(1, 2))
	if len(v) != 0 {
		t.Fatal(v)
	}
	if out.Final != (Levels{3, 2, 1}) || out.Derived != out.Final {
		t.Errorf("final %v derived %v", out.Final, out.Derived)
	}
	if out.BBN != 3 {
		t.Errorf("BBN %d, want 3 (the highest)", out.BBN)
	}
}

func TestEveryActiveAreaNeedsAnAnswer(t *testing.T) {
	all := areas(1, 2)
	all[1].Active = false
	in := Input{Answers: answers(map[int64]int{}, map[int64]int{1: 2}, map[int64]int{1: 9})}
	_, v := in.Evaluate(DefaultScales(), all)
	if v[AnswerField(Availability, 1)] == "" || v[AnswerField(Confidentiality, 1)] == "" {
		t.Errorf("missing or out-of-scale answers accepted: %v", v)
	}
	if _, ok := v[AnswerField(Availability, 2)]; ok {
		t.Error("an inactive area is not asked")
	}
}

func TestRaiseNeedsRationaleAndNeverLowers(t *testing.T) {
	base := func() Input {
		return Input{Answers: answers(map[int64]int{1: 2}, map[int64]int{1: 2}, map[int64]int{1: 1})}
	}
	in := base()
	in.Raised = Levels{3, 1, 0}
	_, v := in.Evaluate(DefaultScales(), areas(1))
	if !strings.Contains(v[RationaleField(Availability)], "Onderbouw") {
		t.Errorf("raise without rationale: %v", v)
	}
	if !strings.Contains(v[RaiseField(Integrity)], "niet lager") {
		t.Errorf("lowering accepted: %v", v)
	}
	in = base()
	in.Raised, in.Rationale = Levels{3, 2, 0}, [3]string{"Wettelijke termijn", "", "verdwijnt"}
	out, v := in.Evaluate(DefaultScales(), areas(1))
	if len(v) != 0 {
		t.Fatal(v)
	}
	if out.Final != (Levels{3, 2, 1}) || out.Derived != (Levels{2, 2, 1}) {
		t.Errorf("final %v derived %v", out.Final, out.Derived)
	}
	if in.Raised[1] != 0 || in.Rationale[2] != "" {
		t.Errorf("a raise to the derived level or a rationale without raise is dropped: %v %q", in.Raised, in.Rationale)
	}
}

func TestDPIANeeded(t *testing.T) {
	s := DefaultScale(Confidentiality)
	for _, c := range []struct {
		personal, special bool
		conf              int
		want              bool
	}{
		{false, false, 3, false}, // no personal data
		{true, false, 2, false},  // personal data, not the highest level
		{true, false, 3, true},   // personal data and the highest level
		{true, true, 1, true},    // special categories
	} {
		if got := DPIANeeded(c.personal, c.special, c.conf, s); got != c.want {
			t.Errorf("DPIANeeded(%v, %v, %d) = %v", c.personal, c.special, c.conf, got)
		}
	}
	// The rule follows the scale: with four levels, 3 is no longer the highest.
	four := Scale{Levels: []Level{{1, "a", 1}, {2, "b", 1}, {3, "c", 2}, {4, "d", 3}}}
	if DPIANeeded(true, false, 3, four) || !DPIANeeded(true, false, 4, four) {
		t.Error("DPIA rule ignores the scale's highest level")
	}
}

func TestBBNMapping(t *testing.T) {
	s := DefaultScales()
	s[0] = Scale{Aspect: Availability, Levels: []Level{{1, "laag", 1}, {2, "midden", 1}, {3, "hoog", 2}, {4, "zeer hoog", 3}}}
	if got := BBN(s, Levels{3, 1, 1}); got != 2 {
		t.Errorf("BBN %d, want 2", got)
	}
	if got := BBN(s, Levels{2, 1, 2}); got != 2 {
		t.Errorf("BBN %d, want 2 (integrity midden)", got)
	}
	if got := BBN(s, Levels{}); got != 0 {
		t.Errorf("no levels: BBN %d", got)
	}
}

func TestClassifyAndOverride(t *testing.T) {
	d := Classify([]Source{
		{ProcessID: 1, ProcessName: "A", Levels: Levels{1, 3, 2}},
		{ProcessID: 2, ProcessName: "B", Levels: Levels{2, 3, 0}},
		{ProcessID: 3, ProcessName: "C"}, // no BIA yet
	})
	if d.Levels != (Levels{2, 3, 2}) {
		t.Fatalf("levels %v", d.Levels)
	}
	if len(d.SetBy[0]) != 1 || d.SetBy[0][0].ProcessName != "B" || len(d.SetBy[1]) != 2 || d.SetBy[2][0].ProcessName != "A" {
		t.Errorf("set by %v", d.SetBy)
	}
	in := OverrideInput{Levels: Levels{1, 0, 3}}
	v := in.Check(DefaultScales(), d.Levels)
	if v[RaiseField(Availability)] == "" || v[RationaleField(Confidentiality)] == "" {
		t.Errorf("override down or without rationale accepted: %v", v)
	}
	in = OverrideInput{Levels: Levels{0, 3, 3}, Rationale: [3]string{"", "zelfde", "Koppeling met Suwinet"}}
	if v := in.Check(DefaultScales(), d.Levels); len(v) != 0 {
		t.Fatal(v)
	}
	if in.Levels[1] != 0 {
		t.Error("an override equal to the derived level is dropped")
	}
	if got := Effective(d.Levels, in.Levels); got != (Levels{2, 3, 3}) {
		t.Errorf("effective %v", got)
	}
}

func TestScaleInputValidation(t *testing.T) {
	in := ScaleInput{Scales: DefaultScales()}
	in.Scales[0].Levels = []Level{{Name: "laag", BBN: 1}, {Name: "", BBN: 0}, {Name: "hoog", BBN: 3}}
	in.Scales[1].Levels = []Level{{Name: "enig", BBN: 1}}
	in.Scales[2].Levels = []Level{{Name: "laag", BBN: 2}, {Name: "Laag", BBN: 1}}
	v := in.Validate()
	for _, f := range []string{LevelField(Availability, 3), LevelField(Integrity, 1), LevelField(Confidentiality, 2), BBNField(Confidentiality, 2)} {
		if v[f] == "" {
			t.Errorf("no message for %s: %v", f, v)
		}
	}
	ok := ScaleInput{Scales: DefaultScales()}
	ok.Scales[0].Levels = append(ok.Scales[0].Levels, Level{Name: "  zeer hoog ", BBN: 3}, Level{})
	if v := ok.Validate(); len(v) != 0 {
		t.Fatal(v)
	}
	if n := len(ok.Scales[0].Levels); n != 4 || ok.Scales[0].Levels[3].Name != "zeer hoog" || ok.Scales[0].Levels[3].Rank != 4 {
		t.Errorf("levels %v", ok.Scales[0].Levels)
	}
}
