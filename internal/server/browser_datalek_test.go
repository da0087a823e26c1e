package server_test

// Browser test of the datalek track: the CISO flags a report as a datalek,
// fills in the facts the AP asks for, opens the draft notification and copies
// it, records the notification and an aanvullende melding; the FG finds the
// datalek and records advice. axe-core checks every page.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/seed"
)

func TestBrowserDatalekJourney(t *testing.T) {
	a := newApp(t)
	title := fmt.Sprintf("Lijst met aanvragers bijstand gedeeld in een openbare map %d", time.Now().UnixNano())
	id := fileReport(t, a.loggedIn("medewerker@voorbeeld.nl"), title, "nee", time.Now().Add(-2*time.Hour))
	path := "/incidenten/" + itoa(id)

	// ---- 1. The CISO flags it as a datalek ----
	c := newTab(t)
	console := watchConsole(t, c)
	browserLogin(t, c, a, "ciso@voorbeeld.nl", seed.Voorbeeld, nil)
	do(t, c, "incident page", chromedp.Navigate(a.ts.URL+path), chromedp.WaitVisible(chromedp.ID("f-category")))
	do(t, c, "classify as a datalek",
		chromedp.SetValue(chromedp.ID("f-category"), "informatiebeveiliging:toegang"),
		chromedp.SetValue(chromedp.ID("f-impact"), "hoog"),
		chromedp.Click(chromedp.ID("f-personal-data")),
	)
	clickAndLoad(t, c, "save the classification", chromedp.Search(`//main//button[normalize-space(.)="Classificatie opslaan"]`))
	do(t, c, "the datalek track", chromedp.WaitVisible(chromedp.ID("datalek-termijn")), chromedp.WaitVisible(chromedp.ID("ap-gegevens-bewerken")))

	// ---- 2. The facts for the AP ----
	clickAndLoad(t, c, "open the facts form", chromedp.ID("ap-gegevens-bewerken"))
	expectPath(t, c, path+"/ap-gegevens")
	do(t, c, "facts form", chromedp.WaitVisible(chromedp.ID("f-nature")))
	checkAxe(t, c, "gegevens voor de AP ("+path+"/ap-gegevens)")
	do(t, c, "fill in the facts",
		chromedp.Click(chromedp.ID("f-nature-0")),        // lezen
		chromedp.Click(chromedp.ID("f-nature-1")),        // kopiëren
		chromedp.Click(chromedp.ID("f-person-groups-0")), // inwoners
		chromedp.SendKeys(chromedp.ID("f-persons-min"), "180"),
		chromedp.SendKeys(chromedp.ID("f-persons-max"), "250"),
		chromedp.Click(chromedp.ID("f-data-categories-0")), // naw
		chromedp.Click(chromedp.ID("f-data-categories-6")), // financieel
		chromedp.Click(chromedp.ID("f-consequences-3")),    // financiële schade
		chromedp.SendKeys(chromedp.ID("f-measures-taken"), "Map afgeschermd; toegangslog opgevraagd."),
		chromedp.Click(chromedp.ID("f-encrypted-2")),         // nee
		chromedp.Click(chromedp.ID("f-subjects-informed-2")), // nog niet
		chromedp.Click(chromedp.ID("f-cross-border-1")),      // nee
	)
	clickAndLoad(t, c, "save the facts", chromedp.Search(`//main//button[normalize-space(.)="Gegevens opslaan"]`))
	do(t, c, "facts saved", chromedp.WaitVisible(chromedp.ID("incident-ap-gegevens")))
	expectPath(t, c, path)
	if got := run(t, c, "facts summary", chromedp.Text(chromedp.ID("incident-ap-gegevens"))); !strings.Contains(got, "Financiële of economische gegevens") {
		t.Errorf("facts summary: %q", got)
	}

	// ---- 3. The draft, copied with the button ----
	clickAndLoad(t, c, "open the draft", chromedp.ID("ap-concept-link"))
	expectPath(t, c, path+"/ap-concept")
	do(t, c, "draft", chromedp.WaitVisible(chromedp.ID("ap-concept-tekst")))
	checkAxe(t, c, "concept AP-melding ("+path+"/ap-concept)")
	text := run(t, c, "draft text", chromedp.Value(chromedp.ID("ap-concept-tekst")))
	for _, want := range []string{title, "Lezen (inzage door onbevoegden); Kopiëren", "minimaal 180, maximaal 250", "Financiële of economische gegevens",
		"Map afgeschermd; toegangslog opgevraagd.", "Nog niet (besluit volgt)", "Betrokkenen in andere EU-landen: Nee"} {
		if !strings.Contains(text, want) {
			t.Errorf("the draft lacks %q:\n%s", want, text)
		}
	}
	// The status is written when the clipboard's promise settles: poll for
	// it (its empty span is "visible" before that).
	do(t, c, "copy", chromedp.WaitVisible(`button[data-copy]`), chromedp.Click(`button[data-copy]`))
	if _, err := chromedp.Run(c, chromedp.Poll[bool](`document.querySelector('[data-copy-status]').textContent !== ''`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("no copy status after the click: %v", err)
	}
	if got := run(t, c, "copy status", chromedp.Text(`[data-copy-status]`)); got != "De tekst is gekopieerd." {
		t.Errorf("copy status %q", got)
	}

	// ---- 4. The notification and an aanvullende melding ----
	do(t, c, "incident page again", chromedp.Navigate(a.ts.URL+path), chromedp.WaitVisible(chromedp.ID("f-decision")))
	do(t, c, "record the notification",
		chromedp.SetValue(chromedp.ID("f-decision"), "melden"),
		chromedp.SetValue(chromedp.ID("f-notified-at"), incident.InputValue(time.Now())),
		chromedp.SendKeys(chromedp.ID("f-reference"), "AP-BROWSER-1"),
	)
	clickAndLoad(t, c, "save the decision", chromedp.Search(`//main//button[normalize-space(.)="Besluit vastleggen"]`))
	do(t, c, "decision recorded", chromedp.WaitVisible(chromedp.ID("f-followup-text")))
	do(t, c, "follow-up",
		chromedp.SetValue(chromedp.ID("f-sent-on"), time.Now().Format("2006-01-02")),
		chromedp.SendKeys(chromedp.ID("f-followup-text"), "Definitief aantal betrokkenen: 212."),
	)
	clickAndLoad(t, c, "save the follow-up", chromedp.Search(`//main//button[normalize-space(.)="Aanvullende melding vastleggen"]`))
	do(t, c, "follow-up listed", chromedp.WaitVisible(chromedp.ID("incident-aanvullingen")))
	if got := run(t, c, "follow-ups", chromedp.Text(chromedp.ID("incident-aanvullingen"))); !strings.Contains(got, "212") {
		t.Errorf("follow-ups: %q", got)
	}
	checkAxe(t, c, "datalek gemeld ("+path+")")
	console.check(t)

	// ---- 5. The FG finds it and records advice ----
	f := newTab(t)
	browserLogin(t, f, a, "fg@voorbeeld.nl", seed.Voorbeeld, nil)
	do(t, f, "datalekken", chromedp.Navigate(a.ts.URL+"/incidenten?datalek=ja"), chromedp.WaitVisible(chromedp.ID("incidenten")))
	clickAndLoad(t, f, "open the datalek", chromedp.Search(`//table[@id="incidenten"]//a[normalize-space(.)="`+title+`"]`))
	expectPath(t, f, path)
	do(t, f, "advice form", chromedp.WaitVisible(chromedp.ID("f-advice")))
	if got := run(t, f, "AP status", chromedp.Text(chromedp.ID("incident-ap-status"))); got != "Gemeld bij de AP" {
		t.Errorf("the FG sees AP status %q", got)
	}
	checkAxe(t, f, "datalek voor de FG ("+path+")")
	do(t, f, "write the advice",
		chromedp.SetValue(chromedp.ID("f-advised-on"), time.Now().Format("2006-01-02")),
		chromedp.SendKeys(chromedp.ID("f-advice"), "Betrokkenen alsnog per brief informeren; financiële gegevens maken het risico hoog."),
	)
	clickAndLoad(t, f, "save the advice", chromedp.Search(`//main//button[normalize-space(.)="Advies vastleggen"]`))
	do(t, f, "advice listed", chromedp.WaitVisible(chromedp.ID("incident-fg-adviezen")))
	if got := run(t, f, "advices", chromedp.Text(chromedp.ID("incident-fg-adviezen"))); !strings.Contains(got, "alsnog per brief") || !strings.Contains(got, "(FG)") {
		t.Errorf("advices: %q", got)
	}
	checkAxe(t, f, "advies vastgelegd ("+path+")")
}
