package plan

import (
	"io"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/report"
)

// ExportColumns are the column headers of the XLSX export.
var ExportColumns = []string{"Titel", "Omschrijving", "Eigenaar", "Afdeling", "Deadline", "Status", "Prioriteit", "Geschatte kosten", "Te laat", "Maatregelen"}

// exportWidths are the widths of ExportColumns, in characters.
var exportWidths = []float64{50, 60, 28, 28, 12, 14, 11, 16, 8, 24}

// WriteXLSX writes the actions as a spreadsheet on the shared table writer
// of internal/report: one header row and one row per action on the sheet
// "Plan". Text from users is written as a string cell, never as a formula,
// so "=HYPERLINK(…)" in a title stays text.
func WriteXLSX(w io.Writer, actions []Action, today time.Time) error {
	cols := make([]report.Column, len(ExportColumns))
	for i, title := range ExportColumns {
		cols[i] = report.Column{Title: title, Width: exportWidths[i]}
	}
	b := report.NewWorkbook()
	s := b.Sheet("Plan")
	s.Table(cols, max(len(actions)+1, 2), report.FreezeHeader)
	for i, a := range actions {
		row := i + 2
		s.Texts(1, row, a.Title, a.Description, a.OwnerUserName, a.OwnerDepartmentName)
		if a.DueDate != nil {
			s.Date(5, row, a.DueDate)
			s.Style(5, row, 5, row, report.StyleDate)
		}
		s.Texts(6, row, a.Status.Label(), a.Priority.Label())
		if a.EstimatedCost != nil {
			s.Float(8, row, a.EstimatedCost.Float())
			s.Style(8, row, 8, row, report.StyleMoney)
		}
		s.Text(9, row, jaNee(a.Overdue(today)))
		s.Text(10, row, strings.Join(a.ControlNumbers(), ", "))
		s.Style(2, row, 2, row, report.StyleWrap)
	}
	return b.Write(w)
}

func jaNee(b bool) string {
	if b {
		return "ja"
	}
	return "nee"
}
