package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/seed"
)

// controlOf returns a BIO2 control or measure of Gemeente Voorbeeld owned by afdeling dept.
func (a *app) controlOf(dept string) (id int64, version int64) {
	id = a.id(`SELECT s.item_id FROM control_statuses s JOIN departments d ON d.id = s.owner_department_id
		JOIN catalogue_items i ON i.id = s.item_id
		WHERE d.name = $1 AND s.applicable ORDER BY i.sort_key LIMIT 1`, dept)
	return id, a.id(`SELECT version FROM control_statuses WHERE item_id = $1`, id)
}

func controlForm(version int64, dept int64, status, notes string) url.Values {
	return url.Values{"applicable": {"1"}, "owner_department_id": {itoa(dept)}, "status": {status}, "opzet": {"ja"}, "bestaan": {"ja"}, "werking": {"deels"},
		"maturity": {"3"}, "notes": {notes}, "last_review": {"2026-10-01"}, "next_review": {"2027-10-01"}, "version": {itoa(version)}}
}

func TestManagerUpdatesOwnControlAndCISOReviews(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	burgerzaken := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Burgerzaken'`, voorbeeld)
	id, version := a.controlOf("Burgerzaken")

	manager := a.loggedIn("manager.burgerzaken@voorbeeld.nl")
	page := manager.get("/bio/" + itoa(id))
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, `action="/bio/`+itoa(id)+`"`, "Implementatiestatus")
	resp := manager.post("/bio/"+itoa(id), controlForm(version, burgerzaken, "geimplementeerd", "Procedure vastgesteld door het MT"))
	expectStatus(t, resp, http.StatusSeeOther)

	page = manager.get("/bio/" + itoa(id))
	expectContains(t, page, "Opgeslagen: ", "Te beoordelen door de CISO", "Procedure vastgesteld door het MT", "gewijzigd door Bram Visser (manager Burgerzaken)")
	var needs bool
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT needs_review FROM control_statuses WHERE organisation_id = $1 AND item_id = $2`, voorbeeld, id).Scan(&needs); err != nil || !needs {
		t.Fatalf("manager's change must wait for review: %v %v", needs, err)
	}
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'control' AND entity_id = $1`, id); n != 1 {
		t.Errorf("audit events for the control: %d", n)
	}

	ciso := a.loggedIn("ciso@voorbeeld.nl")
	list := ciso.get("/bio?status=geimplementeerd&afdeling=" + itoa(burgerzaken))
	expectContains(t, list, "Te beoordelen")
	resp = ciso.post("/bio/"+itoa(id)+"/beoordelen", url.Values{"version": {itoa(version + 1)}})
	expectStatus(t, resp, http.StatusSeeOther)
	page = ciso.get("/bio/" + itoa(id))
	expectContains(t, page, "Beoordeeld door Carla Smit (CISO)", "beoordeeld door de CISO")
}

func TestControlScopeRules(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	sociaal := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Sociaal Domein'`, voorbeeld)
	burgerzaken := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Burgerzaken'`, voorbeeld)
	id, version := a.controlOf("Burgerzaken")

	// Another afdeling's manager: read-only page, and the server refuses the change.
	other := a.loggedIn("manager.sociaal@voorbeeld.nl")
	page := other.get("/bio/" + itoa(id))
	expectStatus(t, page, http.StatusOK)
	if strings.Contains(page.body, "Implementatiestatus") {
		t.Error("manager of another afdeling gets the edit form")
	}
	resp := other.post("/bio/"+itoa(id), controlForm(version, burgerzaken, "geimplementeerd", "x"))
	expectStatus(t, resp, http.StatusForbidden)
	expectContains(t, resp, "alleen de maatregelen van uw eigen afdeling")

	// The own manager cannot hand the control to another afdeling.
	manager := a.loggedIn("manager.burgerzaken@voorbeeld.nl")
	resp = manager.post("/bio/"+itoa(id), controlForm(version, sociaal, "geimplementeerd", "weg ermee"))
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Alleen de CISO wijst de eigenaar van een maatregel toe.")

	// The auditor reads, and is refused at the route.
	auditor := a.loggedIn("auditor@voorbeeld.nl")
	expectStatus(t, auditor.get("/bio/"+itoa(id)), http.StatusOK)
	expectStatus(t, auditor.post("/bio/"+itoa(id), controlForm(version, burgerzaken, "geimplementeerd", "x")), http.StatusForbidden)

	// Nothing changed.
	if v := a.id(`SELECT version FROM control_statuses WHERE item_id = $1 AND organisation_id = $2`, id, voorbeeld); v != version {
		t.Errorf("refused edits changed the control (version %d → %d)", version, v)
	}
}

func TestControlValidationKeepsInput(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id, version := a.controlOf("Burgerzaken")
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	form := controlForm(version, 0, "niet_gestart", "Mijn notitie blijft staan")
	form.Del("applicable")
	form.Set("maturity", "9")
	resp := ciso.post("/bio/"+itoa(id), form)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Leg uit waarom deze maatregel niet van toepassing is", "Kies een volwassenheidsniveau van 1 tot en met 5.", "Mijn notitie blijft staan", `id="error-summary"`)
}

func TestControlConcurrentEdit(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	burgerzaken := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Burgerzaken'`, voorbeeld)
	id, version := a.controlOf("Burgerzaken")
	manager, ciso := a.loggedIn("manager.burgerzaken@voorbeeld.nl"), a.loggedIn("ciso@voorbeeld.nl")
	expectStatus(t, manager.post("/bio/"+itoa(id), controlForm(version, burgerzaken, "in_uitvoering", "Notitie van de manager")), http.StatusSeeOther)
	resp := ciso.post("/bio/"+itoa(id), controlForm(version, burgerzaken, "geimplementeerd", "Notitie van de CISO"))
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "Iemand anders heeft dit intussen gewijzigd", "Notitie van de manager", "Notitie van de CISO")
}

func TestAmbitionIsSetByDirectie(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	directie := a.loggedIn("directie@voorbeeld.nl")
	page := directie.get("/ambitie")
	expectContains(t, page, "4 – Beheerst en meetbaar", "Ambitie vaststellen")
	version := a.id(`SELECT version FROM organisations WHERE name = $1`, seed.Voorbeeld)
	resp := directie.post("/ambitie", url.Values{"target_maturity": {"0"}, "target_date": {""}, "version": {itoa(version)}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies een volwassenheidsniveau", "Vul de datum in")
	expectStatus(t, directie.post("/ambitie", url.Values{"target_maturity": {"3"}, "target_date": {"2028-01-01"}, "version": {itoa(version)}}), http.StatusSeeOther)
	expectContains(t, directie.get("/ambitie"), "3 – Gedefinieerd", "01-01-2028")

	ciso := a.loggedIn("ciso@voorbeeld.nl")
	if strings.Contains(ciso.get("/ambitie").body, "Ambitie vaststellen") {
		t.Error("CISO is offered the ambition form")
	}
	expectStatus(t, ciso.post("/ambitie", url.Values{"target_maturity": {"5"}, "target_date": {"2027-01-01"}, "version": {itoa(version + 1)}}), http.StatusForbidden)
}

func TestCISOSwitchesFramework(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	bio104 := a.id(`SELECT id FROM frameworks WHERE organisation_id IS NULL AND code = 'BIO1.04'`)
	expectContains(t, ciso.get("/bio/instellingen"), "BIO1.04", "Status overnemen")
	expectStatus(t, ciso.post("/bio/instellingen", url.Values{"framework_id": {"999999"}}), http.StatusUnprocessableEntity)
	expectStatus(t, ciso.post("/bio/instellingen", url.Values{"framework_id": {itoa(bio104)}}), http.StatusSeeOther)
	list := ciso.get("/bio")
	expectContains(t, list, ">9.2.3<", "Normenkader: <strong>")
	if strings.Contains(list.body, ">5.01.01<") {
		t.Error("BIO2 measures shown while BIO 1.04 is active")
	}
	// Another organisation keeps its own choice.
	nabij := a.loggedIn("ciso@voorbeeld.nl", seed.Nabij)
	expectContains(t, nabij.get("/bio"), ">5.01.01<")
}

// TestControlListQueryCountIsFixed proves the list costs the same number of
// queries for a catalogue of 114 or of 200+ items: no query per row.
func TestControlListQueryCountIsFixed(t *testing.T) {
	t.Parallel()
	d, counter := dbtest.NewCounted(t)
	a := newAppOn(t, d)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	measure := func() int64 {
		before := counter.Count()
		expectStatus(t, ciso.get("/bio"), http.StatusOK)
		return counter.Count() - before
	}
	bio2 := measure()
	bio104 := a.id(`SELECT id FROM frameworks WHERE organisation_id IS NULL AND code = 'BIO1.04'`)
	expectStatus(t, ciso.post("/bio/instellingen", url.Values{"framework_id": {itoa(bio104)}}), http.StatusSeeOther)
	if got := measure(); got != bio2 {
		t.Errorf("queries for BIO2 list %d, for BIO 1.04 list %d: the count depends on the catalogue size", bio2, got)
	}
	if bio2 > 12 {
		t.Errorf("the control list takes %d queries", bio2)
	}
}

func TestNotFoundForOtherOrganisationsFramework(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	// A framework imported by Voorbeeld is invisible to Nabij.
	var fw, item int64
	ctx := context.Background()
	if err := a.db.Pool.QueryRow(ctx, `INSERT INTO frameworks (organisation_id, code, name) VALUES ($1, 'EIGEN', 'Eigen kader') RETURNING id`, voorbeeld).Scan(&fw); err != nil {
		t.Fatal(err)
	}
	if err := a.db.Pool.QueryRow(ctx, `INSERT INTO catalogue_items (framework_id, kind, number, title, sort_key) VALUES ($1, 'control', '1.1', 'Geheim', '001.001') RETURNING id`, fw).Scan(&item); err != nil {
		t.Fatal(err)
	}
	nabij := a.loggedIn("ciso@voorbeeld.nl", seed.Nabij)
	expectStatus(t, nabij.get("/bio/"+itoa(item)), http.StatusNotFound)
	expectStatus(t, nabij.post("/bio/instellingen", url.Values{"framework_id": {itoa(fw)}}), http.StatusUnprocessableEntity)
	expectStatus(t, a.loggedIn("ciso@voorbeeld.nl").get("/bio/"+itoa(item)), http.StatusOK)
}

// BenchmarkControlList measures the heaviest page of the CISO: the whole BIO2
// catalogue with statuses, owners and evidence counts.
func BenchmarkControlList(b *testing.B) {
	a := newApp(b)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	for b.Loop() {
		if r := ciso.get("/bio"); r.StatusCode != http.StatusOK {
			b.Fatalf("status %d", r.StatusCode)
		}
	}
}
