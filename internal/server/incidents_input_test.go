package server_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/seed"
)

// TestIncidentReportRefusesBadText: the report form is multipart (it takes
// attachments), and its text fields get the same check as url-encoded
// forms: invalid UTF-8 and control characters are a 400, nothing stored.
func TestIncidentReportRefusesBadText(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	m := a.loggedIn("medewerker@voorbeeld.nl")
	before := a.id(`SELECT count(*) FROM incidents`)
	for _, title := range []string{"Nul\x00teken", "Bel \x07\x1b[31m", "Ongeldig \xff"} {
		resp := m.postParts("/incidenten/melden", [][2]string{{"title", title}, {"discovered_at", moment(time.Now().Add(-time.Hour))},
			{"personal_data", "nee"}}, "attachments")
		expectStatus(t, resp, http.StatusBadRequest)
		expectContains(t, resp, "Ongeldige invoer")
	}
	if n := a.id(`SELECT count(*) FROM incidents`); n != before {
		t.Errorf("%d incidents stored from bad text", n-before)
	}
	// A year that cannot be meant.
	resp := m.post("/incidenten/melden", url.Values{"title": {"Oud"}, "discovered_at": {"0000-01-01T00:00"}, "personal_data": {"nee"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
}

// TestIncidentOccurredBeforeDiscovery: what happened cannot have happened
// after it was noticed.
func TestIncidentOccurredBeforeDiscovery(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	id := a.incidentID(seed.Voorbeeld, incBRP)
	resp := ciso.post("/incidenten/"+itoa(id), url.Values{"category": {"informatiebeveiliging:toegang"}, "cause": {"medewerker_onbewust"},
		"impact": {"hoog"}, "aspects": {"V"}, "personal_data": {"1"}, "occurred_at": {moment(time.Now().Add(-time.Minute))},
		"version": {a.incidentVersion(id)}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "ligt na de ontdekking")
}

// TestReportFormShowsEveryErrorAtOnce: a report without a title and with a
// moment in the future gets both messages in one round, not the second only
// after the first is fixed.
func TestReportFormShowsEveryErrorAtOnce(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	m := a.loggedIn("medewerker@voorbeeld.nl")
	resp := m.post("/incidenten/melden", url.Values{"title": {" "}, "discovered_at": {moment(time.Now().Add(48 * time.Hour))}, "personal_data": {"nee"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Beschrijf in een paar woorden wat er is gebeurd.", "Het moment waarop u het opmerkte ligt in de toekomst.")
}
