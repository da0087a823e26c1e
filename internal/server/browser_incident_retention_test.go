package server_test

// Browser test of the retention purge: the beheerder finds the incident past
// its retention period in the menu, selects it, confirms, and it is gone.

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/baken-nl/baken/internal/seed"
)

func TestBrowserIncidentRetention(t *testing.T) {
	a := newApp(t)
	ransom := a.incidentID(seed.Voorbeeld, incRansom)
	a.closeLongAgo(ransom, 4)

	b := newTab(t)
	browserLogin(t, b, a, "beheerder@voorbeeld.nl", seed.Voorbeeld, nil)
	clickAndLoad(t, b, "open the retention page", chromedp.Search(`//nav//a[normalize-space(.)="Bewaartermijn incidenten"]`))
	expectPath(t, b, "/incidenten/bewaartermijn")
	do(t, b, "list", chromedp.WaitVisible(chromedp.ID("bewaartermijn-tabel")))
	checkAxe(t, b, "bewaartermijn (/incidenten/bewaartermijn)")
	do(t, b, "select", chromedp.Click(chromedp.ID("kies-"+itoa(ransom))))
	clickAndLoad(t, b, "ask to confirm", chromedp.ID("f-ids"))
	do(t, b, "confirmation", chromedp.WaitVisible(chromedp.ID("verwijderen-bevestigen")))
	checkAxe(t, b, "bevestiging verwijderen (/incidenten/bewaartermijn)")
	clickAndLoad(t, b, "confirm", chromedp.ID("verwijderen-bevestigen"))
	expectPath(t, b, "/incidenten/bewaartermijn")
	if flash := run(t, b, "flash", chromedp.Text(chromedp.CSS("main .flash"))); !strings.Contains(flash, "1 incident(en) verwijderd") {
		t.Errorf("flash %q", flash)
	}
	if n := a.id(`SELECT count(*) FROM incidents WHERE id = $1`, ransom); n != 0 {
		t.Error("the incident is still there")
	}
}
