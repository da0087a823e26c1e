package compliance

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/report"
)

// newDoc starts an A4 report with the framework in the metadata and the
// line under the title.
func newDoc(orientation, title string, fw Framework, generated time.Time, notes []string) *report.Doc {
	return report.NewDoc(report.Setup{
		Orientation: orientation, Title: title, Subject: frameworkVersion(fw), Footer: frameworkVersion(fw),
		Subtitle:  fw.Name + " (versie " + fw.Version + ") · gegenereerd op " + report.Local(generated).Format("02-01-2006 15:04"),
		Generated: generated, Notes: notes,
	})
}

// GapPDF writes the GAP analysis for the directie: A4, the ambition, the
// summary per theme or chapter with the total, and the lists of controls
// without owner and overdue for review. notes (the active filters, say) are
// printed under the title.
func GapPDF(w io.Writer, org string, fw Framework, ambition Ambition, groups []GroupSummary, total GroupSummary,
	noOwner, overdue []Control, generated time.Time, notes ...string) error {
	d := newDoc(report.Portrait, "GAP-analyse "+fw.Code+" – "+org, fw, generated, notes)
	d.Ln(3)
	d.Font("B", 11)
	d.Paragraph(AmbitionText(ambition), 6)
	d.Font("", 10)
	if total.Applicable > 0 {
		s := fmt.Sprintf("Van de %d maatregelen die van toepassing zijn, is %d%% geïmplementeerd en heeft %d%% bewijs.",
			total.Applicable, total.ImplementedShare(), total.EvidenceShare())
		if total.Assessed > 0 {
			s += " De gemiddelde volwassenheid is " + report.Decimal(total.AverageMaturity())
			if ambition.TargetMaturity > 0 {
				s += fmt.Sprintf("; %d van de %d beoordeelde maatregelen halen het ambitieniveau", total.AtAmbition, total.Assessed)
			}
			s += "."
		}
		if len(total.Parts) == 2 && total.Parts[1].Items > 0 {
			c, m := total.Parts[0], total.Parts[1]
			s += fmt.Sprintf(" Beheersmaatregelen: %d van %d geïmplementeerd; overheidsmaatregelen: %d van %d.", c.Implemented, c.Applicable, m.Implemented, m.Applicable)
		}
		s += " " + report.Count(total.NoOwner, "maatregel heeft", "maatregelen hebben") + " geen eigenaar; bij " +
			report.Count(total.Overdue, "maatregel", "maatregelen") + " is de herbeoordeling te laat."
		d.Paragraph(s, 5)
	} else {
		d.Paragraph("Geen maatregelen van toepassing met deze selectie.", 5)
	}

	d.Ln(4)
	d.Heading("Per " + strings.ToLower(GroupLabel(fw)))
	if len(groups) == 0 {
		d.Font("", 10)
		d.Paragraph("Geen maatregelen in deze selectie.", 5)
	} else {
		gapSummary(d, fw, ambition, groups, total)
	}

	controlList(d, "Maatregelen zonder eigenaar", noOwner, false)
	controlList(d, "Herbeoordeling te laat", overdue, true)

	if err := d.Output(w); err != nil {
		return fmt.Errorf("gap %w", err)
	}
	return nil
}

// gapSummary draws the table per theme or chapter with the total.
func gapSummary(d *report.Doc, fw Framework, ambition Ambition, groups []GroupSummary, total GroupSummary) {
	cols := summaryCols(fw)
	d.Table(cols)
	row := func(g GroupSummary, bold bool) {
		name := strings.TrimSpace(g.Number + " " + g.Title)
		avg := "–"
		if g.Assessed > 0 {
			avg = report.Decimal(g.AverageMaturity())
		}
		dist := make([]string, 5)
		for level := 1; level <= 5; level++ {
			dist[level-1] = strconv.Itoa(g.Distribution[level])
		}
		atAmbition, below := "–", "–"
		if ambition.TargetMaturity > 0 {
			atAmbition, below = strconv.Itoa(g.AtAmbition), strconv.Itoa(g.Below)
		}
		d.Row(cols, []string{name, strconv.Itoa(g.Applicable), strconv.Itoa(g.ImplementedShare()) + "%", strconv.Itoa(g.EvidenceShare()) + "%",
			avg, strings.Join(dist, " / "), atAmbition, below, strconv.Itoa(g.NoOwner), strconv.Itoa(g.Overdue), strconv.Itoa(g.NeedsReview)},
			bold, map[int]int{2: g.ImplementedShare(), 3: g.EvidenceShare()})
	}
	for _, g := range groups {
		row(g, false)
	}
	row(total, true)
	d.Font("", 8)
	d.Ln(1)
	note := "Alleen maatregelen die van toepassing zijn tellen mee"
	if total.NotApplicable > 0 {
		note += " (" + strconv.Itoa(total.NotApplicable) + " niet van toepassing niet meegeteld)"
	}
	d.Paragraph(note+". ‘Gereed’: aandeel geïmplementeerd volgens de optelregel. Volwassenheid volgens het NBA-LIO/NOREA-model; "+
		"‘Gem. niveau’ is de gemiddelde volwassenheid, de verdeling telt de maatregelen per niveau 1 / 2 / 3 / 4 / 5. "+
		"‘Op ambitie’: volwassenheid op of boven het doelniveau; ‘Onder ambitie’: eronder of niet bepaald. "+
		"‘Te laat’: herbeoordeling te laat. ‘Wacht op CISO’: een wijziging door de afdeling die de CISO nog moet beoordelen. "+RollUpRule, 4)
}

// summaryCols are the columns of the summary per theme or chapter, 180 mm:
// each header line and value fits its column in the embedded font (see
// TestColumnsFitTheFont).
func summaryCols(fw Framework) []report.Col {
	return []report.Col{
		{Title: GroupLabel(fw), Width: 28, Align: "L"}, {Title: "Van toepassing", Width: 19.5, Align: "R"},
		{Title: "Gereed", Width: 13.5, Align: "R"}, {Title: "Met bewijs", Width: 13, Align: "R"},
		{Title: "Gem. niveau", Width: 13, Align: "R"}, {Title: "Verdeling niveau 1–5", Width: 24, Align: "C"},
		{Title: "Op ambitie", Width: 14.5, Align: "R"}, {Title: "Onder ambitie", Width: 14.5, Align: "R"},
		{Title: "Zonder eigenaar", Width: 16, Align: "R"}, {Title: "Te laat", Width: 11, Align: "R"},
		{Title: "Wacht op CISO", Width: 13, Align: "R"},
	}
}

// controlList draws one of the two lists of controls that need attention.
func controlList(d *report.Doc, title string, controls []Control, review bool) {
	d.Ln(6)
	d.KeepSpace(8 + 3*report.LineHeight)
	d.Heading(title + " (" + strconv.Itoa(len(controls)) + ")")
	if len(controls) == 0 {
		d.Font("", 10)
		d.Paragraph("Geen.", 5)
		return
	}
	cols := listCols(review)
	d.Table(cols)
	for _, c := range controls {
		values := []string{c.Number, c.Title, c.Status.Label()}
		if review {
			owner := c.OwnerDeptName
			if owner == "" {
				owner = "–"
			}
			values = []string{c.Number, c.Title, owner, c.Status.Label(), report.Date(c.NextReview)}
		}
		d.Row(cols, values, false, nil)
	}
}

// listCols are the columns of a list of controls that need attention, 180
// mm. Without owner: the status says how far it got; overdue: who must
// review it.
func listCols(review bool) []report.Col {
	if review {
		return []report.Col{{Title: "Nummer", Width: 18, Align: "L"}, {Title: "Maatregel", Width: 69, Align: "L"},
			{Title: "Eigenaar", Width: 43, Align: "L"}, {Title: "Status", Width: 28, Align: "L"}, {Title: "Volgende beoordeling", Width: 22, Align: "R"}}
	}
	return []report.Col{{Title: "Nummer", Width: 18, Align: "L"}, {Title: "Maatregel", Width: 132, Align: "L"}, {Title: "Status", Width: 30, Align: "L"}}
}

// VVTPDF writes the Verklaring van Toepasselijkheid for the directie: A4
// landscape, a summary line and a table per theme or chapter with number,
// title, whether it applies, the justification when it does not, owner,
// status and maturity, then the annex "Uitzonderingen op de VvT" with the
// items that do not apply by a risk analysis. notes (the active filters, say)
// are printed under the title.
func VVTPDF(w io.Writer, org string, fw Framework, controls []Control, exceptions []VVTException, generated time.Time, notes ...string) error {
	d := newDoc(report.Landscape, "Verklaring van Toepasselijkheid "+fw.Code+" – "+org, fw, generated, notes)
	d.Ln(3)
	d.Font("B", 11)
	d.Paragraph(vvtSummary(controls), 6)
	d.Ln(3)

	if len(controls) == 0 {
		d.Font("", 10)
		d.Paragraph("Geen maatregelen in deze selectie.", 5)
	} else {
		t := d.GroupTable(vvtCols())
		for _, g := range vvtGroups(controls) {
			t.Group(GroupLabel(fw) + " " + groupName(g[0]))
			for _, c := range g {
				t.Row(vvtValues(c))
			}
		}
		d.Ln(2)
		d.Font("", 8)
		d.KeepSpace(3 * 4)
		d.Paragraph("De onderbouwing staat bij de maatregelen die niet van toepassing zijn. Volwassenheid volgens het NBA-LIO/NOREA-model.", 4)
	}
	exceptionAnnex(d, exceptions)

	if err := d.Output(w); err != nil {
		return fmt.Errorf("vvt %w", err)
	}
	return nil
}

// exceptionAnnex is the annex of the VvT: every item that does not apply,
// with the risk analysis that justifies it (BIO2: an overheidsmaatregel is
// only left out this way, never by accepting a risk).
func exceptionAnnex(d *report.Doc, ex []VVTException) {
	d.Ln(6)
	d.KeepSpace(30)
	d.Heading("Bijlage: " + SheetVVTExceptions)
	d.Font("", 9)
	if len(ex) == 0 {
		d.Paragraph("Geen maatregelen in deze selectie die op grond van een risicoanalyse niet van toepassing zijn.", 5)
		return
	}
	cols := []report.Col{
		{Title: "Nummer", Width: 18, Align: "L"}, {Title: "Maatregel", Width: 70, Align: "L"}, {Title: "Onderbouwing", Width: 80, Align: "L"},
		{Title: "Risicoanalyse", Width: 60, Align: "L"}, {Title: "Status analyse", Width: 20, Align: "L"}, {Title: "Vastgesteld", Width: 19, Align: "L"},
	}
	d.Table(cols)
	for _, e := range ex {
		established := "–"
		if e.EstablishedAt != nil {
			established = LocalDate(*e.EstablishedAt).Format("02-01-2006")
		}
		d.Row(cols, []string{e.Number, e.Title, e.Justification, e.AnalysisTitle, analysisStatusLabels[e.AnalysisStatus], established}, false, nil)
	}
}

// vvtSummary counts the controls and measures and how many apply.
func vvtSummary(controls []Control) string {
	applicable := 0
	for _, c := range controls {
		if c.Applicable {
			applicable++
		}
	}
	return report.Count(len(controls), "maatregel", "maatregelen") + ", waarvan " + strconv.Itoa(applicable) + " van toepassing en " +
		strconv.Itoa(len(controls)-applicable) + " niet van toepassing."
}

// vvtGroups splits the controls per theme or chapter, in the order in which
// the groups first appear, keeping the order within each group.
func vvtGroups(controls []Control) [][]Control {
	var groups [][]Control
	index := map[string]int{}
	for _, c := range controls {
		key := c.GroupNumber + "\x00" + c.GroupTitle
		i, ok := index[key]
		if !ok {
			i = len(groups)
			index[key] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], c)
	}
	return groups
}

// vvtValues are the cells of one row, in the order of the columns.
func vvtValues(c Control) []string {
	justification, owner, maturity := "", c.OwnerDeptName, "–"
	if !c.Applicable {
		justification = strings.TrimSpace(c.Justification)
		if justification == "" {
			justification = "–"
		}
	} else if c.Maturity > 0 {
		maturity = MaturityLabel(c.Maturity)
	} else {
		maturity = "Niet bepaald"
	}
	if owner == "" {
		owner = "–"
	}
	return []string{c.Number, c.Title, report.YesNo(c.Applicable), justification, owner, c.Status.Label(), maturity}
}

// vvtCols are the columns of the VvT, 267 mm: each header line and each
// word of a status fits its column in the embedded font (see
// TestColumnsFitTheFont).
func vvtCols() []report.Col {
	return []report.Col{
		{Title: "Nummer", Width: 18, Align: "L"}, {Title: "Maatregel", Width: 73, Align: "L"}, {Title: "Van toepassing", Width: 20, Align: "L"},
		{Title: "Onderbouwing", Width: 66, Align: "L"}, {Title: "Eigenaar", Width: 34, Align: "L"}, {Title: "Status", Width: 28, Align: "L"},
		{Title: "Volwassenheid", Width: 28, Align: "L"},
	}
}
