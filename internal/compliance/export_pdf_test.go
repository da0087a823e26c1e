package compliance_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/report/reporttest"
)

func vvtPDF(t *testing.T, controls []compliance.Control, notes ...string) []byte {
	t.Helper()
	return vvtPDFWith(t, controls, nil, notes...)
}

func vvtPDFWith(t *testing.T, controls []compliance.Control, ex []compliance.VVTException, notes ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := compliance.VVTPDF(&buf, "Gemeente Súdwest-Fryslân", bio2, controls, ex, today, notes...); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("no PDF: %q", buf.Bytes()[:min(buf.Len(), 8)])
	}
	return buf.Bytes()
}

func TestVVTPDF(t *testing.T) {
	t.Parallel()
	controls := sample()
	long := strings.Repeat("Wij hebben geen eigen personeel in dienst; de screening valt onder de uitbesteding aan de gemeenschappelijke regeling. ", 3) +
		"\r\nZie ook het contract – met een ë, een ï en tekens buiten cp1252 (≥ 🚀 漢) en een woord dat breder is dan de kolom: " + strings.Repeat("x", 120)
	controls[2].Justification = long

	small := vvtPDF(t, controls, "Selectie: zoekterm ‘beleid’.")
	if n := reporttest.Pages(small); n != 1 {
		t.Errorf("small VvT has %d pages, want 1", n)
	}

	// Enough rows for several pages, so the header repeats and a group
	// continues on the next page.
	for i := range 150 {
		c := compliance.Control{ItemID: int64(100 + i), Kind: "measure", Number: fmt.Sprintf("8.%02d.01", i),
			Title:       "Een lange titel van een overheidsmaatregel die over meer dan één regel doorloopt in de kolom " + strings.Repeat("y", i%40),
			GroupNumber: "8", GroupTitle: "Technologisch", Applicable: i%7 != 0, Status: compliance.NotStarted, Maturity: i % 6}
		if !c.Applicable {
			c.Status, c.Justification = compliance.NotApplicable, long[:200+i]
		}
		controls = append(controls, c)
	}
	big := vvtPDF(t, controls)
	if n := reporttest.Pages(big); n < 5 {
		t.Errorf("VvT of %d rows has %d pages", len(controls), n)
	}

	// A justification longer than a page continues on the next page.
	huge := sample()
	huge[2].Justification = strings.Repeat(long, 8)
	if n := reporttest.Pages(vvtPDF(t, huge)); n < 2 {
		t.Errorf("a row taller than a page gives %d pages", n)
	}

	// Nothing selected still makes a PDF.
	vvtPDF(t, nil)
}

// TestGapPDFFooterAndHeaders: the footer names the framework with
// "versie", and no header splits a word.
func TestGapPDFFooterAndHeaders(t *testing.T) {
	t.Parallel()
	controls := sample()
	groups, total := compliance.Summarise(controls, 3, today)
	noOwner, overdue := compliance.Attention(controls, today)
	var buf bytes.Buffer
	if err := compliance.GapPDF(&buf, "Gemeente Voorbeeld", bio2, compliance.Ambition{TargetMaturity: 3}, groups, total, noOwner, overdue, today); err != nil {
		t.Fatal(err)
	}
	text := reporttest.Parse(t, buf.Bytes()).Text()
	if !strings.Contains(text, bio2.Name+" versie "+bio2.Version+" – ") {
		t.Errorf("footer without %q:\n%s", bio2.Name+" versie "+bio2.Version, text)
	}
	for _, broken := range []string{"be-", "toe-", "-oordelen", "Geïmple-", "volwas-", "ambitie-", "Herbeoor-"} {
		if strings.Contains(text, broken) {
			t.Errorf("a header splits a word: %q in\n%s", broken, text)
		}
	}
	for _, header := range []string{"Van", "toepassing", "Gereed", "Onder", "Wacht op", "Optelregel"} {
		if !strings.Contains(text, header) {
			t.Errorf("no %q in the PDF", header)
		}
	}
}

// TestVVTPDFAnnex: the PDF ends with the annex "Uitzonderingen op de VvT",
// listing each item left out by a risk analysis, or saying there is none.
func TestVVTPDFAnnex(t *testing.T) {
	t.Parallel()
	ex := []compliance.VVTException{{ItemID: 3, Number: "5.01.01", Kind: "measure", Title: "Beleid voor informatiebeveiliging",
		Justification: "Geen eigen rekencentrum", AnalysisTitle: "Risicoanalyse uitbesteding", AnalysisStatus: "vastgesteld"}}
	text := reporttest.Parse(t, vvtPDFWith(t, sample(), ex)).Text()
	for _, want := range []string{"Bijlage: Uitzonderingen op de VvT", "Geen eigen rekencentrum", "Risicoanalyse uitbesteding", "Vastgesteld"} {
		if !strings.Contains(text, want) {
			t.Errorf("annex lacks %q", want)
		}
	}
	if text := reporttest.Parse(t, vvtPDF(t, sample())).Text(); !strings.Contains(text, "Geen maatregelen in deze selectie die op grond van een risicoanalyse") {
		t.Error("an empty annex does not say so")
	}
}
