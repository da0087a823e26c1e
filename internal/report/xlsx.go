package report

import (
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/baken-nl/baken/internal/compliance"
)

// Sheet names. Excel allows at most 31 characters.
const (
	SheetVVT      = "Verklaring van Toepasselijkheid"
	SheetGap      = "GAP per thema"
	SheetControls = "Maatregelen"
)

// ContentTypeXLSX is the media type of the workbooks.
const ContentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Formula injection: every text that users typed (titles, owners,
// justification, notes) and every label is written with SetCellStr, which
// stores a shared-string cell. Excel and LibreOffice show such a cell as text,
// also when it starts with = + - or @; it is never parsed as a formula. Do not
// write text with SetCellValue, SetCellFormula or SetSheetRow: only numbers
// and dates are written as values, through the typed setters below.

// column is a column of a sheet: header and width in characters.
type column struct {
	title string
	width float64
}

// controlColumns are the columns of the VvT: one row per control or
// measure with every field of its status.
func controlColumns(fw compliance.Framework) []column {
	return []column{
		{"Nummer", 10}, {"Soort", 18}, {"Hoort bij", 10}, {"Titel", 60}, {GroupLabel(fw), 22},
		{"Van toepassing", 10}, {"Onderbouwing", 40}, {"Eigenaar", 28}, {"Status", 18},
		{"Opzet", 10}, {"Bestaan", 10}, {"Werking", 10}, {"Volwassenheid", 9}, {"Toelichting", 50},
		{"Laatste beoordeling", 12}, {"Volgende beoordeling", 12}, {"Te beoordelen", 10},
		{"Aantal bewijsstukken", 10}, {"Hygiëne", 30},
	}
}

// Positions (1-based) of the date columns in controlColumns.
const (
	colLastReview = 15
	colNextReview = 16
)

// VVTWorkbook is the Verklaring van Toepasselijkheid: a header row and one
// row per control and measure. The caller closes the file.
func VVTWorkbook(org string, fw compliance.Framework, controls []compliance.Control) (*excelize.File, error) {
	f := excelize.NewFile()
	b := newBook(f)
	// The only clock read of the package: the document's creation date in
	// the file properties (the sheet itself depends on the input alone).
	b.props("Verklaring van Toepasselijkheid "+fw.Code+" – "+org, fw, time.Now())
	b.rename(SheetVVT)
	b.controlSheet(SheetVVT, fw, controls, nil)
	if b.err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("vvt workbook: %w", b.err)
	}
	return f, nil
}

// GapWorkbook is the GAP analysis: the sheet "GAP per thema" with a row per
// theme or chapter and the total, and the sheet "Maatregelen" with the rows
// of the VvT plus whether each is at the ambition and overdue for review.
// notes (the active filters, say) are written under the summary. The caller
// closes the file.
func GapWorkbook(org string, fw compliance.Framework, ambition compliance.Ambition, groups []compliance.GroupSummary, total compliance.GroupSummary,
	controls []compliance.Control, generated time.Time, notes ...string) (*excelize.File, error) {
	f := excelize.NewFile()
	b := newBook(f)
	b.props("GAP-analyse "+fw.Code+" – "+org, fw, generated)
	b.rename(SheetGap)
	b.summarySheet(fw, ambition, groups, total, generated, notes)
	if b.err == nil {
		_, b.err = f.NewSheet(SheetControls)
	}
	b.controlSheet(SheetControls, fw, controls, &gapExtra{ambition.TargetMaturity, generated})
	if b.err == nil {
		f.SetActiveSheet(0)
	}
	if b.err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("gap workbook: %w", b.err)
	}
	return f, nil
}

// gapExtra adds the GAP columns to the rows of the control sheet.
type gapExtra struct {
	target int
	today  time.Time
}

// book writes a workbook and keeps the first error, so the sheet code reads
// as a list of cells.
type book struct {
	f                                       *excelize.File
	err                                     error
	header, bold, date, percent, oneDecimal int
}

func newBook(f *excelize.File) *book {
	b := &book{f: f}
	b.header = b.style(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
	})
	b.bold = b.style(&excelize.Style{Font: &excelize.Font{Bold: true}})
	dateFmt := "dd-mm-yyyy"
	b.date = b.style(&excelize.Style{CustomNumFmt: &dateFmt})
	b.percent = b.style(&excelize.Style{NumFmt: 9}) // 0%
	b.oneDecimal = b.style(&excelize.Style{CustomNumFmt: decimalFmt()})
	return b
}

// decimalFmt shows one decimal; Excel uses the reader's decimal separator.
func decimalFmt() *string {
	s := "0.0"
	return &s
}

func (b *book) style(s *excelize.Style) int {
	if b.err != nil {
		return 0
	}
	id, err := b.f.NewStyle(s)
	b.err = err
	return id
}

func (b *book) props(title string, fw compliance.Framework, created time.Time) {
	if b.err == nil {
		at := created.UTC().Format(time.RFC3339)
		b.err = b.f.SetDocProps(&excelize.DocProperties{Title: title, Subject: fw.Name + " " + fw.Version, Creator: "Baken", LastModifiedBy: "Baken",
			Created: at, Modified: at, Language: "nl-NL"})
	}
}

func (b *book) rename(sheet string) {
	if b.err == nil {
		b.err = b.f.SetSheetName(b.f.GetSheetName(0), sheet)
	}
}

func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// str writes text as a string cell (see the note on formula injection).
func (b *book) str(sheet string, col, row int, s string) {
	if b.err == nil && s != "" {
		b.err = b.f.SetCellStr(sheet, cell(col, row), s)
	}
}

func (b *book) num(sheet string, col, row, n int) {
	if b.err == nil {
		b.err = b.f.SetCellInt(sheet, cell(col, row), int64(n))
	}
}

func (b *book) float(sheet string, col, row int, v float64) {
	if b.err == nil {
		b.err = b.f.SetCellFloat(sheet, cell(col, row), v, -1, 64)
	}
}

// date writes a date as an Excel date serial; the column carries the date format.
func (b *book) dateCell(sheet string, col, row int, t *time.Time) {
	if t != nil {
		b.float(sheet, col, row, excelDate(*t))
	}
}

func (b *book) styleRange(sheet string, col1, row1, col2, row2, style int) {
	if b.err == nil {
		b.err = b.f.SetCellStyle(sheet, cell(col1, row1), cell(col2, row2), style)
	}
}

// table writes the header row, sets the widths, freezes the header and
// the first column, and puts an autofilter on rows 1–last.
func (b *book) table(sheet string, cols []column, last int) {
	for i, c := range cols {
		b.str(sheet, i+1, 1, c.title)
		if b.err == nil {
			name, _ := excelize.ColumnNumberToName(i + 1)
			b.err = b.f.SetColWidth(sheet, name, name, c.width)
		}
	}
	b.styleRange(sheet, 1, 1, len(cols), 1, b.header)
	if b.err == nil {
		b.err = b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"})
	}
	if b.err == nil {
		b.err = b.f.AutoFilter(sheet, cell(1, 1)+":"+cell(len(cols), last), nil)
	}
}

// excelDate is the Excel serial number of the day of t (the 1900 date
// system, valid from March 1900).
func excelDate(t time.Time) float64 {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return float64((day.Unix() - time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).Unix()) / 86400)
}

func (b *book) controlSheet(sheet string, fw compliance.Framework, controls []compliance.Control, extra *gapExtra) {
	cols := controlColumns(fw)
	if extra != nil {
		cols = append(cols, column{"Op ambitieniveau", 10}, column{"Herbeoordeling te laat", 12})
	}
	last := len(controls) + 1
	b.table(sheet, cols, last)
	for i, c := range controls {
		row := i + 2
		b.str(sheet, 1, row, c.Number)
		b.str(sheet, 2, row, KindLabel(c.Kind))
		b.str(sheet, 3, row, c.ParentNumber)
		b.str(sheet, 4, row, c.Title)
		b.str(sheet, 5, row, groupName(c))
		b.str(sheet, 6, row, YesNo(c.Applicable))
		b.str(sheet, 7, row, c.Justification)
		b.str(sheet, 8, row, c.OwnerDeptName)
		b.str(sheet, 9, row, c.Status.Label())
		b.str(sheet, 10, row, c.Opzet.Label())
		b.str(sheet, 11, row, c.Bestaan.Label())
		b.str(sheet, 12, row, c.Werking.Label())
		if c.Maturity > 0 {
			b.num(sheet, 13, row, c.Maturity)
		}
		b.str(sheet, 14, row, c.Notes)
		b.dateCell(sheet, colLastReview, row, c.LastReview)
		b.dateCell(sheet, colNextReview, row, c.NextReview)
		b.str(sheet, 17, row, YesNo(c.NeedsReview))
		b.num(sheet, 18, row, c.EvidenceCount)
		b.str(sheet, 19, row, HygieneText(c.Hygiene))
		if extra != nil {
			b.str(sheet, 20, row, atAmbition(c, extra.target))
			b.str(sheet, 21, row, YesNo(counted(c) && c.ReviewOverdue(extra.today)))
		}
	}
	if len(controls) > 0 {
		b.styleRange(sheet, colLastReview, 2, colNextReview, last, b.date)
	}
}

func groupName(c compliance.Control) string {
	if c.GroupTitle == "" {
		return c.GroupNumber
	}
	return c.GroupNumber + " " + c.GroupTitle
}

// atAmbition says whether an item reaches the target maturity: "Ja", "Nee",
// or "" when it does not count, has no level or there is no ambition.
func atAmbition(c compliance.Control, target int) string {
	if target == 0 || !counted(c) || c.Maturity == 0 {
		return ""
	}
	return YesNo(c.Maturity >= target)
}

func (b *book) summarySheet(fw compliance.Framework, ambition compliance.Ambition, groups []compliance.GroupSummary, total compliance.GroupSummary, generated time.Time, notes []string) {
	const s = SheetGap
	cols := []column{
		{"Nummer", 9}, {GroupLabel(fw), 28}, {"Van toepassing", 11}, {"Geïmplementeerd", 11}, {"Geïmplementeerd %", 11},
		{"Met bewijs", 11}, {"Met bewijs %", 11}, {"Volwassenheid bepaald", 12}, {"Gem. volwassenheid", 12},
		{"Niveau 1", 8}, {"Niveau 2", 8}, {"Niveau 3", 8}, {"Niveau 4", 8}, {"Niveau 5", 8},
		{"Op ambitieniveau", 11}, {"Zonder eigenaar", 11}, {"Herbeoordeling te laat", 13}, {"Te beoordelen", 11},
	}
	last := len(groups) + 1
	b.table(s, cols, last)
	write := func(row int, g compliance.GroupSummary) {
		b.str(s, 1, row, g.Number)
		b.str(s, 2, row, g.Title)
		b.num(s, 3, row, g.Applicable)
		b.num(s, 4, row, g.Implemented)
		b.float(s, 5, row, float64(g.ImplementedShare())/100)
		b.num(s, 6, row, g.WithEvidence)
		b.float(s, 7, row, float64(g.EvidenceShare())/100)
		b.num(s, 8, row, g.Assessed)
		if g.Assessed > 0 {
			b.float(s, 9, row, g.AverageMaturity())
		}
		for level := 1; level <= 5; level++ {
			b.num(s, 9+level, row, g.Distribution[level])
		}
		if ambition.TargetMaturity > 0 {
			b.num(s, 15, row, g.AtAmbition)
		}
		b.num(s, 16, row, g.NoOwner)
		b.num(s, 17, row, g.Overdue)
		b.num(s, 18, row, g.NeedsReview)
	}
	for i, g := range groups {
		write(i+2, g)
	}
	// The total stays out of the autofilter range, so sorting the themes
	// does not move it.
	totalRow := last + 1
	write(totalRow, total)
	b.styleRange(s, 1, totalRow, len(cols), totalRow, b.bold)
	b.styleRange(s, 5, 2, 5, totalRow, b.percent)
	b.styleRange(s, 7, 2, 7, totalRow, b.percent)
	b.styleRange(s, 9, 2, 9, totalRow, b.oneDecimal)
	if b.err == nil {
		// Bold and the number formats of the total row combined.
		boldPercent := b.style(&excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 9})
		boldDecimal := b.style(&excelize.Style{Font: &excelize.Font{Bold: true}, CustomNumFmt: decimalFmt()})
		b.styleRange(s, 5, totalRow, 5, totalRow, boldPercent)
		b.styleRange(s, 7, totalRow, 7, totalRow, boldPercent)
		b.styleRange(s, 9, totalRow, 9, totalRow, boldDecimal)
	}

	row := totalRow + 2
	lines := []string{
		"GAP-analyse " + fw.Name + " " + fw.Version,
		AmbitionText(ambition),
		"Gegenereerd op " + Local(generated).Format("02-01-2006 15:04") + ".",
		"Alleen maatregelen die van toepassing zijn tellen mee; ‘Op ambitieniveau’ telt de maatregelen met een volwassenheid op of boven het doelniveau.",
	}
	for _, l := range append(lines, notes...) {
		b.str(s, 1, row, l)
		row++
	}
}
