package server_test

// Browser test of the Cbw track: the CISO opens the demo significant
// incident, records the incident notification, finds the Cbw column in the
// register and changes the terms; axe on every page. Helpers are in
// browser_helpers_test.go.

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/seed"
)

func TestBrowserIncidentCbw(t *testing.T) {
	a := newApp(t)
	id := a.incidentID(seed.Voorbeeld, "Virtualisatieplatform versleuteld: meerdere gemeentelijke diensten uit de lucht")
	path := "/incidenten/" + itoa(id)
	c := newTab(t)
	browserLogin(t, c, a, "ciso@voorbeeld.nl", seed.Voorbeeld, nil)
	do(t, c, "significant incident", chromedp.Navigate(a.ts.URL+path), chromedp.WaitVisible(chromedp.ID("incident-cbw-termijnen")))
	if alert := run(t, c, "alert", chromedp.Text(chromedp.ID("cbw-termijn"))); !strings.Contains(alert, "Cbw: incidentmelding nog") {
		t.Errorf("alert %q", alert)
	}
	checkAxe(t, c, "significant incident ("+path+")")

	do(t, c, "record the notification",
		chromedp.SetValue(chromedp.ID("f-notification-sent-at"), incident.InputValue(time.Now())),
		chromedp.SendKeys(chromedp.ID("f-notification-reference"), "CSIRT-M-TEST"),
	)
	clickAndLoad(t, c, "save the Cbw data", chromedp.Search(`//main//button[normalize-space(.)="Cbw-gegevens opslaan"]`))
	do(t, c, "after saving", chromedp.WaitVisible(chromedp.CSS("main .flash")))
	if table := run(t, c, "terms", chromedp.Text(chromedp.ID("incident-cbw-termijnen"))); !strings.Contains(table, "CSIRT-M-TEST") ||
		!strings.Contains(table, "Eindrapport") || strings.Contains(table, "Nog niet gestart") {
		t.Errorf("terms after the notification:\n%s", table)
	}

	do(t, c, "register", chromedp.Navigate(a.ts.URL+"/incidenten"), chromedp.WaitVisible(chromedp.ID("incidenten")))
	if list := run(t, c, "register text", chromedp.Text(chromedp.ID("incidenten"))); !strings.Contains(list, "Cbw: eindrapport nog") {
		t.Errorf("the register lacks the Cbw badge:\n%s", list)
	}
	checkAxe(t, c, "register with the Cbw column (/incidenten)")

	clickAndLoad(t, c, "open the terms", chromedp.Search(`//main//a[normalize-space(.)="Termijnen Cbw"]`))
	do(t, c, "terms page", chromedp.WaitVisible(chromedp.ID("f-early-amount")))
	expectPath(t, c, "/incidenten/instellingen")
	checkAxe(t, c, "Cbw-termijnen (/incidenten/instellingen)")
	do(t, c, "a wrong term", chromedp.SetValue(chromedp.ID("f-early-amount"), "0"))
	clickAndLoad(t, c, "save the wrong term", chromedp.Search(`//main//button[normalize-space(.)="Termijnen opslaan"]`))
	do(t, c, "error summary", chromedp.WaitVisible(chromedp.CSS("main .utrecht-form-field-error-message")))
	checkAxe(t, c, "Cbw-termijnen met fout (/incidenten/instellingen)")
	do(t, c, "an ADR/NOREA count",
		chromedp.SetValue(chromedp.ID("f-early-amount"), "24"),
		chromedp.SetValue(chromedp.ID("f-notification-start"), "early_warning_sent"),
	)
	clickAndLoad(t, c, "save the terms", chromedp.Search(`//main//button[normalize-space(.)="Termijnen opslaan"]`))
	do(t, c, "saved", chromedp.WaitVisible(chromedp.CSS("main .flash")))
	do(t, c, "incident again", chromedp.Navigate(a.ts.URL+path), chromedp.WaitVisible(chromedp.ID("incident-cbw-termijnen")))
	if table := run(t, c, "terms", chromedp.Text(chromedp.ID("incident-cbw-termijnen"))); !strings.Contains(table, "72 uur na verzending van de vroegtijdige waarschuwing") {
		t.Errorf("the new term does not apply:\n%s", table)
	}
}
