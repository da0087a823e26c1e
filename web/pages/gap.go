package pages

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/web/layout"
)

// GapView is the GAP analysis: the summary per theme or chapter against the
// ambition, and the controls that need attention.
type GapView struct {
	Framework   compliance.Framework
	GroupLabel  string // "Thema" or "Hoofdstuk"
	Ambition    compliance.Ambition
	Groups      []compliance.GroupSummary
	Total       compliance.GroupSummary
	NoOwner     GapList
	Overdue     GapList
	Departments []layout.Option
	Filter      ControlFilterView
	All         int // controls and measures in the framework
	Shown       int // matching the filters
	CanExport   bool
	Today       time.Time
}

// GapList is a capped list of controls with the number left out.
type GapList struct {
	Controls []compliance.Control
	More     int
}

// CapGapList keeps the first n controls.
func CapGapList(controls []compliance.Control, n int) GapList {
	if len(controls) <= n {
		return GapList{Controls: controls}
	}
	return GapList{Controls: controls[:n], More: len(controls) - n}
}

// gapQuery is the filter as a query string ("?status=niet_gestart"), "" when
// no filter is set: the exports keep the filters of the page.
func gapQuery(f ControlFilterView) string {
	v := url.Values{}
	for _, kv := range [][2]string{{"afdeling", f.Owner}, {"status", f.Status}, {"hygiene", f.Hygiene}, {"niveau", f.Maturity}, {"q", f.Query}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	if f.Mine {
		v.Set("mijn", "1")
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// gapDecimal formats with one decimal and a Dutch decimal comma.
func gapDecimal(f float64) string {
	return strings.Replace(strconv.FormatFloat(f, 'f', 1, 64), ".", ",", 1)
}

func gapAverage(g compliance.GroupSummary) string {
	if g.Assessed == 0 {
		return "–"
	}
	return gapDecimal(g.AverageMaturity())
}

func gapPercent(n int) string { return strconv.Itoa(n) + "%" }

func gapRowID(g compliance.GroupSummary) string { return "gap-groep-" + g.Number }

func gapLower(s string) string { return strings.ToLower(s) }

// gapTargetDate is ", te bereiken op 31-12-2027", or "" without a date.
func gapTargetDate(a compliance.Ambition) string {
	if a.TargetDate == nil {
		return ""
	}
	return ", te bereiken op " + Date(a.TargetDate)
}

// gapDistribution lists the number of items per maturity level 1–5, with
// sep between the levels and, when label is set, "niveau 1: 18" per level.
func gapDistribution(g compliance.GroupSummary, sep, label string) string {
	parts := make([]string, 5)
	for level := 1; level <= 5; level++ {
		n := strconv.Itoa(g.Distribution[level])
		if label != "" {
			n = label + strconv.Itoa(level) + ": " + n
		}
		parts[level-1] = n
	}
	return strings.Join(parts, sep)
}
