package incident

import (
	"context"
	"io"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/report"
)

// ExportRow is one incident in the export: the columns of the IBD's incident
// classification, and no names of reporters, so the file can be shared with
// the IBD.
type ExportRow struct {
	Number           int
	DiscoveredAt     time.Time
	Category         string
	SubcategoryLabel string
	Cause            string
	Impact           string
	Availability     bool
	Integrity        bool
	Confidentiality  bool
	DepartmentName   string
	PersonalData     bool
	Status           string
	Title            string
}

// Export reads every incident of the register matching f in the reader's
// scope, newest discovery first. ViewIncidents.
func (s *Service) Export(ctx context.Context, actor authz.Principal, f ListFilter) (rows []ExportRow, err error) {
	sc := scopeOf(actor)
	err = s.DB.ReadAs(ctx, actor, authz.ViewIncidents, func(tx *db.Tx) error {
		where, args := listWhere(tx.OrgID, sc, f)
		r, err := tx.Query(ctx, `
			SELECT i.number, i.discovered_at, coalesce(i.category, ''), coalesce(c.label, ''), i.cause, coalesce(i.impact, ''),
			       i.affects_availability, i.affects_integrity, i.affects_confidentiality, coalesce(d.name, ''), i.personal_data,
			       i.status, i.title
			FROM incidents i
			LEFT JOIN incident_categories c ON c.organisation_id = i.organisation_id AND c.code = i.category AND c.subcategory = i.subcategory
			LEFT JOIN departments d ON d.organisation_id = i.organisation_id AND d.id = i.department_id`+where+`
			ORDER BY i.discovered_at DESC, i.id DESC`, args...)
		if err != nil {
			return err
		}
		rows, err = pgx.CollectRows(r, pgx.RowToStructByPos[ExportRow])
		return err
	})
	return rows, err
}

// ExportColumns are the column headers of the XLSX export.
var ExportColumns = []string{"Nummer", "Datum ontdekt", "Categorie", "Subcategorie", "Oorzaak", "Impact", "Aspecten",
	"Afdeling", "Datalek", "Status", "Omschrijving"}

var exportWidths = []float64{11, 14, 22, 36, 24, 10, 10, 28, 9, 14, 60}

// WriteXLSX writes the incidents as a spreadsheet on the shared table writer
// of internal/report: one header row and one row per incident on the sheet
// "Incidenten". Text from users is written as text, never as a formula.
func WriteXLSX(w io.Writer, rows []ExportRow) error {
	cols := make([]report.Column, len(ExportColumns))
	for i, title := range ExportColumns {
		cols[i] = report.Column{Title: title, Width: exportWidths[i]}
	}
	b := report.NewWorkbook()
	s := b.Sheet("Incidenten")
	s.Table(cols, max(len(rows)+1, 2), report.FreezeHeader)
	for i, x := range rows {
		row := i + 2
		s.Text(1, row, Number(x.Number))
		day := report.Local(x.DiscoveredAt)
		s.Date(2, row, &day)
		s.Style(2, row, 2, row, report.StyleDate)
		if x.Category != "" {
			s.Text(3, row, CategoryLabel(x.Category))
			s.Text(4, row, x.SubcategoryLabel)
		}
		s.Text(5, row, CauseLabel(x.Cause))
		s.Text(6, row, ImpactLabel(x.Impact))
		s.Text(7, row, aspects(x.Availability, x.Integrity, x.Confidentiality))
		s.Text(8, row, x.DepartmentName)
		s.Text(9, row, report.YesNo(x.PersonalData))
		s.Text(10, row, StatusLabel(x.Status))
		s.Text(11, row, x.Title)
		s.Style(11, row, 11, row, report.StyleWrap)
	}
	return b.Write(w)
}
