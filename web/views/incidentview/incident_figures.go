package incidentview

import (
	"strconv"
	"time"

	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/web/layout"
)

// IncidentFiguresView is the page of the incident figures.
type IncidentFiguresView struct {
	incident.Figures
}

// PeriodLabel names the period: "2026" or "de laatste 12 maanden".
func (v IncidentFiguresView) PeriodLabel() string {
	if v.Year == 0 {
		return "de laatste 12 maanden"
	}
	return strconv.Itoa(v.Year)
}

// YearOptions are the choices of the year filter.
func (v IncidentFiguresView) YearOptions() []layout.Option {
	out := make([]layout.Option, len(v.Years))
	for i, y := range v.Years {
		out[i] = layout.Option{Value: strconv.Itoa(y), Label: strconv.Itoa(y)}
	}
	return out
}

// SelectedYear is the year filter's value; "" for the last 12 months.
func (v IncidentFiguresView) SelectedYear() string {
	if v.Year == 0 {
		return ""
	}
	return strconv.Itoa(v.Year)
}

// MeanTimeText is the mean time to close in days and hours.
func (v IncidentFiguresView) MeanTimeText() string { return durationText(v.MeanTimeClose) }

func durationText(d time.Duration) string {
	hours := int((d + 30*time.Minute) / time.Hour)
	days, h := hours/24, hours%24
	switch {
	case days == 0 && h == 1:
		return "1 uur"
	case days == 0:
		return strconv.Itoa(h) + " uur"
	case h == 0 && days == 1:
		return "1 dag"
	case h == 0:
		return strconv.Itoa(days) + " dagen"
	case days == 1:
		return "1 dag en " + strconv.Itoa(h) + " uur"
	}
	return strconv.Itoa(days) + " dagen en " + strconv.Itoa(h) + " uur"
}

// figureBar is the CSS class of a bar of percent (0–100), in steps of 10.
func figureBar(percent int) string {
	return "figure-bar figure-bar--" + strconv.Itoa((percent+5)/10*10)
}

// percentText is "42%".
func percentText(n int) string { return strconv.Itoa(n) + "%" }
