package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/seed"
)

// bio2Items returns the first n controls and measures of BIO2 in catalogue order.
func (a *app) bio2Items(n int) []int64 {
	a.t.Helper()
	rows, err := a.db.Pool.Query(context.Background(), `SELECT i.id FROM catalogue_items i JOIN frameworks f ON f.id = i.framework_id
		WHERE f.organisation_id IS NULL AND f.code = 'BIO2' AND i.kind IN ('control', 'measure') ORDER BY i.sort_key LIMIT $1`, n)
	if err != nil {
		a.t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			a.t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		a.t.Fatal(err)
	}
	if len(ids) != n {
		a.t.Fatalf("BIO2 has %d items, want %d", len(ids), n)
	}
	return ids
}

// statusVersion is the stored version of a control's status (0: untouched).
func (a *app) statusVersion(org, item int64) int64 {
	return a.id(`SELECT coalesce((SELECT version FROM control_statuses WHERE organisation_id = $1 AND item_id = $2), 0)`, org, item)
}

func bulkForm(field string, ids []int64, kv ...string) url.Values {
	f := url.Values{"field": {field}}
	for _, id := range ids {
		f.Add("id", itoa(id))
	}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}

var hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)"`)

// confirmForm is the form of the confirmation page as the browser would send it.
func confirmForm(t *testing.T, page response) url.Values {
	t.Helper()
	i := strings.Index(page.body, `action="/bio/bulk/bevestigen`)
	if i < 0 {
		t.Fatalf("the confirmation page has no confirm form:\n%s", trim(page.body))
	}
	f := url.Values{}
	for _, m := range hiddenInput.FindAllStringSubmatch(page.body[i:], -1) {
		f.Add(m[1], strings.ReplaceAll(m[2], "&amp;", "&"))
	}
	return f
}

func TestBulkOwnerByCISO(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	burgerzaken := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Burgerzaken'`, voorbeeld)
	ids := a.bio2Items(3)
	// None of them is Burgerzaken's yet: a change to the value a control
	// already has changes nothing.
	if _, err := a.db.Pool.Exec(context.Background(), `UPDATE control_statuses SET owner_department_id = NULL
		WHERE organisation_id = $1 AND item_id = ANY($2) AND owner_department_id = $3`, voorbeeld, ids, burgerzaken); err != nil {
		t.Fatal(err)
	}
	before := make([]int64, len(ids))
	for i, id := range ids {
		before[i] = a.statusVersion(voorbeeld, id)
	}
	ciso := a.loggedIn("ciso@voorbeeld.nl")

	page := ciso.post("/bio/bulk?status=&sorteer=eigenaar", bulkForm("eigenaar", ids, "owner_department_id", itoa(burgerzaken)))
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, "U gaat 3 maatregelen wijzigen", "Eigenaar (afdeling)</strong> wordt <strong>Burgerzaken", `href="/bio?sorteer=eigenaar&amp;status="`)
	// Nothing is stored before the confirmation.
	if v := a.statusVersion(voorbeeld, ids[0]); v != before[0] {
		t.Fatalf("the confirmation page changed the control (version %d → %d)", before[0], v)
	}
	form := confirmForm(t, page)
	if got := form["id"]; len(got) != 3 {
		t.Fatalf("confirm form carries ids %v, want 3", got)
	}
	res := ciso.post("/bio/bulk/bevestigen", form)
	expectStatus(t, res, http.StatusOK)
	expectContains(t, res, "3 maatregelen gewijzigd")
	if strings.Contains(res.body, "Geweigerd") {
		t.Errorf("the CISO's bulk change refused controls:\n%s", trim(res.body))
	}
	for i, id := range ids {
		if owner := a.id(`SELECT coalesce(owner_department_id, 0) FROM control_statuses WHERE organisation_id = $1 AND item_id = $2`, voorbeeld, id); owner != burgerzaken {
			t.Errorf("control %d: owner %d, want Burgerzaken (%d)", id, owner, burgerzaken)
		}
		if v := a.statusVersion(voorbeeld, id); v != before[i]+1 {
			t.Errorf("control %d: version %d → %d, want +1", id, before[i], v)
		}
		var after []byte
		if err := a.db.Pool.QueryRow(context.Background(), `SELECT after FROM audit_events WHERE organisation_id = $1 AND entity = 'control' AND entity_id = $2`,
			voorbeeld, id).Scan(&after); err != nil {
			t.Fatalf("one audit event for control %d: %v", id, err)
		}
		var rec struct {
			Owner int64 `json:"owner_department_id"`
		}
		if err := json.Unmarshal(after, &rec); err != nil || rec.Owner != burgerzaken {
			t.Errorf("audit event of control %d records owner %d (%v), want %d", id, rec.Owner, err, burgerzaken)
		}
	}
	if n := a.id(`SELECT count(*) FROM audit_events WHERE organisation_id = $1 AND entity = 'control' AND entity_id = ANY($2)`, voorbeeld, ids); n != 3 {
		t.Errorf("%d audit events, want 3 (one per control)", n)
	}
	// The list shows the new owner.
	list := ciso.get("/bio?afdeling=" + itoa(burgerzaken))
	expectContains(t, list, `href="/bio/`+itoa(ids[0])+`"`)
}

func TestBulkManagerOwnAndOthers(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	own, ownVersion := a.controlOf("Burgerzaken")
	other, otherVersion := a.controlOf("Sociaal Domein")
	manager := a.loggedIn("manager.burgerzaken@voorbeeld.nl")

	// The manager may not assign owners, in bulk neither.
	resp := manager.post("/bio/bulk", bulkForm("eigenaar", []int64{own}, "owner_department_id", ""))
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Alleen de CISO wijst de eigenaar van een maatregel toe.")

	// A status the manager's own control does not have yet (a bulk change
	// to the value a control already has changes nothing).
	want := "in_uitvoering"
	if a.id(`SELECT count(*) FROM control_statuses WHERE organisation_id = $1 AND item_id = $2 AND status = $3`, voorbeeld, own, want) == 1 {
		want = "niet_gestart"
	}
	page := manager.post("/bio/bulk", bulkForm("status", []int64{own, other}, "status", want))
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, "U gaat 1 maatregel wijzigen", "Niet gewijzigd (1)", "U mag alleen de maatregelen van uw eigen afdeling bijwerken.")
	res := manager.post("/bio/bulk/bevestigen", confirmForm(t, page))
	expectStatus(t, res, http.StatusOK)
	expectContains(t, res, "1 maatregel gewijzigd", "Geweigerd (1)", "U mag alleen de maatregelen van uw eigen afdeling bijwerken.")

	var status string
	var needs bool
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT status, needs_review FROM control_statuses WHERE organisation_id = $1 AND item_id = $2`,
		voorbeeld, own).Scan(&status, &needs); err != nil || status != want || !needs {
		t.Errorf("own control: status %q, needs review %v (%v); want %s, waiting for the CISO", status, needs, err, want)
	}
	if v := a.statusVersion(voorbeeld, own); v != ownVersion+1 {
		t.Errorf("own control version %d → %d", ownVersion, v)
	}
	if v := a.statusVersion(voorbeeld, other); v != otherVersion {
		t.Errorf("another afdeling's control changed (version %d → %d)", otherVersion, v)
	}
	// A forged confirmation with the other control alone is refused too.
	res = manager.post("/bio/bulk/bevestigen", url.Values{"field": {"status"}, "status": {"geimplementeerd"}, "id": {itoa(other)}, "versie-" + itoa(other): {itoa(otherVersion)}})
	expectStatus(t, res, http.StatusOK)
	expectContains(t, res, "0 maatregelen gewijzigd", "Geweigerd (1)")
	if v := a.statusVersion(voorbeeld, other); v != otherVersion {
		t.Errorf("forged confirmation changed another afdeling's control")
	}
}

func TestBulkNotApplicableNeedsJustification(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	ids := a.bio2Items(2)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	resp := ciso.post("/bio/bulk?q=5", bulkForm("toepasselijkheid", ids, "applicable", "0", "justification", "   "))
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Leg uit waarom deze maatregel niet van toepassing is", `id="error-summary"`,
		`id="kies-`+itoa(ids[0])+`" checked`, `id="kies-`+itoa(ids[1])+`" checked`, `value="toepasselijkheid" selected`)
	// The list keeps its filter.
	expectContains(t, resp, `name="q" value="5"`)
	// Nothing selected: a field error too, not a 500.
	resp = ciso.post("/bio/bulk", bulkForm("status", nil, "status", "geimplementeerd"))
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies een of meer maatregelen in de lijst.")

	// With a justification the confirmation follows and both become "niet van toepassing".
	page := ciso.post("/bio/bulk", bulkForm("toepasselijkheid", ids, "applicable", "0", "justification", "Geen eigen datacenter"))
	expectStatus(t, page, http.StatusOK)
	res := ciso.post("/bio/bulk/bevestigen", confirmForm(t, page))
	expectStatus(t, res, http.StatusOK)
	expectContains(t, res, "2 maatregelen gewijzigd")
	for _, id := range ids {
		var applicable bool
		var status, justification string
		if err := a.db.Pool.QueryRow(context.Background(), `SELECT applicable, status, justification FROM control_statuses WHERE organisation_id = $1 AND item_id = $2`,
			voorbeeld, id).Scan(&applicable, &status, &justification); err != nil {
			t.Fatal(err)
		}
		if applicable || status != "niet_van_toepassing" || justification != "Geen eigen datacenter" {
			t.Errorf("control %d: applicable %v, status %q, justification %q", id, applicable, status, justification)
		}
	}
}

func TestBulkConflictIsNotOverwritten(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	burgerzaken := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Burgerzaken'`, voorbeeld)
	changed, version := a.controlOf("Burgerzaken")
	other, otherVersion := a.controlOf("Sociaal Domein")
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	page := ciso.post("/bio/bulk", bulkForm("beoordeling", []int64{changed, other}, "next_review", "2027-12-01"))
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, "U gaat 2 maatregelen wijzigen", "volgende 01-12-2027")

	// Meanwhile the manager changes one of them.
	manager := a.loggedIn("manager.burgerzaken@voorbeeld.nl")
	expectStatus(t, manager.post("/bio/"+itoa(changed), controlForm(version, burgerzaken, "in_uitvoering", "Tussendoor gewijzigd")), http.StatusSeeOther)

	res := ciso.post("/bio/bulk/bevestigen", confirmForm(t, page))
	expectStatus(t, res, http.StatusOK)
	expectContains(t, res, "1 maatregel gewijzigd", "Intussen door iemand anders gewijzigd (1)")
	var notes, next string
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT notes, coalesce(next_review::text, '') FROM control_statuses WHERE organisation_id = $1 AND item_id = $2`,
		voorbeeld, changed).Scan(&notes, &next); err != nil {
		t.Fatal(err)
	}
	if notes != "Tussendoor gewijzigd" || next == "2027-12-01" {
		t.Errorf("the conflicting control was overwritten: notes %q, next review %q", notes, next)
	}
	if v := a.statusVersion(voorbeeld, other); v != otherVersion+1 {
		t.Errorf("the other control: version %d → %d, want +1", otherVersion, v)
	}
	if next := a.id(`SELECT count(*) FROM control_statuses WHERE organisation_id = $1 AND item_id = $2 AND next_review = '2027-12-01'`, voorbeeld, other); next != 1 {
		t.Errorf("the other control did not get the new review date")
	}
}

func TestBulkWrongRoleIsRefused(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	ids := a.bio2Items(1)
	before := a.statusVersion(voorbeeld, ids[0])
	form := bulkForm("status", ids, "status", "geimplementeerd", "versie-"+itoa(ids[0]), itoa(before))
	for _, user := range []string{"medewerker@voorbeeld.nl", "directie@voorbeeld.nl", "auditor@voorbeeld.nl"} {
		c := a.loggedIn(user)
		expectStatus(t, c.post("/bio/bulk", form), http.StatusForbidden)
		expectStatus(t, c.post("/bio/bulk/bevestigen", form), http.StatusForbidden)
	}
	// Who may not edit gets no checkboxes or bulk form on the list.
	if body := a.loggedIn("auditor@voorbeeld.nl").get("/bio").body; strings.Contains(body, `id="bulk"`) || strings.Contains(body, `form="bulk"`) {
		t.Error("the auditor's list offers the bulk form")
	}
	if v := a.statusVersion(voorbeeld, ids[0]); v != before {
		t.Errorf("a refused role changed the control (version %d → %d)", before, v)
	}
}

func TestBulkOtherOrganisationsItemsAreRefused(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld, nabij := a.orgID(seed.Voorbeeld), a.orgID(seed.Nabij)
	var fw, item int64
	ctx := context.Background()
	if err := a.db.Pool.QueryRow(ctx, `INSERT INTO frameworks (organisation_id, code, name) VALUES ($1, 'EIGEN', 'Eigen kader') RETURNING id`, voorbeeld).Scan(&fw); err != nil {
		t.Fatal(err)
	}
	if err := a.db.Pool.QueryRow(ctx, `INSERT INTO catalogue_items (framework_id, kind, number, title, sort_key) VALUES ($1, 'control', '1.1', 'Geheim van Voorbeeld', '001.001') RETURNING id`, fw).Scan(&item); err != nil {
		t.Fatal(err)
	}
	own := a.bio2Items(1)[0]
	c := a.loggedIn("ciso@voorbeeld.nl", seed.Nabij)
	page := c.post("/bio/bulk", bulkForm("status", []int64{item, 999999, own}, "status", "in_uitvoering"))
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, "U gaat 1 maatregel wijzigen", "Niet gewijzigd (2)", "bestaat niet in het normenkader van deze organisatie")
	if strings.Contains(page.body, "Geheim van Voorbeeld") {
		t.Error("the confirmation page shows another organisation's item")
	}
	res := c.post("/bio/bulk/bevestigen", confirmForm(t, page))
	expectStatus(t, res, http.StatusOK)
	expectContains(t, res, "1 maatregel gewijzigd", "Geweigerd (2)")
	if n := a.id(`SELECT count(*) FROM control_statuses WHERE item_id = $1`, item); n != 0 {
		t.Errorf("another organisation's item got %d status rows", n)
	}
	if s := a.id(`SELECT count(*) FROM control_statuses WHERE organisation_id = $1 AND item_id = $2 AND status = 'in_uitvoering'`, nabij, own); s != 1 {
		t.Errorf("Nabij's own control was not changed")
	}
	// A malformed id is a field error, not a 500.
	resp := c.post("/bio/bulk", url.Values{"field": {"status"}, "status": {"in_uitvoering"}, "id": {"abc"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
}

// TestBulkConfirmQueryCountIsFixed: the confirmation page costs the same
// number of queries for 2 or 40 selected controls.
func TestBulkConfirmQueryCountIsFixed(t *testing.T) {
	t.Parallel()
	d, counter := dbtest.NewCounted(t)
	a := newAppOn(t, d)
	voorbeeld := a.orgID(seed.Voorbeeld)
	burgerzaken := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Burgerzaken'`, voorbeeld)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	ids := a.bio2Items(40)
	measure := func(ids []int64) int64 {
		before := counter.Count()
		expectStatus(t, ciso.post("/bio/bulk", bulkForm("eigenaar", ids, "owner_department_id", itoa(burgerzaken))), http.StatusOK)
		return counter.Count() - before
	}
	measure(ids[:1]) // warm up: the first request after login records the session's activity
	few, many := measure(ids[:2]), measure(ids)
	if few != many {
		t.Errorf("confirmation page: %d queries for 2 controls, %d for 40", few, many)
	}
	if many > 10 {
		t.Errorf("the confirmation page takes %d queries", many)
	}
}

func TestControlListOptions(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")

	all := ciso.get("/bio")
	expectContains(t, all, `href="#groep-5"`, `href="#groep-8"`, `id="bulk"`, `data-select-all="bulk"`)

	// Lenient number search, and the table of contents of shown groups only.
	found := ciso.get("/bio?q=5.1")
	expectContains(t, found, ">5.1<", ">5.01.01<")
	if strings.Contains(found.body, `href="#groep-8"`) {
		t.Error("the table of contents links to a group the filter hides")
	}

	// Sorted: one flat table, the params survive in the exports and the filter form.
	sorted := ciso.get("/bio?sorteer=volwassenheid&weergave=compact&q=5")
	expectStatus(t, sorted, http.StatusOK)
	expectContains(t, sorted, "Alle getoonde maatregelen", "Gesorteerd op volwassenheid", `aria-sort="ascending"`,
		`href="/bio/export/vvt.xlsx?sorteer=volwassenheid&amp;weergave=compact&amp;q=5"`,
		`<input type="hidden" name="sorteer" value="volwassenheid">`, `<input type="hidden" name="weergave" value="compact">`,
		"control-list--compact", `action="/bio/bulk?q=5&amp;sorteer=volwassenheid&amp;weergave=compact"`)
	if strings.Contains(sorted.body, `href="#groep-5"`) {
		t.Error("the flat sorted table still has a table of contents")
	}
	if strings.Contains(sorted.body, "<th scope=\"col\">Bewijs") || strings.Contains(sorted.body, ">Bewijs<") {
		t.Error("the compact view shows the evidence column")
	}
	// Maturity ascending: the first row's level is not above the last's.
	levels := regexp.MustCompile(`<td class="numeric">([–0-9])</td>`).FindAllStringSubmatch(sorted.body, -1)
	if len(levels) < 2 {
		t.Fatalf("sorted list has %d maturity cells", len(levels))
	}
	rank := func(s string) int {
		if s == "–" {
			return 0
		}
		return int(s[0] - '0')
	}
	for i := 1; i < len(levels); i++ {
		if rank(levels[i-1][1]) > rank(levels[i][1]) {
			t.Fatalf("maturity not ascending at row %d: %s after %s", i+1, levels[i][1], levels[i-1][1])
		}
	}
	// An unknown sort key is no link of the portal: refused, not silently
	// the catalogue order (see TestMalformedControlFilterIsRefused).
	expectStatus(t, ciso.get("/bio?sorteer=onzin"), http.StatusBadRequest)
}
