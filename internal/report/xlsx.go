package report

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// ContentTypeXLSX is the media type of the workbooks.
const ContentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Sheet names of the compliance exports. Excel allows at most 31 characters.
// They are plain strings kept here so the exported files and the tests that
// open them agree on one spelling.
const (
	SheetVVT      = "Verklaring van Toepasselijkheid"
	SheetGap      = "GAP per thema"
	SheetControls = "Maatregelen"
	SheetOwners   = "Per afdeling"
)

// Formula injection: every text that users typed (titles, owners,
// justification, notes) and every label is written with Sheet.Text, which
// stores a shared-string cell. Excel and LibreOffice show such a cell as text,
// also when it starts with = + - or @; it is never parsed as a formula. The
// writer has no way to write text as a value or a formula: only numbers and
// dates are written as values, through the typed setters.

// Column is a column of a table: header and width in characters.
type Column struct {
	Title string
	Width float64
}

// Style is a cell style of the workbook; every workbook of Baken uses the
// same set, so the exports look alike.
type Style int

const (
	StyleHeader      Style = iota // the header row of a table (set by Sheet.Table)
	StyleBold                     // a total row
	StyleDate                     // dd-mm-yyyy; the cell holds an Excel date serial
	StylePercent                  // 0%
	StyleOneDecimal               // 0.0 (Excel uses the reader's decimal separator)
	StyleBoldPercent              // a percentage in a total row
	StyleBoldDecimal              // one decimal in a total row
	StyleMoney                    // "€" #,##0.00
	StyleWrap                     // wrapped text, aligned at the top
)

// Freeze says what stays in view when the reader scrolls.
type Freeze int

const (
	FreezeHeader               Freeze = iota // the header row
	FreezeHeaderAndFirstColumn               // the header row and the first column
)

// Workbook writes an XLSX file and keeps the first error, so the code that
// fills a sheet reads as a list of cells. Check Err, or use Write or File,
// which return it.
type Workbook struct {
	f      *excelize.File
	err    error
	styles map[Style]int
	sheets int
}

// NewWorkbook starts an empty workbook.
func NewWorkbook() *Workbook {
	return &Workbook{f: excelize.NewFile(), styles: map[Style]int{}}
}

// Properties sets the document properties: title, subject, the creation
// date, Baken as author, Dutch as language.
func (b *Workbook) Properties(title, subject string, created time.Time) {
	if b.err == nil {
		at := created.UTC().Format(time.RFC3339)
		b.err = b.f.SetDocProps(&excelize.DocProperties{Title: title, Subject: subject, Creator: "Baken", LastModifiedBy: "Baken",
			Created: at, Modified: at, Language: "nl-NL"})
	}
}

// Sheet adds a sheet named name (at most 31 characters); the first call
// renames the sheet a new file starts with. The first sheet is the active one.
func (b *Workbook) Sheet(name string) *Sheet {
	if b.err == nil {
		if b.sheets == 0 {
			b.err = b.f.SetSheetName(b.f.GetSheetName(0), name)
		} else {
			_, b.err = b.f.NewSheet(name)
		}
	}
	b.sheets++
	return &Sheet{b: b, name: name}
}

// Err is the first error the workbook ran into.
func (b *Workbook) Err() error { return b.err }

// File returns the excelize file, or the first error (the file is then
// closed). The caller closes the file.
func (b *Workbook) File() (*excelize.File, error) {
	if b.err == nil {
		b.f.SetActiveSheet(0)
	}
	if b.err != nil {
		_ = b.f.Close()
		return nil, fmt.Errorf("workbook: %w", b.err)
	}
	return b.f, nil
}

// Write writes the workbook to w and closes it.
func (b *Workbook) Write(w io.Writer) error {
	f, err := b.File()
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Write(w); err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	return nil
}

// style returns the id of s, creating it on first use.
func (b *Workbook) style(s Style) int {
	if id, ok := b.styles[s]; ok || b.err != nil {
		return id
	}
	dateFmt, decimalFmt, moneyFmt := "dd-mm-yyyy", "0.0", `"€" #,##0.00`
	def := map[Style]*excelize.Style{
		StyleHeader: {
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}},
			Border:    []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}},
			Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
		},
		StyleBold:        {Font: &excelize.Font{Bold: true}},
		StyleDate:        {CustomNumFmt: &dateFmt},
		StylePercent:     {NumFmt: 9},
		StyleOneDecimal:  {CustomNumFmt: &decimalFmt},
		StyleBoldPercent: {Font: &excelize.Font{Bold: true}, NumFmt: 9},
		StyleBoldDecimal: {Font: &excelize.Font{Bold: true}, CustomNumFmt: &decimalFmt},
		StyleMoney:       {CustomNumFmt: &moneyFmt},
		StyleWrap:        {Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}},
	}[s]
	if def == nil {
		b.err = fmt.Errorf("unknown style %d", s)
		return 0
	}
	id, err := b.f.NewStyle(def)
	b.err = err
	b.styles[s] = id
	return id
}

// Sheet is one sheet of a Workbook. Rows and columns count from 1.
type Sheet struct {
	b    *Workbook
	name string
}

func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// Table writes the header row in row 1 with the column widths, freezes the
// header (and the first column with FreezeHeaderAndFirstColumn), and puts an
// autofilter on rows 1–lastRow.
func (s *Sheet) Table(cols []Column, lastRow int, freeze Freeze) {
	b := s.b
	cols = slices.Clone(cols)
	for i, c := range cols {
		cols[i].Width = headerWidth(c)
		c = cols[i]
		s.Text(i+1, 1, c.Title)
		if b.err == nil {
			name, _ := excelize.ColumnNumberToName(i + 1)
			b.err = b.f.SetColWidth(s.name, name, name, c.Width)
		}
	}
	s.Style(1, 1, len(cols), 1, StyleHeader)
	if b.err == nil {
		// Without an explicit height LibreOffice keeps the default one and
		// the wrapped header overlaps row 2.
		lines := 1
		for _, c := range cols {
			lines = max(lines, wrappedLines(c.Title, c.Width))
		}
		b.err = b.f.SetRowHeight(s.name, 1, float64(lines)*headerLineHeight+3)
	}
	if b.err == nil {
		panes := &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}
		if freeze == FreezeHeaderAndFirstColumn {
			panes = &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"}
		}
		b.err = b.f.SetPanes(s.name, panes)
	}
	if b.err == nil {
		b.err = b.f.AutoFilter(s.name, cell(1, 1)+":"+cell(len(cols), lastRow), nil)
	}
}

// headerWidth widens a column so that the longest word of its header fits
// on one line next to the autofilter button: LibreOffice and Excel break a
// word that does not fit in the middle ("Geïmplementeer-d").
func headerWidth(c Column) float64 {
	longest := 0
	for _, w := range strings.Fields(c.Title) {
		longest = max(longest, utf8.RuneCountInString(w))
	}
	return max(c.Width, float64(longest)*1.15+4)
}

// headerLineHeight is the height in points of one line of the header in
// the default font (Calibri 11).
const headerLineHeight = 15

// wrappedLines is the number of lines a header title takes in a column of
// width characters when wrapped at spaces: the bold font takes a little
// more room than the width counts, so a line holds width-1 characters.
func wrappedLines(title string, width float64) int {
	room := max(int(width)-1, 1)
	lines, line := 1, 0
	for _, w := range strings.Fields(title) {
		n := utf8.RuneCountInString(w)
		switch {
		case line == 0:
			line = n
		case line+1+n <= room:
			line += 1 + n
		default:
			lines++
			line = n
		}
		// A word longer than the line runs over into the next ones.
		for line > room {
			lines++
			line -= room
		}
	}
	return lines
}

// Text writes text as a string cell, never as a formula (see the note on
// formula injection). Empty text leaves the cell empty.
func (s *Sheet) Text(col, row int, text string) {
	if s.b.err == nil && text != "" {
		s.b.err = s.b.f.SetCellStr(s.name, cell(col, row), text)
	}
}

// Texts writes texts (see Text) into consecutive cells of row, from col on.
func (s *Sheet) Texts(col, row int, texts ...string) {
	for i, t := range texts {
		s.Text(col+i, row, t)
	}
}

// Int writes a whole number.
func (s *Sheet) Int(col, row, n int) {
	if s.b.err == nil {
		s.b.err = s.b.f.SetCellInt(s.name, cell(col, row), int64(n))
	}
}

// Float writes a number.
func (s *Sheet) Float(col, row int, v float64) {
	if s.b.err == nil {
		s.b.err = s.b.f.SetCellFloat(s.name, cell(col, row), v, -1, 64)
	}
}

// Date writes the day of t as an Excel date serial, or nothing when t is
// nil; give the cell StyleDate to show it as a date.
func (s *Sheet) Date(col, row int, t *time.Time) {
	if t != nil {
		s.Float(col, row, excelDate(*t))
	}
}

// Style gives the cells col1,row1 to col2,row2 the style st.
func (s *Sheet) Style(col1, row1, col2, row2 int, st Style) {
	id := s.b.style(st)
	if s.b.err == nil {
		s.b.err = s.b.f.SetCellStyle(s.name, cell(col1, row1), cell(col2, row2), id)
	}
}

// excelDate is the Excel serial number of the day of t (the 1900 date
// system, valid from March 1900).
func excelDate(t time.Time) float64 {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return float64((day.Unix() - time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).Unix()) / 86400)
}
