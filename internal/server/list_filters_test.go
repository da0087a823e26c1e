package server_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestListFiltersNarrowAndRefuse checks lists whose filters had no test of
// their own: a declared filter narrows the list, a value no link produces is
// a 400.
func TestListFiltersNarrowAndRefuse(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("auditor@voorbeeld.nl")

	partners := c.get("/leveranciers?soort=ketenpartner")
	expectContains(t, partners, "Regionaal Archief", "Werkplein Regio")
	if strings.Contains(partners.body, "PinkRoccade") {
		t.Error("soort=ketenpartner shows a leverancier")
	}
	onPrem := c.get("/applicaties?hosting=on-premises")
	expectContains(t, onPrem, "Verkiezingssoftware OSV2020")
	if strings.Contains(onPrem.body, "iBurgerzaken") {
		t.Error("hosting=on-premises shows a SaaS application")
	}
	for _, path := range []string{"/leveranciers?soort=klant", "/applicaties?hosting=zolder", "/processen?afdeling=x"} {
		expectStatus(t, c.get(path), http.StatusBadRequest)
	}
}
