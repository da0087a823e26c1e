package risk

import (
	"io"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/report"
)

// SheetRegister is the sheet of the register export.
const SheetRegister = "Risicoregister"

// RegisterExportColumns are the column headers of the register export, in order.
var RegisterExportColumns = []report.Column{
	{Title: "Risico-ID", Width: 9}, {Title: "Dreiging", Width: 40}, {Title: "Omschrijving", Width: 50},
	{Title: "Risicoanalyse", Width: 36}, {Title: "Status analyse", Width: 12}, {Title: "Afdeling", Width: 24},
	{Title: "Onderwerp", Width: 22}, {Title: "Aspecten (B/I/V)", Width: 10},
	{Title: "Kans inherent", Width: 9}, {Title: "Impact inherent", Width: 9}, {Title: "Niveau inherent", Width: 12},
	{Title: "Behandeling", Width: 14}, {Title: "Geschatte kosten", Width: 14},
	{Title: "Kans rest", Width: 9}, {Title: "Impact rest", Width: 9}, {Title: "Niveau rest", Width: 12},
	{Title: "Besluitstatus", Width: 32}, {Title: "Geldig tot", Width: 12}, {Title: "Volgende herziening", Width: 12},
	{Title: "Eigenaar", Width: 24},
}

// Positions (1-based) of the typed columns of RegisterExportColumns.
const (
	exportColID         = 1
	exportColInherentL  = 9
	exportColInherentI  = 10
	exportColCost       = 13
	exportColResidualL  = 14
	exportColResidualI  = 15
	exportColValidUntil = 18
	exportColNextReview = 19
)

// RegisterExportRow is one risk of the register as the export writes it:
// the texts of every column, and the numbers and dates that are written as
// values (0 or nil: an empty cell).
type RegisterExportRow struct {
	ID                     int64
	Texts                  []string // one per column of RegisterExportColumns; "" where a value is written
	InherentL, InherentI   int
	ResidualL, ResidualI   int
	Cost                   *float64
	ValidUntil, NextReview *time.Time
}

// ExportRows are the rows of the page as the export writes them: the same
// rows, in the same order, as the filtered register shows (every page).
func (p RegisterPage) ExportRows() []RegisterExportRow {
	out := make([]RegisterExportRow, len(p.Rows))
	for i, x := range p.Rows {
		e := RegisterExportRow{ID: x.ID, InherentL: x.InherentLikelihood, InherentI: x.InherentImpact,
			ResidualL: x.ResidualLikelihood, ResidualI: x.ResidualImpact, ValidUntil: x.ValidUntil(), NextReview: x.NextReview}
		if x.Cost != nil {
			c := x.Cost.Float()
			e.Cost = &c
		}
		treatment := ""
		if x.Treatment != "" {
			treatment = TreatmentLabel(x.Treatment)
		}
		e.Texts = []string{"", x.Threat, x.Description, x.AnalysisTitle, AnalysisStatusLabel(x.AnalysisStatus), x.DepartmentName,
			SubjectKindLabel(x.SubjectKind), aspectLetters(x.Affects), "", "", p.Matrix.LevelName(x.InherentLevel),
			treatment, "", "", "", p.Matrix.LevelName(x.ResidualLevel), x.StateText(), "", "", x.OwnerName}
		out[i] = e
	}
	return out
}

// aspectLetters are the aspects a risk affects: "B/I/V" for all three.
func aspectLetters(a [3]bool) string {
	var parts []string
	for i, l := range []string{"B", "I", "V"} {
		if a[i] {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, "/")
}

// WriteRegisterXLSX writes the register rows on the sheet SheetRegister of
// the shared table writer: a header row and one row per risk. Texts are
// string cells, never formulas (see internal/report).
func WriteRegisterXLSX(w io.Writer, org string, rows []RegisterExportRow, generated time.Time) error {
	b := report.NewWorkbook()
	b.Properties("Risicoregister – "+org, "Risicoregister", generated)
	s := b.Sheet(SheetRegister)
	s.Table(RegisterExportColumns, max(len(rows)+1, 2), report.FreezeHeader)
	for i, e := range rows {
		row := i + 2
		s.Int(exportColID, row, int(e.ID))
		for col, t := range e.Texts {
			if t != "" {
				s.Text(col+1, row, t)
			}
		}
		for col, n := range map[int]int{exportColInherentL: e.InherentL, exportColInherentI: e.InherentI,
			exportColResidualL: e.ResidualL, exportColResidualI: e.ResidualI} {
			if n > 0 {
				s.Int(col, row, n)
			}
		}
		if e.Cost != nil {
			s.Float(exportColCost, row, *e.Cost)
			s.Style(exportColCost, row, exportColCost, row, report.StyleMoney)
		}
		for col, d := range map[int]*time.Time{exportColValidUntil: e.ValidUntil, exportColNextReview: e.NextReview} {
			if d != nil {
				s.Date(col, row, d)
				s.Style(col, row, col, row, report.StyleDate)
			}
		}
		s.Style(3, row, 3, row, report.StyleWrap)
	}
	return b.Write(w)
}
