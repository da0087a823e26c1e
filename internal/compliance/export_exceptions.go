package compliance

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/report"
)

// SheetVVTExceptions is the VvT's annex: the measures that do not apply,
// each justified by a risk analysis.
const SheetVVTExceptions = "Uitzonderingen op de VvT"

// VVTException is a control or measure that does not apply, with the risk
// analysis that justifies it (control_statuses.justifying_analysis_id).
type VVTException struct {
	ItemID         int64
	Number         string
	Kind           string
	Title          string
	Justification  string
	AnalysisTitle  string
	AnalysisStatus string
	AnalysisDate   *time.Time
	EstablishedAt  *time.Time
}

// VVTExceptions lists the items of the framework that do not apply and name
// a justifying risk analysis, in catalogue order.
func VVTExceptions(ctx context.Context, tx *db.Tx, frameworkID int64) ([]VVTException, error) {
	rows, err := tx.Query(ctx, `SELECT i.id, i.number, i.kind, i.title, s.justification, a.title, a.status, a.analysis_date, a.established_at
		FROM control_statuses s
		JOIN catalogue_items i ON i.id = s.item_id
		JOIN risk_analyses a ON a.organisation_id = s.organisation_id AND a.id = s.justifying_analysis_id
		WHERE s.organisation_id = $1 AND i.framework_id = $2 AND NOT s.applicable
		ORDER BY i.sort_key, i.id`, tx.OrgID, frameworkID)
	if err != nil {
		return nil, fmt.Errorf("VvT exceptions: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (VVTException, error) {
		var e VVTException
		err := r.Scan(&e.ItemID, &e.Number, &e.Kind, &e.Title, &e.Justification, &e.AnalysisTitle, &e.AnalysisStatus, &e.AnalysisDate, &e.EstablishedAt)
		return e, err
	})
}

// ExceptionsOf keeps the exceptions of the exported controls, so the annex
// follows the filter of the VvT.
func ExceptionsOf(ex []VVTException, controls []Control) []VVTException {
	// The title as the VvT itself shows it (a measure without its official
	// text is named after its control there).
	titles := make(map[int64]string, len(controls))
	for _, c := range controls {
		titles[c.ItemID] = c.Title
	}
	var out []VVTException
	for _, e := range ex {
		if t, ok := titles[e.ItemID]; ok {
			e.Title = t
			out = append(out, e)
		}
	}
	return out
}

var analysisStatusLabels = map[string]string{"concept": "Concept", "ingediend": "Ingediend", "vastgesteld": "Vastgesteld"}

func exceptionSheet(s *report.Sheet, ex []VVTException) {
	cols := []report.Column{
		{Title: "Nummer", Width: 10}, {Title: "Soort", Width: 14}, {Title: "Titel", Width: 50},
		{Title: "Onderbouwing niet van toepassing", Width: 60}, {Title: "Risicoanalyse", Width: 40},
		{Title: "Status analyse", Width: 14}, {Title: "Datum analyse", Width: 14}, {Title: "Vastgesteld op", Width: 14},
	}
	last := len(ex) + 1
	s.Table(cols, last, report.FreezeHeaderAndFirstColumn)
	for i, e := range ex {
		row := i + 2
		s.Texts(1, row, e.Number, KindLabel(e.Kind), e.Title, e.Justification, e.AnalysisTitle, analysisStatusLabels[e.AnalysisStatus])
		s.Date(7, row, e.AnalysisDate)
		var est *time.Time
		if e.EstablishedAt != nil {
			d := LocalDate(*e.EstablishedAt)
			est = &d
		}
		s.Date(8, row, est)
	}
	if len(ex) > 0 {
		s.Style(7, 2, 8, last, report.StyleDate)
	}
}
