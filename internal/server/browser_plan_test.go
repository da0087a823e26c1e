package server_test

// Browser test of the plan form's measure picker: filtering by typing and
// choosing by keyboard only. Helpers are in browser_helpers_test.go.

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/baken-nl/baken/internal/seed"
)

// visibleItemsJS lists the labels of the picker's visible checkboxes.
const visibleItemsJS = `Array.from(document.querySelectorAll('#f-control-ids [data-picker-item]'))
	.filter(el => !el.hidden && el.offsetParent !== null).map(el => el.textContent.trim())`

func TestBrowserPlanMeasurePicker(t *testing.T) {
	a := newApp(t)
	ctx := newTab(t)
	console := watchConsole(t, ctx)
	c85 := a.bio2Control("8.5")

	browserLogin(t, ctx, a, "ciso@voorbeeld.nl", seed.Voorbeeld, nil)
	do(t, ctx, "plan form",
		chromedp.Navigate(a.ts.URL+"/plan/nieuw"),
		chromedp.WaitVisible(chromedp.ID("f-control-ids-zoek")),
	)
	all := run(t, ctx, "all items", chromedp.Evaluate[[]string](visibleItemsJS))
	if len(all) < 90 {
		t.Fatalf("the picker shows %d measures before filtering", len(all))
	}
	checkAxe(t, ctx, "plan form (/plan/nieuw)")

	// Typing filters the list.
	do(t, ctx, "type a filter", chromedp.SendKeys(chromedp.ID("f-control-ids-zoek"), "authenticatie"))
	shown := run(t, ctx, "filtered items", chromedp.Evaluate[[]string](visibleItemsJS))
	if len(shown) == 0 || len(shown) >= len(all) {
		t.Fatalf("filter 'authenticatie' shows %d of %d", len(shown), len(all))
	}
	for _, s := range shown {
		if !strings.Contains(strings.ToLower(s), "authenticatie") {
			t.Errorf("filtered list shows %q", s)
		}
	}
	status := run(t, ctx, "count", chromedp.Text(chromedp.ID("f-control-ids-telling")))
	if !strings.Contains(status, "getoond") || !strings.Contains(status, "0 gekozen") {
		t.Errorf("status line %q", status)
	}

	// Keyboard only: arrow down to the first match, space to choose it.
	do(t, ctx, "clear and type 8.5",
		chromedp.Evaluate[chromedp.Void](`(() => { const i = document.getElementById('f-control-ids-zoek'); i.value = ''; i.dispatchEvent(new Event('input')); })()`),
		chromedp.SendKeys(chromedp.ID("f-control-ids-zoek"), "8.5 veilige"),
	)
	first := run(t, ctx, "first match", chromedp.Evaluate[[]string](visibleItemsJS))
	if len(first) != 1 || !strings.HasPrefix(first[0], "8.5 ") {
		t.Fatalf("filter '8.5 veilige' shows %v", first)
	}
	do(t, ctx, "arrow down, space",
		chromedp.KeyEvent(kb.ArrowDown),
		chromedp.KeyEvent(" "),
	)
	focused := run(t, ctx, "focused", chromedp.Evaluate[string](`document.activeElement.id`))
	if focused != "f-control-ids-"+itoa(c85) {
		t.Errorf("focus on %q after arrow down, want the checkbox of 8.5", focused)
	}
	if !run(t, ctx, "checked", chromedp.Evaluate[bool](`document.getElementById('f-control-ids-`+itoa(c85)+`').checked`)) {
		t.Error("space did not check 8.5")
	}
	// Enter in the search field does not submit the form (a submit event
	// would fire while the key is handled; the listener records it).
	do(t, ctx, "watch submits", chromedp.Evaluate[chromedp.Void](`document.addEventListener('submit', e => { window.submitted = true; e.preventDefault(); }, true)`))
	do(t, ctx, "enter in search", chromedp.Focus(chromedp.ID("f-control-ids-zoek")), chromedp.KeyEvent(kb.Enter))
	if run(t, ctx, "submitted?", chromedp.Evaluate[bool](`window.submitted === true`)) {
		t.Error("Enter in the search field submitted the form")
	}
	// Again from a control's page: the control is chosen already.
	do(t, ctx, "form from the control", chromedp.Navigate(a.ts.URL+"/plan/nieuw?maatregel="+itoa(c85)), chromedp.WaitVisible(chromedp.ID("f-control-ids-zoek")))

	// A checked measure stays visible under another filter.
	do(t, ctx, "other filter", chromedp.SendKeys(chromedp.ID("f-control-ids-zoek"), "xyz"))
	if v := run(t, ctx, "checked stays", chromedp.Evaluate[[]string](visibleItemsJS)); len(v) != 1 || !strings.HasPrefix(v[0], "8.5 ") {
		t.Errorf("with a filter that matches nothing the list shows %v, want the chosen 8.5", v)
	}

	// Save: the choice arrives.
	do(t, ctx, "title", chromedp.SendKeys(chromedp.ID("f-title"), "MFA voor beheerders (browsertest)"))
	do(t, ctx, "owner", chromedp.SetValue(chromedp.ID("f-owner-department-id"), itoa(a.department(seed.Voorbeeld, "Informatievoorziening en ICT"))))
	clickAndLoad(t, ctx, "save", chromedp.CSS(`form[action="/plan"] button[type="submit"]`))
	do(t, ctx, "saved", chromedp.WaitVisible(chromedp.CSS("main .flash")))
	if n := a.id(`SELECT count(*) FROM plan_action_links l JOIN plan_actions p ON p.id = l.action_id
		WHERE p.title = 'MFA voor beheerders (browsertest)' AND l.target_id = $1`, c85); n != 1 {
		t.Errorf("the saved action links %d times to 8.5", n)
	}
	if loc := run(t, ctx, "location", chromedp.Location()); !strings.Contains(loc, "/plan/") || strings.HasSuffix(loc, "/plan/nieuw") {
		t.Errorf("after saving at %s, want the new action's page", loc)
	}
	console.check(t)
}
