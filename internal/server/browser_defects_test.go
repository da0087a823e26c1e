package server_test

// Browser tests of the defects of issue 7 (BIO, second pass): focus on the
// error summary after a failed submit, aria-invalid on the login fields, and
// no sideways scrolling of the GAP page and a control page at 640 px.

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/baken-nl/baken/internal/seed"
)

// activeIDJS is the id of the focused element ("BODY" when it has none).
const activeIDJS = `document.activeElement ? (document.activeElement.id || document.activeElement.tagName) : ''`

// TestBrowserLoginErrorFocusAndAriaInvalid submits the login form empty: the
// focus must land on the error summary, and both fields must be marked invalid
// and described by their error. A wrong password moves the focus to the
// form's message.
func TestBrowserLoginErrorFocusAndAriaInvalid(t *testing.T) {
	a := newApp(t)
	ctx := newTab(t)
	console := watchConsole(t, ctx)
	do(t, ctx, "login page", chromedp.Navigate(a.ts.URL+"/login"), chromedp.WaitVisible(chromedp.ID("f-email")))
	clickAndLoad(t, ctx, "submit empty login form", chromedp.CSS(`form[action="/login"] button[type="submit"]`))
	do(t, ctx, "error summary", chromedp.WaitVisible(chromedp.ID("error-summary")))
	if id := run(t, ctx, "focused element", chromedp.Evaluate[string](activeIDJS)); id != "error-summary" {
		t.Errorf("after the failed login the focus is on %q, want the error summary", id)
	}
	for _, field := range []string{"f-email", "f-password"} {
		attrs := run(t, ctx, field+" attributes", chromedp.Attributes(chromedp.ID(field)))
		if attrs["aria-invalid"] != "true" || attrs["aria-describedby"] != field+"-error" {
			t.Errorf("%s: aria-invalid=%q aria-describedby=%q, want true and %s-error", field, attrs["aria-invalid"], attrs["aria-describedby"], field)
		}
	}
	checkAxe(t, ctx, "inlogpagina met fouten (POST /login)")

	do(t, ctx, "fill in a wrong password",
		chromedp.SendKeys(chromedp.ID("f-email"), "ciso@voorbeeld.nl"),
		chromedp.SendKeys(chromedp.ID("f-password"), "niet-het-wachtwoord"),
	)
	clickAndLoad(t, ctx, "submit wrong password", chromedp.CSS(`form[action="/login"] button[type="submit"]`))
	do(t, ctx, "form message", chromedp.WaitVisible(chromedp.ID("form-message")))
	if id := run(t, ctx, "focused element", chromedp.Evaluate[string](activeIDJS)); id != "form-message" {
		t.Errorf("after a wrong password the focus is on %q, want the message above the form", id)
	}
	console.check(t, "401")
}

// TestBrowserControlErrorFocus submits the status of a control with an
// impossible combination: the page comes back with the error summary focused.
func TestBrowserControlErrorFocus(t *testing.T) {
	a := newApp(t)
	ctx := newTab(t)
	console := watchConsole(t, ctx)
	id, _ := a.controlOf("Burgerzaken")
	browserLogin(t, ctx, a, "ciso@voorbeeld.nl", seed.Voorbeeld, nil)
	do(t, ctx, "control page",
		chromedp.Navigate(a.ts.URL+"/bio/"+itoa(id)),
		chromedp.WaitVisible(chromedp.ID("f-status")),
		chromedp.SetValue(chromedp.ID("f-status"), "geimplementeerd"),
	)
	if run(t, ctx, "applicable ticked", chromedp.Evaluate[bool](`document.getElementById('f-applicable').checked`)) {
		do(t, ctx, "untick applicable", chromedp.Click(chromedp.ID("f-applicable")))
	}
	clickAndLoad(t, ctx, "submit", chromedp.CSS(`main form[action="/bio/`+itoa(id)+`"] button[type="submit"]`))
	do(t, ctx, "error summary", chromedp.WaitVisible(chromedp.ID("error-summary")))
	if got := run(t, ctx, "focused element", chromedp.Evaluate[string](activeIDJS)); got != "error-summary" {
		t.Errorf("after the failed submit the focus is on %q, want the error summary", got)
	}
	console.check(t, "422")
}

// TestBrowserNoSidewaysScrollAt640 opens the GAP analysis and a control page
// in a 640 px wide window: the page itself must not scroll sideways (wide
// tables scroll inside their .table-wrap).
func TestBrowserNoSidewaysScrollAt640(t *testing.T) {
	a := newApp(t)
	ctx := newTab(t)
	id, version := a.controlOf("Burgerzaken")
	// Fill the control page with what makes it wide: a history entry with a
	// long note, and evidence with a long title and a long link.
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	burgerzaken := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Burgerzaken'`, a.orgID(seed.Voorbeeld))
	expectStatus(t, ciso.post("/bio/"+itoa(id), controlForm(version, burgerzaken, "in_uitvoering", strings.Repeat("Toelichting-zonder-spaties-", 20))), http.StatusSeeOther)
	expectStatus(t, ciso.postMultipart("/bio/"+itoa(id)+"/bewijs", [][2]string{{"kind", "link"},
		{"title", strings.Repeat("Autorisatieprocedure", 10)}, {"url", "https://dms.voorbeeld.nl/documenten/" + strings.Repeat("a1b2c3", 50)}}, nil), http.StatusSeeOther)
	browserLogin(t, ctx, a, "ciso@voorbeeld.nl", seed.Voorbeeld, nil)
	do(t, ctx, "640 px window", chromedp.EmulateViewport(640, 900))
	for _, path := range []string{"/bio/gap", "/bio/" + itoa(id)} {
		do(t, ctx, path, chromedp.Navigate(a.ts.URL+path), chromedp.WaitVisible(chromedp.CSS("main#main h1")))
		size := run(t, ctx, path+" scroll size", chromedp.Evaluate[[]int](
			`[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]`))
		if size[0] > size[1] {
			t.Errorf("%s at 640 px: the page is %d px wide in a %d px window; it scrolls sideways", path, size[0], size[1])
		}
	}
}
