package bioview

import (
	"context"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/web/layout"
)

// GapView is the GAP analysis: the summary per theme or chapter against the
// ambition, and the controls that need attention.
type GapView struct {
	Framework  compliance.Framework
	GroupLabel string // "Thema" or "Hoofdstuk"
	Ambition   compliance.Ambition
	Groups     []compliance.GroupSummary
	Total      compliance.GroupSummary
	NoOwner    GapList
	Overdue    GapList
	// Owners is the summary per owner afdeling, "Zonder eigenaar" last.
	Owners []compliance.GroupSummary
	// HasMeasures: the framework has government measures, so the summary
	// shows controls and measures apart.
	HasMeasures bool
	// The items without owner and overdue that do not apply, left out of
	// the attention lists.
	NoOwnerNotApplicable, OverdueNotApplicable int
	Departments                                []layout.Option
	Filter                                     ControlFilterView
	All                                        int // controls and measures in the framework
	Shown                                      int // matching the filters
	CanExport                                  bool
	Today                                      time.Time
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
	v := f.Values()
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// GapLink is the control list behind a figure: the page's filters plus
// the pairs key, value that select what the figure counts. When a pair
// contradicts a filter of the page (the figure counts 0 or something the
// list cannot express) it returns "": the figure is shown without a link.
func GapLink(f ControlFilterView, pairs ...string) string {
	v := f.Values()
	for i := 0; i+1 < len(pairs); i += 2 {
		k, val := pairs[i], pairs[i+1]
		if val == "" {
			continue
		}
		if cur := v.Get(k); cur != "" && cur != val {
			return ""
		}
		v.Set(k, val)
	}
	return "/bio?" + v.Encode()
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
	return ", te bereiken op " + layout.Date(a.TargetDate)
}

// gapLinkN is GapLink with the pairs of the row and of the figure.
func gapLinkN(f ControlFilterView, row []string, pairs ...string) string {
	return GapLink(f, append(append([]string{}, row...), pairs...)...)
}

func gapKindLabel(kind string) string {
	if kind == compliance.ItemMeasure {
		return "Overheidsmaatregelen"
	}
	return "Beheersmaatregelen"
}

func gapNotCountedText(n int) string { return layout.Itoa(n) + " niet van toepassing niet meegeteld" }

// gapParen is gapFig in parentheses, without spaces around the figure.
func gapParen(href string, n int) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		if _, err := io.WriteString(w, "("); err != nil {
			return err
		}
		if err := gapFig(href, n).Render(ctx, w); err != nil {
			return err
		}
		_, err := io.WriteString(w, ")")
		return err
	})
}
