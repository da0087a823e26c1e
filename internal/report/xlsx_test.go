package report_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/baken-nl/baken/internal/report"
)

// TestWorkbookTable: the header row with widths, frozen panes, the
// autofilter, typed cells and the shared styles.
func TestWorkbookTable(t *testing.T) {
	t.Parallel()
	b := report.NewWorkbook()
	b.Properties("Titel", "Onderwerp", time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC))
	s := b.Sheet("Eerste")
	s.Table([]report.Column{{Title: "Naam", Width: 30}, {Title: "Aantal", Width: 8}, {Title: "Datum", Width: 12}, {Title: "Deel", Width: 8}}, 3,
		report.FreezeHeaderAndFirstColumn)
	s.Text(1, 2, "Een")
	s.Int(2, 2, 7)
	s.Date(3, 2, day("2026-03-15"))
	s.Date(3, 3, nil)
	s.Float(4, 2, 0.5)
	s.Style(3, 2, 3, 3, report.StyleDate)
	s.Style(4, 2, 4, 2, report.StylePercent)
	second := b.Sheet("Tweede")
	second.Table([]report.Column{{Title: "Bedrag", Width: 16}}, 2, report.FreezeHeader)
	second.Float(1, 2, 1234.5)
	second.Style(1, 2, 1, 2, report.StyleMoney)
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Eerste" || got[1] != "Tweede" {
		t.Fatalf("sheets %v", got)
	}
	for c, w := range map[string]string{"A1": "Naam", "D1": "Deel", "A2": "Een", "B2": "7", "C2": "15-03-2026", "C3": "", "D2": "50%"} {
		if got, _ := f.GetCellValue("Eerste", c); got != w {
			t.Errorf("%s = %q, want %q", c, got, w)
		}
	}
	if raw, _ := f.GetCellValue("Eerste", "C2", excelize.Options{RawCellValue: true}); raw != "46096" {
		t.Errorf("C2 raw value %q, want the Excel serial of 15-03-2026", raw)
	}
	if w, _ := f.GetColWidth("Eerste", "A"); w != 30 {
		t.Errorf("width of A %v", w)
	}
	if p, err := f.GetPanes("Eerste"); err != nil || !p.Freeze || p.XSplit != 1 || p.YSplit != 1 {
		t.Errorf("panes %+v (%v)", p, err)
	}
	if p, err := f.GetPanes("Tweede"); err != nil || !p.Freeze || p.XSplit != 0 || p.YSplit != 1 {
		t.Errorf("panes of the second sheet %+v (%v)", p, err)
	}
	if raw, _ := f.GetCellValue("Tweede", "A2", excelize.Options{RawCellValue: true}); raw != "1234.5" {
		t.Errorf("amount %q", raw)
	}
	if props, err := f.GetDocProps(); err != nil || props.Title != "Titel" || props.Subject != "Onderwerp" || props.Creator != "Baken" {
		t.Errorf("properties %+v (%v)", props, err)
	}
}

// TestTextStaysText: texts that start with = + - @ are string cells, never
// formulas.
func TestTextStaysText(t *testing.T) {
	t.Parallel()
	texts := []string{`=HYPERLINK("https://evil.example/","klik")`, "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3 geen eigen personeel"}
	b := report.NewWorkbook()
	s := b.Sheet("Blad")
	s.Table([]report.Column{{Title: "=1+1", Width: 10}}, len(texts)+1, report.FreezeHeader)
	for i, text := range texts {
		s.Text(1, i+2, text)
	}
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i, text := range append([]string{"=1+1"}, texts...) {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		typ, _ := f.GetCellType("Blad", cell)
		formula, _ := f.GetCellFormula("Blad", cell)
		value, _ := f.GetCellValue("Blad", cell)
		if typ != excelize.CellTypeSharedString || formula != "" || value != text {
			t.Errorf("%s: type %v formula %q value %q; want the text as a string cell", cell, typ, formula, value)
		}
	}
}

func day(s string) *time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return &t
}

// TestHeaderWordsFitTheirColumn: a column too narrow for the longest word of
// its header is widened, so spreadsheet programs never break the word.
func TestHeaderWordsFitTheirColumn(t *testing.T) {
	t.Parallel()
	b := report.NewWorkbook()
	s := b.Sheet("GAP")
	s.Table([]report.Column{{Title: "Geïmplementeerd", Width: 10}, {Title: "Te beoordelen", Width: 20}}, 1, report.FreezeHeader)
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if w, _ := f.GetColWidth("GAP", "A"); w < 17 {
		t.Errorf("width of a column headed Geïmplementeerd is %v, too narrow for the word", w)
	}
	if w, _ := f.GetColWidth("GAP", "B"); w != 20 {
		t.Errorf("a wide enough column changed width: %v", w)
	}
}
