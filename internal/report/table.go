package report

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"
)

// ContentTypeCSV is the media type of the CSV exports.
const ContentTypeCSV = "text/csv; charset=utf-8"

// Cell is one value of a Table: a text, a day, a moment or a whole number.
// Build it with TextCell, WrapCell, DayCell, MomentCell or IntCell.
type Cell struct {
	text   string
	day    *time.Time
	moment *time.Time
	n      *int
	wrap   bool
}

// TextCell is a text (a label or text users typed).
func TextCell(s string) Cell { return Cell{text: s} }

// WrapCell is a longer text, wrapped in the spreadsheet.
func WrapCell(s string) Cell { return Cell{text: s, wrap: true} }

// DayCell is the day of t in the Netherlands; empty when t is nil.
func DayCell(t *time.Time) Cell {
	if t == nil {
		return Cell{}
	}
	l := Local(*t)
	return Cell{day: &l}
}

// MomentCell is t in the Netherlands to the minute, "dd-mm-jjjj hh:mm";
// empty when t is nil.
func MomentCell(t *time.Time) Cell {
	if t == nil {
		return Cell{}
	}
	l := Local(*t)
	return Cell{moment: &l}
}

// IntCell is a whole number.
func IntCell(n int) Cell { return Cell{n: &n} }

// String is the cell as the CSV writes it.
func (c Cell) String() string {
	switch {
	case c.day != nil:
		return Date(c.day)
	case c.moment != nil:
		return c.moment.Format("02-01-2006 15:04")
	case c.n != nil:
		return fmt.Sprint(*c.n)
	}
	return c.text
}

// Table is a list with one header row: a sheet of a workbook (AddTable) or
// a CSV file (WriteCSV). An export builds its rows once for both formats.
type Table struct {
	Name    string // the sheet's name, at most 31 characters
	Columns []Column
	Rows    [][]Cell
}

// AddTable writes t as a sheet of the workbook: the header of Sheet.Table
// with its frozen row and autofilter, days as dates, wrapped texts wrapped.
func (b *Workbook) AddTable(t Table) {
	s := b.Sheet(t.Name)
	s.Table(t.Columns, max(len(t.Rows)+1, 2), FreezeHeader)
	for i, r := range t.Rows {
		row := i + 2
		for j, c := range r {
			col := j + 1
			switch {
			case c.day != nil:
				s.Date(col, row, c.day)
				s.Style(col, row, col, row, StyleDate)
			case c.n != nil:
				s.Int(col, row, *c.n)
			default:
				s.Text(col, row, c.String())
				if c.wrap {
					s.Style(col, row, col, row, StyleWrap)
				}
			}
		}
	}
}

// WriteXLSX writes the tables as one workbook, a sheet each.
func WriteXLSX(w io.Writer, tables ...Table) error {
	b := NewWorkbook()
	for _, t := range tables {
		b.AddTable(t)
	}
	return b.Write(w)
}

// WriteCSV writes t as CSV the way Dutch Excel opens it: UTF-8 with a byte
// order mark, semicolons between the fields, CRLF line ends. A text that a
// spreadsheet would read as a formula (it starts with = + - @ or a tab or
// carriage return) gets a leading apostrophe, so it stays text.
func WriteCSV(w io.Writer, t Table) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString("\ufeff"); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	cw := csv.NewWriter(bw)
	cw.Comma, cw.UseCRLF = ';', true
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Title
	}
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	for _, r := range t.Rows {
		rec := make([]string, len(t.Columns))
		for i, c := range r {
			if i < len(rec) {
				rec[i] = c.csv()
			}
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	return nil
}

// csv is the field of the cell, texts guarded against formula injection.
func (c Cell) csv() string {
	s := c.String()
	if c.day == nil && c.moment == nil && c.n == nil && s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
