package server_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/nl"
	"github.com/baken-nl/baken/web/views/incidentview"
)

// figureCells reads the rows of one table of the figures page: label → count.
func figureCells(t *testing.T, r response, table string) map[string]int {
	t.Helper()
	i := strings.Index(r.body, `id="`+table+`"`)
	if i < 0 {
		t.Fatalf("no table %s", table)
	}
	body := r.body[i:]
	body = body[:strings.Index(body, "</table>")]
	out := map[string]int{}
	for _, m := range regexp.MustCompile(`<th scope="row">([^<]*)</th><td>(\d+)`).FindAllStringSubmatch(body, -1) {
		n, _ := strconv.Atoi(m[2])
		out[html.UnescapeString(m[1])] = n
	}
	return out
}

// dbCounts counts the demo incidents of Gemeente Voorbeeld of the last 12
// months by expr, straight from the database, narrowed by cond.
func (a *app) dbCounts(expr, cond string, args ...any) map[string]int {
	a.t.Helper()
	from, to := incident.FiguresPeriod(0, time.Now())
	return a.countRows(`SELECT `+expr+`, count(*) FROM incidents i
		LEFT JOIN departments d ON d.id = i.department_id
		WHERE i.organisation_id = $1 AND i.discovered_at >= $2 AND i.discovered_at < $3 AND `+cond+` GROUP BY 1`,
		append([]any{a.orgID("Gemeente Voorbeeld"), from, to}, args...)...)
}

func expectCounts(t *testing.T, what string, got map[string]int, want map[string]int) {
	t.Helper()
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s %q: page %d, database %d", what, k, got[k], n)
		}
	}
	for k, n := range got {
		if n != want[k] {
			t.Errorf("%s %q: page %d, database %d", what, k, n, want[k])
		}
	}
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// TestIncidentFiguresMatchTheDatabase: the CISO's figures of the last 12
// months are the counts of the demo data, another organisation's incidents
// left out; the mean time to close comes from the timeline; the share of
// datalekken notified in time follows the AP decisions.
func TestIncidentFiguresMatchTheDatabase(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	expectContains(t, ciso.get("/incidenten"), `href="/incidenten/cijfers"`)
	expectContains(t, ciso.get("/"), `href="/incidenten/cijfers"`)
	page := ciso.get("/incidenten/cijfers")
	expectStatus(t, page, http.StatusOK)
	label := func(list []incident.Choice, none string) string {
		sql := `CASE`
		for _, c := range list {
			sql += ` WHEN x = '` + c.Value + `' THEN '` + c.Label + `'`
		}
		return sql + ` ELSE '` + none + `' END`
	}
	all := a.dbCounts(`'x'`, `true`)
	expectContains(t, page, "Cijfers over de laatste 12 maanden: "+itoa(int64(total(all)))+" incidenten")
	expectCounts(t, "category", figureCells(t, page, "per-categorie"),
		withZeros(a.dbCounts(strings.ReplaceAll(label(incident.Categories, "Nog niet ingedeeld"), "x", "coalesce(i.category, '')"), `true`), incident.Categories))
	expectCounts(t, "cause", figureCells(t, page, "per-oorzaak"),
		withZeros(a.dbCounts(strings.ReplaceAll(label(incident.Causes, "?"), "x", "i.cause"), `true`), incident.Causes))
	expectCounts(t, "impact", figureCells(t, page, "per-impact"),
		withZeros(a.dbCounts(strings.ReplaceAll(label(incident.Impacts, "Nog niet bepaald"), "x", "coalesce(i.impact, '')"), `true`), incident.Impacts))
	expectCounts(t, "afdeling", figureCells(t, page, "per-afdeling"), a.dbCounts(`coalesce(d.name, 'Geen afdeling opgegeven')`, `true`))
	months := figureCells(t, page, "per-maand")
	if len(months) != 12 || total(months) != total(all) {
		t.Errorf("months %v", months)
	}
	// The closed incidents: the mean time from discovery to the last status
	// change of their timeline.
	from, to := incident.FiguresPeriod(0, time.Now())
	var closed int64
	var mean float64
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT count(*), coalesce(avg(extract(epoch FROM c.at - i.discovered_at)), 0)::float8
		FROM incidents i JOIN LATERAL (SELECT max(at) AS at FROM incident_timeline t WHERE t.incident_id = i.id AND t.kind = 'statuswijziging') c ON c.at IS NOT NULL
		WHERE i.organisation_id = $1 AND i.status = 'gesloten' AND i.discovered_at >= $2 AND i.discovered_at < $3`,
		a.orgID("Gemeente Voorbeeld"), from, to).Scan(&closed, &mean); err != nil {
		t.Fatal(err)
	}
	if closed < 2 {
		t.Fatalf("%d closed demo incidents in the last 12 months", closed)
	}
	expectContains(t, page, incidentview.IncidentFiguresView{Figures: incident.Figures{MeanTimeClose: time.Duration(mean * float64(time.Second))}}.MeanTimeText()+" (over "+itoa(closed)+" gesloten incidenten)")
	// The datalekken by the outcome of their AP decision.
	terms := func() map[string]int {
		return a.dbCounts(`CASE WHEN ap_decision = 'melden' AND ap_notified_at <= discovered_at + interval '72 hours' THEN 'Op tijd gemeld bij de AP'
			WHEN ap_decision = 'melden' THEN 'Te laat gemeld bij de AP' WHEN ap_decision = 'niet_melden' THEN 'Niet gemeld (besluit vastgelegd)'
			ELSE 'Nog geen besluit' END`, `i.personal_data`)
	}
	check := func(page response) map[string]int {
		t.Helper()
		want := withZeros(terms(), []incident.Choice{{Label: "Op tijd gemeld bij de AP"}, {Label: "Te laat gemeld bij de AP"},
			{Label: "Niet gemeld (besluit vastgelegd)"}, {Label: "Nog geen besluit"}})
		want["Totaal datalekken"] = total(want)
		expectCounts(t, "datalekken", figureCells(t, page, "datalekken"), want)
		notified := want["Op tijd gemeld bij de AP"] + want["Te laat gemeld bij de AP"]
		expectContains(t, page, itoa(int64(want["Op tijd gemeld bij de AP"]*100/notified))+"% ("+itoa(int64(want["Op tijd gemeld bij de AP"]))+
			" van de "+itoa(int64(notified))+" gemelde datalekken)")
		return want
	}
	before := check(page)
	if before["Te laat gemeld bij de AP"] == 0 || before["Niet gemeld (besluit vastgelegd)"] == 0 || before["Nog geen besluit"] < 2 {
		t.Errorf("the demo datalekken lack a late, a not notified or two undecided ones: %v", before)
	}
	// BRP: notified within its 72 hours; USB stick: after them.
	for _, title := range []string{incBRP, incUSB} {
		id := a.incidentID("Gemeente Voorbeeld", title)
		expectStatus(t, ciso.post("/incidenten/"+itoa(id)+"/datalek", url.Values{"decision": {"melden"}, "notified_at": {moment(time.Now().Add(-time.Minute))},
			"version": {a.incidentVersion(id)}}), http.StatusSeeOther)
	}
	after := check(ciso.get("/incidenten/cijfers"))
	if after["Op tijd gemeld bij de AP"] != before["Op tijd gemeld bij de AP"]+1 || after["Te laat gemeld bij de AP"] != before["Te laat gemeld bij de AP"]+1 ||
		after["Nog geen besluit"] != before["Nog geen besluit"]-2 {
		t.Errorf("datalekken before %v, after %v", before, after)
	}
	// A year: this one counts what was discovered in it.
	year := nl.Local(time.Now()).Year()
	yp := ciso.get("/incidenten/cijfers?jaar=" + itoa(int64(year)))
	expectStatus(t, yp, http.StatusOK)
	n := a.id(`SELECT count(*) FROM incidents WHERE organisation_id = $1 AND extract(year FROM discovered_at AT TIME ZONE 'Europe/Amsterdam') = $2`, a.orgID("Gemeente Voorbeeld"), year)
	expectContains(t, yp, "Cijfers over "+itoa(int64(year))+": "+itoa(n)+" incidenten")
}

func withZeros(m map[string]int, list []incident.Choice) map[string]int {
	for _, c := range list {
		if _, ok := m[c.Label]; !ok {
			m[c.Label] = 0
		}
	}
	return m
}

// TestIncidentFiguresScope: the DSPO counts the incidents of their
// afdelingen and those assigned to them; directie and college count every
// incident of the organisation; the medewerker has no figures; a bad year
// is a 400.
func TestIncidentFiguresScope(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	dspo := a.id(`SELECT id FROM users WHERE email = 'dspo@voorbeeld.nl'`)
	page := a.loggedIn("dspo@voorbeeld.nl").get("/incidenten/cijfers")
	expectStatus(t, page, http.StatusOK)
	want := a.dbCounts(`coalesce(d.name, 'Geen afdeling opgegeven')`, `(i.handler_id = $4 OR i.department_id IN
		(SELECT department_id FROM role_assignments WHERE user_id = $4 AND role = 'dspo'))`, dspo)
	all := a.dbCounts(`'x'`, `true`)
	if total(want) == 0 || total(want) >= all["x"] {
		t.Fatalf("the DSPO's scope is not a part: %v of %v", want, all)
	}
	expectCounts(t, "dspo afdeling", figureCells(t, page, "per-afdeling"), want)
	expectContains(t, page, "Cijfers over de laatste 12 maanden: "+itoa(int64(total(want)))+" incidenten", "die u in het register ziet")
	for _, who := range []string{"directie@voorbeeld.nl", "college@voorbeeld.nl"} {
		p := a.loggedIn(who).get("/incidenten/cijfers")
		expectStatus(t, p, http.StatusOK)
		expectContains(t, p, "Cijfers over de laatste 12 maanden: "+itoa(int64(all["x"]))+" incidenten", "alle incidenten van de organisatie")
	}
	medewerker := a.loggedIn("medewerker@voorbeeld.nl")
	expectStatus(t, medewerker.get("/incidenten/cijfers"), http.StatusForbidden)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	for _, bad := range []string{"abc", "1999", "3000", "2026.5"} {
		expectStatus(t, ciso.get("/incidenten/cijfers?jaar="+bad), http.StatusBadRequest)
	}
	expectStatus(t, ciso.get("/incidenten/cijfers?jaar=2025"), http.StatusOK)
}

// TestIncidentFiguresQueryCountIsFixed: the figures cost the same number of
// queries however many incidents there are.
func TestIncidentFiguresQueryCountIsFixed(t *testing.T) {
	t.Parallel()
	if few := expectFixedQueries(t, "/incidenten/cijfers", func(c *client, i int) {
		fileReport(t, c, "Extra melding "+itoa(int64(i)), "ja", time.Now().Add(-time.Duration(i*700)*time.Hour))
	}); few > 12 {
		t.Errorf("the figures take %d queries", few)
	}
}

// expectFixedQueries measures the queries of the CISO's page path, before
// and after add(c, i) for i 0–4, and fails when they differ; it returns
// the number.
func expectFixedQueries(t *testing.T, path string, add func(c *client, i int)) int64 {
	t.Helper()
	d, counter := dbtest.NewCounted(t)
	a := newAppOn(t, d)
	c := a.loggedIn("ciso@voorbeeld.nl")
	expectStatus(t, c.get("/"), http.StatusOK)
	measure := func() int64 {
		before := counter.Count()
		expectStatus(t, c.get(path), http.StatusOK)
		return counter.Count() - before
	}
	few := measure()
	for i := range 5 {
		add(c, i)
	}
	measure() // shows and clears the flash of the last change
	if many := measure(); few != many {
		t.Errorf("%s takes %d and %d queries", path, few, many)
	}
	return few
}
