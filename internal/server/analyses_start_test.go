package server_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestProcessPageStartsAnalysis: the process page offers "Risicoanalyse
// starten" (with the process as subject) to who may fill in its BIA and edit
// risks, and not to another afdeling's manager or the directie.
func TestProcessPageStartsAnalysis(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	proc := a.processID("Aanvraag rijbewijzen")
	link := `href="/risicoanalyses/nieuw?onderwerp=process:` + itoa(proc) + `"`

	page := a.loggedIn("manager.burgerzaken@voorbeeld.nl").get("/processen/" + itoa(proc))
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, link, "Risicoanalyse starten")

	for _, email := range []string{"manager.sociaal@voorbeeld.nl", "directie@voorbeeld.nl"} {
		page := a.loggedIn(email).get("/processen/" + itoa(proc))
		expectStatus(t, page, http.StatusOK)
		if strings.Contains(page.body, "Risicoanalyse starten") {
			t.Errorf("%s gets the link to start a risk analysis of another afdeling's process", email)
		}
	}
}
