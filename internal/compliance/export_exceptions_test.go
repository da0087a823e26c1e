package compliance_test

import (
	"testing"

	"github.com/baken-nl/baken/internal/compliance"
)

// TestVVTExceptionsSheet: the annex lists the items that do not apply by a
// risk analysis, keeps user text as text, and follows the exported selection.
func TestVVTExceptionsSheet(t *testing.T) {
	ex := []compliance.VVTException{
		{ItemID: 3, Number: "6.1", Kind: "control", Title: "Screening", Justification: "=geen eigen personeel",
			AnalysisTitle: "Risicoanalyse inhuur", AnalysisStatus: "vastgesteld", AnalysisDate: day("2026-05-01"), EstablishedAt: day("2026-05-20")},
		{ItemID: 99, Number: "8.1", Kind: "control", Title: "Niet geëxporteerd", AnalysisTitle: "X", AnalysisStatus: "ingediend"},
	}
	kept := compliance.ExceptionsOf(ex, sample())
	if len(kept) != 1 || kept[0].ItemID != 3 {
		t.Fatalf("exceptions of the exported controls: %+v", kept)
	}
	f, err := compliance.VVTWorkbook("Gemeente Voorbeeld", bio2, sample(), kept...)
	if err != nil {
		t.Fatal(err)
	}
	g := open(t, f)
	rows, err := g.GetRows(compliance.SheetVVTExceptions)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("annex has %d rows, want header and 1", len(rows))
	}
	want := []string{"6.1", "Beheersmaatregel", "Screening", "=geen eigen personeel", "Risicoanalyse inhuur", "Vastgesteld", "01-05-2026", "20-05-2026"}
	for i, w := range want {
		if i == 1 {
			continue // the kind label is the VvT's own
		}
		if i >= len(rows[1]) || rows[1][i] != w {
			t.Errorf("column %d: %q, want %q (row %q)", i+1, rows[1][min(i, len(rows[1])-1)], w, rows[1])
		}
	}
	if formula, _ := g.GetCellFormula(compliance.SheetVVTExceptions, "D2"); formula != "" {
		t.Errorf("user text became formula %q", formula)
	}
	// Without exceptions the annex is there, with its header only.
	f, err = compliance.VVTWorkbook("Gemeente Voorbeeld", bio2, sample())
	if err != nil {
		t.Fatal(err)
	}
	if rows, _ := open(t, f).GetRows(compliance.SheetVVTExceptions); len(rows) != 1 {
		t.Errorf("empty annex has %d rows", len(rows))
	}
}
