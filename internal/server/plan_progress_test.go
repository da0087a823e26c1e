package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/seed"
)

// colleague adds a second medewerker to Gemeente Voorbeeld (with the demo password).
func (a *app) colleague(email, name string) int64 {
	id := a.id(`INSERT INTO users (email, name, password_hash)
		SELECT $1, $2, password_hash FROM users WHERE email = 'medewerker@voorbeeld.nl' RETURNING id`, email, name)
	a.exec(`INSERT INTO role_assignments (user_id, organisation_id, role) VALUES ($1, $2, 'medewerker')`, id, a.orgID(seed.Voorbeeld))
	return id
}

func progressForm(status, progress, note string, version int64) url.Values {
	return url.Values{"status": {status}, "progress": {progress}, "progress_note": {note}, "version": {itoa(version)}}
}

func TestPlanProgressByOwnerManagerAndCISO(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	const title = "Autorisatiematrix burgerzakenapplicaties herzien" // owned by Burgerzaken
	id := a.id(`SELECT id FROM plan_actions WHERE title = $1`, title)
	a.exec(`UPDATE plan_actions SET owner_user_id = (SELECT id FROM users WHERE email = 'medewerker@voorbeeld.nl') WHERE id = $1`, id)
	version := a.id(`SELECT version FROM plan_actions WHERE id = $1`, id)
	a.colleague("tom.jansen@voorbeeld.nl", "Tom Jansen")
	path := "/plan/" + itoa(id) + "/voortgang"
	stored := func() string {
		return a.texts(`SELECT status || ' ' || progress || ' ' || progress_note || ' v' || version FROM plan_actions WHERE id = $1`, id)[0]
	}

	// The owner, a medewerker who cannot see the plan itself.
	owner := a.loggedIn("medewerker@voorbeeld.nl")
	expectStatus(t, owner.get("/plan/"+itoa(id)), http.StatusForbidden)
	page := owner.get(path)
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, title, `action="`+path+`"`, "Voortgang bijwerken", `name="version" value="`+itoa(version)+`"`)
	if strings.Contains(page.body, "← Informatiebeveiligingsplan") {
		t.Error("the owner is offered a way to the plan she may not see")
	}
	resp := owner.post(path, progressForm("in_uitvoering", "40", "Matrix voor de helft herzien", version))
	expectStatus(t, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != path {
		t.Errorf("owner redirected to %q, want %q", loc, path)
	}
	expectContains(t, owner.get(path), "Voortgang opgeslagen: In uitvoering, 40%.", "40% – Matrix voor de helft herzien")
	if got := stored(); got != "in_uitvoering 40 Matrix voor de helft herzien v"+itoa(version+1) {
		t.Fatalf("stored %q", got)
	}
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'action' AND entity_id = $1 AND summary = $2
		AND after->>'progress' = '40' AND before->>'progress' = '0'`, id, "Voortgang van actie "+title+" bijgewerkt: In uitvoering, 40%"); n != 1 {
		t.Errorf("progress audit events: %d", n)
	}

	// Another medewerker and the manager of another afdeling are refused, and nothing changes.
	other := a.loggedIn("tom.jansen@voorbeeld.nl")
	resp = other.get(path)
	expectStatus(t, resp, http.StatusForbidden)
	expectContains(t, resp, "U mag alleen de voortgang bijwerken van acties waarvan u (of uw afdeling) eigenaar bent.")
	expectStatus(t, other.post(path, progressForm("gereed", "100", "Niet van mij", version+1)), http.StatusForbidden)
	expectStatus(t, a.loggedIn("manager.sociaal@voorbeeld.nl").post(path, progressForm("gereed", "100", "Ook niet", version+1)), http.StatusForbidden)
	if got := stored(); !strings.HasSuffix(got, "v"+itoa(version+1)) {
		t.Fatalf("a refused update changed the action: %q", got)
	}

	// The manager of the owning afdeling may, from the action's page.
	manager := a.loggedIn("manager.burgerzaken@voorbeeld.nl")
	expectContains(t, manager.get("/plan/"+itoa(id)), `action="`+path+`"`)
	resp = manager.post(path, progressForm("in_uitvoering", "60%", "Matrix op één applicatie na herzien", version+1))
	expectStatus(t, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/plan/"+itoa(id) {
		t.Errorf("manager redirected to %q", loc)
	}

	// A stale form: 409 with the stored version next to the input.
	resp = owner.post(path, progressForm("in_uitvoering", "50", "Mijn oude venster", version+1))
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "Iemand anders heeft dit intussen gewijzigd", "Voortgang: 60%", "Toelichting: Matrix op één applicatie na herzien",
		"Mijn oude venster", `name="version" value="`+itoa(version+2)+`"`)

	// Bad input: 422, Dutch, the input kept.
	resp = owner.post(path, progressForm("in_uitvoering", "150", "Te veel", version+2))
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Vul de voortgang in als percentage van 0 tot en met 100.", `value="150"`, "Te veel")

	// Another organisation does not see the action at all.
	nabij := a.loggedIn("ciso@voorbeeld.nl", seed.Nabij)
	expectStatus(t, nabij.get(path), http.StatusNotFound)
	expectStatus(t, nabij.post(path, progressForm("gereed", "100", "", version+2)), http.StatusNotFound)

	// The CISO may always; a finished action is done for 100%.
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	expectStatus(t, ciso.post(path, progressForm("gereed", "70", "Vastgesteld in het MT", version+2)), http.StatusSeeOther)
	if got := stored(); got != "gereed 100 Vastgesteld in het MT v"+itoa(version+3) {
		t.Fatalf("stored %q", got)
	}
	// The trail shows the change with Dutch labels.
	event := a.id(`SELECT max(id) FROM audit_events WHERE entity = 'action' AND entity_id = $1`, id)
	expectContains(t, ciso.get("/audittrail/"+itoa(event)), "Voortgang (%)", "<td>60</td><td>100</td>", "<td>In uitvoering</td><td>Gereed</td>")
}

// TestActionAddedFromControlPage: "Actie toevoegen" on a control's page opens
// the plan form with the control chosen; the saved action shows on the control.
func TestActionAddedFromControlPage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	control := a.bio2Control("8.7")
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	link := `href="/plan/nieuw?maatregel=` + itoa(control) + `"`
	expectContains(t, ciso.get("/bio/"+itoa(control)), link, "Actie toevoegen")
	if page := a.loggedIn("manager.burgerzaken@voorbeeld.nl").get("/bio/" + itoa(control)); strings.Contains(page.body, "/plan/nieuw") {
		t.Error("a manager, who may not edit the plan, is offered to add an action")
	}

	form := ciso.get("/plan/nieuw?maatregel=" + itoa(control))
	expectStatus(t, form, http.StatusOK)
	expectContains(t, form, `value="`+itoa(control)+`" checked`, "Zoek op nummer of titel", `src="/static/picker.js"`)
	if n := strings.Count(form.body, " checked"); n != 1 {
		t.Errorf("%d checked checkboxes, want only the control", n)
	}
	expectStatus(t, ciso.get("/plan/nieuw?maatregel=abc"), http.StatusBadRequest)

	// A 422 keeps the choice.
	resp := ciso.post("/plan", actionForm("", "control_ids", itoa(control)))
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, `value="`+itoa(control)+`" checked`)

	resp = ciso.post("/plan", actionForm("Malwarescanner op alle werkplekken", "owner_department_id",
		itoa(a.department(seed.Voorbeeld, "Informatievoorziening en ICT")), "control_ids", itoa(control)))
	expectStatus(t, resp, http.StatusSeeOther)
	action := resp.Header.Get("Location")
	page := ciso.get("/bio/" + itoa(control))
	expectContains(t, page, `href="`+action+`"`, "Malwarescanner op alle werkplekken")
}
