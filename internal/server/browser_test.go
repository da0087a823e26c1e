package server_test

// Browser tests: the real portal in headless Chromium, with axe-core on every
// page. `make e2e` runs only these (go test -run Browser). Helpers are in
// browser_helpers_test.go.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/baken-nl/baken/internal/seed"
)

// TestBrowserJourney walks the CISO through login, organisation choice, home,
// the user list and a new process: first submitted empty (the Dutch error,
// the error summary, the input kept), then valid (the process is listed).
// axe-core checks every page.
func TestBrowserJourney(t *testing.T) {
	a := newApp(t)
	ctx := newTab(t)
	console := watchConsole(t, ctx)
	axe := func(page string) { t.Helper(); checkAxe(t, ctx, page) }

	// Login page and organisation choice: ciso@ has roles in two organisations.
	if !browserLogin(t, ctx, a, "ciso@voorbeeld.nl", seed.Voorbeeld, axe) {
		t.Errorf("after login ciso@voorbeeld.nl was not asked to choose an organisation (/organisatie)")
	}

	// Home.
	h1 := run(t, ctx, "home heading", chromedp.Text(chromedp.CSS("main#main h1")))
	if !strings.Contains(h1, "Welkom") {
		t.Errorf("home heading %q, want a welcome", h1)
	}
	org := run(t, ctx, "organisation in header", chromedp.Text(chromedp.CSS(".app-header__org")))
	if org != seed.Voorbeeld {
		t.Errorf("header shows organisation %q, want %q", org, seed.Voorbeeld)
	}
	axe("home (/)")

	// User list.
	do(t, ctx, "user list",
		chromedp.Navigate(a.ts.URL+"/gebruikers"),
		chromedp.WaitVisible(chromedp.CSS(`.table-wrap[aria-label="Gebruikers"] tbody tr`)),
	)
	users := run(t, ctx, "user table", chromedp.Text(chromedp.CSS(".table-wrap")))
	if !strings.Contains(users, "ciso@voorbeeld.nl") {
		t.Errorf("user list lacks ciso@voorbeeld.nl:\n%s", users)
	}
	axe("gebruikerslijst (/gebruikers)")

	// New process, submitted without a name or afdeling.
	const description = "Proces uit de browsertest; deze tekst moet blijven staan."
	do(t, ctx, "new process form",
		chromedp.Navigate(a.ts.URL+"/processen/nieuw"),
		chromedp.WaitVisible(chromedp.ID("f-name")),
		chromedp.SendKeys(chromedp.ID("f-description"), description),
	)
	submit := chromedp.CSS(`main form[action="/processen"] button[type="submit"]`)
	clickAndLoad(t, ctx, "submit empty process form", submit)
	do(t, ctx, "error summary", chromedp.WaitVisible(chromedp.ID("error-summary")))
	expectPath(t, ctx, "/processen")
	summary := run(t, ctx, "error summary text", chromedp.Text(chromedp.ID("error-summary")))
	for _, want := range []string{"Er is een probleem", "Vul de naam in.", "Kies de afdeling"} {
		if !strings.Contains(summary, want) {
			t.Errorf("error summary lacks %q:\n%s", want, summary)
		}
	}
	if link := run(t, ctx, "summary link to name", chromedp.AttributeValue(
		chromedp.Search(`//*[@id="error-summary"]//a[normalize-space(.)="Vul de naam in."]`), "href")); link.Value != "#f-name" {
		t.Errorf("summary link for the name goes to %q, want #f-name", link.Value)
	}
	fieldErr := run(t, ctx, "name field error", chromedp.Text(chromedp.ID("f-name-error")))
	if !strings.Contains(fieldErr, "Vul de naam in.") {
		t.Errorf("error at the name field is %q, want %q", fieldErr, "Vul de naam in.")
	}
	nameAttrs := run(t, ctx, "name field attributes", chromedp.Attributes(chromedp.ID("f-name")))
	if nameAttrs["aria-invalid"] != "true" || !strings.Contains(nameAttrs["aria-describedby"], "f-name-error") {
		t.Errorf("name field: aria-invalid=%q aria-describedby=%q, want true and f-name-error",
			nameAttrs["aria-invalid"], nameAttrs["aria-describedby"])
	}
	if got := run(t, ctx, "description after failed submit", chromedp.Value(chromedp.ID("f-description"))); got != description {
		t.Errorf("description after the failed submit is %q, want the typed %q", got, description)
	}
	axe("procesformulier met fouten (POST /processen)")

	// Now valid: a name and an afdeling.
	name := fmt.Sprintf("Browsertest proces %d", time.Now().UnixNano())
	dept := run(t, ctx, "afdeling option", chromedp.AttributeValue(
		chromedp.Search(`//select[@id="f-department-id"]/option[normalize-space(.)="Burgerzaken"]`), "value"))
	if !dept.Exists || dept.Value == "" {
		t.Fatalf("no option Burgerzaken in the afdeling select")
	}
	do(t, ctx, "fill in process form",
		chromedp.SendKeys(chromedp.ID("f-name"), name),
		chromedp.SetValue(chromedp.ID("f-department-id"), dept.Value),
	)
	clickAndLoad(t, ctx, "submit valid process form", submit)
	do(t, ctx, "process list with flash", chromedp.WaitVisible(chromedp.CSS("main .flash")))
	expectPath(t, ctx, "/processen")
	flash := run(t, ctx, "flash text", chromedp.Text(chromedp.CSS("main .flash")))
	if want := "Proces " + name + " is toegevoegd"; !strings.Contains(flash, want) {
		t.Errorf("flash %q, want it to contain %q", flash, want)
	}
	rows := run(t, ctx, "process table", chromedp.Text(chromedp.CSS(`.table-wrap[aria-label="Processen"]`)))
	if !strings.Contains(rows, name) {
		t.Errorf("process list lacks %q:\n%s", name, rows)
	}
	axe("proceslijst (/processen)")

	if a.id(`SELECT count(*) FROM processes WHERE name = $1`, name) != 1 {
		t.Errorf("process %q not stored exactly once", name)
	}
	// The failed submit answers 422 on purpose; Chromium logs that as an error.
	console.check(t, "status of 422 (Unprocessable Entity)")
}

// TestBrowserSkipLink checks the keyboard entry to a page: the first Tab
// focuses the skip link, which then shows on screen, and Enter moves the
// focus to the main content.
func TestBrowserSkipLink(t *testing.T) {
	a := newApp(t)
	ctx := newTab(t)
	browserLogin(t, ctx, a, "ciso@voorbeeld.nl", seed.Voorbeeld, nil)

	// A fresh load of the home page, so the focus starts at the document.
	do(t, ctx, "home page", chromedp.Navigate(a.ts.URL+"/"), chromedp.WaitReady(chromedp.CSS("a.skip-link")))

	// onScreen: the link is inside the viewport and it is what a user sees at
	// its centre (not hidden under the header, clipped or moved off screen).
	const onScreen = `(() => {
		const el = document.querySelector('a.skip-link');
		const r = el.getBoundingClientRect();
		if (r.width < 1 || r.height < 1 || r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) return false;
		const s = getComputedStyle(el);
		if (s.visibility !== 'visible' || s.opacity === '0') return false;
		return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === el;
	})()`
	if run(t, ctx, "skip link before Tab", chromedp.Evaluate[bool](onScreen)) {
		t.Errorf("skip link is on screen before it has the focus; it should show only on focus")
	}

	do(t, ctx, "press Tab", chromedp.KeyEvent(kb.Tab))
	focused := run(t, ctx, "focused element", chromedp.Evaluate[string](
		`(() => { const e = document.activeElement; return e ? e.outerHTML : ''; })()`))
	if !run(t, ctx, "focus on skip link", chromedp.Evaluate[bool](`document.activeElement.matches('a.skip-link')`)) {
		t.Fatalf("the first Tab focuses %s, want the skip link a.skip-link", focused)
	}
	// Any transition into view ends on screen; poll for it instead of sleeping.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](onScreen,
		chromedp.WithPollingTimeout(2*time.Second))); err != nil {
		box := run(t, ctx, "skip link box", chromedp.Evaluate[string](
			`JSON.stringify(document.querySelector('a.skip-link').getBoundingClientRect())`))
		t.Fatalf("focused skip link is not visible on screen (box %s): %v", box, err)
	}
	if text := run(t, ctx, "skip link text", chromedp.Text(chromedp.CSS("a.skip-link"))); text != "Naar de inhoud" {
		t.Errorf("skip link text %q, want %q", text, "Naar de inhoud")
	}

	do(t, ctx, "press Enter on skip link", chromedp.KeyEvent(kb.Enter))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.activeElement.id === 'main'`,
		chromedp.WithPollingTimeout(2*time.Second))); err != nil {
		focused := run(t, ctx, "focused element", chromedp.Evaluate[string](`document.activeElement.tagName + '#' + document.activeElement.id`))
		t.Errorf("after Enter on the skip link the focus is on %s, want main#main: %v", focused, err)
	}
}
