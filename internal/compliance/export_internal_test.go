package compliance

import (
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/catalogue"
	"github.com/baken-nl/baken/internal/report"
)

// TestColumnsFitTheFont: DejaVu Sans is wider than the core Helvetica, so
// the column widths were set for it. Every header line fits its column (a
// hyphen included), and so does every word of the statuses and the maturity
// labels, the longest numbers and the summary's values (the distribution on
// one line while the counts have one digit): no word is cut.
func TestColumnsFitTheFont(t *testing.T) {
	t.Parallel()
	d := report.NewDoc(report.Setup{Orientation: report.Landscape})
	fits := func(table string, c report.Col, style, s string) {
		t.Helper()
		if w, room := d.Room(style, s, c.Width); w > room+0.05 {
			t.Errorf("%s, column %q: %q is %.1f mm wide, room for %.1f mm", table, c.Title, s, w, room)
		}
	}
	words := func(labels ...string) []string {
		var out []string
		for _, l := range labels {
			out = append(out, strings.Fields(l)...)
		}
		return out
	}
	var statuses, maturities []string
	for _, s := range Statuses {
		statuses = append(statuses, s.Label())
	}
	for level := 1; level <= 5; level++ {
		maturities = append(maturities, MaturityLabel(level))
	}
	values := map[string][]string{ // per column title: what its cells hold
		"Status":         words(statuses...),
		"Volwassenheid":  words(append(maturities, "Niet bepaald")...),
		"Van toepassing": {"Nee", "999"}, "Gereed": {"100%"}, "Met bewijs": {"100%"}, "Gem. niveau": {"3,5"},
		"Verdeling niveau 1–5": {"9 / 9 / 9 / 9 / 9"}, "Op ambitie": {"999"}, "Onder ambitie": {"999"}, "Zonder eigenaar": {"999"},
		"Te laat": {"999"}, "Wacht op CISO": {"999"}, "Volgende beoordeling": {"30-06-2026"},
		"Nummer": {"18.32.02"}, "Thema": {"5 Organisatorisch", "Technologisch"},
	}
	tables := map[string][]report.Col{
		"summary BIO2":    summaryCols(Framework{Code: "BIO2"}),
		"summary BIO1.04": summaryCols(Framework{Code: catalogue.CodeBIO104}),
		"without owner":   listCols(false),
		"overdue":         listCols(true),
		"VvT":             vvtCols(),
	}
	for table, cols := range tables {
		for i, c := range cols {
			d.Font("B", 8)
			for _, l := range d.HeaderLines(c.Title, c.Width) {
				fits(table, c, "B", l)
			}
			for _, v := range values[c.Title] {
				fits(table, c, "", v)
				if strings.HasPrefix(table, "summary") && i > 0 {
					fits(table, c, "B", v) // the total row
				}
			}
		}
	}
}
