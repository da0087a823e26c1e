package incidentview

import (
	"strconv"
	"time"

	"github.com/baken-nl/baken/internal/incident"
)

// IncidentMonthView is the monthly overview of the incidents.
type IncidentMonthView struct {
	incident.MonthOverview
	Now time.Time
}

// monthURL is the overview of the month of m.
func monthURL(m time.Time) string { return "/incidenten/maandoverzicht?maand=" + m.Format("2006-01") }

// ExportURL is the workbook of the figures of the page's period.
func (v IncidentFiguresView) ExportURL() string {
	if v.Year == 0 {
		return "/incidenten/cijfers.xlsx"
	}
	return "/incidenten/cijfers.xlsx?jaar=" + strconv.Itoa(v.Year)
}
