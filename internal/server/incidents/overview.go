package incidents

import (
	"net/http"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/views/incidentview"
)

// firstMonth is the earliest month the overview accepts.
const firstMonth = "2000-01"

// Month serves GET /incidenten/maandoverzicht?maand=2026-11: the incidents
// of one calendar month in the reader's scope (the afdelingsmanager's
// afdelingen), with their counts; this month without maand. A month that
// does not parse, before 2000 or after this month, is a 400.
func (h *Handlers) Month(w http.ResponseWriter, r *http.Request) {
	now := h.kit.Now()
	month := incident.MonthStart(now)
	if s := httpkit.Query(r).String("maand"); s != "" {
		m, ok := incident.ParseMonth(s)
		first, _ := incident.ParseMonth(firstMonth)
		if !ok || m.Before(first) || m.After(month) {
			h.kit.Fail(w, r, apperr.Validation{"maand": "Kies een maand als jjjj-mm, niet later dan deze maand."}.Err())
			return
		}
		month = m
	}
	m, err := h.svc.Month(r.Context(), *kit.Principal(r), month)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	v := incidentview.IncidentMonthView{MonthOverview: m, Now: now}
	h.kit.Render(w, r, http.StatusOK, incidentview.IncidentMonthPage(h.kit.Page(r, "Maandoverzicht incidenten "+incident.MonthLabel(month), section), v))
}
