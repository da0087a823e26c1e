package server_test

// Browser journey of the spreadsheet round trip and the GAP: the CISO edits
// the exported VvT, uploads it, checks the preview, confirms, and then
// follows a figure of the GAP analysis to the list behind it.

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/baken-nl/baken/internal/seed"
)

func TestBrowserImportAndGapJourney(t *testing.T) {
	a := newApp(t)
	ctx := newTab(t)
	console := watchConsole(t, ctx)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	number := a.touched()
	_, before, _ := a.statusOf(number)
	next := "geimplementeerd"
	if before == next {
		next = "in_uitvoering"
	}

	// The export as the CISO downloads it, edited as in Excel.
	e := exportVVT(t, ciso)
	label := map[string]string{"geimplementeerd": "Geïmplementeerd", "in_uitvoering": "In uitvoering"}[next]
	e.set(number, "Status", label)
	e.set(number, "Toelichting", "Bijgewerkt in de browsertest")
	file := filepath.Join(t.TempDir(), "vvt bewerkt.xlsx")
	if err := os.WriteFile(file, e.bytes(), 0o600); err != nil {
		t.Fatal(err)
	}

	browserLogin(t, ctx, a, "ciso@voorbeeld.nl", seed.Voorbeeld, nil)
	do(t, ctx, "import page",
		chromedp.Navigate(a.ts.URL+"/bio/import"),
		chromedp.WaitVisible(chromedp.ID("f-file")),
	)
	checkAxe(t, ctx, "import (/bio/import)")
	do(t, ctx, "choose the file", chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{file}))
	clickAndLoad(t, ctx, "check the file", chromedp.CSS(`form[action="/bio/import"] button[type="submit"]`))
	preview := run(t, ctx, "preview text", chromedp.Text(chromedp.CSS("main#main")))
	for _, want := range []string{"1 maatregel wijzigt", "Er is nog niets opgeslagen", number, "→ " + label, "Bijgewerkt in de browsertest"} {
		if !strings.Contains(preview, want) {
			t.Errorf("preview lacks %q:\n%s", want, preview)
		}
	}
	if _, status, _ := a.statusOf(number); status != before {
		t.Fatalf("the preview changed %s to %s", number, status)
	}
	checkAxe(t, ctx, "controle van de import")

	clickAndLoad(t, ctx, "confirm", chromedp.CSS(`form[action$="/bevestigen"] button[type="submit"]`))
	if _, status, _ := a.statusOf(number); status != next {
		t.Errorf("after confirming %s has status %s, want %s", number, status, next)
	}
	checkAxe(t, ctx, "resultaat van de import")

	// The GAP: a figure leads to a list of exactly that many items.
	do(t, ctx, "GAP page",
		chromedp.Navigate(a.ts.URL+"/bio/gap"),
		chromedp.WaitVisible(chromedp.CSS(`a[data-gap-count]`)),
	)
	want := run(t, ctx, "a figure", chromedp.Evaluate[string](`(() => {
		const a = Array.from(document.querySelectorAll('a[data-gap-count]')).find(a => a.href.includes('afdeling=geen'));
		return a ? a.dataset.gapCount : '';
	})()`))
	if want == "" {
		t.Fatal("the GAP page has no figure for the items without owner")
	}
	clickAndLoad(t, ctx, "follow the figure", chromedp.CSS(`a[data-gap-count][href*="afdeling=geen"]`))
	expectPath(t, ctx, "/bio")
	list := run(t, ctx, "list text", chromedp.Text(chromedp.CSS("main#main")))
	m := regexp.MustCompile(`(\d+) van \d+ getoond`).FindStringSubmatch(list)
	if m == nil || m[1] != want {
		t.Errorf("the GAP says %s without owner, the list shows %v", want, m)
	}
	rows := run(t, ctx, "rows", chromedp.Evaluate[int](`document.querySelectorAll('td.control-list__number').length`))
	if strconv.Itoa(rows) != want {
		t.Errorf("the GAP says %s without owner, the list has %d rows", want, rows)
	}
	checkAxe(t, ctx, "lijst vanuit de GAP-analyse")
	console.check(t)
}
