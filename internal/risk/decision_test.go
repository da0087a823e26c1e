package risk

import (
	"testing"
	"time"
)

func TestDecisionFingerprintIgnoresControlOrder(t *testing.T) {
	a := DecisionFingerprint(3, "verminderen", []int64{9, 2, 5})
	if b := DecisionFingerprint(3, "verminderen", []int64{2, 5, 9}); a != b {
		t.Errorf("order of controls changes the fingerprint: %q vs %q", a, b)
	}
	for _, other := range []string{
		DecisionFingerprint(4, "verminderen", []int64{2, 5, 9}),
		DecisionFingerprint(3, "overdragen", []int64{2, 5, 9}),
		DecisionFingerprint(3, "verminderen", []int64{2, 5}),
	} {
		if other == a {
			t.Errorf("a material change keeps fingerprint %q", a)
		}
	}
}

func TestDecisionQueueReason(t *testing.T) {
	today := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	yesterday, tomorrow := today.AddDate(0, 0, -1), today.AddDate(0, 0, 1)
	fp := DecisionFingerprint(3, "verminderen", nil)
	acc := &Decision{ID: 1, Outcome: DecisionAccepted, Fingerprint: fp, ValidUntil: &tomorrow}
	cases := []struct {
		name string
		r    DecisionRisk
		want string
	}{
		{"never decided", DecisionRisk{Fingerprint: fp}, QueueNew},
		{"current acceptance", DecisionRisk{Fingerprint: fp, Last: acc, LastAccepted: acc}, ""},
		{"valid today", DecisionRisk{Fingerprint: fp, Last: acc, LastAccepted: &Decision{ID: 1, Fingerprint: fp, ValidUntil: &today}}, ""},
		{"expired", DecisionRisk{Fingerprint: fp, Last: acc, LastAccepted: &Decision{ID: 1, Fingerprint: fp, ValidUntil: &yesterday}}, QueueExpired},
		{"changed", DecisionRisk{Fingerprint: DecisionFingerprint(4, "verminderen", nil), Last: acc, LastAccepted: acc}, QueueChanged},
		{"rejected since", DecisionRisk{Fingerprint: fp, Last: &Decision{ID: 2, Outcome: DecisionRejected}, LastAccepted: acc}, QueueRefused},
	}
	for _, c := range cases {
		if got := c.r.QueueReason(today); got != c.want {
			t.Errorf("%s: reason %q, want %q", c.name, got, c.want)
		}
	}
}

func TestAppetiteForAffectedAspects(t *testing.T) {
	a := Appetite{MaxLevel: 3, Aspects: [3]int{0, 0, 2}}
	if got := a.For([3]bool{true, true, false}); got != 3 {
		t.Errorf("without confidentiality: %d, want 3", got)
	}
	if got := a.For([3]bool{false, false, true}); got != 2 {
		t.Errorf("with confidentiality: %d, want 2", got)
	}
}

func TestDecisionRefusalCollegeAtHighestLevel(t *testing.T) {
	m := DefaultMatrix()
	directie := principalWith("directie")
	r := DecisionRisk{AnalysisStatus: "ingediend", Level: m.Highest(), SubmittedBy: 7, OwnerID: 8}
	if decisionRefusal(directie, m, r) == "" {
		t.Error("the directie may decide at the highest level")
	}
	if got := decisionRefusal(principalWith("college"), m, r); got != "" {
		t.Errorf("the college is refused: %s", got)
	}
	r.Level = m.Highest() - 1
	if got := decisionRefusal(directie, m, r); got != "" {
		t.Errorf("the directie is refused below the highest level: %s", got)
	}
	r.AnalysisStatus = "concept"
	if decisionRefusal(directie, m, r) == "" {
		t.Error("a decision on a concept analysis is allowed")
	}
}

func TestDecisionInputValidate(t *testing.T) {
	today := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	v := DecisionInput{Kind: DecisionResidualRisk, Outcome: DecisionAccepted, Rationale: "x"}.Validate(today)
	if v["valid_until"] == "" {
		t.Error("an acceptance without valid-until passes")
	}
	if v := (DecisionInput{Kind: DecisionResidualRisk, Outcome: DecisionRejected, Rationale: "x"}).Validate(today); len(v) != 0 {
		t.Errorf("a rejection without a date: %v", v)
	}
	if v := (DecisionInput{Kind: "x", Outcome: "y", ValidUntil: "31-05-2026"}).Validate(today); len(v) != 4 {
		t.Errorf("want 4 messages, got %v", v)
	}
}

// TestAcceptanceIsTemporary: a valid-until date further than three years
// ahead is refused, at three years it is accepted.
func TestAcceptanceIsTemporary(t *testing.T) {
	today := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	in := DecisionInput{Kind: DecisionResidualRisk, Outcome: DecisionAccepted, Rationale: "Tijdelijk",
		ValidUntil: "03-12-2029"}
	if v := in.Validate(today); len(v) != 0 {
		t.Errorf("three years refused: %v", v)
	}
	in.ValidUntil = "01-01-2099"
	if v := in.Validate(today); v["valid_until"] == "" {
		t.Error("an acceptance until 2099 is accepted")
	}
}

// TestDecisionFingerprintText: the fingerprint is stored with every
// decision, so its text never changes.
func TestDecisionFingerprintText(t *testing.T) {
	for _, c := range []struct {
		level     int
		treatment string
		controls  []int64
		want      string
	}{
		{3, "verminderen", []int64{9, 2, 5}, "niveau=3;behandeling=verminderen;maatregelen=2,5,9"},
		{4, "accepteren", []int64{12}, "niveau=4;behandeling=accepteren;maatregelen=12"},
		{0, "", nil, "niveau=0;behandeling=;maatregelen="},
	} {
		if got := DecisionFingerprint(c.level, c.treatment, c.controls); got != c.want {
			t.Errorf("DecisionFingerprint(%d, %q, %v) = %q, want %q", c.level, c.treatment, c.controls, got, c.want)
		}
	}
	ids := []int64{9, 2, 5}
	DecisionFingerprint(1, "", ids)
	if ids[0] != 9 {
		t.Error("DecisionFingerprint sorted the caller's controls")
	}
}
