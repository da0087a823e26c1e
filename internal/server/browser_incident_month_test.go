package server_test

// Browser test of the monthly overview: the afdelingsmanager opens it from
// the home page and goes back a month; axe on both.

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/seed"
)

func TestBrowserIncidentMonthOverview(t *testing.T) {
	a := newApp(t)
	m := newTab(t)
	browserLogin(t, m, a, "manager.sociaal@voorbeeld.nl", seed.Voorbeeld, nil)
	clickAndLoad(t, m, "open the overview", chromedp.Search(`//main//a[normalize-space(.)="Maandoverzicht incidenten"]`))
	expectPath(t, m, "/incidenten/maandoverzicht")
	do(t, m, "overview", chromedp.WaitVisible(chromedp.ID("maand-samenvatting")))
	checkAxe(t, m, "maandoverzicht (/incidenten/maandoverzicht)")
	clickAndLoad(t, m, "previous month", chromedp.CSS(`main a[rel="prev"]`))
	do(t, m, "previous overview", chromedp.WaitVisible(chromedp.ID("maand-samenvatting")))
	prev := run(t, m, "heading", chromedp.Text(chromedp.CSS("main h1")))
	if want := "Maandoverzicht incidenten " + incident.MonthLabel(incident.MonthStart(time.Now()).AddDate(0, -1, 0)); prev != want {
		t.Errorf("heading %q, want %q", prev, want)
	}
	checkAxe(t, m, "maandoverzicht vorige maand")
}
