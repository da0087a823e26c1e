package report_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/baken-nl/baken/internal/report"
)

func sampleTable() report.Table {
	at := time.Date(2026, 3, 15, 23, 30, 0, 0, time.UTC) // 16-03 00:30 in Amsterdam
	return report.Table{Name: "Lijst", Columns: []report.Column{{Title: "Naam", Width: 20}, {Title: "Dag", Width: 12},
		{Title: "Moment", Width: 16}, {Title: "Aantal", Width: 8}},
		Rows: [][]report.Cell{
			{report.TextCell("=SUM(A1)"), report.DayCell(&at), report.MomentCell(&at), report.IntCell(3)},
			{report.WrapCell("Eén; twee \"drie\""), report.DayCell(nil), report.MomentCell(nil), report.IntCell(0)},
		}}
}

// TestWriteCSV: BOM, semicolons, Dutch dates in local time, formula-like
// text kept as text.
func TestWriteCSV(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := report.WriteCSV(&buf, sampleTable()); err != nil {
		t.Fatal(err)
	}
	body := buf.String()
	if !strings.HasPrefix(body, "\ufeff") || !strings.Contains(body, "\r\n") {
		t.Fatalf("no BOM or CRLF: %q", body)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"Naam", "Dag", "Moment", "Aantal"}, {"'=SUM(A1)", "16-03-2026", "16-03-2026 00:30", "3"}, {"Eén; twee \"drie\"", "", "", "0"}}
	if len(rows) != len(want) {
		t.Fatalf("rows %v", rows)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: %v, want %v", i, rows[i], want[i])
		}
	}
}

// TestWriteXLSXTables: a sheet per table, days as dates, text as text.
func TestWriteXLSXTables(t *testing.T) {
	t.Parallel()
	second := report.Table{Name: "Tweede", Columns: []report.Column{{Title: "X", Width: 5}}}
	var buf bytes.Buffer
	if err := report.WriteXLSX(&buf, sampleTable(), second); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Lijst" || got[1] != "Tweede" {
		t.Fatalf("sheets %v", got)
	}
	for c, w := range map[string]string{"A1": "Naam", "A2": "=SUM(A1)", "B2": "16-03-2026", "C2": "16-03-2026 00:30", "D2": "3", "B3": ""} {
		if got, _ := f.GetCellValue("Lijst", c); got != w {
			t.Errorf("%s = %q, want %q", c, got, w)
		}
	}
	if formula, _ := f.GetCellFormula("Lijst", "A2"); formula != "" {
		t.Errorf("A2 is a formula %q", formula)
	}
}
