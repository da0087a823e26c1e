package server_test

// Browser test of the incidents domain: the medewerker reports from the home
// page, the CISO classifies the report, takes it in hand and records the
// notification to the AP, the FG finds it among the datalekken. Helpers are in
// browser_helpers_test.go.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/seed"
)

func TestBrowserIncidentJourney(t *testing.T) {
	a := newApp(t)
	title := fmt.Sprintf("Klantgegevens naar verkeerde afzender teruggemaild %d", time.Now().UnixNano())

	// ---- 1. The medewerker reports, in well under a minute ----
	m := newTab(t)
	browserLogin(t, m, a, "medewerker@voorbeeld.nl", seed.Voorbeeld, nil)
	start := time.Now()
	clickAndLoad(t, m, "open the report form", chromedp.Search(`//main//a[normalize-space(.)="Incident melden"]`))
	do(t, m, "report form", chromedp.WaitVisible(chromedp.ID("f-title")))
	expectPath(t, m, "/incidenten/melden")
	checkAxe(t, m, "meldformulier (/incidenten/melden)")
	do(t, m, "fill in the report",
		chromedp.SendKeys(chromedp.ID("f-title"), title),
		chromedp.Click(chromedp.ID("f-personal-data-0")), // ja
	)
	clickAndLoad(t, m, "send the report", chromedp.CSS(`main form[action="/incidenten/melden"] button[type="submit"]`))
	do(t, m, "confirmation", chromedp.WaitVisible(chromedp.ID("melding-status")))
	if took := time.Since(start); took > time.Minute {
		t.Errorf("reporting took %s", took)
	}
	id := a.id(`SELECT id FROM incidents WHERE title = $1 AND personal_data`, title)
	expectPath(t, m, "/incidenten/mijn/"+itoa(id))
	if flash := run(t, m, "flash", chromedp.Text(chromedp.CSS("main .flash"))); !strings.Contains(flash, "Uw volgnummer is INC-") {
		t.Errorf("the confirmation lacks the follow-up number: %q", flash)
	}
	checkAxe(t, m, "bevestiging (/incidenten/mijn/{id})")

	// ---- 2. The CISO classifies it and takes it in hand ----
	c := newTab(t)
	browserLogin(t, c, a, "ciso@voorbeeld.nl", seed.Voorbeeld, nil)
	path := "/incidenten/" + itoa(id)
	do(t, c, "incident page", chromedp.Navigate(a.ts.URL+path), chromedp.WaitVisible(chromedp.ID("datalek-termijn")))
	checkAxe(t, c, "incident ("+path+")")
	do(t, c, "classify",
		chromedp.SetValue(chromedp.ID("f-category"), "informatiebeveiliging:toegang"),
		chromedp.SetValue(chromedp.ID("f-impact"), "midden"),
		chromedp.SetValue(chromedp.ID("f-department-id"), itoa(a.departmentID("Burgerzaken"))),
	)
	clickAndLoad(t, c, "save the classification", chromedp.Search(`//main//button[normalize-space(.)="Classificatie opslaan"]`))
	do(t, c, "page after classifying", chromedp.WaitVisible(chromedp.CSS("main .flash")))
	clickAndLoad(t, c, "take it in hand", chromedp.Search(`//main//button[normalize-space(.)="Naar In behandeling"]`))
	do(t, c, "page after the status", chromedp.WaitVisible(chromedp.CSS("main .flash")))
	if got := run(t, c, "status", chromedp.Text(chromedp.ID("incident-status"))); got != "In behandeling" {
		t.Errorf("status %q", got)
	}
	do(t, c, "timeline entry",
		chromedp.SetValue(chromedp.ID("f-kind"), "contact"),
		chromedp.SendKeys(chromedp.ID("f-text"), "Ontvanger gevraagd de mail te verwijderen."),
	)
	clickAndLoad(t, c, "add the entry", chromedp.Search(`//main//button[normalize-space(.)="Toevoegen"]`))
	do(t, c, "timeline", chromedp.WaitVisible(chromedp.ID("incident-tijdlijn")))
	if tl := run(t, c, "timeline text", chromedp.Text(chromedp.ID("incident-tijdlijn"))); !strings.Contains(tl, "Ontvanger gevraagd") ||
		!strings.Contains(tl, "Gemeld → In behandeling") {
		t.Errorf("timeline: %q", tl)
	}
	checkAxe(t, c, "incident in behandeling ("+path+")")
	// The notification to the AP, just now, stops the clock.
	do(t, c, "record the notification",
		chromedp.SetValue(chromedp.ID("f-decision"), "melden"),
		chromedp.SetValue(chromedp.ID("f-notified-at"), incident.InputValue(time.Now())),
		chromedp.SendKeys(chromedp.ID("f-reference"), "AP-TEST-1"),
	)
	clickAndLoad(t, c, "save the decision", chromedp.Search(`//main//button[normalize-space(.)="Besluit vastleggen"]`))
	do(t, c, "decision recorded", chromedp.WaitVisible(chromedp.ID("incident-ap-status")))
	if got := run(t, c, "AP status", chromedp.Text(chromedp.ID("incident-ap-status"))); got != "Gemeld bij de AP" {
		t.Errorf("AP status %q", got)
	}

	// ---- 3. The FG finds it among the datalekken ----
	f := newTab(t)
	browserLogin(t, f, a, "fg@voorbeeld.nl", seed.Voorbeeld, nil)
	do(t, f, "datalekken", chromedp.Navigate(a.ts.URL+"/incidenten?datalek=ja"), chromedp.WaitVisible(chromedp.ID("incidenten")))
	if list := run(t, f, "register", chromedp.Text(chromedp.ID("incidenten"))); !strings.Contains(list, title) || !strings.Contains(list, "Gemeld bij de AP") {
		t.Errorf("the FG's datalekken lack the report with its notification:\n%s", list)
	}
	checkAxe(t, f, "datalekken (/incidenten?datalek=ja)")
}
