package server_test

// Browser test of the public meldloket: the CISO switches it on, an
// anonymous visitor reports, keeps the follow-up code and looks up the
// status with it; axe-core on each page. Helpers are in
// browser_helpers_test.go.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/baken-nl/baken/internal/seed"
)

func TestBrowserMeldloketJourney(t *testing.T) {
	a := newApp(t)
	title := fmt.Sprintf("Verdachte e-mail uit naam van de gemeente %d", time.Now().UnixNano())

	// ---- 1. The CISO switches the loket on ----
	c := newTab(t)
	browserLogin(t, c, a, "ciso@voorbeeld.nl", seed.Voorbeeld, nil)
	do(t, c, "register", chromedp.Navigate(a.ts.URL+"/incidenten"), chromedp.WaitVisible(chromedp.CSS("main#main")))
	clickAndLoad(t, c, "open the settings", chromedp.Search(`//main//a[normalize-space(.)="Openbaar meldloket"]`))
	expectPath(t, c, "/incidenten/meldloket")
	checkAxe(t, c, "meldloket-instellingen (/incidenten/meldloket)")
	do(t, c, "switch on", chromedp.Click(chromedp.ID("f-enabled")), chromedp.SendKeys(chromedp.ID("f-intro"), "Wij behandelen meldingen op werkdagen."))
	clickAndLoad(t, c, "save", chromedp.Search(`//main//button[normalize-space(.)="Opslaan"]`))
	do(t, c, "saved", chromedp.WaitVisible(chromedp.ID("meldloket-adres")))
	address := run(t, c, "address", chromedp.Text(chromedp.ID("meldloket-adres")))
	checkAxe(t, c, "meldloket aan (/incidenten/meldloket)")
	path := address[strings.Index(address, "/meldloket/"):]

	// ---- 2. An anonymous visitor reports ----
	v := newTab(t)
	do(t, v, "public form", chromedp.Navigate(a.ts.URL+path), chromedp.WaitVisible(chromedp.ID("f-title")))
	checkAxe(t, v, "openbaar meldformulier (/meldloket/{token})")
	clickAndLoad(t, v, "send empty", chromedp.Search(`//main//button[normalize-space(.)="Melding versturen"]`))
	do(t, v, "errors", chromedp.WaitVisible(chromedp.ID("error-summary")))
	checkAxe(t, v, "openbaar meldformulier met fouten")
	do(t, v, "fill in",
		chromedp.SendKeys(chromedp.ID("f-title"), title),
		chromedp.Click(chromedp.ID("f-personal-data-1")), // nee
		chromedp.SendKeys(chromedp.ID("f-name"), "Inwoner"),
	)
	clickAndLoad(t, v, "send", chromedp.Search(`//main//button[normalize-space(.)="Melding versturen"]`))
	do(t, v, "receipt", chromedp.WaitVisible(chromedp.ID("meldloket-code")))
	checkAxe(t, v, "ontvangstbevestiging")
	code := run(t, v, "code", chromedp.Text(chromedp.ID("meldloket-code")))
	number := run(t, v, "number", chromedp.Text(chromedp.ID("meldloket-nummer")))

	// ---- 3. The status with the code ----
	clickAndLoad(t, v, "open the status", chromedp.Search(`//main//a[normalize-space(.)="Status van uw melding bekijken"]`))
	do(t, v, "status form", chromedp.WaitVisible(chromedp.ID("f-code")))
	checkAxe(t, v, "status opvragen (/meldloket/{token}/status)")
	do(t, v, "enter the code", chromedp.SendKeys(chromedp.ID("f-code"), code))
	clickAndLoad(t, v, "look up", chromedp.Search(`//main//button[normalize-space(.)="Status bekijken"]`))
	do(t, v, "status", chromedp.WaitVisible(chromedp.ID("melding-status")))
	checkAxe(t, v, "status van de melding")
	if got := run(t, v, "number shown", chromedp.Text(chromedp.ID("melding-nummer"))); got != number {
		t.Errorf("status shows %q, receipt said %q", got, number)
	}
	if got := run(t, v, "status shown", chromedp.Text(chromedp.ID("melding-status"))); got != "Gemeld" {
		t.Errorf("status %q", got)
	}
	if n := a.id(`SELECT count(*) FROM incidents WHERE title = $1 AND via_meldloket AND reporter_id IS NULL`, title); n != 1 {
		t.Errorf("%d stored reports", n)
	}
}
