package server_test

// Browser test of the risk domain end to end: the BIA of a process, the
// guided risk analysis (steps 1 to 3 and the summary), the CISO's review and
// the directie's decision on a residual risk above the appetite. Helpers are
// in browser_helpers_test.go.

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/baken-nl/baken/internal/nl"
	"github.com/baken-nl/baken/internal/seed"
)

// firstAvailabilitySelectJS returns the id of the BIA form's first
// Beschikbaarheid select and the value of its highest level.
const firstAvailabilitySelectJS = `(() => {
	const s = document.querySelector('main table select[aria-label$=": Beschikbaarheid"]');
	if (!s) return [];
	return [s.id, s.options[s.options.length - 1].value, s.options[s.options.length - 1].textContent.trim()];
})()`

// visibleControlsJS lists the labels of the control picker's visible items.
const visibleControlsJS = `Array.from(document.querySelectorAll('#f-control-ids [data-picker-item]'))
	.filter(el => !el.hidden && el.offsetParent !== null).map(el => el.textContent.trim())`

// matrixColouredJS reports whether every cell of the risk matrix explainer
// has its level's colour bar.
const matrixColouredJS = `(() => {
	const cells = Array.from(document.querySelectorAll('.matrix-explainer td[data-level-colour]'));
	return cells.length > 0 && cells.every(td => getComputedStyle(td).borderLeftStyle === 'solid' && td.style.borderLeftColor !== '');
})()`

// noCSPViolations fails the test on a Content Security Policy report in the
// console: something on the page was blocked.
func noCSPViolations(t *testing.T, c *consoleLog) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, m := range c.msgs {
		if strings.Contains(m.text, "Content Security Policy") {
			t.Errorf("browser console: %s", m.text)
		}
	}
}

// TestBrowserRiskJourney walks the risk domain as its three roles do:
//  1. the manager of Burgerzaken fills in the BIA of "Aanvraag rijbewijzen",
//     starts a risk analysis from the process page, adds Ransomware from the
//     threat catalogue (inherent 4×5), records the treatment with a BIO
//     control found through the picker's search, a residual 4×4 (hoog, above
//     the appetite midden) and a plan action, and submits;
//  2. the CISO establishes the analysis;
//  3. the directie finds the risk in the decision queue and accepts the
//     residual risk: first without a valid-until date (the Dutch error, the
//     input kept), then with it; the risk is in the register of accepted
//     risks with its expiry date.
//
// axe-core checks every form and page of the flow; the database must hold
// the established analysis and the decision with its valid-until date.
func TestBrowserRiskJourney(t *testing.T) {
	a := newApp(t)
	proc := a.processID("Aanvraag rijbewijzen")
	procPath := "/processen/" + itoa(proc)
	title := fmt.Sprintf("Risicoanalyse rijbewijzen browsertest %d", time.Now().UnixNano())
	const (
		biaNotes  = "BIA herzien in de browsertest: uitval van de balie raakt veel burgers."
		rationale = "Het restrisico is aanvaardbaar tot de back-up offline staat (browsertest)."
		action    = "Offline back-up inrichten voor de rijbewijzenbalie"
	)
	today := nl.Date(time.Now())
	due := today.AddDate(0, 6, 0)
	until := today.AddDate(1, 0, 0)

	// ---- 1. The manager: BIA, analysis, risk, treatment, submit ----
	m := newTab(t)
	mConsole := watchConsole(t, m)
	axe := func(ctx context.Context, page string) { t.Helper(); checkAxe(t, ctx, page) }
	browserLogin(t, m, a, "manager.burgerzaken@voorbeeld.nl", seed.Voorbeeld, nil)

	do(t, m, "process page", chromedp.Navigate(a.ts.URL+procPath), chromedp.WaitVisible(chromedp.CSS("main#main h1")))
	if h1 := run(t, m, "process heading", chromedp.Text(chromedp.CSS("main#main h1"))); h1 != "Aanvraag rijbewijzen" {
		t.Fatalf("process heading %q", h1)
	}
	clickAndLoad(t, m, "open the BIA form", chromedp.Search(`//main//a[normalize-space(.)="BIA wijzigen" or normalize-space(.)="BIA invullen"]`))
	do(t, m, "BIA form", chromedp.WaitVisible(chromedp.ID("f-notes")))
	expectPath(t, m, procPath+"/bia")
	axe(m, "BIA-formulier ("+procPath+"/bia)")

	sel := run(t, m, "first availability select", chromedp.Evaluate[[]string](firstAvailabilitySelectJS))
	if len(sel) != 3 {
		t.Fatalf("the BIA form has no Beschikbaarheid select per impactgebied")
	}
	if run(t, m, "notes", chromedp.Value(chromedp.ID("f-notes"))) != "" {
		do(t, m, "clear the notes", chromedp.Clear(chromedp.ID("f-notes")))
	}
	do(t, m, "fill in the BIA",
		chromedp.SetValue(chromedp.ID(sel[0]), sel[1]),
		chromedp.SendKeys(chromedp.ID("f-notes"), biaNotes),
	)
	if !run(t, m, "personal data ticked?", chromedp.Evaluate[bool](`document.getElementById('f-personal-data').checked`)) {
		do(t, m, "tick personal data", chromedp.Click(chromedp.ID("f-personal-data")))
	}
	clickAndLoad(t, m, "save the BIA", chromedp.CSS(`main form[action$="/bia"] button[type="submit"]`))
	do(t, m, "process page after the BIA", chromedp.WaitVisible(chromedp.CSS("main .flash")))
	expectPath(t, m, procPath)
	levels := run(t, m, "BIA levels", chromedp.Text(chromedp.CSS(`.table-wrap[aria-label="Niveaus per aspect"]`)))
	if !strings.Contains(levels, sel[2]) {
		t.Errorf("after saving, the process page's BIA lacks the chosen level %q:\n%s", sel[2], levels)
	}
	if n := a.id(`SELECT count(*) FROM process_bias WHERE process_id = $1 AND notes = $2 AND personal_data`, proc, biaNotes); n != 1 {
		t.Errorf("the BIA with the typed notes is not stored")
	}

	// Step 1, started from the process page: subject, afdeling and title come with it.
	clickAndLoad(t, m, "start a risk analysis", chromedp.Search(`//main//a[normalize-space(.)="Risicoanalyse starten"]`))
	do(t, m, "step 1", chromedp.WaitVisible(chromedp.ID("f-title")))
	expectPath(t, m, "/risicoanalyses/nieuw")
	if got := run(t, m, "subject", chromedp.Value(chromedp.ID("f-subject"))); got != "process:"+itoa(proc) {
		t.Errorf("step 1 subject is %q, want the process", got)
	}
	if got := run(t, m, "proposed title", chromedp.Value(chromedp.ID("f-title"))); got != "Risicoanalyse Aanvraag rijbewijzen" {
		t.Errorf("step 1 proposes the title %q", got)
	}
	if box := run(t, m, "BIA summary", chromedp.Text(chromedp.CSS(`aside[aria-labelledby="bia-samenvatting"]`))); !strings.Contains(box, sel[2]) {
		t.Errorf("the BIA box of step 1 lacks the new level %q:\n%s", sel[2], box)
	}
	axe(m, "stap 1 (/risicoanalyses/nieuw)")
	do(t, m, "fill in step 1",
		chromedp.Clear(chromedp.ID("f-title")),
		chromedp.SendKeys(chromedp.ID("f-title"), title),
		chromedp.SendKeys(chromedp.ID("f-scope"), "De balie en de koppeling met de RDW."),
	)
	clickAndLoad(t, m, "save step 1", chromedp.CSS(`main form[action="/risicoanalyses"] button[type="submit"]`))

	// Step 2: a threat from the catalogue, its aspects, inherent 4 × 5.
	do(t, m, "step 2", chromedp.WaitVisible(chromedp.ID("f-threat-code")))
	loc := run(t, m, "location of step 2", chromedp.Location())
	u, _ := url.Parse(loc)
	rest, ok := strings.CutPrefix(u.Path, "/risicoanalyses/")
	idText, ok2 := strings.CutSuffix(rest, "/risicos/nieuw")
	analysisID, err := strconv.ParseInt(idText, 10, 64)
	if !ok || !ok2 || err != nil {
		t.Fatalf("after step 1 at %s, want /risicoanalyses/{id}/risicos/nieuw", loc)
	}
	analysisPath := "/risicoanalyses/" + itoa(analysisID)
	axe(m, "stap 2 ("+u.Path+")")
	// The matrix explainer colours its cells by level (app.js, not a style
	// attribute, which the CSP blocks).
	if !run(t, m, "matrix colours", chromedp.Evaluate[bool](matrixColouredJS)) {
		t.Error("the cells of the risk matrix on step 2 have no colour bar")
	}
	do(t, m, "fill in step 2",
		chromedp.SetValue(chromedp.ID("f-threat-code"), "D02"),
		chromedp.SendKeys(chromedp.ID("f-description"), "Versleuteling van de werkplekken aan de balie legt de uitgifte stil."),
		chromedp.Click(chromedp.Search(`//fieldset[@id="f-affects"]//label[normalize-space(.)="Beschikbaarheid"]`)),
		chromedp.Click(chromedp.Search(`//fieldset[@id="f-affects"]//label[normalize-space(.)="Vertrouwelijkheid"]`)),
		chromedp.SetValue(chromedp.ID("f-likelihood"), "4"),
		chromedp.SetValue(chromedp.ID("f-impact"), "5"),
	)
	clickAndLoad(t, m, "save step 2", chromedp.CSS(`main form[action$="/risicos"] button[type="submit"]`))

	// Step 3: find 8.13 through the picker's search, tick it, the treatment.
	do(t, m, "step 3", chromedp.WaitVisible(chromedp.ID("f-control-ids-zoek")))
	loc = run(t, m, "location of step 3", chromedp.Location())
	if u, _ = url.Parse(loc); !strings.HasPrefix(u.Path, analysisPath+"/risicos/") || !strings.HasSuffix(u.Path, "/behandeling") {
		t.Fatalf("after step 2 at %s, want the treatment of the new risk", loc)
	}
	summary := run(t, m, "risk summary", chromedp.Text(chromedp.ID("risico-samenvatting")))
	for _, want := range []string{"Ransomware", "Beschikbaarheid, vertrouwelijkheid", "Kritiek"} {
		if !strings.Contains(summary, want) {
			t.Errorf("step 3 risk summary lacks %q:\n%s", want, summary)
		}
	}
	axe(m, "stap 3 ("+u.Path+")")
	do(t, m, "search 8.13", chromedp.SendKeys(chromedp.ID("f-control-ids-zoek"), "8.13"))
	// 8.13 and its overheidsmaatregelen 8.13.01 and on.
	shown := run(t, m, "filtered controls", chromedp.Evaluate[[]string](visibleControlsJS))
	if len(shown) == 0 || !strings.HasPrefix(shown[0], "8.13 ") {
		t.Fatalf("search 8.13 shows %v, want control 8.13 first", shown)
	}
	for _, s := range shown {
		if !strings.HasPrefix(s, "8.13") {
			t.Errorf("search 8.13 also shows %q", s)
		}
	}
	c813 := a.bio2Control("8.13")
	do(t, m, "fill in step 3",
		chromedp.Click(chromedp.Search(`//label[@for="f-control-ids-`+itoa(c813)+`"]`)),
		chromedp.SetValue(chromedp.ID("f-treatment"), "verminderen"),
		chromedp.SendKeys(chromedp.ID("f-treatment-description"), "Back-ups dagelijks, maar nog niet offline."),
		chromedp.SetValue(chromedp.ID("f-residual-likelihood"), "4"),
		chromedp.SetValue(chromedp.ID("f-residual-impact"), "4"),
		chromedp.SendKeys(chromedp.ID("f-action-title"), action),
		chromedp.SetValue(chromedp.ID("f-action-due"), due.Format("2006-01-02")),
	)
	if !run(t, m, "8.13 ticked", chromedp.Evaluate[bool](`document.getElementById('f-control-ids-`+itoa(c813)+`').checked`)) {
		t.Fatal("clicking the label of 8.13 did not tick it")
	}
	clickAndLoad(t, m, "save step 3", chromedp.CSS(`main form[action$="/behandeling"] button[type="submit"]`))

	// The summary: the risk with its control, action and residual level.
	do(t, m, "summary", chromedp.WaitVisible(chromedp.ID("analyse-risicos")), chromedp.WaitVisible(chromedp.CSS("main .flash")))
	expectPath(t, m, analysisPath)
	row := run(t, m, "risk row", chromedp.Text(chromedp.CSS("#analyse-risicos tbody tr")))
	for _, want := range []string{"Ransomware", "Verminderen", "8.13", "Actie: " + action, "Hoog"} {
		if !strings.Contains(row, want) {
			t.Errorf("the summary's risk row lacks %q:\n%s", want, row)
		}
	}
	axe(m, "samenvatting ("+analysisPath+")")
	clickAndLoad(t, m, "submit the analysis", chromedp.Search(`//main//button[normalize-space(.)="Analyse indienen"]`))
	do(t, m, "submitted", chromedp.WaitVisible(chromedp.CSS("main .flash")))
	if st := run(t, m, "status", chromedp.Text(chromedp.ID("analyse-status"))); st != "Ingediend" {
		t.Errorf("after submitting the status is %q, want Ingediend", st)
	}
	noCSPViolations(t, mConsole)
	mConsole.check(t)

	// ---- 2. The CISO establishes the analysis ----
	c := newTab(t)
	cConsole := watchConsole(t, c)
	browserLogin(t, c, a, "ciso@voorbeeld.nl", seed.Voorbeeld, nil)
	do(t, c, "analysis list", chromedp.Navigate(a.ts.URL+"/risicoanalyses"), chromedp.WaitVisible(chromedp.ID("analyses")))
	axe(c, "risicoanalyses (/risicoanalyses)")
	clickAndLoad(t, c, "open the analysis", chromedp.Search(fmt.Sprintf(`//table[@id="analyses"]//a[normalize-space(.)=%q]`, title)))
	do(t, c, "review section", chromedp.WaitVisible(chromedp.ID("beoordelen")))
	expectPath(t, c, analysisPath)
	axe(c, "samenvatting voor de CISO ("+analysisPath+")")
	clickAndLoad(t, c, "establish", chromedp.Search(`//main//button[normalize-space(.)="Vaststellen"]`))
	do(t, c, "established", chromedp.WaitVisible(chromedp.CSS("main .flash")))
	if st := run(t, c, "status", chromedp.Text(chromedp.ID("analyse-status"))); st != "Vastgesteld" {
		t.Errorf("after establishing the status is %q, want Vastgesteld", st)
	}
	noCSPViolations(t, cConsole)
	cConsole.check(t)

	// ---- 3. The directie decides on the residual risk ----
	d := newTab(t)
	dConsole := watchConsole(t, d)
	browserLogin(t, d, a, "directie@voorbeeld.nl", seed.Voorbeeld, nil)
	do(t, d, "decision queue", chromedp.Navigate(a.ts.URL+"/besluiten"), chromedp.WaitVisible(chromedp.ID("besluiten")))
	axe(d, "besluiten (/besluiten)")
	queueRow := fmt.Sprintf(`//table[@id="besluiten"]//tr[td[normalize-space(.)=%q]]`, title)
	rowText := run(t, d, "queue row", chromedp.Text(chromedp.Search(queueRow)))
	for _, want := range []string{"Ransomware", "Burgerzaken", "Hoog", "Directie"} {
		if !strings.Contains(rowText, want) {
			t.Errorf("the queue row of the risk lacks %q:\n%s", want, rowText)
		}
	}
	clickAndLoad(t, d, "open the risk", chromedp.Search(queueRow+`//a`))
	do(t, d, "decision page", chromedp.WaitVisible(chromedp.ID("f-outcome")))
	riskPath := run(t, d, "location", chromedp.Location())
	facts := run(t, d, "risk facts", chromedp.Text(chromedp.ID("besluit-risico")))
	for _, want := range []string{title + " (vastgesteld)", "Verminderen: Back-ups dagelijks", "8.13", "kans Groot, impact Groot: Hoog", "Midden"} {
		if !strings.Contains(facts, want) {
			t.Errorf("the decision page lacks %q:\n%s", want, facts)
		}
	}
	if href := run(t, d, "link to the analysis", chromedp.AttributeValue(
		chromedp.Search(fmt.Sprintf(`//*[@id="besluit-risico"]//a[normalize-space(.)=%q]`, title)), "href")); href.Value != analysisPath {
		t.Errorf("the decision page links the analysis to %q, want %s", href.Value, analysisPath)
	}
	if !run(t, d, "link back", chromedp.Evaluate[bool](`!!document.querySelector('main a[href="/besluiten"]')`)) {
		t.Error("the decision page has no link back to /besluiten")
	}
	axe(d, "besluitpagina")

	// Without a valid-until date: the Dutch error, the input kept.
	do(t, d, "fill in the decision without valid-until",
		chromedp.SetValue(chromedp.ID("f-kind"), "residual_risk"),
		chromedp.SetValue(chromedp.ID("f-outcome"), "accepted"),
		chromedp.SendKeys(chromedp.ID("f-rationale"), rationale),
	)
	decide := chromedp.CSS(`main form[action^="/besluiten/"] button[type="submit"]`)
	clickAndLoad(t, d, "submit without valid-until", decide)
	do(t, d, "error summary", chromedp.WaitVisible(chromedp.ID("error-summary")))
	errs := run(t, d, "error summary text", chromedp.Text(chromedp.ID("error-summary")))
	if !strings.Contains(errs, "Vul in tot wanneer de acceptatie geldt") {
		t.Errorf("the error summary lacks the valid-until message:\n%s", errs)
	}
	if link := run(t, d, "summary link", chromedp.AttributeValue(chromedp.CSS(`#error-summary a`), "href")); link.Value != "#f-valid-until" {
		t.Errorf("the summary links to %q, want #f-valid-until", link.Value)
	}
	if got := run(t, d, "rationale kept", chromedp.Value(chromedp.ID("f-rationale"))); got != rationale {
		t.Errorf("after the failed submit the rationale is %q, want the typed text", got)
	}
	if got := run(t, d, "outcome kept", chromedp.Value(chromedp.ID("f-outcome"))); got != "accepted" {
		t.Errorf("after the failed submit the outcome is %q, want accepted", got)
	}
	axe(d, "besluitpagina met fouten")

	// With the date: recorded, in the history and the register.
	do(t, d, "valid-until", chromedp.SetValue(chromedp.ID("f-valid-until"), until.Format("2006-01-02")))
	clickAndLoad(t, d, "submit the decision", decide)
	do(t, d, "decided", chromedp.WaitVisible(chromedp.CSS("main .flash")), chromedp.WaitVisible(chromedp.ID("besluit-historie")))
	if loc := run(t, d, "location", chromedp.Location()); loc != riskPath {
		t.Errorf("after deciding at %s, want the risk's page %s", loc, riskPath)
	}
	history := run(t, d, "history", chromedp.Text(chromedp.ID("besluit-historie")))
	for _, want := range []string{until.Format("02-01-2006"), rationale, "Directie"} {
		if !strings.Contains(strings.ToLower(history), strings.ToLower(want)) {
			t.Errorf("the decision history lacks %q:\n%s", want, history)
		}
	}
	do(t, d, "register", chromedp.Navigate(a.ts.URL+"/risicos/geaccepteerd"), chromedp.WaitVisible(chromedp.ID("geaccepteerd")))
	reg := run(t, d, "register row", chromedp.Text(chromedp.Search(fmt.Sprintf(`//table[@id="geaccepteerd"]//tr[td[normalize-space(.)=%q]]`, title))))
	for _, want := range []string{"Ransomware", "Hoog", until.Format("02-01-2006")} {
		if !strings.Contains(reg, want) {
			t.Errorf("the register row lacks %q:\n%s", want, reg)
		}
	}
	axe(d, "geaccepteerde risico's (/risicos/geaccepteerd)")
	// The failed submit answers 422 on purpose; Chromium logs that as an error.
	noCSPViolations(t, dConsole)
	dConsole.check(t, "status of 422 (Unprocessable Entity)")

	// ---- The end state in the database ----
	if n := a.id(`SELECT count(*) FROM risk_analyses WHERE id = $1 AND title = $2 AND status = 'vastgesteld'
		AND submitted_by IS NOT NULL AND established_at IS NOT NULL`, analysisID, title); n != 1 {
		t.Errorf("analysis %d is not stored as vastgesteld", analysisID)
	}
	riskID := a.id(`SELECT id FROM risks WHERE analysis_id = $1`, analysisID)
	if n := a.id(`SELECT count(*) FROM risks WHERE id = $1 AND threat_code = 'D02' AND inherent_likelihood = 4 AND inherent_impact = 5
		AND residual_likelihood = 4 AND residual_impact = 4 AND treatment = 'verminderen'`, riskID); n != 1 {
		t.Errorf("risk %d is not stored as typed", riskID)
	}
	if n := a.id(`SELECT count(*) FROM risk_controls WHERE risk_id = $1 AND item_id = $2`, riskID, c813); n != 1 {
		t.Errorf("the risk does not link control 8.13")
	}
	if n := a.id(`SELECT count(*) FROM plan_action_links l JOIN plan_actions p ON p.id = l.action_id
		WHERE l.target_kind = 'risk' AND l.target_id = $1 AND p.title = $2 AND p.due_date = $3`, riskID, action, due.Format("2006-01-02")); n != 1 {
		t.Errorf("the treatment action is not in the plan with its deadline")
	}
	if n := a.id(`SELECT count(*) FROM risk_decisions WHERE risk_id = $1 AND kind = 'residual_risk' AND outcome = 'accepted'
		AND decided_by_body = 'directie' AND rationale = $2 AND valid_until = $3`, riskID, rationale, until.Format("2006-01-02")); n != 1 {
		t.Errorf("no risk_decisions row accepting risk %d until %s", riskID, until.Format("2006-01-02"))
	}
}
