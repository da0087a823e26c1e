package report

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// The PDFs embed DejaVu Sans (regular and bold), a UTF-8 TrueType font, so
// every name prints as typed (Łukasz, Şükrü, Őrs, €, —). fpdf embeds only the
// glyphs a document uses. The files are vendored by scripts/vendor.sh from the
// npm package dejavu-fonts-ttf; fonts/LICENSE.txt is their licence.
const fontFamily = "DejaVuSans"

var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

// addFonts registers the embedded font in pdf for the styles the reports use:
// "" and "B".
func addFonts(pdf *fpdf.Fpdf) {
	pdf.AddUTF8FontFromBytes(fontFamily, "", fontRegular)
	pdf.AddUTF8FontFromBytes(fontFamily, "B", fontBold)
}

// replacement is printed for a character the font has no glyph for.
const replacement = '\uFFFD'

// covered tells per character of the Basic Multilingual Plane whether both
// the regular and the bold font have a glyph for it. fpdf's UTF-8 support is
// limited to that plane (its width table has 65,536 entries).
var covered = sync.OnceValue(func() []bool {
	have := make([]bool, 0x10000)
	for i, b := range [][]byte{fontRegular, fontBold} {
		f, err := sfnt.Parse(b)
		if err != nil {
			panic("report: embedded font: " + err.Error())
		}
		var buf sfnt.Buffer
		for r := range have {
			if i > 0 && !have[r] {
				continue
			}
			g, err := f.GlyphIndex(&buf, rune(r))
			have[r] = err == nil && g != 0
		}
	}
	return have
})

// printable prepares s for the PDF: composed (NFC) so that a letter with a
// separate accent uses the font's own glyph, line breaks kept, other control
// characters as spaces, and characters the font cannot show (emoji, CJK) as
// U+FFFD.
func printable(s string) string {
	s = norm.NFC.String(s)
	have := covered()
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case unicode.IsControl(r):
			return ' '
		case int(r) < len(have) && have[r]:
			return r
		default:
			return replacement
		}
	}, s)
}
