package incidents

import (
	"net/http"

	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/nl"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/pages"
)

// Figures serves GET /incidenten/cijfers?jaar=2026: the counts of the
// register over a year, or the last 12 months without jaar. A year that is
// not a number, or far outside the register, is a 400.
func (h *Handlers) Figures(w http.ResponseWriter, r *http.Request) {
	q := httpkit.Query(r)
	year := q.Int("jaar", 2000, nl.Local(h.kit.Now()).Year()+1)
	if err := q.Err(); err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	f, err := h.svc.Figures(r.Context(), *kit.Principal(r), year)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	h.kit.Render(w, r, http.StatusOK, pages.IncidentFiguresPage(h.kit.Page(r, "Incidentcijfers", section), pages.IncidentFiguresView{Figures: f}))
}
