package report_test

import (
	"bytes"
	"compress/zlib"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/report"
)

// typed are names and text outside cp1252 that must print as typed.
var typed = []string{"Łukasz Żółć", "Şükrü", "Őrs", "€ 5 — test"}

// TestPDFPrintsNamesAsTyped: the VvT and the GAP analysis embed a UTF-8
// TrueType font, the text they draw decodes (through the font's ToUnicode
// CMap) to the names exactly as typed, in the title, the notes, table cells
// and the footer, and the embedded subset has a glyph for every one of
// their characters. With the core fonts (cp1252, not embedded) every check
// fails. The check is pure Go: no pdftotext needed.
func TestPDFPrintsNamesAsTyped(t *testing.T) {
	t.Parallel()
	controls := sample()
	controls[0].OwnerDeptName = "Łukasz Żółć"
	controls[1].Title = "Maatregel van Őrs"
	controls[1].OwnerDeptName = "Şükrü"
	controls[2].GroupTitle = "Őrs"
	controls[2].Justification = "Kost € 5 — test"
	// Decomposed input (o + combining acute) prints as the composed letter.
	org := "Gemeente Zo\u0301lc\u0301 – Łukasz Żółć"
	notes := []string{"Selectie: Şükrü, Őrs, € 5 — test.", "Emoji 🚀 en 漢 heeft het lettertype niet."}

	var vvt, gap bytes.Buffer
	if err := report.VVTPDF(&vvt, org, bio2, controls, today, notes...); err != nil {
		t.Fatal(err)
	}
	groups, total := compliance.Summarise(controls, 3, today)
	noOwner, overdue := report.Attention(controls, today)
	if err := report.GapPDF(&gap, org, bio2, compliance.Ambition{TargetMaturity: 3}, groups, total, noOwner, overdue, today, notes...); err != nil {
		t.Fatal(err)
	}

	for name, b := range map[string][]byte{"vvt": vvt.Bytes(), "gap": gap.Bytes()} {
		if os.Getenv("BAKEN_PDF_OUT") != "" { // to look at: BAKEN_PDF_OUT=/tmp go test -run Typed
			_ = os.WriteFile(os.Getenv("BAKEN_PDF_OUT")+"/"+name+".pdf", b, 0o644)
		}
		doc := parsePDF(t, b)
		for _, want := range []string{"/Subtype /CIDFontType2", "/Encoding /Identity-H", "/FontFile2", "/ToUnicode", "dejavusans"} {
			if !bytes.Contains(b, []byte(want)) {
				t.Errorf("%s: no %s in the PDF", name, want)
			}
		}
		if bytes.Contains(b, []byte("/Subtype /Type1")) || bytes.Contains(b, []byte("/Helvetica")) {
			t.Errorf("%s: still uses a core font", name)
		}
		if len(b) > 150_000 {
			t.Errorf("%s: %d bytes; the font should be subset", name, len(b))
		}

		text := doc.text()
		for _, s := range append(typed, "Gemeente Zólć – Łukasz Żółć", "Emoji \uFFFD en \uFFFD heeft", "Pagina 1 van 1", "Verklaring van Toepasselijkheid") {
			if name == "gap" && s == "Verklaring van Toepasselijkheid" {
				continue
			}
			if !strings.Contains(text, s) {
				t.Errorf("%s: %q not in the text of the PDF:\n%s", name, s, text)
			}
		}
		// Every character of the names has a glyph in an embedded subset.
		for _, s := range typed {
			for _, r := range s {
				if !doc.hasGlyph(r) {
					t.Errorf("%s: no glyph for %q (%U) in the embedded font", name, r, r)
				}
			}
		}
	}
}

// pdfDoc is what the test reads from a PDF that fpdf wrote: the decoded
// streams, the Unicode of each character code (from the ToUnicode CMaps) and
// the glyph of each character code (from the CIDToGIDMaps).
type pdfDoc struct {
	contents  [][]byte
	toUnicode map[uint16]rune
	gids      [][]byte // CIDToGIDMap: two bytes per character code
}

var (
	streamRe  = regexp.MustCompile(`<<([^<>]*)>>\s*stream\r?\n`)
	lengthRe  = regexp.MustCompile(`/Length (\d+)`)
	bfrangeRe = regexp.MustCompile(`<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>`)
	bfcharRe  = regexp.MustCompile(`(?s)beginbfchar(.*?)endbfchar`)
	pairRe    = regexp.MustCompile(`<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>`)
)

func parsePDF(t *testing.T, b []byte) *pdfDoc {
	t.Helper()
	d := &pdfDoc{toUnicode: map[uint16]rune{}}
	for _, m := range streamRe.FindAllSubmatchIndex(b, -1) {
		dict := b[m[2]:m[3]]
		if bytes.Contains(dict, []byte("/Length1")) {
			continue // the font file itself
		}
		l := lengthRe.FindSubmatch(dict)
		if l == nil {
			t.Fatalf("stream without /Length: %s", dict)
		}
		n, _ := strconv.Atoi(string(l[1]))
		data := b[m[1] : m[1]+n]
		if bytes.Contains(dict, []byte("/FlateDecode")) {
			r, err := zlib.NewReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if data, err = io.ReadAll(r); err != nil {
				t.Fatal(err)
			}
		}
		switch {
		case bytes.Contains(data, []byte("begincmap")):
			for _, r := range bfrangeRe.FindAllSubmatch(data, -1) {
				lo, hi, dst := hex16(r[1]), hex16(r[2]), hex16(r[3])
				for c := int(lo); c <= int(hi); c++ {
					d.toUnicode[uint16(c)] = rune(int(dst) + c - int(lo))
				}
			}
			for _, block := range bfcharRe.FindAllSubmatch(data, -1) {
				for _, p := range pairRe.FindAllSubmatch(block[1], -1) {
					d.toUnicode[hex16(p[1])] = rune(hex16(p[2]))
				}
			}
		case len(data) == 2*0x10000:
			d.gids = append(d.gids, data)
		case bytes.Contains(data, []byte(" Tf")):
			d.contents = append(d.contents, data)
		}
	}
	if len(d.contents) == 0 || len(d.toUnicode) == 0 || len(d.gids) == 0 {
		t.Fatalf("%d page contents, %d ToUnicode entries, %d CIDToGIDMaps", len(d.contents), len(d.toUnicode), len(d.gids))
	}
	return d
}

func hex16(b []byte) uint16 {
	v, _ := strconv.ParseUint(string(b), 16, 16)
	return uint16(v)
}

// text is the text drawn on the pages, one line per Tj, the two-byte
// character codes (Identity-H) turned into Unicode by the ToUnicode CMap.
func (d *pdfDoc) text() string {
	var out strings.Builder
	for _, c := range d.contents {
		for _, s := range tjStrings(c) {
			codes := make([]uint16, 0, len(s)/2)
			for i := 0; i+1 < len(s); i += 2 {
				code := uint16(s[i])<<8 | uint16(s[i+1])
				r, ok := d.toUnicode[code]
				if !ok {
					r = '?'
				}
				codes = append(codes, uint16(r))
			}
			out.WriteString(string(utf16.Decode(codes)))
			out.WriteByte('\n')
		}
	}
	return out.String()
}

// hasGlyph tells whether the character code for r (its code point, as the
// text above shows) maps to a glyph other than .notdef in a CIDToGIDMap.
func (d *pdfDoc) hasGlyph(r rune) bool {
	for code, u := range d.toUnicode {
		if u != r {
			continue
		}
		for _, m := range d.gids {
			if m[2*int(code)] != 0 || m[2*int(code)+1] != 0 {
				return true
			}
		}
	}
	return false
}

// tjStrings returns the literal strings shown with Tj in a content stream.
func tjStrings(c []byte) [][]byte {
	var out [][]byte
	for i := 0; i < len(c); i++ {
		if c[i] != '(' {
			continue
		}
		var s []byte
		depth := 1
		for i++; i < len(c) && depth > 0; i++ {
			switch ch := c[i]; ch {
			case '\\':
				i++
				switch e := c[i]; e {
				case 'n':
					s = append(s, '\n')
				case 'r':
					s = append(s, '\r')
				case 't':
					s = append(s, '\t')
				case 'b':
					s = append(s, '\b')
				case 'f':
					s = append(s, '\f')
				default:
					if e >= '0' && e <= '7' {
						j := i
						for j < len(c) && j < i+3 && c[j] >= '0' && c[j] <= '7' {
							j++
						}
						v, _ := strconv.ParseUint(string(c[i:j]), 8, 8)
						s = append(s, byte(v))
						i = j - 1
					} else {
						s = append(s, e)
					}
				}
			case '(':
				depth++
				s = append(s, ch)
			case ')':
				depth--
				if depth > 0 {
					s = append(s, ch)
				}
			default:
				s = append(s, ch)
			}
		}
		if rest := bytes.TrimLeft(c[i:], " \r\n"); bytes.HasPrefix(rest, []byte("Tj")) {
			out = append(out, s)
		}
		i--
	}
	return out
}
