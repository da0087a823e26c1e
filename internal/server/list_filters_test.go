package server_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/listing"
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

// TestListsPastTheEndShowTheLastPage: a page number past the end of a list,
// however large, shows the list's last page (its rows and its range), as the
// risk register does, not an empty table; a malformed one is page 1.
func TestListsPastTheEndShowTheLastPage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	beheerder, ciso := a.loggedIn("beheerder@voorbeeld.nl"), a.loggedIn("ciso@voorbeeld.nl")
	summary := regexp.MustCompile(`class="pagination__summary">(\d+)–(\d+) van (\d+)<`)
	rows := regexp.MustCompile(`(?s)<tbody.*?</tbody>`)
	for path, c := range map[string]*client{"/afdelingen": beheerder, "/processen": beheerder, "/applicaties": beheerder, "/gebruikers": beheerder,
		"/audittrail": beheerder, "/incidenten": ciso, "/plan": ciso, "/leveranciers": ciso, "/risicoanalyses": ciso} {
		first := c.get(path)
		expectStatus(t, first, http.StatusOK)
		m := summary.FindStringSubmatch(first.body)
		if m == nil {
			t.Fatalf("%s: no range\n%s", path, trim(first.body))
		}
		total, _ := strconv.Atoi(m[3])
		if total == 0 {
			t.Fatalf("%s: an empty list", path)
		}
		last := c.get(path + "?page=" + strconv.Itoa((total-1)/listing.PageSize+1))
		want := summary.FindString(last.body) + rows.FindString(last.body)
		for _, page := range []string{"999", "99999999999999999999"} {
			resp := c.get(path + "?page=" + page)
			expectStatus(t, resp, http.StatusOK)
			if got := summary.FindString(resp.body) + rows.FindString(resp.body); got != want {
				t.Errorf("%s?page=%s is not the last page: %s", path, page, summary.FindString(resp.body))
			}
		}
		resp := c.get(path + "?page=abc")
		expectStatus(t, resp, http.StatusOK)
		if got := summary.FindString(resp.body) + rows.FindString(resp.body); got != summary.FindString(first.body)+rows.FindString(first.body) {
			t.Errorf("%s?page=abc is not the first page", path)
		}
	}
}
