package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

// ContentTypePDF is the media type of the PDF reports.
const ContentTypePDF = "application/pdf"

// Page sizes and line height, in mm.
const (
	margin = 15.0
	lineH  = 4.2
	// LineHeight is the height of a line of a table row.
	LineHeight = lineH
)

// Orientation of the A4 page.
const (
	Portrait  = "P"
	Landscape = "L"
)

// Setup is what a document starts with: the title block and the metadata.
type Setup struct {
	Orientation string    // Portrait or Landscape
	Title       string    // in bold at the top, in the metadata and in the footer
	Subject     string    // metadata
	Subtitle    string    // the line under the title
	Generated   time.Time // creation date; the footer shows its date in the Netherlands
	Notes       []string  // lines under the subtitle (the active filters, say)
	Footer      string    // in the footer after the title (the framework and its version, say)
}

// Doc is an A4 PDF in the embedded font: paragraphs, headings and tables
// whose rows wrap, with the header repeated on each new page and a footer
// with the title, the date and "Pagina n van m". All text goes through
// printable before it reaches fpdf.
type Doc struct {
	pdf   *fpdf.Fpdf
	width float64 // of the current table
}

// Col is a column of a table. Its Title wraps at spaces only. Align is
// "L", "C" or "R".
type Col struct {
	Title string
	Width float64 // mm
	Align string
}

// NewDoc starts a document with its first page and the title block.
func NewDoc(s Setup) *Doc {
	pdf := fpdf.New(s.Orientation, "mm", "A4", "")
	d := &Doc{pdf: pdf}
	local := Local(s.Generated)

	pdf.SetTitle(s.Title, true)
	pdf.SetAuthor("Baken", true)
	pdf.SetCreator("Baken", true)
	pdf.SetSubject(s.Subject, true)
	pdf.SetLang("nl-NL")
	pdf.SetCreationDate(s.Generated)
	pdf.SetModificationDate(s.Generated)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, 18)
	pdf.AliasNbPages("")
	addFonts(pdf)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont(fontFamily, "", 8)
		pdf.SetTextColor(90, 90, 90)
		footer := s.Title
		if s.Footer != "" {
			footer += " · " + s.Footer
		}
		// The page label keeps its room on the right; a long title is
		// shortened with an ellipsis rather than printed over it.
		page := "Pagina " + strconv.Itoa(pdf.PageNo()) + " van {nb}"
		pageW := pdf.GetStringWidth("Pagina 999 van 999") + 2
		pw, _ := pdf.GetPageSize()
		left, _, right, _ := pdf.GetMargins()
		textW := pw - left - right - pageW - 4
		text := printable(footer + " – " + local.Format("02-01-2006"))
		for pdf.GetStringWidth(text) > textW && text != "" {
			r := []rune(strings.TrimSuffix(text, "…"))
			text = string(r[:len(r)-1]) + "…"
		}
		pdf.CellFormat(textW, 5, text, "", 0, "L", false, 0, "")
		pdf.SetX(pw - right - pageW)
		pdf.CellFormat(pageW, 5, page, "", 0, "R", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()

	pdf.SetFont(fontFamily, "B", 16)
	d.Paragraph(s.Title, 7)
	pdf.SetFont(fontFamily, "", 10)
	d.Paragraph(s.Subtitle, 5)
	for _, n := range s.Notes {
		d.Paragraph(n, 5)
	}
	return d
}

// Output writes the document to w.
func (d *Doc) Output(w io.Writer) error {
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}

// Font sets the font for what follows: style "" or "B", size in points.
func (d *Doc) Font(style string, size float64) { d.pdf.SetFont(fontFamily, style, size) }

// Ln moves down h mm.
func (d *Doc) Ln(h float64) { d.pdf.Ln(h) }

// Paragraph writes s over the full width in the current font, with lines h mm apart.
func (d *Doc) Paragraph(s string, h float64) {
	d.pdf.MultiCell(0, h, printable(s), "", "L", false)
}

// Heading writes s as a section heading.
func (d *Doc) Heading(s string) {
	d.pdf.SetFont(fontFamily, "B", 12)
	d.pdf.CellFormat(0, 8, printable(s), "", 1, "L", false, 0, "")
}

// KeepSpace starts a new page when h mm do not fit on this one any more.
func (d *Doc) KeepSpace(h float64) { d.breakFor(h, nil) }

// Table starts a table: it draws the header row (with at least one row
// under it on the same page).
func (d *Doc) Table(cols []Col) {
	d.width = 0
	for _, c := range cols {
		d.width += c.Width
	}
	d.header(cols)
}

// wrap splits s into lines that fit width w in the current font; the lines
// are printable.
func (d *Doc) wrap(s string, w float64) []string { return d.lines(s, w, true) }

// lines breaks s at spaces to fit width w; with cut, a word wider than w is
// cut over several lines, without it the word stays whole.
func (d *Doc) lines(s string, w float64, cut bool) []string {
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
		for cut && !fits(line) && len([]rune(line)) > 1 {
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
func (d *Doc) header(cols []Col) {
	pdf := d.pdf
	pdf.SetFont(fontFamily, "B", 8)
	pdf.SetFillColor(221, 228, 238)
	cells := make([][]string, len(cols))
	n := 1
	for i, c := range cols {
		cells[i] = d.HeaderLines(c.Title, c.Width)
		n = max(n, len(cells[i]))
	}
	h := float64(n)*lineH + 1
	d.breakFor(h+lineH+1, nil) // the header and at least one row
	x, y := pdf.GetXY()
	for i, c := range cols {
		pdf.Rect(x, y, c.Width, h, "F")
		for j, l := range cells[i] {
			pdf.SetXY(x, y+0.5+float64(j)*lineH)
			pdf.CellFormat(c.Width, lineH, l, "", 0, c.Align, false, 0, "")
		}
		x += c.Width
	}
	pdf.SetXY(margin, y+h)
	pdf.Line(margin, y+h, margin+d.width, y+h)
}

// HeaderLines breaks a header at spaces to fit width w in the current
// font; words are never split (a column must be wide enough for its
// longest word, see TestColumnsFitTheFont). The lines are printable.
func (d *Doc) HeaderLines(title string, w float64) []string { return d.lines(title, w, false) }

// Room is how wide s is in the embedded font (style "" or "B", 8 pt, the
// size of the tables) and how much room a column of width w leaves for it,
// both in mm: for tests that check that column widths fit their contents.
func (d *Doc) Room(style, s string, w float64) (width, room float64) {
	d.pdf.SetFont(fontFamily, style, 8)
	return d.pdf.GetStringWidth(printable(s)), w - 2*d.pdf.GetCellMargin()
}

// breakFor starts a new page when h does not fit any more, and repeats the
// table header there.
func (d *Doc) breakFor(h float64, cols []Col) {
	_, pageH := d.pdf.GetPageSize()
	_, bottom := d.pdf.GetAutoPageBreak()
	if d.pdf.GetY()+h > pageH-bottom {
		d.pdf.AddPage()
		if cols != nil {
			d.header(cols)
		}
	}
}

// Row draws a table row of the table started with Table; cells wrap, and a
// row that does not fit goes to a new page with the header repeated. bars
// maps a column to a percentage drawn as a light bar behind the value.
func (d *Doc) Row(cols []Col, values []string, bold bool, bars map[int]int) {
	pdf := d.pdf
	style := ""
	if bold {
		style = "B"
	}
	pdf.SetFont(fontFamily, style, 8)
	cells := make([][]string, len(cols))
	n := 1
	for i, c := range cols {
		cells[i] = d.wrap(values[i], c.Width)
		n = max(n, len(cells[i]))
	}
	h := float64(n)*lineH + 1
	d.breakFor(h, cols)
	pdf.SetFont(fontFamily, style, 8)
	x, y := pdf.GetXY()
	for i, c := range cols {
		if pct, ok := bars[i]; ok && pct > 0 {
			pdf.SetFillColor(198, 219, 239)
			pdf.Rect(x+0.5, y+0.5, (c.Width-1)*float64(min(pct, 100))/100, h-1, "F")
		}
		for j, l := range cells[i] {
			pdf.SetXY(x, y+0.5+float64(j)*lineH)
			pdf.CellFormat(c.Width, lineH, l, "", 0, c.Align, false, 0, "")
		}
		x += c.Width
	}
	if bold {
		pdf.Line(margin, y, margin+d.width, y)
	}
	pdf.SetDrawColor(200, 200, 200)
	pdf.Line(margin, y+h, margin+d.width, y+h)
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetXY(margin, y+h)
}

// groupRowH is the height of the heading row of a group.
const groupRowH = 6.0

// GroupTable is a table in groups: rows whose cells wrap and stay aligned,
// the header repeated on every page and the heading of the group repeated
// ("(vervolg)") when a group continues on a new page. A row that does not
// fit moves to the next page as a whole; only a row taller than a page is
// continued on the next.
type GroupTable struct {
	*Doc
	cols    []Col
	heading string // of the current group
	perPage int    // text lines a row can use on a fresh page
}

// GroupTable starts a table in groups and draws its header.
func (d *Doc) GroupTable(cols []Col) *GroupTable {
	t := &GroupTable{Doc: d, cols: cols}
	t.width = 0
	for _, c := range t.cols {
		t.width += c.Width
	}
	// A fresh page holds the top margin, the header and a continued group heading.
	t.pdf.SetFont(fontFamily, "B", 8)
	n := 1
	for _, c := range t.cols {
		n = max(n, len(t.HeaderLines(c.Title, c.Width)))
	}
	_, pageH := t.pdf.GetPageSize()
	_, bottom := t.pdf.GetAutoPageBreak()
	t.perPage = max(1, int(math.Floor((pageH-bottom-margin-(float64(n)*lineH+1)-groupRowH-1)/lineH+1e-9)))
	t.header(t.cols)
	return t
}

// linesLeft is the number of text lines a row can still use on this page.
func (t *GroupTable) linesLeft() int {
	_, pageH := t.pdf.GetPageSize()
	_, bottom := t.pdf.GetAutoPageBreak()
	return int(math.Floor((pageH-bottom-t.pdf.GetY()-1)/lineH + 1e-9))
}

// newPage starts a page with the header and, within a group, its heading.
func (t *GroupTable) newPage() {
	t.pdf.AddPage()
	t.header(t.cols)
	if t.heading != "" {
		t.headingRow(t.heading + " (vervolg)")
	}
}

// Group starts a group; the heading and the first lines of a row stay
// together.
func (t *GroupTable) Group(heading string) {
	t.heading = ""
	_, pageH := t.pdf.GetPageSize()
	_, bottom := t.pdf.GetAutoPageBreak()
	if t.pdf.GetY()+groupRowH+2*lineH+1 > pageH-bottom {
		t.newPage()
	}
	t.heading = heading
	t.headingRow(heading)
}

func (t *GroupTable) headingRow(s string) {
	pdf := t.pdf
	pdf.SetFont(fontFamily, "B", 9)
	pdf.SetFillColor(240, 240, 240)
	x, y := margin, pdf.GetY()
	pdf.Rect(x, y, t.width, groupRowH, "F")
	pdf.SetXY(x, y)
	pdf.CellFormat(t.width, groupRowH, printable(s), "", 0, "L", false, 0, "")
	pdf.SetXY(margin, y+groupRowH)
}

// Row draws one row. The cells are wrapped first, so the row height is
// known.
func (t *GroupTable) Row(values []string) {
	pdf := t.pdf
	pdf.SetFont(fontFamily, "", 8)
	cells := make([][]string, len(t.cols))
	n := 1
	for i, c := range t.cols {
		cells[i] = t.split(values[i], c.Width)
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
		pdf.SetFont(fontFamily, "", 8)
		x, y := margin, pdf.GetY()
		for i, c := range t.cols {
			for j := start; j < start+k && j < len(cells[i]); j++ {
				pdf.SetXY(x, y+0.5+float64(j-start)*lineH)
				pdf.CellFormat(c.Width, lineH, cells[i][j], "", 0, c.Align, false, 0, "")
			}
			x += c.Width
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
// returns printable lines, ready for CellFormat. SplitText looks every rune
// up in the font's width table, which printable keeps it within.
func (d *Doc) split(s string, w float64) []string {
	s = printable(strings.NewReplacer("\r\n", "\n", "\r", "\n", "\t", " ").Replace(strings.TrimSpace(s)))
	var out []string
	for _, l := range d.pdf.SplitText(s, w) {
		out = append(out, strings.TrimRight(l, " "))
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

// Count writes n with the singular or plural phrase ("1 maatregel", "3 maatregelen").
func Count(n int, one, more string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + more
}
