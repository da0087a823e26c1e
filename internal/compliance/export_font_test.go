package compliance_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/report/reporttest"
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
	if err := compliance.VVTPDF(&vvt, org, bio2, controls, nil, today, notes...); err != nil {
		t.Fatal(err)
	}
	groups, total := compliance.Summarise(controls, 3, today)
	noOwner, overdue := compliance.Attention(controls, today)
	if err := compliance.GapPDF(&gap, org, bio2, compliance.Ambition{TargetMaturity: 3}, groups, total, noOwner, overdue, today, notes...); err != nil {
		t.Fatal(err)
	}

	for name, b := range map[string][]byte{"vvt": vvt.Bytes(), "gap": gap.Bytes()} {
		if os.Getenv("BAKEN_PDF_OUT") != "" { // to look at: BAKEN_PDF_OUT=/tmp go test -run Typed
			_ = os.WriteFile(os.Getenv("BAKEN_PDF_OUT")+"/"+name+".pdf", b, 0o644)
		}
		doc := reporttest.Parse(t, b)
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

		text := doc.Text()
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
				if !doc.HasGlyph(r) {
					t.Errorf("%s: no glyph for %q (%U) in the embedded font", name, r, r)
				}
			}
		}
	}
}
