package incidents

import (
	"net/http"

	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/nl"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/views/incidentview"
)

// figures reads the figures of ?jaar=2026, or of the last 12 months
// without jaar. A year that is not a number, or far outside the register,
// is a 400; ok is false when the response has been written.
func (h *Handlers) figures(w http.ResponseWriter, r *http.Request) (f incident.Figures, ok bool) {
	q := httpkit.Query(r)
	year := q.Int("jaar", 2000, nl.Local(h.kit.Now()).Year()+1)
	if err := q.Err(); err != nil {
		h.kit.Fail(w, r, err)
		return f, false
	}
	f, err := h.svc.Figures(r.Context(), *kit.Principal(r), year)
	if err != nil {
		h.kit.Fail(w, r, err)
		return f, false
	}
	return f, true
}

// Figures serves GET /incidenten/cijfers?jaar=2026: the counts of the
// register over a year, or the last 12 months without jaar.
func (h *Handlers) Figures(w http.ResponseWriter, r *http.Request) {
	if f, ok := h.figures(w, r); ok {
		h.kit.Render(w, r, http.StatusOK, incidentview.IncidentFiguresPage(h.kit.Page(r, "Incidentcijfers", section), incidentview.IncidentFiguresView{Figures: f}))
	}
}

// FiguresExport serves GET /incidenten/cijfers.xlsx?jaar=2026: the figures
// of the page as a workbook, a sheet per table.
func (h *Handlers) FiguresExport(w http.ResponseWriter, r *http.Request) {
	f, ok := h.figures(w, r)
	if !ok {
		return
	}
	qualifier := "12-maanden"
	if f.Year != 0 {
		qualifier = f.PeriodText()
	}
	h.sendTables(w, r, "incidentcijfers", qualifier, false, incident.FiguresTables(f)...)
}
