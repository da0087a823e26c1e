package server_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/xuri/excelize/v2"

	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/links"
	"github.com/baken-nl/baken/internal/seed"
)

// bio2Control is the id of a BIO2 control or measure by its number.
func (a *app) bio2Control(number string) int64 {
	return a.id(`SELECT i.id FROM catalogue_items i JOIN frameworks f ON f.id = i.framework_id
		WHERE f.organisation_id IS NULL AND f.code = 'BIO2' AND i.number = $1`, number)
}

func (a *app) department(org, name string) int64 {
	return a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = $2`, a.orgID(org), name)
}

// texts runs a query returning one text column.
func (a *app) texts(sql string, args ...any) []string {
	a.t.Helper()
	rows, err := a.db.Pool.Query(context.Background(), sql, args...)
	if err != nil {
		a.t.Fatalf("query %q: %v", sql, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		a.t.Fatalf("query %q: %v", sql, err)
	}
	return out
}

// planRow returns the table row of the list that holds the action title.
func planRow(t *testing.T, r response, title string) string {
	t.Helper()
	i := strings.Index(r.body, ">"+html.EscapeString(title)+"</a>")
	if i < 0 {
		t.Fatalf("%s: no row for %q\n%s", r.Request.URL, title, trim(r.body))
	}
	start := strings.LastIndex(r.body[:i], "<tr")
	end := strings.Index(r.body[i:], "</tr>")
	return r.body[start : i+end]
}

func actionForm(title string, fields ...string) url.Values {
	v := url.Values{"title": {title}, "status": {"gepland"}, "priority": {"midden"}, "version": {"1"}}
	for i := 0; i+1 < len(fields); i += 2 {
		if strings.HasSuffix(fields[i], "_ids") {
			v.Add(fields[i], fields[i+1])
		} else {
			v.Set(fields[i], fields[i+1])
		}
	}
	return v
}

func TestPlanCISOCreatesActionLinkedToControls(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("ciso@voorbeeld.nl")
	c51, c85 := a.bio2Control("5.1"), a.bio2Control("8.5")
	ict := a.department(seed.Voorbeeld, "Informatievoorziening en ICT")
	carla := a.id(`SELECT id FROM users WHERE email = 'ciso@voorbeeld.nl'`)

	form := c.get("/plan/nieuw")
	expectStatus(t, form, http.StatusOK)
	expectContains(t, form, `name="control_ids"`, "data-picker", ">5.15 Toegangsregels</label>", `<legend class="target-picker__legend">5 Organisatorisch</legend>`, "Carla Smit (CISO)")

	resp := c.post("/plan", actionForm("Wachtwoordbeleid herzien",
		"description", "Beleid en techniek in lijn brengen.", "owner_user_id", itoa(carla), "owner_department_id", itoa(ict),
		"due_date", "2027-04-30", "priority", "hoog", "estimated_cost", "1.234,50",
		"control_ids", itoa(c51), "control_ids", itoa(c85)))
	expectStatus(t, resp, http.StatusSeeOther)
	id := a.id(`SELECT id FROM plan_actions WHERE title = 'Wachtwoordbeleid herzien'`)
	if loc := resp.Header.Get("Location"); loc != "/plan/"+itoa(id) {
		t.Errorf("redirect to %q", loc)
	}
	if cost := a.texts(`SELECT estimated_cost::text FROM plan_actions WHERE id = $1`, id); cost[0] != "1234.50" {
		t.Errorf("stored cost %v", cost)
	}
	if n := a.id(`SELECT count(*) FROM plan_action_links WHERE action_id = $1 AND target_kind = 'control' AND target_id IN ($2, $3)`, id, c51, c85); n != 2 {
		t.Errorf("%d control links stored", n)
	}
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'action' AND action = 'create' AND entity_id = $1 AND after->'links'->'control' IS NOT NULL`, id); n != 1 {
		t.Error("create not audited with its links")
	}

	list := c.get("/plan?q=Wachtwoordbeleid")
	expectStatus(t, list, http.StatusOK)
	expectContains(t, list, "Actie Wachtwoordbeleid herzien is toegevoegd.")
	row := planRow(t, list, "Wachtwoordbeleid herzien")
	for _, want := range []string{"Carla Smit (CISO), Informatievoorziening en ICT", "30-04-2027", "€ 1.234,50", `href="/bio/` + itoa(c51) + `"`, ">5.1</a>", ">8.5</a>", "Hoog", "Gepland"} {
		if !strings.Contains(row, want) {
			t.Errorf("list row lacks %q: %s", want, row)
		}
	}
	if strings.Contains(row, "Te laat") {
		t.Error("an action due in 2027 is marked late")
	}

	page := c.get("/plan/" + itoa(id))
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, `href="/bio/`+itoa(c51)+`"`, "5.1 Beleid voor informatiebeveiliging",
		`value="`+itoa(c85)+`" checked`, `value="1.234,50"`, `value="2027-04-30"`, `name="version" value="1"`, "Actie verwijderen")

	// The control page's list counts the open action.
	if n := a.id(`SELECT count(*) FROM plan_action_links l JOIN plan_actions p ON p.id = l.action_id WHERE l.target_id = $1 AND p.status = 'gepland'`, c85); n < 1 {
		t.Error("no open action on 8.5")
	}
}

func TestPlanValidationIsDutchAndKeepsInput(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("ciso@voorbeeld.nl")
	ict := itoa(a.department(seed.Voorbeeld, "Informatievoorziening en ICT"))

	resp := c.post("/plan", actionForm("  ", "description", "Mijn zorgvuldig getypte omschrijving", "owner_department_id", ict))
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Vul de titel in.", "Mijn zorgvuldig getypte omschrijving", `href="#f-title"`, `aria-invalid="true"`)

	resp = c.post("/plan", actionForm("Actie met fouten", "owner_department_id", ict, "due_date", "morgen", "estimated_cost", "-5"))
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Deadline: vul een geldige datum in als dd-mm-jjjj, bijvoorbeeld 31-12-2026.", "De geschatte kosten kunnen niet negatief zijn.",
		`value="Actie met fouten"`, `value="morgen"`, `value="-5"`)

	resp = c.post("/plan", actionForm("Zonder eigenaar", "estimated_cost", "veel"))
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies een eigenaar: een persoon, een afdeling of allebei.", "Vul de geschatte kosten in als bedrag in euro")

	// References must belong to the organisation.
	nabijUser := a.id(`SELECT id FROM users WHERE email = 'manager@nabij.nl'`)
	nabijDept := a.department(seed.Nabij, "Dienstverlening")
	resp = c.post("/plan", actionForm("Vreemde verwijzingen", "owner_user_id", itoa(nabijUser), "owner_department_id", itoa(nabijDept), "control_ids", "999999999"))
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies een eigenaar uit de gebruikers van deze organisatie.", "Kies een afdeling van deze organisatie.",
		"Kies alleen maatregelen uit het normenkader van deze organisatie.")
	if n := a.id(`SELECT count(*) FROM plan_actions WHERE title IN ('Actie met fouten', 'Zonder eigenaar', 'Vreemde verwijzingen')`); n != 0 {
		t.Errorf("%d invalid actions stored", n)
	}
}

func TestPlanOrganisationFrameworkControls(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ctx := context.Background()
	voorbeeld := a.orgID(seed.Voorbeeld)
	var fw, item int64
	if err := a.db.Pool.QueryRow(ctx, `INSERT INTO frameworks (organisation_id, code, name) VALUES ($1, 'EIGEN', 'Eigen kader') RETURNING id`, voorbeeld).Scan(&fw); err != nil {
		t.Fatal(err)
	}
	if err := a.db.Pool.QueryRow(ctx, `INSERT INTO catalogue_items (framework_id, kind, number, title, sort_key) VALUES ($1, 'control', '1.1', 'Eigen maatregel', '001.001') RETURNING id`, fw).Scan(&item); err != nil {
		t.Fatal(err)
	}
	// Voorbeeld may link its own framework's control, Nabij may not.
	own := a.loggedIn("ciso@voorbeeld.nl")
	resp := own.post("/plan", actionForm("Eigen kader actie", "owner_department_id", itoa(a.department(seed.Voorbeeld, "Burgerzaken")), "control_ids", itoa(item)))
	expectStatus(t, resp, http.StatusSeeOther)
	// The form keeps a link outside the active framework selectable.
	expectContains(t, own.get(resp.Header.Get("Location")), `<legend class="target-picker__legend">Ander normenkader</legend>`, `value="`+itoa(item)+`" checked`)

	other := a.loggedIn("ciso@voorbeeld.nl", seed.Nabij)
	resp = other.post("/plan", actionForm("Gestolen koppeling", "owner_department_id", itoa(a.department(seed.Nabij, "Dienstverlening")), "control_ids", itoa(item)))
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies alleen maatregelen uit het normenkader van deze organisatie.")
}

func TestPlanConcurrentEditIsDetected(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := a.id(`SELECT id FROM plan_actions WHERE title LIKE 'Back-up hersteltest%'`)
	ict := itoa(a.department(seed.Voorbeeld, "Informatievoorziening en ICT"))
	first, second := a.loggedIn("ciso@voorbeeld.nl"), a.loggedIn("ciso@voorbeeld.nl")
	expectContains(t, first.get("/plan/"+itoa(id)), `name="version" value="1"`)
	expectContains(t, second.get("/plan/"+itoa(id)), `name="version" value="1"`)

	expectStatus(t, first.post("/plan/"+itoa(id), actionForm("Back-up hersteltest uitvoeren en vastleggen", "owner_department_id", ict, "description", "Versie van het eerste venster", "due_date", "2026-11-30")), http.StatusSeeOther)
	resp := second.post("/plan/"+itoa(id), actionForm("Back-up hersteltest uitvoeren en vastleggen", "owner_department_id", ict, "description", "Versie van het tweede venster", "due_date", "2026-11-30"))
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "Iemand anders heeft dit intussen gewijzigd", "Omschrijving: Versie van het eerste venster", "Versie van het tweede venster", `name="version" value="2"`)
	if d := a.texts(`SELECT description FROM plan_actions WHERE id = $1`, id); d[0] != "Versie van het eerste venster" {
		t.Fatalf("stored description %q: the second save must not overwrite", d[0])
	}
	// Saving again, now against the stored version, works.
	form := actionForm("Back-up hersteltest uitvoeren en vastleggen", "owner_department_id", ict, "description", "Versie van het tweede venster")
	form.Set("version", "2")
	expectStatus(t, second.post("/plan/"+itoa(id), form), http.StatusSeeOther)
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'action' AND action = 'update' AND entity_id = $1`, id); n != 2 {
		t.Errorf("%d update events, want 2", n)
	}
}

func TestPlanOverdueActionsStandOut(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	c := a.loggedIn("ciso@voorbeeld.nl")
	ict := itoa(a.department(seed.Voorbeeld, "Informatievoorziening en ICT"))
	// Independent of today's date: one open and one finished action long past their deadline.
	expectStatus(t, c.post("/plan", actionForm("Oude open actie", "owner_department_id", ict, "due_date", "2020-01-31", "status", "in_uitvoering")), http.StatusSeeOther)
	done := actionForm("Oude afgeronde actie", "owner_department_id", ict, "due_date", "2020-01-31")
	done.Set("status", "gereed")
	expectStatus(t, c.post("/plan", done), http.StatusSeeOther)

	// The database decides which demo actions are late today.
	overdue := a.texts(`SELECT title FROM plan_actions WHERE organisation_id = $1 AND status IN ('gepland', 'in_uitvoering') AND due_date < current_date`, voorbeeld)
	onTime := a.texts(`SELECT title FROM plan_actions WHERE organisation_id = $1 AND NOT (status IN ('gepland', 'in_uitvoering') AND due_date < current_date)`, voorbeeld)
	if len(overdue) == 0 || len(onTime) == 0 {
		t.Fatalf("overdue %v, on time %v", overdue, onTime)
	}
	list := c.get("/plan")
	expectStatus(t, list, http.StatusOK)
	for _, title := range overdue {
		if row := planRow(t, list, title); !strings.Contains(row, "Te laat") || !strings.Contains(row, "row--overdue") {
			t.Errorf("overdue action %q not marked: %s", title, row)
		}
	}
	for _, title := range onTime {
		if row := planRow(t, list, title); strings.Contains(row, "Te laat") {
			t.Errorf("action %q marked late: %s", title, row)
		}
	}
	expectContains(t, list, fmt.Sprintf("<strong>%d</strong>", len(overdue)))

	// The filter shows only the late ones, and the action page says so too.
	late := c.get("/plan?te_laat=1")
	for _, title := range onTime {
		if strings.Contains(late.body, ">"+html.EscapeString(title)+"</a>") {
			t.Errorf("te_laat filter shows %q", title)
		}
	}
	id := a.id(`SELECT id FROM plan_actions WHERE title = 'Oude open actie'`)
	expectContains(t, c.get("/plan/"+itoa(id)), "Te laat", "De deadline (31-01-2020) is verstreken")
	expectContains(t, a.loggedIn("auditor@voorbeeld.nl").get("/plan/"+itoa(id)), "Te laat", "31-01-2020")
}

func TestPlanManagerMayViewButNotEdit(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	m := a.loggedIn("manager.burgerzaken@voorbeeld.nl")
	list := m.get("/plan")
	expectStatus(t, list, http.StatusOK)
	expectContains(t, list, "Autorisatiematrix burgerzakenapplicaties herzien")
	if strings.Contains(list.body, `href="/plan/nieuw"`) {
		t.Error("the manager is offered to add actions")
	}
	id := a.id(`SELECT id FROM plan_actions WHERE title = 'Autorisatiematrix burgerzakenapplicaties herzien'`)
	page := m.get("/plan/" + itoa(id))
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, "Autorisatiematrix burgerzakenapplicaties herzien", `href="/bio/`+itoa(a.bio2Control("5.15"))+`"`, "5.15 ", "Burgerzaken", "€ 2.000,00")
	if strings.Contains(page.body, `action="/plan/`+itoa(id)+`"`) || strings.Contains(page.body, "Actie verwijderen") {
		t.Error("the manager gets the edit form")
	}
	// Only the progress form, as the manager of the owning afdeling.
	expectContains(t, page, `action="/plan/`+itoa(id)+`/voortgang"`)
	expectStatus(t, m.post("/plan", actionForm("Mag niet", "owner_department_id", itoa(a.department(seed.Voorbeeld, "Burgerzaken")))), http.StatusForbidden)
	expectStatus(t, m.post("/plan/"+itoa(id), actionForm("Mag niet")), http.StatusForbidden)
	expectStatus(t, m.post("/plan/"+itoa(id)+"/verwijderen", nil), http.StatusForbidden)
	expectStatus(t, m.get("/plan/nieuw"), http.StatusForbidden)
}

func TestPlanFiltersByYearAndDepartment(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	c := a.loggedIn("directie@voorbeeld.nl")
	burgerzaken := a.department(seed.Voorbeeld, "Burgerzaken")

	all := c.get("/plan")
	expectStatus(t, all, http.StatusOK)
	total := a.id(`SELECT count(*) FROM plan_actions WHERE organisation_id = $1`, voorbeeld)
	if total < 10 || total > 25 {
		t.Fatalf("seed changed: %d actions in the plan, want 10 to 25 (one page)", total)
	}
	expectContains(t, all, `<option value="2026"`, `<option value="2027"`, "Alle jaren – hele organisatie", fmt.Sprintf("1–%d van %d", total, total))

	in2026 := a.texts(`SELECT title FROM plan_actions WHERE organisation_id = $1 AND extract(year FROM due_date) = 2026`, voorbeeld)
	in2027 := a.texts(`SELECT title FROM plan_actions WHERE organisation_id = $1 AND extract(year FROM due_date) = 2027`, voorbeeld)
	y := c.get("/plan?jaar=2026")
	expectContains(t, y, "Jaarplan 2026 – hele organisatie", fmt.Sprintf("1–%d van %d", len(in2026), len(in2026)))
	for _, title := range in2026 {
		expectContains(t, y, html.EscapeString(title))
	}
	for _, title := range in2027 {
		if strings.Contains(y.body, html.EscapeString(title)) {
			t.Errorf("2026 plan shows %q", title)
		}
	}

	// The jaarplan of one afdeling: its actions and their totals.
	d := c.get("/plan?jaar=2026&afdeling=" + itoa(burgerzaken))
	expectContains(t, d, "Jaarplan 2026 – Burgerzaken", "Autorisatiematrix burgerzakenapplicaties herzien", "Clean desk-controle op de publieksbalie", "€ 2.000,00", "1–2 van 2")
	if strings.Contains(d.body, "Multifactorauthenticatie") {
		t.Error("afdeling filter shows another afdeling's action")
	}
	cost := a.texts(`SELECT to_char(coalesce(sum(estimated_cost), 0), 'FM999999990.00') FROM plan_actions WHERE organisation_id = $1 AND owner_department_id = $2 AND extract(year FROM due_date) = 2026`, voorbeeld, burgerzaken)
	if cost[0] != "2000.00" {
		t.Errorf("seed changed: Burgerzaken 2026 costs %s", cost[0])
	}
	st := c.get("/plan?status=gereed&afdeling=" + itoa(burgerzaken))
	expectContains(t, st, "Clean desk-controle op de publieksbalie", "1–1 van 1")

	empty := c.get("/plan?jaar=2031")
	expectContains(t, empty, "Geen acties gevonden met deze zoekopdracht of filters.")
	if strings.Contains(empty.body, "export.xlsx") {
		t.Error("export offered for an empty selection")
	}
	// Sorting by cost puts the most expensive first when descending.
	sorted := c.get("/plan?sort=cost&dir=desc")
	if strings.Index(sorted.body, "Logging en monitoring SIEM") > strings.Index(sorted.body, "Multifactorauthenticatie") {
		t.Error("descending cost sort not applied")
	}
}

func TestPlanExportXLSX(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	c := a.loggedIn("ciso@voorbeeld.nl")
	ict := itoa(a.department(seed.Voorbeeld, "Informatievoorziening en ICT"))
	expectStatus(t, c.post("/plan", actionForm(`=HYPERLINK("https://evil.example","klik")`, "owner_department_id", ict, "due_date", "2026-02-01", "estimated_cost", "99,95")), http.StatusSeeOther)

	list := c.get("/plan?jaar=2026&page=1")
	expectContains(t, list, `href="/plan/export.xlsx?jaar=2026"`)

	resp := c.get("/plan/export.xlsx?jaar=2026")
	expectStatus(t, resp, http.StatusOK)
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "informatiebeveiligingsplan-gemeente-voorbeeld-2026-") {
		t.Errorf("Content-Disposition %q", cd)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(resp.body)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Plan")
	if err != nil {
		t.Fatal(err)
	}
	want := a.id(`SELECT count(*) FROM plan_actions WHERE organisation_id = $1 AND extract(year FROM due_date) = 2026`, voorbeeld)
	if int64(len(rows)) != want+1 {
		t.Fatalf("%d rows, want a header and %d actions", len(rows), want)
	}
	header := strings.Join(rows[0], "|")
	if header != "Titel|Omschrijving|Eigenaar|Afdeling|Deadline|Status|Prioriteit|Geschatte kosten|Te laat|Maatregelen" {
		t.Errorf("header %s", header)
	}
	// Sorted by deadline: the injected title (1 February) comes first, as text.
	if rows[1][0] != `=HYPERLINK("https://evil.example","klik")` {
		t.Errorf("first row %q", rows[1])
	}
	if formula, _ := f.GetCellFormula("Plan", "A2"); formula != "" {
		t.Errorf("user text exported as formula %q", formula)
	}
	found := false
	for _, r := range rows[1:] {
		if r[0] == "Multifactorauthenticatie voor alle beheeraccounts" {
			found = true
			if r[3] != "Informatievoorziening en ICT" || r[4] != "30-09-2026" || r[5] != "In uitvoering" || r[6] != "Hoog" || r[9] != "5.17, 8.5" {
				t.Errorf("MFA row %q", r)
			}
		}
	}
	if !found {
		t.Error("MFA action missing from the export")
	}

	// All years, one afdeling.
	resp = c.get("/plan/export.xlsx?afdeling=" + itoa(a.department(seed.Voorbeeld, "Burgerzaken")))
	f2, err := excelize.OpenReader(strings.NewReader(resp.body))
	if err != nil {
		t.Fatal(err)
	}
	defer f2.Close()
	want = a.id(`SELECT count(*) FROM plan_actions WHERE organisation_id = $1 AND owner_department_id = $2`,
		voorbeeld, a.department(seed.Voorbeeld, "Burgerzaken"))
	if rows, _ := f2.GetRows("Plan"); int64(len(rows)) != want+1 || want < 2 {
		t.Errorf("Burgerzaken export has %d rows, want a header and %d actions (at least 2)", len(rows), want)
	}
	// A viewer without edit rights may export too (route ViewPlan).
	expectStatus(t, a.loggedIn("manager.burgerzaken@voorbeeld.nl").get("/plan/export.xlsx"), http.StatusOK)
}

func TestPlanDeleteIsAudited(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("ciso@voorbeeld.nl")
	id := a.id(`SELECT id FROM plan_actions WHERE title LIKE 'Clean desk%'`)
	resp := c.post("/plan/"+itoa(id)+"/verwijderen", nil)
	expectStatus(t, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/plan" {
		t.Errorf("redirect to %q", loc)
	}
	expectContains(t, c.get("/plan"), "De actie is verwijderd.")
	if n := a.id(`SELECT count(*) FROM plan_actions WHERE id = $1`, id); n != 0 {
		t.Error("action not deleted")
	}
	if n := a.id(`SELECT count(*) FROM plan_action_links WHERE action_id = $1`, id); n != 0 {
		t.Error("links not deleted")
	}
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'action' AND action = 'delete' AND entity_id = $1
		AND summary = 'Actie Clean desk-controle op de publieksbalie verwijderd' AND before->>'status' = 'gereed'`, id); n != 1 {
		t.Error("delete not audited with the before-state")
	}
	expectStatus(t, c.get("/plan/"+itoa(id)), http.StatusNotFound)
}

func TestPlanIsolatedPerOrganisation(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := a.id(`SELECT id FROM plan_actions WHERE organisation_id = $1 ORDER BY id LIMIT 1`, a.orgID(seed.Voorbeeld))
	c := a.loggedIn("ciso@voorbeeld.nl", seed.Nabij)
	expectStatus(t, c.get("/plan/"+itoa(id)), http.StatusNotFound)
	dept := itoa(a.department(seed.Nabij, "Dienstverlening"))
	expectStatus(t, c.post("/plan/"+itoa(id), actionForm("Overgenomen", "owner_department_id", dept)), http.StatusNotFound)
	expectStatus(t, c.post("/plan/"+itoa(id)+"/verwijderen", nil), http.StatusNotFound)
	list := c.get("/plan")
	expectStatus(t, list, http.StatusOK)
	expectContains(t, list, "Het plan bevat nog geen acties.")
	if strings.Contains(list.body, "Multifactorauthenticatie") {
		t.Error("Nabij sees Voorbeeld's plan")
	}
	rows := func() int {
		resp := c.get("/plan/export.xlsx")
		f, err := excelize.OpenReader(strings.NewReader(resp.body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		r, _ := f.GetRows("Plan")
		return len(r)
	}
	if n := rows(); n != 1 {
		t.Errorf("Nabij export has %d rows", n)
	}
	if n := a.id(`SELECT count(*) FROM plan_actions WHERE id = $1 AND title <> 'Overgenomen'`, id); n != 1 {
		t.Error("Voorbeeld's action changed")
	}
}

// TestPlanListQueryCount proves the list costs the same number of queries
// whatever the number of actions and links on the page, and four round
// trips to the database: the session, the principal, one batch (count,
// page, its links, totals, years, afdelingen) and one of the links' labels.
func TestPlanListQueryCount(t *testing.T) {
	t.Parallel()
	d, counter := dbtest.NewCounted(t)
	a := newAppOn(t, d)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	expectStatus(t, ciso.get("/"), http.StatusOK) // shows (and removes) the login's flash message
	var batched []int64
	measure := func() int64 {
		before, inBatches, trips := counter.Count(), counter.Batched(), counter.RoundTrips()
		expectStatus(t, ciso.get("/plan"), http.StatusOK)
		if got := counter.RoundTrips() - trips; got != 4 {
			t.Errorf("the plan list takes %d round trips to the database, want 4", got)
		}
		batched = append(batched, counter.Batched()-inBatches)
		return counter.Count() - before
	}
	few := measure()
	voorbeeld := a.orgID(seed.Voorbeeld)
	_, err := d.Pool.Exec(context.Background(), `
		WITH a AS (
			INSERT INTO plan_actions (organisation_id, title, due_date)
			SELECT $1, 'Extra actie ' || n, date '2026-01-01' + n FROM generate_series(1, 20) n RETURNING id
		)
		INSERT INTO plan_action_links (organisation_id, action_id, target_kind, target_id)
		SELECT $1, a.id, 'control', i.id FROM a, (SELECT id FROM catalogue_items WHERE kind = 'control' LIMIT 3) i
		UNION ALL
		SELECT $1, a.id, 'risk', r.id FROM a, (SELECT id FROM risks WHERE organisation_id = $1 ORDER BY id LIMIT 2) r
		UNION ALL
		SELECT $1, a.id, 'incident', i.id FROM a, (SELECT id FROM incidents WHERE organisation_id = $1 ORDER BY id LIMIT 1) i`, voorbeeld)
	if err != nil {
		t.Fatal(err)
	}
	// The demo's actions link controls, risks and incidents, and so do the extra ones:
	// the same link kinds on both pages, only more of them.
	if many := measure(); many != few || batched[1] != batched[0] {
		t.Errorf("list of the demo actions takes %d+%d queries, of 25 with links %d+%d", few, batched[0], many, batched[1])
	}
	if few > 14 {
		t.Errorf("the plan list takes %d queries", few)
	}
}

// TestLinksShowInBothDirections: an action lists the controls it addresses,
// and a control's page lists the actions that address it (package links).
func TestLinksShowInBothDirections(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	var action, control int64
	var title, number string
	if err := a.db.Pool.QueryRow(context.Background(), `
		SELECT pa.id, pa.title, i.id, i.number FROM plan_action_links l
		JOIN plan_actions pa ON pa.id = l.action_id JOIN catalogue_items i ON i.id = l.target_id
		WHERE l.organisation_id = $1 ORDER BY pa.id LIMIT 1`, a.orgID(seed.Voorbeeld)).Scan(&action, &title, &control, &number); err != nil {
		t.Fatal(err)
	}
	c := a.loggedIn("auditor@voorbeeld.nl")
	expectContains(t, c.get("/plan/"+itoa(action)), `href="/bio/`+itoa(control)+`"`, number)
	page := c.get("/bio/" + itoa(control))
	expectContains(t, page, "Acties die deze maatregel adresseren", `href="/plan/`+itoa(action)+`"`, title)
	// Another organisation's control page shows none of Voorbeeld's actions.
	nabij := a.loggedIn("manager@nabij.nl").get("/bio/" + itoa(control))
	if strings.Contains(nabij.body, `href="/plan/`+itoa(action)+`"`) {
		t.Error("Gemeente Nabij sees an action of Gemeente Voorbeeld")
	}
}

// BenchmarkPlanList measures the plan as the auditor sees it: a page of
// actions with their labelled links of every kind.
func BenchmarkPlanList(b *testing.B) {
	a := newApp(b)
	auditor := a.loggedIn("auditor@voorbeeld.nl")
	for b.Loop() {
		if r := auditor.get("/plan"); r.StatusCode != http.StatusOK {
			b.Fatalf("status %d", r.StatusCode)
		}
	}
}

// TestEveryLinkKindBatches: every registered kind labels its items in one
// query (links.TargetQuery), so the pages that label links or subjects can
// queue it in their batch (links.QueueTargets).
func TestEveryLinkKindBatches(t *testing.T) {
	t.Parallel()
	if len(links.Kinds()) == 0 {
		t.Fatal("no link kinds registered")
	}
	for _, k := range links.Kinds() {
		if k.Query.SQL == "" || k.Query.Row == nil || k.Targets == nil {
			t.Errorf("link kind %s has no TargetQuery: the plan list and the analyses list cannot batch its labels", k.Name)
		}
	}
}
