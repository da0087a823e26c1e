package server_test

// Browser test of the bulk change on the control list: the CISO ticks two
// controls, assigns an owner, confirms, and sees the owner in the list.

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/baken-nl/baken/internal/seed"
)

func TestBrowserBulkAssignOwner(t *testing.T) {
	a := newApp(t)
	ctx := newTab(t)
	console := watchConsole(t, ctx)
	voorbeeld := a.orgID(seed.Voorbeeld)
	const owner = "Personeel en Organisatie"
	dept := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = $2`, voorbeeld, owner)
	ids := a.bio2Items(2)
	if n := a.id(`SELECT count(*) FROM control_statuses WHERE organisation_id = $1 AND item_id = ANY($2) AND owner_department_id = $3`, voorbeeld, ids, dept); n == 2 {
		t.Fatalf("both controls already belong to %s; the test would prove nothing", owner)
	}
	numbers := make([]string, len(ids))
	for i, id := range ids {
		if err := a.db.Pool.QueryRow(t.Context(), `SELECT number FROM catalogue_items WHERE id = $1`, id).Scan(&numbers[i]); err != nil {
			t.Fatal(err)
		}
	}

	browserLogin(t, ctx, a, "ciso@voorbeeld.nl", seed.Voorbeeld, nil)
	do(t, ctx, "control list",
		chromedp.Navigate(a.ts.URL+"/bio"),
		chromedp.WaitVisible(chromedp.ID("bulk")),
	)
	checkAxe(t, ctx, "maatregelenlijst met selectie (/bio)")

	// The select-all checkbox appears with JavaScript and ticks every row.
	do(t, ctx, "select all", chromedp.WaitVisible(chromedp.ID("kies-alle")), chromedp.Click(chromedp.ID("kies-alle")))
	counts := run(t, ctx, "ticked rows", chromedp.Evaluate[[]int](`(() => {
		const boxes = Array.from(document.querySelectorAll('input[form="bulk"][name="id"]'));
		return [boxes.length, boxes.filter(b => b.checked).length];
	})()`))
	if counts[0] < 10 || counts[0] != counts[1] {
		t.Errorf("select all ticked %d of %d rows", counts[1], counts[0])
	}
	do(t, ctx, "clear all", chromedp.Click(chromedp.ID("kies-alle")))
	if n := run(t, ctx, "ticked after clearing", chromedp.Evaluate[int](`document.querySelectorAll('input[form="bulk"][name="id"]:checked').length`)); n != 0 {
		t.Fatalf("%d rows still ticked after clearing select all", n)
	}

	do(t, ctx, "tick two controls and choose the owner",
		chromedp.Click(chromedp.CSS("details.bulk-form > summary")),
		chromedp.WaitVisible(chromedp.ID("f-field")),
		chromedp.Click(chromedp.ID("kies-"+itoa(ids[0]))),
		chromedp.Click(chromedp.ID("kies-"+itoa(ids[1]))),
		chromedp.SetValue(chromedp.ID("f-field"), "eigenaar"),
		chromedp.SetValue(chromedp.ID("f-owner-department-id"), itoa(dept)),
	)
	clickAndLoad(t, ctx, "review the change", chromedp.CSS(`form#bulk button[type="submit"]`))
	expectPath(t, ctx, "/bio/bulk")
	text := run(t, ctx, "confirmation text", chromedp.Text(chromedp.CSS("main#main")))
	for _, want := range []string{"U gaat 2 maatregelen wijzigen", owner, numbers[0], numbers[1]} {
		if !strings.Contains(text, want) {
			t.Errorf("confirmation page lacks %q:\n%s", want, text)
		}
	}
	checkAxe(t, ctx, "bevestiging (/bio/bulk)")

	clickAndLoad(t, ctx, "confirm", chromedp.CSS(`form[action="/bio/bulk/bevestigen"] button[type="submit"]`))
	expectPath(t, ctx, "/bio/bulk/bevestigen")
	if got := run(t, ctx, "result", chromedp.Text(chromedp.CSS("main#main"))); !strings.Contains(got, "2 maatregelen gewijzigd") {
		t.Errorf("result page: %s", got)
	}
	checkAxe(t, ctx, "resultaat (/bio/bulk/bevestigen)")

	clickAndLoad(t, ctx, "back to the list", chromedp.Search(`//main//a[normalize-space(.)="Terug naar de lijst"]`))
	expectPath(t, ctx, "/bio")
	for i, id := range ids {
		cell := run(t, ctx, "owner of "+numbers[i], chromedp.Evaluate[string](`(() => {
			const row = document.getElementById('kies-`+itoa(id)+`').closest('tr');
			const heads = Array.from(row.closest('table').querySelectorAll('thead th')).map(th => th.textContent.trim());
			return row.cells[heads.indexOf('Eigenaar')].textContent.trim();
		})()`))
		if cell != owner {
			t.Errorf("list shows owner %q for %s, want %q", cell, numbers[i], owner)
		}
	}
	console.check(t)
}
