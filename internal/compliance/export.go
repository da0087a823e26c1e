package compliance

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/baken-nl/baken/internal/catalogue"
	"github.com/baken-nl/baken/internal/report"
)

// The exports of the Verklaring van Toepasselijkheid and the GAP analysis,
// as XLSX (this file) and as PDF for the directie (export_pdf.go), built on
// the file formats of internal/report. The functions are pure: they get what
// the handler read in one transaction and never query anything themselves.

// Attention returns the applicable controls and measures without an owner
// and those whose next review date has passed: the two lists of the GAP
// analysis. The selection is the one Summarise counts as NoOwner and
// Overdue, so the lists and the totals agree.
func Attention(controls []Control, today time.Time) (noOwner, overdue []Control) {
	for _, c := range controls {
		if !counted(c) {
			continue
		}
		if c.OwnerDeptID == 0 {
			noOwner = append(noOwner, c)
		}
		if c.ReviewOverdue(today) {
			overdue = append(overdue, c)
		}
	}
	return noOwner, overdue
}

// counted reports whether Summarise counts c in the GAP figures.
func counted(c Control) bool {
	return c.Applicable && c.Status != NotApplicable
}

// GroupLabel names the top level of the framework: "Thema" for ISO
// 27002:2022 (BIO2), "Hoofdstuk" for ISO 27002:2013 (BIO 1.04).
func GroupLabel(fw Framework) string {
	if fw.Code == catalogue.CodeBIO104 {
		return "Hoofdstuk"
	}
	return "Thema"
}

// KindLabel is "Beheersmaatregel" or "Overheidsmaatregel".
func KindLabel(kind string) string {
	l := catalogue.Kind(kind).Label()
	if l == "" {
		return l
	}
	r := []rune(l)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// HygieneText lists the hygiene types of an item in Dutch ("basishygiëne, ketenhygiëne").
func HygieneText(h string) string {
	types := catalogue.HygieneTypes(h)
	labels := make([]string, len(types))
	for i, t := range types {
		labels[i] = catalogue.HygieneLabel(t)
	}
	return strings.Join(labels, ", ")
}

// AmbitionText describes the directie's ambition in one sentence.
func AmbitionText(a Ambition) string {
	if a.TargetMaturity == 0 {
		return "De directie heeft nog geen ambitie vastgesteld."
	}
	s := "Ambitie van de directie: volwassenheidsniveau " + MaturityLabel(a.TargetMaturity)
	if a.TargetDate != nil {
		s += ", te bereiken op " + a.TargetDate.Format("02-01-2006")
	}
	return s + "."
}

// Distribution writes the maturity distribution as "1: 3 · 2: 5 · …".
func Distribution(g GroupSummary) string {
	parts := make([]string, 0, 5)
	for level := 1; level <= 5; level++ {
		parts = append(parts, strconv.Itoa(level)+": "+strconv.Itoa(g.Distribution[level]))
	}
	return strings.Join(parts, " · ")
}

// controlColumns are the columns of the VvT: one row per control or
// measure with every field of its status.
func controlColumns(fw Framework) []report.Column {
	return []report.Column{
		{Title: "Nummer", Width: 10}, {Title: "Soort", Width: 18}, {Title: "Hoort bij", Width: 10}, {Title: "Titel", Width: 60},
		{Title: GroupLabel(fw), Width: 22}, {Title: "Van toepassing", Width: 10}, {Title: "Onderbouwing", Width: 40},
		{Title: "Eigenaar", Width: 28}, {Title: "Status", Width: 18}, {Title: "Opzet", Width: 10}, {Title: "Bestaan", Width: 10},
		{Title: "Werking", Width: 10}, {Title: "Volwassenheid", Width: 9}, {Title: "Toelichting", Width: 50},
		{Title: "Laatste beoordeling", Width: 12}, {Title: "Volgende beoordeling", Width: 12}, {Title: "Te beoordelen", Width: 10},
		{Title: "Aantal bewijsstukken", Width: 10}, {Title: "Hygiëne", Width: 30},
	}
}

// Positions (1-based) of the date columns in controlColumns.
const (
	colLastReview = 15
	colNextReview = 16
)

// VVTWorkbook is the Verklaring van Toepasselijkheid: the sheet
// report.SheetVVT with a header row and one row per control and measure.
// The caller closes the file.
func VVTWorkbook(org string, fw Framework, controls []Control) (*excelize.File, error) {
	b := report.NewWorkbook()
	// The only clock read of the exports: the document's creation date in
	// the file properties (the sheet itself depends on the input alone).
	b.Properties("Verklaring van Toepasselijkheid "+fw.Code+" – "+org, fw.Name+" "+fw.Version, time.Now())
	controlSheet(b.Sheet(report.SheetVVT), fw, controls, nil)
	return b.File()
}

// GapWorkbook is the GAP analysis: the sheet report.SheetGap with a row per
// theme or chapter and the total, and the sheet report.SheetControls with
// the rows of the VvT plus whether each is at the ambition and overdue for
// review. notes (the active filters, say) are written under the summary.
// The caller closes the file.
func GapWorkbook(org string, fw Framework, ambition Ambition, groups []GroupSummary, total GroupSummary,
	controls []Control, generated time.Time, notes ...string) (*excelize.File, error) {
	b := report.NewWorkbook()
	b.Properties("GAP-analyse "+fw.Code+" – "+org, fw.Name+" "+fw.Version, generated)
	summarySheet(b.Sheet(report.SheetGap), fw, ambition, groups, total, generated, notes)
	controlSheet(b.Sheet(report.SheetControls), fw, controls, &gapExtra{ambition.TargetMaturity, generated})
	return b.File()
}

// gapExtra adds the GAP columns to the rows of the control sheet.
type gapExtra struct {
	target int
	today  time.Time
}

func controlSheet(s *report.Sheet, fw Framework, controls []Control, extra *gapExtra) {
	cols := controlColumns(fw)
	if extra != nil {
		cols = append(cols, report.Column{Title: "Op ambitieniveau", Width: 10}, report.Column{Title: "Herbeoordeling te laat", Width: 12})
	} else {
		// The stored version (0: untouched) makes the VvT the file of the
		// spreadsheet round trip: the import detects rows changed since.
		cols = append(cols, report.Column{Title: "Versie", Width: 7})
	}
	last := len(controls) + 1
	s.Table(cols, last, report.FreezeHeaderAndFirstColumn)
	for i, c := range controls {
		row := i + 2
		s.Text(1, row, c.Number)
		s.Text(2, row, KindLabel(c.Kind))
		s.Text(3, row, c.ParentNumber)
		s.Text(4, row, c.Title)
		s.Text(5, row, groupName(c))
		s.Text(6, row, report.YesNo(c.Applicable))
		s.Text(7, row, c.Justification)
		s.Text(8, row, c.OwnerDeptName)
		s.Text(9, row, c.Status.Label())
		s.Text(10, row, c.Opzet.Label())
		s.Text(11, row, c.Bestaan.Label())
		s.Text(12, row, c.Werking.Label())
		if c.Maturity > 0 {
			s.Int(13, row, c.Maturity)
		}
		s.Text(14, row, c.Notes)
		s.Date(colLastReview, row, c.LastReview)
		s.Date(colNextReview, row, c.NextReview)
		s.Text(17, row, report.YesNo(c.NeedsReview))
		s.Int(18, row, c.EvidenceCount)
		s.Text(19, row, HygieneText(c.Hygiene))
		if extra != nil {
			s.Text(20, row, atAmbition(c, extra.target))
			s.Text(21, row, report.YesNo(counted(c) && c.ReviewOverdue(extra.today)))
		} else {
			s.Int(20, row, c.Version)
		}
	}
	if len(controls) > 0 {
		s.Style(colLastReview, 2, colNextReview, last, report.StyleDate)
	}
}

func groupName(c Control) string {
	if c.GroupTitle == "" {
		return c.GroupNumber
	}
	return c.GroupNumber + " " + c.GroupTitle
}

// atAmbition says whether an item reaches the target maturity: "Ja", "Nee",
// or "" when it does not count, has no level or there is no ambition.
func atAmbition(c Control, target int) string {
	if target == 0 || !counted(c) || c.Maturity == 0 {
		return ""
	}
	return report.YesNo(c.Maturity >= target)
}

func summarySheet(s *report.Sheet, fw Framework, ambition Ambition, groups []GroupSummary, total GroupSummary, generated time.Time, notes []string) {
	cols := []report.Column{
		{Title: "Nummer", Width: 9}, {Title: GroupLabel(fw), Width: 28}, {Title: "Van toepassing", Width: 11},
		{Title: "Geïmplementeerd", Width: 11}, {Title: "Geïmplementeerd %", Width: 11}, {Title: "Met bewijs", Width: 11},
		{Title: "Met bewijs %", Width: 11}, {Title: "Volwassenheid bepaald", Width: 12}, {Title: "Gem. volwassenheid", Width: 12},
		{Title: "Niveau 1", Width: 8}, {Title: "Niveau 2", Width: 8}, {Title: "Niveau 3", Width: 8}, {Title: "Niveau 4", Width: 8},
		{Title: "Niveau 5", Width: 8}, {Title: "Op ambitieniveau", Width: 11}, {Title: "Zonder eigenaar", Width: 11},
		{Title: "Herbeoordeling te laat", Width: 13}, {Title: "Te beoordelen", Width: 11},
	}
	last := len(groups) + 1
	s.Table(cols, last, report.FreezeHeaderAndFirstColumn)
	write := func(row int, g GroupSummary) {
		s.Text(1, row, g.Number)
		s.Text(2, row, g.Title)
		s.Int(3, row, g.Applicable)
		s.Int(4, row, g.Implemented)
		s.Float(5, row, float64(g.ImplementedShare())/100)
		s.Int(6, row, g.WithEvidence)
		s.Float(7, row, float64(g.EvidenceShare())/100)
		s.Int(8, row, g.Assessed)
		if g.Assessed > 0 {
			s.Float(9, row, g.AverageMaturity())
		}
		for level := 1; level <= 5; level++ {
			s.Int(9+level, row, g.Distribution[level])
		}
		if ambition.TargetMaturity > 0 {
			s.Int(15, row, g.AtAmbition)
		}
		s.Int(16, row, g.NoOwner)
		s.Int(17, row, g.Overdue)
		s.Int(18, row, g.NeedsReview)
	}
	for i, g := range groups {
		write(i+2, g)
	}
	// The total stays out of the autofilter range, so sorting the themes
	// does not move it.
	totalRow := last + 1
	write(totalRow, total)
	s.Style(1, totalRow, len(cols), totalRow, report.StyleBold)
	s.Style(5, 2, 5, totalRow, report.StylePercent)
	s.Style(7, 2, 7, totalRow, report.StylePercent)
	s.Style(9, 2, 9, totalRow, report.StyleOneDecimal)
	// Bold and the number formats of the total row combined.
	s.Style(5, totalRow, 5, totalRow, report.StyleBoldPercent)
	s.Style(7, totalRow, 7, totalRow, report.StyleBoldPercent)
	s.Style(9, totalRow, 9, totalRow, report.StyleBoldDecimal)

	row := totalRow + 2
	lines := []string{
		"GAP-analyse " + fw.Name + " " + fw.Version,
		AmbitionText(ambition),
		"Gegenereerd op " + report.Local(generated).Format("02-01-2006 15:04") + ".",
		"Alleen maatregelen die van toepassing zijn tellen mee; ‘Op ambitieniveau’ telt de maatregelen met een volwassenheid op of boven het doelniveau.",
	}
	for _, l := range append(lines, notes...) {
		s.Text(1, row, l)
		row++
	}
}
