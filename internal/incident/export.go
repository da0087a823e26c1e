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

// ExportRow is one incident of the exports: the register, the IBD's
// classification and the datalekregister are built from the same rows.
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
	ReporterName     string // "" when the reader may not see it (as on the register's page)
	APDecision       string
	APRationale      string
	APNotifiedAt     *time.Time
	APReference      string
	ViaLoket         bool // reported at the public meldloket
	CbwSignificant   bool
	CsirtReportedAt  *time.Time
	CsirtReference   string
}

// Export reads every incident of the register matching f in the reader's
// scope, newest discovery first. ViewIncidents. The reporter's name is kept
// only where the register's page shows it: never for directie and college.
func (s *Service) Export(ctx context.Context, actor authz.Principal, f ListFilter) (rows []ExportRow, err error) {
	sc := scopeOf(actor)
	err = s.DB.ReadAs(ctx, actor, authz.ViewIncidents, func(tx *db.Tx) error {
		where, args := listWhere(tx.OrgID, sc, f)
		r, err := tx.Query(ctx, `
			SELECT i.number, i.discovered_at, coalesce(i.category, ''), coalesce(c.label, ''), i.cause, coalesce(i.impact, ''),
			       i.affects_availability, i.affects_integrity, i.affects_confidentiality, coalesce(d.name, ''), i.personal_data,
			       i.status, i.title, i.reporter_name, coalesce(i.ap_decision, ''), i.ap_rationale, i.ap_notified_at, i.ap_reference,
			       coalesce(i.department_id, 0), coalesce(i.handler_id, 0),
			       i.via_meldloket, i.cbw_significant, i.csirt_reported_at, i.csirt_reference
			FROM incidents i
			LEFT JOIN incident_categories c ON c.organisation_id = i.organisation_id AND c.code = i.category AND c.subcategory = i.subcategory
			LEFT JOIN departments d ON d.organisation_id = i.organisation_id AND d.id = i.department_id`+where+`
			ORDER BY i.discovered_at DESC, i.id DESC`, args...)
		if err != nil {
			return err
		}
		rows, err = pgx.CollectRows(r, func(r pgx.CollectableRow) (ExportRow, error) {
			var x ExportRow
			var dept, handler int64
			err := r.Scan(&x.Number, &x.DiscoveredAt, &x.Category, &x.SubcategoryLabel, &x.Cause, &x.Impact,
				&x.Availability, &x.Integrity, &x.Confidentiality, &x.DepartmentName, &x.PersonalData,
				&x.Status, &x.Title, &x.ReporterName, &x.APDecision, &x.APRationale, &x.APNotifiedAt, &x.APReference, &dept, &handler,
				&x.ViaLoket, &x.CbwSignificant, &x.CsirtReportedAt, &x.CsirtReference)
			if !sc.fullView(dept, x.PersonalData, handler) {
				x.ReporterName = ""
			}
			return x, err
		})
		return err
	})
	return rows, err
}

// categoryCells are the main category and the subcategory of x.
func (x ExportRow) categoryCells() (main, sub report.Cell) {
	if x.Category == "" {
		return report.TextCell("Nog niet ingedeeld"), report.Cell{}
	}
	return report.TextCell(CategoryLabel(x.Category)), report.TextCell(x.SubcategoryLabel)
}

func columns(titles []string, widths []float64) []report.Column {
	cols := make([]report.Column, len(titles))
	for i, title := range titles {
		cols[i] = report.Column{Title: title, Width: widths[i]}
	}
	return cols
}

// ExportColumns are the column headers of the register's export.
var ExportColumns = []string{"Nummer", "Datum ontdekt", "Categorie", "Subcategorie", "Oorzaak", "Impact", "Aspecten",
	"Afdeling", "Datalek", "Status", "Omschrijving", "Melder", "Bron", "Significant (Cbw)", "Gemeld aan IBD/CSIRT", "Kenmerk IBD/CSIRT"}

var exportWidths = []float64{11, 14, 22, 36, 24, 10, 10, 28, 9, 14, 60, 24, 14, 12, 14, 20}

// RegisterTable is the register as a table: one row per incident on the
// sheet "Incidenten".
func RegisterTable(rows []ExportRow) report.Table {
	t := report.Table{Name: "Incidenten", Columns: columns(ExportColumns, exportWidths)}
	for _, x := range rows {
		cat, sub := x.categoryCells()
		t.Rows = append(t.Rows, []report.Cell{report.TextCell(Number(x.Number)), report.DayCell(&x.DiscoveredAt), cat, sub,
			report.TextCell(CauseLabel(x.Cause)), report.TextCell(ImpactLabel(x.Impact)),
			report.TextCell(aspects(x.Availability, x.Integrity, x.Confidentiality)), report.TextCell(x.DepartmentName),
			report.TextCell(report.YesNo(x.PersonalData)), report.TextCell(StatusLabel(x.Status)), report.WrapCell(x.Title),
			report.TextCell(x.ReporterName), report.TextCell(x.source()), report.TextCell(report.YesNo(x.CbwSignificant)),
			report.DayCell(x.CsirtReportedAt), report.TextCell(x.CsirtReference)})
	}
	return t
}

// source says where a report came from.
func (x ExportRow) source() string {
	if x.ViaLoket {
		return "Meldloket"
	}
	return "Medewerker"
}

// WriteXLSX writes the register's export as a spreadsheet on the shared
// writer of internal/report. Text from users is written as text, never as a
// formula.
func WriteXLSX(w io.Writer, rows []ExportRow) error { return report.WriteXLSX(w, RegisterTable(rows)) }

// IBDColumns are the columns of the IBD's incident classification: no
// numbers, names or descriptions, so the file can be shared with the IBD.
var IBDColumns = []string{"Datum", "Categorie", "Subcategorie", "Oorzaak", "Impact"}

// IBDTable is the register in the IBD's classification, one row per
// incident on the sheet "Incidenten IBD".
func IBDTable(rows []ExportRow) report.Table {
	t := report.Table{Name: "Incidenten IBD", Columns: columns(IBDColumns, []float64{12, 22, 40, 26, 18})}
	for _, x := range rows {
		cat, sub := x.categoryCells()
		t.Rows = append(t.Rows, []report.Cell{report.DayCell(&x.DiscoveredAt), cat, sub,
			report.TextCell(CauseLabel(x.Cause)), report.TextCell(ImpactLabel(x.Impact))})
	}
	return t
}

// DatalekColumns are the columns of the datalekregister (AVG art. 33 lid 5:
// every datalek, notified or not).
var DatalekColumns = []string{"Nummer", "Datum ontdekt", "Aard van het datalek", "Categorie", "Aspecten", "Afdeling",
	"Besluit", "Onderbouwing", "Gemeld bij de AP op", "Kenmerk AP", "Termijn van 72 uur", "Status"}

// Datalek outcomes in the register's column "Termijn van 72 uur".
const (
	TermInTime    = "Op tijd gemeld"
	TermLate      = "Te laat gemeld"
	TermNotNeeded = "Niet van toepassing"
	TermOpen      = "Nog geen besluit"
)

// Term is how the datalek of x stands against the 72 hours.
func (x ExportRow) Term() string {
	switch x.APDecision {
	case APNotify:
		if x.APNotifiedAt != nil && !x.APNotifiedAt.After(x.DiscoveredAt.Add(DatalekTerm)) {
			return TermInTime
		}
		return TermLate
	case APNoNotify:
		return TermNotNeeded
	}
	return TermOpen
}

func decisionText(d string) string {
	switch d {
	case APNotify:
		return "Melden"
	case APNoNotify:
		return "Niet melden"
	}
	return "Nog geen besluit"
}

// DatalekTable is the datalekregister: every datalek among rows, one per
// row on the sheet "Datalekregister".
func DatalekTable(rows []ExportRow) report.Table {
	t := report.Table{Name: "Datalekregister", Columns: columns(DatalekColumns, []float64{11, 14, 50, 40, 10, 28, 14, 50, 18, 16, 16, 14})}
	for _, x := range rows {
		if !x.PersonalData {
			continue
		}
		cat := report.TextCell("Nog niet ingedeeld")
		if x.Category != "" {
			cat = report.TextCell(CategoryLabel(x.Category) + " – " + x.SubcategoryLabel)
		}
		t.Rows = append(t.Rows, []report.Cell{report.TextCell(Number(x.Number)), report.DayCell(&x.DiscoveredAt), report.WrapCell(x.Title), cat,
			report.TextCell(aspects(x.Availability, x.Integrity, x.Confidentiality)), report.TextCell(x.DepartmentName),
			report.TextCell(decisionText(x.APDecision)), report.WrapCell(x.APRationale), report.MomentCell(x.APNotifiedAt),
			report.TextCell(x.APReference), report.TextCell(x.Term()), report.TextCell(StatusLabel(x.Status))})
	}
	return t
}
