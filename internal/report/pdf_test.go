package report_test

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/report"
	"github.com/baken-nl/baken/internal/report/reporttest"
)

// typed are names and text outside cp1252 that must print as typed.
var typed = []string{"Łukasz Żółć", "Şükrü", "Őrs", "€ 5 — test"}

// TestDocPrintsTextAsTyped: a document embeds the UTF-8 TrueType font; the
// text it draws (title, notes, headings, table cells, footer) decodes to the
// text as typed, decomposed input prints composed, characters the font lacks
// print as U+FFFD, the subset has a glyph for every character, and a long
// table continues on new pages with its header repeated.
func TestDocPrintsTextAsTyped(t *testing.T) {
	t.Parallel()
	generated := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	d := report.NewDoc(report.Setup{Orientation: report.Portrait, Title: "Rapport Zo\u0301lc\u0301 – Łukasz Żółć", Subject: "Onderwerp",
		Subtitle: "Ondertitel", Generated: generated, Notes: []string{"Selectie: Şükrü, Őrs, € 5 — test.", "Emoji 🚀 en 漢 heeft het lettertype niet."}})
	d.Heading("Kop met Őrs")
	cols := []report.Col{{Title: "Num-mer", Width: 20, Align: "L"}, {Title: "Naam", Width: 100, Align: "L"}, {Title: "Aan-tal", Width: 20, Align: "R"}}
	d.Table(cols)
	for i := range 120 {
		d.Row(cols, []string{strconv.Itoa(i), "Łukasz Żółć " + strings.Repeat("lang ", i%30), "€ 5 — test"}, i == 119, map[int]int{2: i})
	}
	g := d.GroupTable(cols)
	g.Group("Groep Şükrü")
	g.Row([]string{"1", strings.Repeat("Een zeer lange tekst die over veel regels doorloopt. ", 200), "3"})
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if os.Getenv("BAKEN_PDF_OUT") != "" { // to look at: BAKEN_PDF_OUT=/tmp go test -run Typed
		_ = os.WriteFile(os.Getenv("BAKEN_PDF_OUT")+"/doc.pdf", b, 0o644)
	}
	for _, want := range []string{"/Subtype /CIDFontType2", "/Encoding /Identity-H", "/FontFile2", "/ToUnicode", "dejavusans"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("no %s in the PDF", want)
		}
	}
	if bytes.Contains(b, []byte("/Subtype /Type1")) || bytes.Contains(b, []byte("/Helvetica")) {
		t.Error("still uses a core font")
	}
	pages := reporttest.Pages(b)
	if pages < 4 {
		t.Errorf("%d pages", pages)
	}
	text := reporttest.Parse(t, b).Text()
	for _, s := range append(typed, "Rapport Zólć – Łukasz Żółć", "Emoji \uFFFD en \uFFFD heeft", "Pagina 1 van "+strconv.Itoa(pages),
		"Groep Şükrü (vervolg)", "Ondertitel") {
		if !strings.Contains(text, s) {
			t.Errorf("%q not in the text of the PDF", s)
		}
	}
	if n := strings.Count(text, "Naam\n"); n < pages-1 {
		t.Errorf("the header is drawn %d times on %d pages", n, pages)
	}
	doc := reporttest.Parse(t, b)
	for _, s := range typed {
		for _, r := range s {
			if !doc.HasGlyph(r) {
				t.Errorf("no glyph for %q (%U) in the embedded font", r, r)
			}
		}
	}
}

// TestFooterKeepsRoomForThePageNumber: a footer longer than the line is
// shortened with an ellipsis instead of being printed over "Pagina n van m".
func TestFooterKeepsRoomForThePageNumber(t *testing.T) {
	t.Parallel()
	long := "GAP-analyse BIO2 – Gemeente Voorbeeld met een bijzonder lange naam"
	d := report.NewDoc(report.Setup{Orientation: report.Portrait, Title: long, Generated: time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC),
		Footer: "BIO2 – Baseline Informatiebeveiliging Overheid 2 versie 1.3"})
	d.Paragraph("Inhoud", 5)
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		t.Fatal(err)
	}
	text := reporttest.Parse(t, buf.Bytes()).Text()
	if !strings.Contains(text, "Pagina 1 van 1") {
		t.Errorf("no page number in %q", text)
	}
	if strings.Contains(text, "versie 1.3 – 02-12-2026") || !strings.Contains(text, "…") {
		t.Errorf("the footer was not shortened: %q", text)
	}
}
