package compliance_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/report"
)

var (
	bio2  = compliance.Framework{ID: 1, Code: "BIO2", Name: "Baseline Informatiebeveiliging Overheid 2", Version: "1.3"}
	today = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
)

func day(s string) *time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return &t
}

// sample is a small framework: two themes, an item that does not apply, one
// without owner, one overdue, and texts that look like formulas.
func sample() []compliance.Control {
	return []compliance.Control{
		{ItemID: 1, Kind: "control", Number: "5.1", Title: "Beleid voor informatiebeveiliging", GroupNumber: "5", GroupTitle: "Organisatorisch",
			Applicable: true, OwnerDeptID: 7, OwnerDeptName: "Informatievoorziening en ICT", Status: compliance.Implemented,
			Opzet: compliance.Yes, Bestaan: compliance.Yes, Werking: compliance.Partly, Maturity: 4,
			Notes: `=HYPERLINK("https://evil.example/","klik")`, LastReview: day("2026-03-15"), NextReview: day("2027-03-31"), EvidenceCount: 2},
		{ItemID: 2, Kind: "measure", Number: "5.01.01", ParentNumber: "5.1", Title: "+cmd|' /C calc'!A0", GroupNumber: "5", GroupTitle: "Organisatorisch",
			Hygiene: "basishygiene+ketenhygiene", Applicable: true, Status: compliance.InProgress, Opzet: compliance.Yes, Bestaan: compliance.Partly,
			Werking: compliance.Unknown, Maturity: 2, Notes: "@SUM(1+1)", NextReview: day("2026-06-30"), NeedsReview: true},
		{ItemID: 3, Kind: "control", Number: "6.1", Title: "Screening", GroupNumber: "6", GroupTitle: "Mensgericht",
			Applicable: false, Justification: "-2+3 geen eigen personeel", Status: compliance.NotApplicable,
			Opzet: compliance.Unknown, Bestaan: compliance.Unknown, Werking: compliance.Unknown},
	}
}

func open(t *testing.T, f *excelize.File) *excelize.File {
	t.Helper()
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	g, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	return g
}

func TestVVTWorkbook(t *testing.T) {
	t.Parallel()
	f, err := compliance.VVTWorkbook("Gemeente Voorbeeld", bio2, sample())
	if err != nil {
		t.Fatal(err)
	}
	f = open(t, f)
	rows, err := f.GetRows(report.SheetVVT)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows, want a header and 3", len(rows))
	}
	want := map[string]string{
		"A1": "Nummer", "A2": "5.1", "B2": "Beheersmaatregel", "B3": "Overheidsmaatregel", "C3": "5.1", "E2": "5 Organisatorisch",
		"F2": "Ja", "F4": "Nee", "G4": "-2+3 geen eigen personeel", "H2": "Informatievoorziening en ICT", "I2": "Geïmplementeerd",
		"I4": "Niet van toepassing", "J2": "Ja", "L2": "Deels", "M2": "4", "M4": "", "O2": "15-03-2026", "P3": "30-06-2026",
		"Q3": "Ja", "R2": "2", "S3": "basishygiëne, ketenhygiëne",
	}
	for c, w := range want {
		if got, _ := f.GetCellValue(report.SheetVVT, c); got != w {
			t.Errorf("%s = %q, want %q", c, got, w)
		}
	}
	// Dates are numbers with a date format, not text.
	if raw, _ := f.GetCellValue(report.SheetVVT, "O2", excelize.Options{RawCellValue: true}); raw != "46096" {
		t.Errorf("O2 raw value %q, want the Excel serial of 15-03-2026", raw)
	}
	// Header frozen, autofilter on the table.
	panes, err := f.GetPanes(report.SheetVVT)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v (%v)", panes, err)
	}
}

// TestFormulaInjectionStaysText: texts that start with = + - @ are string
// cells, never formulas.
func TestFormulaInjectionStaysText(t *testing.T) {
	t.Parallel()
	f, err := compliance.VVTWorkbook("=Gemeente", bio2, sample())
	if err != nil {
		t.Fatal(err)
	}
	f = open(t, f)
	for cell, text := range map[string]string{
		"N2": `=HYPERLINK("https://evil.example/","klik")`, "D3": "+cmd|' /C calc'!A0", "N3": "@SUM(1+1)", "G4": "-2+3 geen eigen personeel",
	} {
		typ, _ := f.GetCellType(report.SheetVVT, cell)
		formula, _ := f.GetCellFormula(report.SheetVVT, cell)
		value, _ := f.GetCellValue(report.SheetVVT, cell)
		if typ != excelize.CellTypeSharedString || formula != "" || value != text {
			t.Errorf("%s: type %v formula %q value %q; want the text as a string cell", cell, typ, formula, value)
		}
	}
}

func TestGapWorkbook(t *testing.T) {
	t.Parallel()
	controls := sample()
	ambition := compliance.Ambition{TargetMaturity: 4, TargetDate: day("2027-12-31")}
	groups, total := compliance.Summarise(controls, ambition.TargetMaturity, today)
	f, err := compliance.GapWorkbook("Gemeente Voorbeeld", bio2, ambition, groups, total, controls, today, "Selectie: status Niet gestart.")
	if err != nil {
		t.Fatal(err)
	}
	f = open(t, f)
	if got := f.GetSheetList(); len(got) != 3 || got[0] != report.SheetGap || got[1] != report.SheetControls || got[2] != report.SheetOwners {
		t.Fatalf("sheets %v", got)
	}
	// The wrapped headers get a row tall enough for them (LibreOffice keeps
	// the default height otherwise and the header overlaps row 2).
	for _, sheet := range f.GetSheetList() {
		if h, err := f.GetRowHeight(sheet, 1); err != nil || h < 30 {
			t.Errorf("%s: header row height %v (%v)", sheet, h, err)
		}
	}
	owners, _ := f.GetRows(report.SheetOwners)
	if len(owners) < 2 || owners[0][0] != "Afdeling" || owners[len(owners)-1][0] != "Totaal" {
		t.Errorf("sheet Per afdeling: %v", owners)
	}
	rows, _ := f.GetRows(report.SheetGap)
	// Header, theme 5, theme 6 and the total.
	if len(rows) < 4 || rows[1][0] != "5" || rows[2][0] != "6" || rows[3][1] != "Totaal" {
		t.Fatalf("summary rows %v", rows)
	}
	// Theme 5: 2 applicable, 1 implemented (50%), average maturity 3.
	check := map[string]string{"C2": "2", "D2": "1", "E2": "50%", "F2": "1", "I2": "3.0", "L2": "0", "M2": "1", "O2": "1", "P2": "1", "Q2": "1", "R2": "1",
		"C3": "0", "C4": "2", "O4": "1"}
	for c, w := range check {
		if got, _ := f.GetCellValue(report.SheetGap, c); got != w {
			t.Errorf("%s = %q, want %q", c, got, w)
		}
	}
	all := strings.Join(flatten(rows), "\n")
	for _, w := range []string{"4 – Beheerst en meetbaar", "31-12-2027", "Selectie: status Niet gestart.", "versie 1.3", "Optelregel"} {
		if !strings.Contains(all, w) {
			t.Errorf("summary sheet lacks %q", w)
		}
	}
	measures, _ := f.GetRows(report.SheetControls)
	if len(measures) != 4 || measures[0][19] != "Op ambitieniveau" || measures[1][19] != "Ja" || measures[2][19] != "Nee" || measures[2][20] != "Ja" {
		t.Errorf("sheet Maatregelen: %v", measures)
	}
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

func TestAttentionAgreesWithSummarise(t *testing.T) {
	t.Parallel()
	controls := sample()
	_, total := compliance.Summarise(controls, 4, today)
	noOwner, overdue := compliance.Attention(controls, today)
	if len(noOwner) != total.NoOwner || len(overdue) != total.Overdue {
		t.Errorf("lists %d/%d, totals %d/%d", len(noOwner), len(overdue), total.NoOwner, total.Overdue)
	}
	if len(noOwner) != 1 || noOwner[0].Number != "5.01.01" {
		t.Errorf("no owner: %v (the item that does not apply has no owner either, but does not count)", noOwner)
	}
}

func TestGapPDF(t *testing.T) {
	t.Parallel()
	controls := sample()
	// Enough items for several pages, so the header repeats on a new page.
	for i := range 150 {
		controls = append(controls, compliance.Control{ItemID: int64(100 + i), Kind: "measure", Number: fmt.Sprintf("8.%02d.01", i),
			Title:       "Een lange titel van een overheidsmaatregel met een ë, een ï, een – en tekens buiten cp1252 (≥ 🚀 漢) die over meer dan één regel doorloopt in de kolom " + strings.Repeat("x", 60),
			GroupNumber: "8", GroupTitle: "Technologisch", Applicable: true, Status: compliance.NotStarted, NextReview: day("2026-01-01")})
	}
	for _, ambition := range []compliance.Ambition{{TargetMaturity: 4, TargetDate: day("2027-12-31")}, {}} {
		groups, total := compliance.Summarise(controls, ambition.TargetMaturity, today)
		noOwner, overdue := compliance.Attention(controls, today)
		var buf bytes.Buffer
		if err := compliance.GapPDF(&buf, "Gemeente Súdwest-Fryslân", bio2, ambition, groups, total, noOwner, overdue, today, "Selectie: zoekterm ‘beleid’."); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) || buf.Len() < 5000 {
			t.Errorf("PDF of %d bytes", buf.Len())
		}
	}
	// Nothing selected still makes a PDF.
	var buf bytes.Buffer
	if err := compliance.GapPDF(&buf, "Gemeente Voorbeeld", bio2, compliance.Ambition{}, nil, compliance.GroupSummary{Title: "Totaal"}, nil, nil, today); err != nil {
		t.Fatal(err)
	}
}
