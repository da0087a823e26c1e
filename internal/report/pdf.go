package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/baken-nl/baken/internal/compliance"
)

// ContentTypePDF is the media type of the PDF report.
const ContentTypePDF = "application/pdf"

// newPDF starts an A4 report ("P" portrait, "L" landscape) with metadata, a
// footer with title, date and page numbers, and the title block with notes.
func newPDF(orientation, title string, fw compliance.Framework, generated time.Time, notes []string) (*pdfDoc, *fpdf.Fpdf) {
	pdf := fpdf.New(orientation, "mm", "A4", "")
	d := &pdfDoc{pdf: pdf}
	local := Local(generated)

	pdf.SetTitle(title, true)
	pdf.SetAuthor("Baken", true)
	pdf.SetCreator("Baken", true)
	pdf.SetSubject(fw.Name+" "+fw.Version, true)
	pdf.SetLang("nl-NL")
	pdf.SetCreationDate(generated)
	pdf.SetModificationDate(generated)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, 18)
	pdf.AliasNbPages("")
	addFonts(pdf)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont(fontFamily, "", 8)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(0, 5, printable(title+" – "+local.Format("02-01-2006")), "", 0, "L", false, 0, "")
		pdf.CellFormat(0, 5, "Pagina "+strconv.Itoa(pdf.PageNo())+" van {nb}", "", 0, "R", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()

	pdf.SetFont(fontFamily, "B", 16)
	d.paragraph(title, 7)
	pdf.SetFont(fontFamily, "", 10)
	d.paragraph(fw.Name+" (versie "+fw.Version+") · gegenereerd op "+local.Format("02-01-2006 15:04"), 5)
	for _, n := range notes {
		d.paragraph(n, 5)
	}
	return d, pdf
}

// GapPDF writes the GAP analysis for the directie: A4, the ambition, the
// summary per theme or chapter with the total, and the lists of controls
// without owner and overdue for review. notes (the active filters, say) are
// printed under the title.
func GapPDF(w io.Writer, org string, fw compliance.Framework, ambition compliance.Ambition, groups []compliance.GroupSummary, total compliance.GroupSummary,
	noOwner, overdue []compliance.Control, generated time.Time, notes ...string) error {
	d, pdf := newPDF("P", "GAP-analyse "+fw.Code+" – "+org, fw, generated, notes)
	pdf.Ln(3)
	pdf.SetFont(fontFamily, "B", 11)
	d.paragraph(AmbitionText(ambition), 6)
	pdf.SetFont(fontFamily, "", 10)
	if total.Applicable > 0 {
		s := fmt.Sprintf("Van de %d maatregelen die van toepassing zijn, is %d%% geïmplementeerd en heeft %d%% bewijs.",
			total.Applicable, total.ImplementedShare(), total.EvidenceShare())
		if total.Assessed > 0 {
			s += " De gemiddelde volwassenheid is " + Decimal(total.AverageMaturity())
			if ambition.TargetMaturity > 0 {
				s += fmt.Sprintf("; %d van de %d beoordeelde maatregelen halen het ambitieniveau", total.AtAmbition, total.Assessed)
			}
			s += "."
		}
		s += " " + count(total.NoOwner, "maatregel heeft", "maatregelen hebben") + " geen eigenaar; bij " +
			count(total.Overdue, "maatregel", "maatregelen") + " is de herbeoordeling te laat."
		d.paragraph(s, 5)
	} else {
		d.paragraph("Geen maatregelen van toepassing met deze selectie.", 5)
	}

	pdf.Ln(4)
	d.heading("Per " + strings.ToLower(GroupLabel(fw)))
	if len(groups) == 0 {
		pdf.SetFont(fontFamily, "", 10)
		d.paragraph("Geen maatregelen in deze selectie.", 5)
	} else {
		d.summary(fw, ambition, groups, total)
	}

	d.controlList("Maatregelen zonder eigenaar", noOwner, false)
	d.controlList("Herbeoordeling te laat", overdue, true)

	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("gap pdf: %w", err)
	}
	return nil
}

// summary draws the table per theme or chapter with the total.
func (d *pdfDoc) summary(fw compliance.Framework, ambition compliance.Ambition, groups []compliance.GroupSummary, total compliance.GroupSummary) {
	pdf := d.pdf
	cols := summaryCols(fw)
	d.width = 0
	for _, col := range cols {
		d.width += col.width
	}
	d.header(cols)
	row := func(g compliance.GroupSummary, bold bool) {
		name := strings.TrimSpace(g.Number + " " + g.Title)
		avg := "–"
		if g.Assessed > 0 {
			avg = Decimal(g.AverageMaturity())
		}
		dist := make([]string, 5)
		for level := 1; level <= 5; level++ {
			dist[level-1] = strconv.Itoa(g.Distribution[level])
		}
		atAmbition := "–"
		if ambition.TargetMaturity > 0 {
			atAmbition = strconv.Itoa(g.AtAmbition)
		}
		d.row(cols, []string{name, strconv.Itoa(g.Applicable), strconv.Itoa(g.ImplementedShare()) + "%", strconv.Itoa(g.EvidenceShare()) + "%",
			avg, strings.Join(dist, " / "), atAmbition, strconv.Itoa(g.NoOwner), strconv.Itoa(g.Overdue), strconv.Itoa(g.NeedsReview)},
			bold, map[int]int{2: g.ImplementedShare(), 3: g.EvidenceShare()})
	}
	for _, g := range groups {
		row(g, false)
	}
	row(total, true)
	pdf.SetFont(fontFamily, "", 8)
	pdf.Ln(1)
	d.paragraph("Alleen maatregelen die van toepassing zijn tellen mee. Volwassenheid volgens het NBA-LIO/NOREA-model; "+
		"de verdeling telt de maatregelen per niveau 1 / 2 / 3 / 4 / 5. ‘Op ambitieniveau’: volwassenheid op of boven het doelniveau. "+
		"‘Te beoordelen’: een wijziging door de afdeling die de CISO nog moet beoordelen.", 4)
}

// summaryCols are the columns of the summary per theme or chapter, 180 mm:
// each header line and value fits its column in the embedded font (see
// TestColumnsFitTheFont).
func summaryCols(fw compliance.Framework) []pdfCol {
	return []pdfCol{
		{GroupLabel(fw), 30, "L"}, {"Van toe-passing", 16, "R"}, {"Geïmple-menteerd", 18, "R"}, {"Met bewijs", 13, "R"},
		{"Gem. volwas-senheid", 15, "R"}, {"Verdeling niveau 1–5", 24, "C"}, {"Op ambitie-niveau", 16, "R"},
		{"Zonder eigenaar", 17, "R"}, {"Herbeoor-deling te laat", 18, "R"}, {"Te beoor-delen", 13, "R"},
	}
}

// pdfDoc wraps the document with the table drawing. Text goes through
// printable before it reaches fpdf.
type pdfDoc struct {
	pdf   *fpdf.Fpdf
	width float64 // of the current table
}

type pdfCol struct {
	title string // a hyphen inside a word marks where the header may break
	width float64
	align string
}

const (
	margin = 15.0 // mm
	lineH  = 4.2
)

func (d *pdfDoc) paragraph(s string, h float64) {
	d.pdf.MultiCell(0, h, printable(s), "", "L", false)
}

func (d *pdfDoc) heading(s string) {
	d.pdf.SetFont(fontFamily, "B", 12)
	d.pdf.CellFormat(0, 8, printable(s), "", 1, "L", false, 0, "")
}

// wrap splits s into lines that fit width w in the current font; the lines
// are printable.
func (d *pdfDoc) wrap(s string, w float64) []string {
	s = printable(s)
	w -= 2 * d.pdf.GetCellMargin()
	fits := func(t string) bool { return d.pdf.GetStringWidth(t) <= w }
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case fits(line + " " + word):
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
		// A single word wider than the column is cut.
		for !fits(line) && len([]rune(line)) > 1 {
			r := []rune(line)
			n := len(r) - 1
			for n > 1 && !fits(string(r[:n])) {
				n--
			}
			lines = append(lines, string(r[:n]))
			line = string(r[n:])
		}
	}
	return append(lines, line)
}

// header draws the header row of a table.
func (d *pdfDoc) header(cols []pdfCol) {
	pdf := d.pdf
	pdf.SetFont(fontFamily, "B", 8)
	pdf.SetFillColor(221, 228, 238)
	cells := make([][]string, len(cols))
	n := 1
	for i, c := range cols {
		cells[i] = d.headerLines(c.title, c.width)
		n = max(n, len(cells[i]))
	}
	h := float64(n)*lineH + 1
	d.breakFor(h+lineH+1, nil) // the header and at least one row
	x, y := pdf.GetXY()
	for i, c := range cols {
		pdf.Rect(x, y, c.width, h, "F")
		for j, l := range cells[i] {
			pdf.SetXY(x, y+0.5+float64(j)*lineH)
			pdf.CellFormat(c.width, lineH, l, "", 0, c.align, false, 0, "")
		}
		x += c.width
	}
	pdf.SetXY(margin, y+h)
	pdf.Line(margin, y+h, margin+d.width, y+h)
}

// headerLines breaks a header at spaces and at the hyphens that mark a
// possible break; a hyphen not used as a break disappears. The lines are
// printable.
func (d *pdfDoc) headerLines(title string, w float64) []string {
	title = printable(title)
	w -= 2 * d.pdf.GetCellMargin()
	fits := func(t string) bool { return d.pdf.GetStringWidth(t) <= w }
	// Pieces: words, with soft hyphen points inside.
	var lines []string
	line := ""
	for _, word := range strings.Fields(title) {
		parts := strings.Split(word, "-")
		for i := 0; i < len(parts); i++ {
			p := parts[i]
			sep := " "
			if i > 0 {
				sep = ""
			}
			switch {
			case line == "":
				line = p
			case fits(line + sep + p):
				line += sep + p
			default:
				if i > 0 {
					line += "-"
				}
				lines = append(lines, line)
				line = p
			}
		}
	}
	return append(lines, line)
}

// breakFor starts a new page when h does not fit any more, and repeats the
// table header there.
func (d *pdfDoc) breakFor(h float64, cols []pdfCol) {
	_, pageH := d.pdf.GetPageSize()
	_, bottom := d.pdf.GetAutoPageBreak()
	if d.pdf.GetY()+h > pageH-bottom {
		d.pdf.AddPage()
		if cols != nil {
			d.header(cols)
		}
	}
}

// row draws a table row; cells wrap. bars maps a column to a percentage
// drawn as a light bar behind the value.
func (d *pdfDoc) row(cols []pdfCol, values []string, bold bool, bars map[int]int) {
	pdf := d.pdf
	style := ""
	if bold {
		style = "B"
	}
	pdf.SetFont(fontFamily, style, 8)
	cells := make([][]string, len(cols))
	n := 1
	for i, c := range cols {
		cells[i] = d.wrap(values[i], c.width)
		n = max(n, len(cells[i]))
	}
	h := float64(n)*lineH + 1
	d.breakFor(h, cols)
	pdf.SetFont(fontFamily, style, 8)
	x, y := pdf.GetXY()
	for i, c := range cols {
		if pct, ok := bars[i]; ok && pct > 0 {
			pdf.SetFillColor(198, 219, 239)
			pdf.Rect(x+0.5, y+0.5, (c.width-1)*float64(min(pct, 100))/100, h-1, "F")
		}
		for j, l := range cells[i] {
			pdf.SetXY(x, y+0.5+float64(j)*lineH)
			pdf.CellFormat(c.width, lineH, l, "", 0, c.align, false, 0, "")
		}
		x += c.width
	}
	if bold {
		pdf.Line(margin, y, margin+d.width, y)
	}
	pdf.SetDrawColor(200, 200, 200)
	pdf.Line(margin, y+h, margin+d.width, y+h)
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetXY(margin, y+h)
}

// controlList draws one of the two lists of controls that need attention.
func (d *pdfDoc) controlList(title string, controls []compliance.Control, review bool) {
	d.pdf.Ln(6)
	d.breakFor(8+3*lineH, nil)
	d.heading(title + " (" + strconv.Itoa(len(controls)) + ")")
	if len(controls) == 0 {
		d.pdf.SetFont(fontFamily, "", 10)
		d.paragraph("Geen.", 5)
		return
	}
	cols := listCols(review)
	d.width = 0
	for _, c := range cols {
		d.width += c.width
	}
	d.header(cols)
	for _, c := range controls {
		values := []string{c.Number, c.Title, c.Status.Label()}
		if review {
			owner := c.OwnerDeptName
			if owner == "" {
				owner = "–"
			}
			values = []string{c.Number, c.Title, owner, c.Status.Label(), Date(c.NextReview)}
		}
		d.row(cols, values, false, nil)
	}
}

// listCols are the columns of a list of controls that need attention, 180
// mm. Without owner: the status says how far it got; overdue: who must
// review it.
func listCols(review bool) []pdfCol {
	if review {
		return []pdfCol{{"Nummer", 18, "L"}, {"Maatregel", 69, "L"}, {"Eigenaar", 43, "L"}, {"Status", 28, "L"}, {"Volgende beoordeling", 22, "R"}}
	}
	return []pdfCol{{"Nummer", 18, "L"}, {"Maatregel", 132, "L"}, {"Status", 30, "L"}}
}

// count writes n with the singular or plural phrase.
func count(n int, one, more string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + more
}
