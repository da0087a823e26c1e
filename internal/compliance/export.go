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
// report.SheetVVT with a header row and one row per control and measure,
// and the annex SheetVVTExceptions with the items that do not apply by a
// risk analysis. The caller closes the file.
func VVTWorkbook(org string, fw Framework, controls []Control, exceptions ...VVTException) (*excelize.File, error) {
	b := report.NewWorkbook()
	// The only clock read of the exports: the document's creation date in
	// the file properties (the sheet itself depends on the input alone).
	b.Properties("Verklaring van Toepasselijkheid "+fw.Code+" – "+org, frameworkVersion(fw), time.Now())
	controlSheet(b.Sheet(report.SheetVVT), fw, controls, nil)
	exceptionSheet(b.Sheet(SheetVVTExceptions), exceptions)
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
	b.Properties("GAP-analyse "+fw.Code+" – "+org, frameworkVersion(fw), generated)
	summarySheet(b.Sheet(report.SheetGap), fw, ambition, groups, total, generated, notes)
	controlSheet(b.Sheet(report.SheetControls), fw, controls, &gapExtra{ambition.TargetMaturity, generated})
	owners, ownerTotal := SummariseByOwner(controls, ambition.TargetMaturity, generated)
	ownerSheet(b.Sheet(report.SheetOwners), ambition, owners, ownerTotal)
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
		s.Texts(1, row, c.Number, KindLabel(c.Kind), c.ParentNumber, c.Title, groupName(c), report.YesNo(c.Applicable),
			c.Justification, c.OwnerDeptName, c.Status.Label(), c.Opzet.Label(), c.Bestaan.Label(), c.Werking.Label())
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

// summaryColumns are the columns of a GAP summary sheet. The first is the
// number of the theme or chapter when numbered, then its name (or the
// afdeling's).
func summaryColumns(name string, numbered bool) []report.Column {
	cols := []report.Column{
		{Title: name, Width: 28}, {Title: "Van toepassing", Width: 11},
		{Title: "Geïmplementeerd", Width: 16}, {Title: "Geïmplementeerd %", Width: 16}, {Title: "Met bewijs", Width: 11},
		{Title: "Met bewijs %", Width: 11}, {Title: "Volwassenheid bepaald", Width: 14}, {Title: "Gem. volwassenheid", Width: 14},
		{Title: "Niveau 1", Width: 8}, {Title: "Niveau 2", Width: 8}, {Title: "Niveau 3", Width: 8}, {Title: "Niveau 4", Width: 8},
		{Title: "Niveau 5", Width: 8}, {Title: "Op ambitieniveau", Width: 11}, {Title: "Zonder eigenaar", Width: 11},
		{Title: "Herbeoordeling te laat", Width: 15}, {Title: "Te beoordelen", Width: 12},
		{Title: "Onder ambitie", Width: 11}, {Title: "Niet van toepassing (niet meegeteld)", Width: 14},
		{Title: "Beheersmaatregelen van toepassing", Width: 20}, {Title: "Beheersmaatregelen geïmplementeerd", Width: 20},
		{Title: "Overheidsmaatregelen van toepassing", Width: 21}, {Title: "Overheidsmaatregelen geïmplementeerd", Width: 21},
	}
	if numbered {
		cols = append([]report.Column{{Title: "Nummer", Width: 9}}, cols...)
	}
	return cols
}

// summaryTable writes rows and the total (bold, outside the autofilter, so
// sorting does not move it) under the header; it returns the total's row.
func summaryTable(s *report.Sheet, cols []report.Column, numbered bool, ambition Ambition, groups []GroupSummary, total GroupSummary) int {
	last := len(groups) + 1
	s.Table(cols, last, report.FreezeHeaderAndFirstColumn)
	off := 0 // the column before the name
	if numbered {
		off = 1
	}
	write := func(row int, g GroupSummary) {
		if numbered {
			s.Text(1, row, g.Number)
		}
		s.Text(off+1, row, g.Title)
		s.Int(off+2, row, g.Applicable)
		s.Int(off+3, row, g.Implemented)
		s.Float(off+4, row, float64(g.ImplementedShare())/100)
		s.Int(off+5, row, g.WithEvidence)
		s.Float(off+6, row, float64(g.EvidenceShare())/100)
		s.Int(off+7, row, g.Assessed)
		if g.Assessed > 0 {
			s.Float(off+8, row, g.AverageMaturity())
		}
		for level := 1; level <= 5; level++ {
			s.Int(off+8+level, row, g.Distribution[level])
		}
		if ambition.TargetMaturity > 0 {
			s.Int(off+14, row, g.AtAmbition)
			s.Int(off+18, row, g.Below)
		}
		s.Int(off+15, row, g.NoOwner)
		s.Int(off+16, row, g.Overdue)
		s.Int(off+17, row, g.NeedsReview)
		s.Int(off+19, row, g.NotApplicable)
		if len(g.Parts) == 2 {
			s.Int(off+20, row, g.Parts[0].Applicable)
			s.Int(off+21, row, g.Parts[0].Implemented)
			s.Int(off+22, row, g.Parts[1].Applicable)
			s.Int(off+23, row, g.Parts[1].Implemented)
		}
	}
	for i, g := range groups {
		write(i+2, g)
	}
	totalRow := last + 1
	write(totalRow, total)
	s.Style(1, totalRow, len(cols), totalRow, report.StyleBold)
	s.Style(off+4, 2, off+4, totalRow, report.StylePercent)
	s.Style(off+6, 2, off+6, totalRow, report.StylePercent)
	s.Style(off+8, 2, off+8, totalRow, report.StyleOneDecimal)
	// Bold and the number formats of the total row combined.
	s.Style(off+4, totalRow, off+4, totalRow, report.StyleBoldPercent)
	s.Style(off+6, totalRow, off+6, totalRow, report.StyleBoldPercent)
	s.Style(off+8, totalRow, off+8, totalRow, report.StyleBoldDecimal)
	return totalRow
}

func summarySheet(s *report.Sheet, fw Framework, ambition Ambition, groups []GroupSummary, total GroupSummary, generated time.Time, notes []string) {
	totalRow := summaryTable(s, summaryColumns(GroupLabel(fw), true), true, ambition, groups, total)
	row := totalRow + 2
	lines := []string{
		"GAP-analyse " + frameworkVersion(fw),
		AmbitionText(ambition),
		"Gegenereerd op " + report.Local(generated).Format("02-01-2006 15:04") + ".",
		"Alleen maatregelen die van toepassing zijn tellen mee; ‘Op ambitieniveau’ telt de maatregelen met een volwassenheid op of boven het doelniveau, " +
			"‘Onder ambitie’ die eronder of zonder bepaalde volwassenheid.",
		RollUpRule,
	}
	for _, l := range append(lines, notes...) {
		s.Text(1, row, l)
		row++
	}
}

// ownerSheet is the GAP per owner afdeling, for the directie.
func ownerSheet(s *report.Sheet, ambition Ambition, owners []GroupSummary, total GroupSummary) {
	summaryTable(s, summaryColumns("Afdeling", false), false, ambition, owners, total)
}

// RollUpRule is the roll-up rule in one Dutch sentence, for the exports.
const RollUpRule = "Optelregel: een beheersmaatregel met overheidsmaatregelen telt pas als geïmplementeerd als hij zelf geïmplementeerd is " +
	"en al zijn overheidsmaatregelen die van toepassing zijn ook; een overheidsmaatregel telt op zijn eigen status."

// frameworkVersion is "BIO2 – … Overheid 2 versie 1.3".
func frameworkVersion(fw Framework) string {
	if fw.Version == "" {
		return fw.Name
	}
	return fw.Name + " versie " + fw.Version
}
