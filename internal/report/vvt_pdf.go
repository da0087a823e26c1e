package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/compliance"
)

// VVTPDF writes the Verklaring van Toepasselijkheid for the directie: A4
// landscape, a summary line and a table per theme or chapter with number,
// title, whether it applies, the justification when it does not, owner,
// status and maturity. notes (the active filters, say) are printed under the
// title.
func VVTPDF(w io.Writer, org string, fw compliance.Framework, controls []compliance.Control, generated time.Time, notes ...string) error {
	d, pdf := newPDF("L", "Verklaring van Toepasselijkheid "+fw.Code+" – "+org, fw, generated, notes)
	pdf.Ln(3)
	pdf.SetFont("Helvetica", "B", 11)
	d.paragraph(vvtSummary(controls), 6)
	pdf.Ln(3)

	if len(controls) == 0 {
		pdf.SetFont("Helvetica", "", 10)
		d.paragraph("Geen maatregelen in deze selectie.", 5)
	} else {
		t := newVVTTable(d)
		for _, g := range vvtGroups(controls) {
			t.group(GroupLabel(fw) + " " + groupName(g[0]))
			for _, c := range g {
				t.row(vvtValues(c))
			}
		}
		pdf.Ln(2)
		pdf.SetFont("Helvetica", "", 8)
		d.breakFor(3*4, nil)
		d.paragraph("De onderbouwing staat bij de maatregelen die niet van toepassing zijn. Volwassenheid volgens het NBA-LIO/NOREA-model.", 4)
	}

	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("vvt pdf: %w", err)
	}
	return nil
}

// vvtSummary counts the controls and measures and how many apply.
func vvtSummary(controls []compliance.Control) string {
	applicable := 0
	for _, c := range controls {
		if c.Applicable {
			applicable++
		}
	}
	return count(len(controls), "maatregel", "maatregelen") + ", waarvan " + strconv.Itoa(applicable) + " van toepassing en " +
		strconv.Itoa(len(controls)-applicable) + " niet van toepassing."
}

// vvtGroups splits the controls per theme or chapter, in the order in which
// the groups first appear, keeping the order within each group.
func vvtGroups(controls []compliance.Control) [][]compliance.Control {
	var groups [][]compliance.Control
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
func vvtValues(c compliance.Control) []string {
	justification, owner, maturity := "", c.OwnerDeptName, "–"
	if !c.Applicable {
		justification = strings.TrimSpace(c.Justification)
		if justification == "" {
			justification = "–"
		}
	} else if c.Maturity > 0 {
		maturity = compliance.MaturityLabel(c.Maturity)
	} else {
		maturity = "Niet bepaald"
	}
	if owner == "" {
		owner = "–"
	}
	return []string{c.Number, c.Title, YesNo(c.Applicable), justification, owner, c.Status.Label(), maturity}
}

// groupRowH is the height of the heading row of a theme or chapter.
const groupRowH = 6.0

// vvtTable draws the table of the VvT: rows whose cells wrap and stay
// aligned, the header repeated on every page and the heading of the group
// repeated when a group continues on a new page.
type vvtTable struct {
	*pdfDoc
	cols    []pdfCol
	heading string // of the current group
	perPage int    // text lines a row can use on a fresh page
}

func newVVTTable(d *pdfDoc) *vvtTable {
	t := &vvtTable{pdfDoc: d, cols: []pdfCol{
		{"Nummer", 18, "L"}, {"Maatregel", 80, "L"}, {"Van toe-passing", 15, "L"}, {"Onderbouwing", 66, "L"},
		{"Eigenaar", 34, "L"}, {"Status", 26, "L"}, {"Volwas-senheid", 28, "L"},
	}}
	t.width = 0
	for _, c := range t.cols {
		t.width += c.width
	}
	// A fresh page holds the top margin, the header and a continued group heading.
	t.pdf.SetFont("Helvetica", "B", 8)
	n := 1
	for _, c := range t.cols {
		n = max(n, len(t.headerLines(c.title, c.width)))
	}
	_, pageH := t.pdf.GetPageSize()
	_, bottom := t.pdf.GetAutoPageBreak()
	t.perPage = max(1, int(math.Floor((pageH-bottom-margin-(float64(n)*lineH+1)-groupRowH-1)/lineH+1e-9)))
	t.header(t.cols)
	return t
}

// linesLeft is the number of text lines a row can still use on this page.
func (t *vvtTable) linesLeft() int {
	_, pageH := t.pdf.GetPageSize()
	_, bottom := t.pdf.GetAutoPageBreak()
	return int(math.Floor((pageH-bottom-t.pdf.GetY()-1)/lineH + 1e-9))
}

// newPage starts a page with the header and, within a group, its heading.
func (t *vvtTable) newPage() {
	t.pdf.AddPage()
	t.header(t.cols)
	if t.heading != "" {
		t.headingRow(t.heading + " (vervolg)")
	}
}

// group starts a theme or chapter; the heading and the first lines of a
// row stay together.
func (t *vvtTable) group(heading string) {
	t.heading = ""
	_, pageH := t.pdf.GetPageSize()
	_, bottom := t.pdf.GetAutoPageBreak()
	if t.pdf.GetY()+groupRowH+2*lineH+1 > pageH-bottom {
		t.newPage()
	}
	t.heading = heading
	t.headingRow(heading)
}

func (t *vvtTable) headingRow(s string) {
	pdf := t.pdf
	pdf.SetFont("Helvetica", "B", 9)
	pdf.SetFillColor(240, 240, 240)
	x, y := margin, pdf.GetY()
	pdf.Rect(x, y, t.width, groupRowH, "F")
	pdf.SetXY(x, y)
	pdf.CellFormat(t.width, groupRowH, t.tr(s), "", 0, "L", false, 0, "")
	pdf.SetXY(margin, y+groupRowH)
}

// row draws one control. The cells are wrapped first, so the row height is
// known: a row that does not fit moves to the next page as a whole; only a
// row taller than a page is continued on the next.
func (t *vvtTable) row(values []string) {
	pdf := t.pdf
	pdf.SetFont("Helvetica", "", 8)
	cells := make([][]string, len(t.cols))
	n := 1
	for i, c := range t.cols {
		cells[i] = t.split(values[i], c.width)
		n = max(n, len(cells[i]))
	}
	fresh := false
	for start := 0; start < n; {
		left := t.linesLeft()
		rest := n - start
		if !fresh && rest > left && (left < 1 || (start == 0 && n <= t.perPage)) {
			t.newPage()
			fresh = true
			continue
		}
		k := max(1, min(rest, left))
		pdf.SetFont("Helvetica", "", 8)
		x, y := margin, pdf.GetY()
		for i, c := range t.cols {
			for j := start; j < start+k && j < len(cells[i]); j++ {
				pdf.SetXY(x, y+0.5+float64(j-start)*lineH)
				pdf.CellFormat(c.width, lineH, cells[i][j], "", 0, c.align, false, 0, "")
			}
			x += c.width
		}
		h := float64(k)*lineH + 1
		pdf.SetDrawColor(200, 200, 200)
		pdf.Line(margin, y+h, margin+t.width, y+h)
		pdf.SetDrawColor(0, 0, 0)
		pdf.SetXY(margin, y+h)
		start += k
		fresh = false
	}
}

// split wraps s to width w in the current font with fpdf's SplitText and
// returns the lines in cp1252, ready for CellFormat. SplitText measures a
// rune by its index in the font's width table, so it gets the cp1252 bytes
// as runes 0–255 and its lines are turned back into bytes.
func (d *pdfDoc) split(s string, w float64) []string {
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\t", " ").Replace(strings.TrimSpace(s))
	b := d.tr(s)
	r := make([]rune, len(b))
	for i := range len(b) {
		r[i] = rune(b[i])
	}
	var out []string
	for _, l := range d.pdf.SplitText(string(r), w) {
		line := make([]byte, 0, len(l))
		for _, c := range l {
			line = append(line, byte(c)) //nolint:gosec // G115: every rune here is a cp1252 byte widened above
		}
		out = append(out, strings.TrimRight(string(line), " "))
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}
