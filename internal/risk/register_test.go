package risk

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestRegisterState(t *testing.T) {
	today := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	tomorrow := today.AddDate(0, 0, 1)
	fp := DecisionFingerprint(3, "verminderen", nil)
	acc := &Decision{ID: 1, Outcome: DecisionAccepted, Fingerprint: fp, ValidUntil: &tomorrow}
	rej := &Decision{ID: 2, Outcome: DecisionRejected, Fingerprint: fp}
	risk := func(level int, status string, last, accepted *Decision) DecisionRisk {
		return DecisionRisk{Level: level, AnalysisStatus: status, Fingerprint: fp, Last: last, LastAccepted: accepted}
	}
	cases := []struct {
		name          string
		r             DecisionRisk
		limit         int
		state, reason string
	}{
		{"above the appetite, never decided", risk(3, "ingediend", nil, nil), 2, DecisionStateWaiting, QueueNew},
		{"above, rejected after an acceptance", risk(3, "vastgesteld", rej, acc), 2, DecisionStateWaiting, QueueRefused},
		{"above, rejected, never accepted", risk(3, "ingediend", rej, nil), 2, DecisionStateWaiting, QueueNew},
		{"above, current acceptance", risk(3, "ingediend", acc, acc), 2, DecisionStateAccepted, ""},
		{"within, accepted by the manager", risk(2, "ingediend", acc, acc), 2, DecisionStateAccepted, ""},
		{"within, rejected", risk(2, "ingediend", rej, nil), 2, DecisionStateRejected, ""},
		{"within, no decision", risk(1, "concept", nil, nil), 2, DecisionStateNone, ""},
		{"above in a concept analysis", risk(3, "concept", nil, nil), 2, DecisionStatePending, ""},
		{"not scored", risk(0, "ingediend", nil, nil), 2, DecisionStatePending, ""},
	}
	for _, c := range cases {
		state, reason := registerState(c.r, c.limit, today)
		if state != c.state || reason != c.reason {
			t.Errorf("%s: %q (%q), want %q (%q)", c.name, state, reason, c.state, c.reason)
		}
		x := RegisterRow{DecisionRisk: c.r, State: state, Reason: reason}
		if c.state == DecisionStateWaiting && !x.matchesDecision(DecisionStateWaiting) {
			t.Errorf("%s: not matched by the filter %q", c.name, DecisionStateWaiting)
		}
		if got := x.matchesDecision(DecisionStateRejected); got != (c.r.Last == rej) {
			t.Errorf("%s: filter afgewezen matches %v", c.name, got)
		}
	}
	x := RegisterRow{DecisionRisk: risk(3, "ingediend", rej, nil), State: DecisionStateWaiting, Reason: QueueNew}
	if got := x.StateText(); got != "Wacht op besluit (nieuw, restrisico afgewezen)" {
		t.Errorf("StateText %q", got)
	}
}

// TestRegisterExportFormulaText: a threat that looks like a formula is
// written as text, and the numbers as values.
func TestRegisterExportFormulaText(t *testing.T) {
	p := RegisterPage{Matrix: DefaultMatrix(), Rows: []RegisterRow{{
		DecisionRisk:  DecisionRisk{ID: 7, Threat: `=HYPERLINK("http://x")`, InherentLikelihood: 2, InherentImpact: 3, Affects: [3]bool{true, false, true}},
		InherentLevel: 2, State: DecisionStatePending}}}
	var buf bytes.Buffer
	if err := WriteRegisterXLSX(&buf, "Gemeente Test", p.ExportRows(), time.Now()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if formula, _ := f.GetCellFormula(SheetRegister, "B2"); formula != "" {
		t.Errorf("the threat became formula %q", formula)
	}
	for cell, want := range map[string]string{"A2": "7", "B2": `=HYPERLINK("http://x")`, "H2": "B/V", "I2": "2", "J2": "3", "K2": "Midden", "N2": "", "Q2": "Nog niet aan de orde"} {
		if got, _ := f.GetCellValue(SheetRegister, cell); got != want {
			t.Errorf("%s: %q, want %q", cell, got, want)
		}
	}
	if typ, _ := f.GetCellType(SheetRegister, "I2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Error("kans is written as text, not as a number")
	}
}
