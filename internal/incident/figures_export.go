package incident

import (
	"strconv"
	"time"

	"github.com/baken-nl/baken/internal/report"
)

// PeriodText names the period of the figures: "2026", or "de laatste 12
// maanden (december 2025 t/m november 2026)".
func (f Figures) PeriodText() string {
	if f.Year != 0 {
		return strconv.Itoa(f.Year)
	}
	last := f.To.AddDate(0, -1, 0)
	return "de laatste 12 maanden (" + monthNames[f.From.Month()-1] + " " + f.From.Format("2006") + " t/m " +
		monthNames[last.Month()-1] + " " + last.Format("2006") + ")"
}

// FiguresTables are the figures as tables, a sheet each: the summary, the
// counts per month, category, cause, impact and afdeling, and the
// datalekken by the outcome of the AP decision.
func FiguresTables(f Figures) []report.Table {
	scope := "De incidenten die u in het register ziet"
	if f.AllIncidents {
		scope = "Alle incidenten van de organisatie (zonder namen van melders)"
	}
	mean := ""
	if f.Closed > 0 {
		mean = report.Decimal(float64(f.MeanTimeClose)/float64(24*time.Hour)) + " dagen"
	}
	inTime := ""
	if p := f.InTimePercent(); p >= 0 {
		inTime = strconv.Itoa(p) + "%"
	}
	summary := report.Table{Name: "Samenvatting", Columns: []report.Column{{Title: "Onderdeel", Width: 44}, {Title: "Waarde", Width: 60}},
		Rows: [][]report.Cell{
			{report.TextCell("Periode"), report.TextCell(f.PeriodText())},
			{report.TextCell("Geteld"), report.TextCell(scope)},
			{report.TextCell("Incidenten"), report.IntCell(f.Total)},
			{report.TextCell("Gesloten incidenten"), report.IntCell(f.Closed)},
			{report.TextCell("Gemiddelde tijd van ontdekking tot sluiten"), report.TextCell(mean)},
			{report.TextCell("Datalekken"), report.IntCell(f.Datalekken)},
			{report.TextCell("Datalekken op tijd gemeld bij de AP (binnen 72 uur)"), report.TextCell(inTime)},
		}}
	datalek := report.Table{Name: "Datalekken", Columns: []report.Column{{Title: "Uitkomst", Width: 36}, {Title: "Aantal", Width: 10}},
		Rows: [][]report.Cell{
			{report.TextCell("Op tijd gemeld bij de AP"), report.IntCell(f.InTime)},
			{report.TextCell("Te laat gemeld bij de AP"), report.IntCell(f.Late)},
			{report.TextCell("Niet gemeld (besluit vastgelegd)"), report.IntCell(f.NotNotified)},
			{report.TextCell("Nog geen besluit"), report.IntCell(f.Undecided)},
			{report.TextCell("Totaal datalekken"), report.IntCell(f.Datalekken)},
		}}
	return []report.Table{summary,
		countTable("Per maand", "Maand", f.ByMonth, 0),
		countTable("Per categorie", "Categorie", f.ByCategory, f.Total),
		countTable("Per oorzaak", "Oorzaak", f.ByCause, f.Total),
		countTable("Per impact", "Impact", f.ByImpact, f.Total),
		countTable("Per afdeling", "Afdeling", f.ByDepartment, f.Total),
		datalek}
}

// countTable is one table of counts with each row's share of total (none
// when total is 0).
func countTable(name, header string, counts []Count, total int) report.Table {
	cols := []report.Column{{Title: header, Width: 40}, {Title: "Aantal", Width: 10}}
	if total > 0 {
		cols = append(cols, report.Column{Title: "Aandeel (%)", Width: 12})
	}
	t := report.Table{Name: name, Columns: cols}
	for _, c := range counts {
		row := []report.Cell{report.TextCell(c.Label), report.IntCell(c.N)}
		if total > 0 {
			row = append(row, report.IntCell(c.Percent(total)))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
