package server_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/seed"
)

func TestProcessFormValidatesAndKeepsInput(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("ciso@voorbeeld.nl")
	resp := c.post("/processen", url.Values{"name": {"  "}, "description": {"Mijn zorgvuldig getypte omschrijving"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Vul de naam in.", "Kies de afdeling die eigenaar is van dit proces.", "Mijn zorgvuldig getypte omschrijving", `aria-invalid="true"`, `href="#f-name"`)

	long := strings.Repeat("x", 201)
	resp = c.post("/processen", url.Values{"name": {long}, "department_id": {"abc"}})
	expectContains(t, resp, "Naam is te lang (maximaal 200 tekens).")

	dept := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Burgerzaken'`, a.orgID(seed.Voorbeeld))
	// A duplicate name is a field error, not a 500.
	resp = c.post("/processen", url.Values{"name": {"Burgerlijke stand"}, "department_id": {itoa(dept)}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Er bestaat al een proces met deze naam.")

	resp = c.post("/processen", url.Values{"name": {"Naturalisatie"}, "department_id": {itoa(dept)}, "description": {"Verzoeken tot naturalisatie."}})
	expectStatus(t, resp, http.StatusSeeOther)
	list := c.get("/processen?q=natural")
	expectContains(t, list, "Naturalisatie", "Proces Naturalisatie is toegevoegd.")

	// The write is in the audit trail, with its after-state.
	var summary, after string
	err := a.db.Pool.QueryRow(context.Background(), `SELECT summary, after::text FROM audit_events WHERE entity = 'process' AND action = 'create' ORDER BY id DESC LIMIT 1`).Scan(&summary, &after)
	if err != nil {
		t.Fatal(err)
	}
	if summary != "Proces Naturalisatie aangemaakt" || !strings.Contains(after, "Verzoeken tot naturalisatie.") {
		t.Errorf("audit event %q %s", summary, after)
	}
	trail := c.get("/audittrail?soort=process")
	expectContains(t, trail, "Proces Naturalisatie aangemaakt")
}

func TestConcurrentEditIsDetected(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	id := a.id(`SELECT id FROM processes WHERE organisation_id = $1 AND name = 'Jeugdhulp'`, voorbeeld)
	dept := a.id(`SELECT department_id FROM processes WHERE id = $1`, id)
	first, second := a.loggedIn("ciso@voorbeeld.nl"), a.loggedIn("beheerder@voorbeeld.nl")
	expectContains(t, first.get("/processen/"+itoa(id)+"/bewerken"), `name="version" value="1"`)
	expectContains(t, second.get("/processen/"+itoa(id)+"/bewerken"), `name="version" value="1"`)

	expectStatus(t, first.post("/processen/"+itoa(id), url.Values{"name": {"Jeugdhulp"}, "department_id": {itoa(dept)}, "description": {"Versie van de CISO"}, "version": {"1"}}), http.StatusSeeOther)
	resp := second.post("/processen/"+itoa(id), url.Values{"name": {"Jeugdhulp"}, "department_id": {itoa(dept)}, "description": {"Versie van de beheerder"}, "version": {"1"}})
	expectStatus(t, resp, http.StatusConflict)
	// The conflict shows the other's change and keeps the user's own input.
	expectContains(t, resp, "Iemand anders heeft dit intussen gewijzigd", "Versie van de CISO", "Versie van de beheerder", `name="version" value="2"`)
	var desc string
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT description FROM processes WHERE id = $1`, id).Scan(&desc); err != nil || desc != "Versie van de CISO" {
		t.Fatalf("stored description %q (%v): the second save must not overwrite", desc, err)
	}
}

func TestDeleteDepartmentWithProcessesIsRefused(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("beheerder@voorbeeld.nl")
	dept := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Burgerzaken'`, a.orgID(seed.Voorbeeld))
	resp := c.post("/afdelingen/"+itoa(dept)+"/verwijderen", nil)
	expectStatus(t, resp, http.StatusSeeOther)
	expectContains(t, c.get("/afdelingen"), "heeft nog 5 processen")

	expectStatus(t, c.post("/afdelingen", url.Values{"name": {"Tijdelijk"}}), http.StatusSeeOther)
	tmp := a.id(`SELECT id FROM departments WHERE name = 'Tijdelijk'`)
	expectStatus(t, c.post("/afdelingen/"+itoa(tmp)+"/verwijderen", nil), http.StatusSeeOther)
	if n := a.id(`SELECT count(*) FROM departments WHERE id = $1`, tmp); n != 0 {
		t.Error("empty department not deleted")
	}
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'department' AND action = 'delete' AND entity_id = $1`, tmp); n != 1 {
		t.Error("delete not audited")
	}
}

func TestApplicationLinksProcesses(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("beheerder@voorbeeld.nl")
	voorbeeld := a.orgID(seed.Voorbeeld)
	p1 := a.id(`SELECT id FROM processes WHERE organisation_id = $1 AND name = 'Jeugdhulp'`, voorbeeld)
	p2 := a.id(`SELECT id FROM processes WHERE organisation_id = $1 AND name = 'Leerplicht'`, voorbeeld)
	resp := c.post("/applicaties", url.Values{"name": {"Jeugdportaal"}, "hosting": {"saas"}, "process_ids": {itoa(p1), itoa(p2)}})
	expectStatus(t, resp, http.StatusSeeOther)
	list := c.get("/applicaties?proces=" + itoa(p2))
	expectContains(t, list, "Jeugdportaal", "Jeugdhulp, Leerplicht")

	resp = c.post("/applicaties", url.Values{"name": {"Zonder hosting"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies hoe de applicatie wordt gehost.", `value="Zonder hosting"`)
}

func TestListsSearchSortAndPage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("auditor@voorbeeld.nl")
	page1 := c.get("/applicaties?sort=name&dir=asc")
	expectContains(t, page1, "1–25 van 40", `rel="next"`, "Active Directory")
	page2 := c.get("/applicaties?sort=name&dir=asc&page=2")
	expectContains(t, page2, "26–40 van 40")
	if strings.Contains(page2.body, ">Active Directory<") {
		t.Error("page 2 repeats page 1")
	}
	desc := c.get("/applicaties?sort=name&dir=desc")
	if strings.Index(desc.body, "Zaaksysteem") > strings.Index(desc.body, "Website CMS") {
		t.Error("descending sort not applied")
	}
	// An unknown sort key falls back to the default instead of reaching SQL.
	expectStatus(t, c.get("/processen?sort=name;drop%20table%20processes"), http.StatusOK)
	expectContains(t, c.get("/processen?q=reisdoc"), "Aanvraag reisdocumenten")
	expectContains(t, c.get("/processen?q=bestaat-niet"), "Geen processen gevonden")
}

func TestNamesAreUniqueIgnoringCase(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("beheerder@voorbeeld.nl")
	resp := c.post("/afdelingen", url.Values{"name": {" burgerzaken "}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Er bestaat al een afdeling met deze naam.")
}

func TestAuditDetailShowsWhatChanged(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("beheerder@voorbeeld.nl")
	id := a.id(`SELECT id FROM processes WHERE name = 'Jeugdhulp'`)
	dept := a.id(`SELECT department_id FROM processes WHERE id = $1`, id)
	expectStatus(t, c.post("/processen/"+itoa(id), url.Values{"name": {"Jeugdzorg"}, "department_id": {itoa(dept)}, "version": {"1"}}), http.StatusSeeOther)
	event := a.id(`SELECT id FROM audit_events WHERE entity = 'process' AND entity_id = $1 ORDER BY id DESC LIMIT 1`, id)
	detail := c.get("/audittrail/" + itoa(event))
	expectStatus(t, detail, http.StatusOK)
	expectContains(t, detail, "Wat is er veranderd", "<th scope=\"row\">Naam</th><td>Jeugdhulp</td><td>Jeugdzorg</td>", "gewijzigd", `href="/processen/`+itoa(id)+`"`)
}

func TestNamesAreOneLineWithoutDirectionControls(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("beheerder@voorbeeld.nl")
	for _, name := range []string{"QA\r\nregel", "QA\u202Ertl", "QA\u2066x"} {
		resp := c.post("/afdelingen", url.Values{"name": {name}, "description": {"mijn omschrijving"}})
		expectStatus(t, resp, http.StatusUnprocessableEntity)
		expectContains(t, resp, "geen regelovergang of onzichtbare leesrichtingstekens", "mijn omschrijving")
	}
	expectStatus(t, c.post("/afdelingen", url.Values{"name": {"Zuidas – Ö"}}), http.StatusSeeOther)
}

// TestEditHeadingNamesTheStoredItem: after a refused input (422) and after a
// conflict (409) the edit page's heading names the item as it is stored,
// while the form keeps what was typed.
func TestEditHeadingNamesTheStoredItem(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	c := a.loggedIn("beheerder@voorbeeld.nl")
	heading := func(resp response) string { t.Helper(); return pageHeading(t, resp) }

	dept := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Burgerzaken'`, voorbeeld)
	resp := c.post("/afdelingen/"+itoa(dept), url.Values{"name": {strings.Repeat("y", 201)}, "version": {"1"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	if h := heading(resp); h != "Afdeling Burgerzaken" {
		t.Errorf("422 heading %q, want the stored name", h)
	}

	proc := a.id(`SELECT id FROM processes WHERE organisation_id = $1 AND name = 'Jeugdhulp'`, voorbeeld)
	procDept := a.id(`SELECT department_id FROM processes WHERE id = $1`, proc)
	resp = c.post("/processen/"+itoa(proc), url.Values{"name": {"Jeugdzorg getypt"}, "department_id": {itoa(procDept)}, "version": {"0"}})
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, `value="Jeugdzorg getypt"`)
	if h := heading(resp); h != "Proces Jeugdhulp" {
		t.Errorf("409 heading %q, want the stored name", h)
	}

	app := a.id(`SELECT id FROM applications WHERE organisation_id = $1 ORDER BY id LIMIT 1`, voorbeeld)
	var name string
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT name FROM applications WHERE id = $1`, app).Scan(&name); err != nil {
		t.Fatal(err)
	}
	resp = c.post("/applicaties/"+itoa(app), url.Values{"name": {""}, "version": {"1"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	if h := heading(resp); h != "Applicatie "+name {
		t.Errorf("422 heading %q, want %q", h, "Applicatie "+name)
	}
}

// pageHeading is the text of the page's h1.
func pageHeading(t testing.TB, resp response) string {
	t.Helper()
	m := regexp.MustCompile(`<h1 class="utrecht-heading-1">([^<]*)</h1>`).FindStringSubmatch(resp.body)
	if m == nil {
		t.Fatalf("no heading\n%s", trim(resp.body))
	}
	return html.UnescapeString(m[1])
}

// BenchmarkApplicationList measures the application list with the
// processes that use each application.
func BenchmarkApplicationList(b *testing.B) {
	a := newApp(b)
	beheerder := a.loggedIn("beheerder@voorbeeld.nl")
	for b.Loop() {
		if r := beheerder.get("/applicaties"); r.StatusCode != http.StatusOK {
			b.Fatalf("status %d", r.StatusCode)
		}
	}
}

// TestApplicationListQueryCount: the application list with the processes of
// each application costs the same number of queries whatever the number of
// applications and processes, in three round trips to the database: the
// session, the principal and one batch (count, page, the processes of the
// page's applications, the processes of the filter): the page's processes
// in one query, not one subquery per application.
func TestApplicationListQueryCount(t *testing.T) {
	t.Parallel()
	d, counter := dbtest.NewCounted(t)
	a := newAppOn(t, d)
	c := a.loggedIn("beheerder@voorbeeld.nl")
	paths := []string{"/applicaties", "/applicaties?sort=processes&dir=desc", "/applicaties?hosting=saas&q=a"}
	measure := func(path string) int64 {
		t.Helper()
		n, rt := counter.Count()+counter.Batched(), counter.RoundTrips()
		expectStatus(t, c.get(path), http.StatusOK)
		if got := counter.RoundTrips() - rt; got != 3 {
			t.Errorf("%s: %d round trips to the database, want 3", path, got)
		}
		return counter.Count() + counter.Batched() - n
	}
	before := make([]int64, len(paths))
	for i, p := range paths {
		before[i] = measure(p)
	}
	voorbeeld := a.orgID(seed.Voorbeeld)
	a.exec(`WITH n AS (
			INSERT INTO applications (organisation_id, name, hosting) SELECT $1, 'Extra applicatie ' || g, 'saas' FROM generate_series(1, 30) g RETURNING id
		)
		INSERT INTO application_processes (organisation_id, application_id, process_id)
		SELECT $1, n.id, p.id FROM n, (SELECT id FROM processes WHERE organisation_id = $1 ORDER BY id LIMIT 3) p`, voorbeeld)
	for i, p := range paths {
		if after := measure(p); after != before[i] {
			t.Errorf("%s: %d queries, with 30 more applications %d", p, before[i], after)
		}
	}
	// Session and principal, then BEGIN, scope, count, page, the page's
	// processes, the filter's processes, COMMIT.
	if before[0] != 9 {
		t.Errorf("the application list takes %d queries, want 9", before[0])
	}
}

// TestDeleteProcessWithAnAnalysisIsRefused: a process that a risk analysis
// is about is not deleted (the analysis would lose its subject); the
// refusal names the analysis. Without one it goes.
func TestDeleteProcessWithAnAnalysisIsRefused(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("beheerder@voorbeeld.nl")
	proc := a.id(`SELECT subject_id FROM risk_analyses WHERE organisation_id = $1 AND subject_kind = 'process' ORDER BY id LIMIT 1`, a.orgID(seed.Voorbeeld))
	var title string
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT title FROM risk_analyses WHERE subject_kind = 'process' AND subject_id = $1
		ORDER BY id LIMIT 1`, proc).Scan(&title); err != nil {
		t.Fatal(err)
	}
	resp := c.post("/processen/"+itoa(proc)+"/verwijderen", nil)
	expectStatus(t, resp, http.StatusSeeOther)
	expectContains(t, c.get("/processen"), "kan niet worden verwijderd", title)
	if n := a.id(`SELECT count(*) FROM processes WHERE id = $1`, proc); n != 1 {
		t.Fatal("the process of a risk analysis was deleted")
	}
	dept := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Burgerzaken'`, a.orgID(seed.Voorbeeld))
	expectStatus(t, c.post("/processen", url.Values{"name": {"Tijdelijk proces"}, "department_id": {itoa(dept)}}), http.StatusSeeOther)
	tmp := a.id(`SELECT id FROM processes WHERE name = 'Tijdelijk proces'`)
	expectStatus(t, c.post("/processen/"+itoa(tmp)+"/verwijderen", nil), http.StatusSeeOther)
	if n := a.id(`SELECT count(*) FROM processes WHERE id = $1`, tmp); n != 0 {
		t.Error("a process without analyses was not deleted")
	}
}

// TestManagerAndOwnerAreResponsibleRoles: an afdeling's manager and a
// process's owner are chosen from the afdelingsmanagers, the directie and the
// CISO; the FG and the auditor are neither offered nor accepted.
func TestManagerAndOwnerAreResponsibleRoles(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("beheerder@voorbeeld.nl")
	fg := a.id(`SELECT id FROM users WHERE email = 'fg@voorbeeld.nl'`)
	auditor := a.id(`SELECT id FROM users WHERE email = 'auditor@voorbeeld.nl'`)
	manager := a.id(`SELECT id FROM users WHERE email = 'manager.burgerzaken@voorbeeld.nl'`)
	form := c.get("/afdelingen/nieuw")
	expectContains(t, form, `value="`+itoa(manager)+`"`)
	if strings.Contains(form.body, `value="`+itoa(fg)+`"`) {
		t.Error("the FG is offered as manager of an afdeling")
	}
	resp := c.post("/afdelingen", url.Values{"name": {"Onafhankelijk"}, "manager_id": {itoa(auditor)}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies als manager een afdelingsmanager, de directie of de CISO", `value="Onafhankelijk"`)
	expectStatus(t, c.post("/afdelingen", url.Values{"name": {"Onafhankelijk"}, "manager_id": {itoa(manager)}}), http.StatusSeeOther)
}
