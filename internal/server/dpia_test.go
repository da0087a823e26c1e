package server_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/privacy"
	"github.com/baken-nl/baken/internal/seed"
)

// dpiaID is a demo DPIA of Gemeente Voorbeeld by title (seed/privacy.go).
func (a *app) dpiaID(title string) int64 {
	return a.id(`SELECT id FROM dpias WHERE organisation_id = $1 AND title = $2`, a.orgID(seed.Voorbeeld), title)
}

func (a *app) dpiaStatus(id int64) string {
	a.t.Helper()
	var s string
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT status FROM dpias WHERE id = $1`, id).Scan(&s); err != nil {
		a.t.Fatal(err)
	}
	return s
}

func (a *app) departmentID(name string) int64 {
	return a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = $2`, a.orgID(seed.Voorbeeld), name)
}

const (
	dpiaDecided = "DPIA Jeugdhulp en Wmo in de Suite Sociaal Domein" // Sociaal Domein, besloten
	dpiaAtFG    = "DPIA Digitale verhuismelding"                     // Burgerzaken, bij de FG
)

// dpiaForm is a complete concept of Burgerzaken about one process.
func (a *app) dpiaForm(title string, process int64) url.Values {
	return url.Values{"title": {title}, "processing": {"Uitgifte van reisdocumenten met biometrie."},
		"department_id": {itoa(a.departmentID("Burgerzaken"))}, "process_ids": {itoa(process)},
		"purpose": {"Paspoortwet."}, "subjects": {"Aanvragers; vingerafdrukken."}, "risks": {"Lekken van biometrie."},
		"measures": {"Wissen na uitgifte."}, "version": {"0"}}
}

// TestDPIAList: the register with its filters and the processes that need a
// DPIA and have none, scoped to the reader's afdelingen.
func TestDPIAList(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	list := ciso.get("/dpia")
	expectStatus(t, list, http.StatusOK)
	expectContains(t, list, dpiaDecided, dpiaAtFG, "Besloten", "Bij FG voor advies", "Nieuwe DPIA",
		"Processen waarvoor een DPIA nodig is zonder DPIA", "Aanvraag reisdocumenten", "Bijstandsverlening", `href="/dpia/nieuw?proces=`)
	if strings.Contains(list.body, "Opnemen van telefoongesprekken") {
		t.Error("Voorbeeld's register shows a DPIA of Gemeente Nabij")
	}
	needed := dpiaSection(list.body, `id="dpia-nodig-lijst"`)
	for _, covered := range []string{"Jeugdhulp", "Wmo-maatwerkvoorzieningen", "Verhuizingen en BRP-mutaties", "Verkiezingen"} {
		if strings.Contains(needed, ">"+covered+"<") {
			t.Errorf("%s is listed as needing a DPIA without one", covered)
		}
	}
	// The one query agrees with the data: every process with "DPIA nodig"
	// and no DPIA, and nothing else.
	want := a.id(`SELECT count(*) FROM process_bias b WHERE b.organisation_id = $1 AND b.dpia_needed
		AND NOT EXISTS (SELECT 1 FROM dpia_processes x WHERE x.process_id = b.process_id)`, a.orgID(seed.Voorbeeld))
	if got := int64(strings.Count(needed, "<li>")); got != want || want == 0 {
		t.Errorf("section lists %d processes, want %d (> 0)", got, want)
	}

	filtered := ciso.get("/dpia?status=besloten")
	expectStatus(t, filtered, http.StatusOK)
	if !strings.Contains(filtered.body, dpiaDecided) || strings.Contains(filtered.body, dpiaAtFG) {
		t.Error("status filter does not narrow the register")
	}
	byDept := ciso.get("/dpia?afdeling=" + itoa(a.departmentID("Burgerzaken")))
	if strings.Contains(byDept.body, dpiaDecided) || !strings.Contains(byDept.body, dpiaAtFG) || strings.Contains(byDept.body, ">Bijstandsverlening<") {
		t.Error("afdeling filter does not narrow the register and the section")
	}
	expectStatus(t, ciso.get("/dpia?status=onzin"), http.StatusBadRequest)
	expectStatus(t, ciso.get("/dpia?afdeling=abc"), http.StatusBadRequest)

	// The manager of Burgerzaken sees the DPIAs and missing DPIAs of Burgerzaken only.
	mine := a.loggedIn("manager.burgerzaken@voorbeeld.nl").get("/dpia")
	expectStatus(t, mine, http.StatusOK)
	expectContains(t, mine, dpiaAtFG, "Aanvraag reisdocumenten")
	if strings.Contains(mine.body, dpiaDecided) || strings.Contains(mine.body, ">Bijstandsverlening<") || strings.Contains(mine.body, "Nieuwe DPIA") {
		t.Error("the manager of Burgerzaken sees another afdeling's DPIAs, or is offered a new DPIA")
	}
	for _, who := range []string{"medewerker@voorbeeld.nl", "college@voorbeeld.nl", "beheerder@voorbeeld.nl"} {
		expectStatus(t, a.loggedIn(who).get("/dpia"), http.StatusForbidden)
	}

	// A DPIA about a process takes it off the list.
	reis := a.processID("Aanvraag reisdocumenten")
	expectStatus(t, a.loggedIn("dspo@voorbeeld.nl").post("/dpia", a.dpiaForm("DPIA Reisdocumenten", reis)), http.StatusSeeOther)
	if strings.Contains(dpiaSection(ciso.get("/dpia").body, `id="dpia-nodig-lijst"`), ">Aanvraag reisdocumenten<") {
		t.Error("a process with a DPIA is still listed as needing one")
	}
}

// dpiaSection is the part of body from the element with marker to its end tag
// (good enough for the lists of these pages).
func dpiaSection(body, marker string) string {
	i := strings.Index(body, marker)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	if j := strings.Index(rest, "</ul>"); j >= 0 {
		return rest[:j]
	}
	return rest
}

// TestDPIACreate: 422 with the input kept, then a concept with the creator
// as DSPO and an audit event; a DSPO cannot draft for another afdeling.
func TestDPIACreate(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("dspo@voorbeeld.nl")
	form := c.get("/dpia/nieuw?proces=" + itoa(a.processID("Bijstandsverlening")))
	expectStatus(t, form, http.StatusOK)
	expectContains(t, form, "Doel en noodzaak", "Betrokkenen en gegevens", "Risico&#39;s voor betrokkenen", "Maatregelen",
		"Phishing leidt tot overname", `value="`+itoa(a.processID("Bijstandsverlening"))+`" checked`)
	if strings.Contains(form.body, ">Belastingen<") {
		t.Error("the DSPO is offered an afdeling they do not support")
	}

	resp := c.post("/dpia", url.Values{"title": {"  "}, "processing": {"Mijn beschrijving van de verwerking"}, "version": {"0"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Vul de titel van de DPIA in.", "Kies de afdeling", "Kies ten minste één proces", "Mijn beschrijving van de verwerking", `href="#f-title"`)
	resp = c.post("/dpia", url.Values{"title": {"x"}, "process_ids": {"abc"}, "version": {"0"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)

	f := a.dpiaForm("DPIA Bijstand en Suwinet", a.processID("Bijstandsverlening"))
	f.Set("department_id", itoa(a.departmentID("Belastingen")))
	resp = c.post("/dpia", f)
	expectStatus(t, resp, http.StatusForbidden)
	expectContains(t, resp, "U mag alleen DPIA&#39;s van uw eigen afdeling(en)", "DPIA Bijstand en Suwinet")

	f.Set("department_id", itoa(a.departmentID("Sociaal Domein")))
	f.Add("risk_ids", itoa(a.id(`SELECT id FROM risks WHERE threat LIKE 'Phishing%'`)))
	resp = c.post("/dpia", f)
	expectStatus(t, resp, http.StatusSeeOther)
	id := a.id(`SELECT id FROM dpias WHERE title = 'DPIA Bijstand en Suwinet'`)
	if got := resp.Header.Get("Location"); got != "/dpia/"+itoa(id) {
		t.Errorf("redirect to %q", got)
	}
	dspo := a.id(`SELECT id FROM users WHERE email = 'dspo@voorbeeld.nl'`)
	if n := a.id(`SELECT count(*) FROM dpias WHERE id = $1 AND dspo_id = $2 AND created_by = $2 AND status = 'concept'`, id, dspo); n != 1 {
		t.Error("the creator is not the DSPO of the new concept")
	}
	page := c.get("/dpia/" + itoa(id))
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, "is aangemaakt als concept", "Concept", "Daan Mulder (DSPO)",
		`href="/processen/`+itoa(a.processID("Bijstandsverlening"))+`"`, `href="/besluiten/`, "aangemaakt (concept)", "Voorleggen aan de FG")
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'dpia' AND entity_id = $1 AND action = 'create'`, id); n != 1 {
		t.Errorf("%d create events", n)
	}

	// A DSPO other than a DSPO: refused as a field error.
	f.Set("title", "DPIA met de verkeerde opsteller")
	f.Set("dspo_id", itoa(a.id(`SELECT id FROM users WHERE email = 'medewerker@voorbeeld.nl'`)))
	resp = c.post("/dpia", f)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies als opsteller een gebruiker met de rol DSPO.")
}

// TestDPIAStaleVersionIsAConflict: two edits of one concept; the second is a
// conflict with the input kept and the stored version shown.
func TestDPIAStaleVersionIsAConflict(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	dspo, ciso := a.loggedIn("dspo@voorbeeld.nl"), a.loggedIn("ciso@voorbeeld.nl")
	f := a.dpiaForm("DPIA Rijbewijzen", a.processID("Aanvraag rijbewijzen"))
	expectStatus(t, dspo.post("/dpia", f), http.StatusSeeOther)
	id := a.id(`SELECT id FROM dpias WHERE title = 'DPIA Rijbewijzen'`)
	f.Set("version", "1")
	expectContains(t, ciso.get("/dpia/"+itoa(id)+"/bewerken"), `name="version" value="1"`)
	f.Set("measures", "Versie van de CISO")
	expectStatus(t, ciso.post("/dpia/"+itoa(id), f), http.StatusSeeOther)
	f.Set("measures", "Mijn versie van de DSPO")
	resp := dspo.post("/dpia/"+itoa(id), f)
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "Iemand anders heeft dit intussen gewijzigd", "Mijn versie van de DSPO", `name="version" value="2"`, "De actuele, opgeslagen versie")
	// The status action checks the version too.
	resp = dspo.post("/dpia/"+itoa(id)+"/status", url.Values{"to": {"bij_fg"}, "version": {"1"}})
	expectStatus(t, resp, http.StatusConflict)
	if a.dpiaStatus(id) != privacy.StatusConcept {
		t.Error("a stale status change went through")
	}
}

// TestDPIAJourney: to the FG, the FG's advice (only the FG: a forged POST
// by the CISO or the DSPO is refused), back to concept, again to the FG,
// advice, and the decision: deviating needs a rationale.
func TestDPIAJourney(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	dspo, fg, ciso := a.loggedIn("dspo@voorbeeld.nl"), a.loggedIn("fg@voorbeeld.nl"), a.loggedIn("ciso@voorbeeld.nl")
	expectStatus(t, dspo.post("/dpia", url.Values{"title": {"DPIA Leerplicht"}, "department_id": {itoa(a.departmentID("Sociaal Domein"))},
		"process_ids": {itoa(a.processID("Leerplicht"))}, "version": {"0"}}), http.StatusSeeOther)
	id := a.id(`SELECT id FROM dpias WHERE title = 'DPIA Leerplicht'`)
	path := "/dpia/" + itoa(id)

	// Incomplete: not to the FG.
	resp := dspo.post(path+"/status", url.Values{"to": {"bij_fg"}, "version": {"1"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Vul eerst de beschrijving van de verwerking in")
	f := a.dpiaForm("DPIA Leerplicht", a.processID("Leerplicht"))
	f.Set("department_id", itoa(a.departmentID("Sociaal Domein")))
	f.Set("version", "1")
	expectStatus(t, dspo.post(path, f), http.StatusSeeOther)
	expectStatus(t, dspo.post(path+"/status", url.Values{"to": {"bij_fg"}, "version": {"2"}}), http.StatusSeeOther)
	if a.dpiaStatus(id) != privacy.StatusAtFG {
		t.Fatal("not with the FG")
	}
	// No longer editable.
	resp = dspo.get(path + "/bewerken")
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "Alleen een concept-DPIA kan worden gewijzigd")
	f.Set("version", "3")
	expectStatus(t, dspo.post(path, f), http.StatusConflict)

	// The advice: only the FG, whatever the form says.
	advice := url.Values{"advice": {"Akkoord, mits de bewaartermijn wordt vastgelegd."}, "advised_on": {"01-03-2026"}, "version": {"3"}}
	for _, forger := range []*client{ciso, dspo, a.loggedIn("directie@voorbeeld.nl")} {
		resp := forger.post(path+"/advies", advice)
		expectStatus(t, resp, http.StatusForbidden)
	}
	if n := a.id(`SELECT count(*) FROM dpias WHERE id = $1 AND advice = ''`, id); n != 1 {
		t.Fatal("a forged advice was stored")
	}
	// The service refuses too, should a route ever allow it.
	err := (&privacy.Service{DB: a.db}).Advise(context.Background(), authz.Principal{UserID: 1, OrgID: a.orgID(seed.Voorbeeld),
		Roles: []authz.Assignment{{Role: authz.CISO}, {Role: authz.DSPO, DepartmentID: a.departmentID("Sociaal Domein")}}}, id, privacy.AdviceInput{Advice: "x", AdvisedOn: "2026-01-01", Version: 3})
	if apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("service accepts the advice of a CISO/DSPO: %v", err)
	}
	page := fg.get(path)
	expectContains(t, page, "Advies vastleggen", `name="advised_on"`)
	resp = fg.post(path+"/advies", url.Values{"advice": {" "}, "advised_on": {"31-02-2026"}, "version": {"3"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Vul het advies van de FG in.", "Datum van het advies: vul een geldige datum in")
	resp = fg.post(path+"/advies", url.Values{"advice": {"Mijn advies"}, "advised_on": {"01-01-2999"}, "version": {"3"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "ligt in de toekomst", "Mijn advies")
	expectStatus(t, fg.post(path+"/advies", advice), http.StatusSeeOther)
	expectStatus(t, fg.post(path+"/advies", advice), http.StatusConflict) // stale
	if a.dpiaStatus(id) != privacy.StatusAdvised {
		t.Fatal("advice did not move the DPIA")
	}

	// Back to concept: the advice lapses, the trail keeps it.
	expectStatus(t, dspo.post(path+"/status", url.Values{"to": {"concept"}, "version": {"4"}}), http.StatusSeeOther)
	if n := a.id(`SELECT count(*) FROM dpias WHERE id = $1 AND status = 'concept' AND advice = '' AND advised_on IS NULL`, id); n != 1 {
		t.Fatal("back to concept kept the advice")
	}
	expectStatus(t, dspo.post(path+"/status", url.Values{"to": {"bij_fg"}, "version": {"5"}}), http.StatusSeeOther)
	advice.Set("version", "6")
	expectStatus(t, fg.post(path+"/advies", advice), http.StatusSeeOther)

	// The decision: the manager of another afdeling may not.
	decision := url.Values{"decision": {"deviate"}, "rationale": {"  "}, "decided_on": {"02-03-2026"}, "version": {"7"}}
	resp = a.loggedIn("manager.burgerzaken@voorbeeld.nl").post(path+"/besluit", decision)
	expectStatus(t, resp, http.StatusForbidden)
	expectContains(t, resp, "Alleen de directie of de afdelingsmanager van de afdeling van deze DPIA")
	mgr := a.loggedIn("manager.sociaal@voorbeeld.nl")
	expectContains(t, mgr.get(path), "Besluit vastleggen", "Akkoord, mits de bewaartermijn")
	resp = mgr.post(path+"/besluit", decision)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Onderbouw waarom u afwijkt van het advies van de FG.", `<option value="deviate" selected`)
	expectStatus(t, mgr.post(path+"/besluit", url.Values{"version": {"7"}}), http.StatusUnprocessableEntity)
	decision.Set("rationale", "De bewaartermijn volgt al uit de selectielijst.")
	expectStatus(t, mgr.post(path+"/besluit", decision), http.StatusSeeOther)
	var body, rationale string
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT status, decided_by_body, decision_rationale FROM dpias WHERE id = $1`, id).Scan(&body, &body, &rationale); err != nil {
		t.Fatal(err)
	}
	if a.dpiaStatus(id) != privacy.StatusDecided || body != "afdelingsmanager" || rationale == "" {
		t.Errorf("decision stored as %s / %q", body, rationale)
	}
	page = ciso.get(path)
	expectContains(t, page, "Afgeweken van het advies", "De bewaartermijn volgt al uit de selectielijst.", "Sanne Bakker (manager Sociaal Domein) (Afdelingsmanager)",
		"Fatima El Amrani (FG)", "teruggezet naar concept; het advies van de FG vervalt", "van advies voorzien door de FG", "besloten door de afdelingsmanager")
	if strings.Contains(page.body, "Terug naar concept") {
		t.Error("a decided DPIA offers back to concept")
	}
	// Decided: no way back.
	expectStatus(t, dspo.post(path+"/status", url.Values{"to": {"concept"}, "version": {"8"}}), http.StatusConflict)
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'dpia' AND entity_id = $1`, id); n != 8 {
		t.Errorf("%d audit events, want 8 (one per write)", n)
	}
	expectContains(t, ciso.get("/audittrail?soort=dpia"), "DPIA ‘DPIA Leerplicht’ besloten door de afdelingsmanager")
}

// TestDPIARights: who sees and edits what, per role and afdeling; another
// organisation's DPIA is not found.
func TestDPIARights(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	atFG, decided := a.dpiaID(dpiaAtFG), a.dpiaID(dpiaDecided) // Burgerzaken, Sociaal Domein
	for who, want := range map[string]int{
		"ciso@voorbeeld.nl": 200, "fg@voorbeeld.nl": 200, "directie@voorbeeld.nl": 200, "auditor@voorbeeld.nl": 200,
		"dspo@voorbeeld.nl": 200, "manager.burgerzaken@voorbeeld.nl": 200,
		"manager.sociaal@voorbeeld.nl": 403, "medewerker@voorbeeld.nl": 403, "college@voorbeeld.nl": 403, "beheerder@voorbeeld.nl": 403,
	} {
		resp := a.loggedIn(who).get("/dpia/" + itoa(atFG))
		if resp.StatusCode != want {
			t.Errorf("%s sees the DPIA of Burgerzaken: %d, want %d", who, resp.StatusCode, want)
		}
	}
	expectContains(t, a.loggedIn("manager.sociaal@voorbeeld.nl").get("/dpia/"+itoa(atFG)), "U mag alleen de DPIA&#39;s van uw eigen afdeling(en) inzien.")
	expectStatus(t, a.loggedIn("manager.burgerzaken@voorbeeld.nl").get("/dpia/"+itoa(decided)), http.StatusForbidden)
	expectStatus(t, a.loggedIn("manager.sociaal@voorbeeld.nl").get("/dpia/"+itoa(decided)), http.StatusOK)

	// Editing: the CISO and the DSPO of the afdeling; not the manager, not the FG.
	f := a.dpiaForm("DPIA Burgerlijke stand", a.processID("Burgerlijke stand"))
	for _, who := range []string{"manager.burgerzaken@voorbeeld.nl", "fg@voorbeeld.nl", "medewerker@voorbeeld.nl", "auditor@voorbeeld.nl", "directie@voorbeeld.nl"} {
		expectStatus(t, a.loggedIn(who).post("/dpia", f), http.StatusForbidden)
		expectStatus(t, a.loggedIn(who).get("/dpia/"+itoa(atFG)+"/bewerken"), http.StatusForbidden)
	}
	expectStatus(t, a.loggedIn("ciso@voorbeeld.nl").post("/dpia", f), http.StatusSeeOther)
	if n := a.id(`SELECT count(*) FROM dpias WHERE title = 'DPIA Burgerlijke stand'`); n != 1 {
		t.Fatalf("%d DPIAs stored; the refused requests wrote", n)
	}
	// The FG's page shows no edit or status actions, the DSPO's does.
	fgPage := a.loggedIn("fg@voorbeeld.nl").get("/dpia/" + itoa(atFG))
	expectContains(t, fgPage, "Advies vastleggen")
	if strings.Contains(fgPage.body, "Terug naar concept") {
		t.Error("the FG is offered to put the DPIA back to concept")
	}
	expectContains(t, a.loggedIn("dspo@voorbeeld.nl").get("/dpia/"+itoa(atFG)), "Terug naar concept")

	// Gemeente Nabij: Voorbeeld's DPIAs do not exist; the shared CISO sees
	// Nabij's own DPIAs there, not Voorbeeld's.
	nabij := a.loggedIn("manager@nabij.nl")
	expectStatus(t, nabij.get("/dpia/"+itoa(atFG)), http.StatusNotFound)
	expectStatus(t, nabij.post("/dpia/"+itoa(atFG)+"/besluit", url.Values{"decision": {"follow"}, "decided_on": {"01-01-2026"}, "version": {"1"}}), http.StatusNotFound)
	cisoNabij := a.loggedIn("ciso@voorbeeld.nl", seed.Nabij)
	expectStatus(t, cisoNabij.get("/dpia/"+itoa(atFG)), http.StatusNotFound)
	expectStatus(t, cisoNabij.get("/dpia/"+itoa(atFG)+"/bewerken"), http.StatusNotFound)
	expectStatus(t, cisoNabij.post("/dpia/"+itoa(atFG), a.dpiaForm("x", a.processID("Burgerlijke stand"))), http.StatusNotFound)
	expectStatus(t, cisoNabij.post("/dpia/"+itoa(atFG)+"/status", url.Values{"to": {"concept"}, "version": {"1"}}), http.StatusNotFound)
	list := cisoNabij.get("/dpia")
	expectContains(t, list, "DPIA Opnemen van telefoongesprekken in het klantcontact", "DPIA Reisdocumenten en afsprakenbalie")
	if strings.Contains(list.body, dpiaAtFG) {
		t.Error("Nabij's register shows Voorbeeld's DPIA")
	}
	// A process of another organisation cannot be linked.
	nabijProc := a.id(`SELECT id FROM processes WHERE organisation_id = $1 AND name = 'Klantcontact'`, a.orgID(seed.Nabij))
	bad := a.dpiaForm("DPIA met een vreemd proces", nabijProc)
	resp := a.loggedIn("ciso@voorbeeld.nl").post("/dpia", bad)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Een van de gekozen processen bestaat niet (meer).")
}

// TestDPIAPagesQueryCount: the register and a DPIA's page take a fixed
// number of queries, and no GET writes.
func TestDPIAPagesQueryCount(t *testing.T) {
	t.Parallel()
	d, counter := dbtest.NewCounted(t)
	a := newAppOn(t, d)
	c := a.loggedIn("ciso@voorbeeld.nl")
	measure := func(path string) int64 {
		before := counter.Count()
		expectStatus(t, c.get(path), http.StatusOK)
		return counter.Count() - before
	}
	expectStatus(t, c.get("/"), http.StatusOK) // the first page after the login touches the session
	writes := counter.Writes()
	list := measure("/dpia")
	show := measure("/dpia/" + itoa(a.dpiaID(dpiaDecided)))
	measure("/dpia/nieuw")
	measure("/dpia?status=concept")
	expectStatus(t, c.get("/dpia/"+itoa(a.dpiaID(dpiaAtFG))+"/bewerken"), http.StatusConflict) // not a concept
	if n := counter.Writes() - writes; n != 0 {
		t.Errorf("the DPIA pages wrote %d times on a plain GET", n)
	}
	for i := range 5 {
		expectStatus(t, c.post("/dpia", a.dpiaForm("Extra DPIA "+itoa(int64(i)), a.processID("Burgerlijke stand"))), http.StatusSeeOther)
	}
	expectStatus(t, c.get("/"), http.StatusOK) // shows the flash of the last save
	if again := measure("/dpia"); again != list {
		t.Errorf("the register takes %d and then %d queries", list, again)
	}
	if list > 12 || show > 16 {
		t.Errorf("register %d, page %d queries", list, show)
	}
}

// TestDPIAStepTakenMeanwhileKeepsTheText: the FG advises a DPIA that is no
// longer with the FG (put back to concept in another tab), or a manager
// decides on one that is decided already. The page says so, with the current
// status, and shows the typed text read-only to copy, although the form is
// gone; nothing is stored.
func TestDPIAStepTakenMeanwhileKeepsTheText(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := a.dpiaID(dpiaAtFG)
	path := "/dpia/" + itoa(id)
	version := a.id(`SELECT version FROM dpias WHERE id = $1`, id)
	fg := a.loggedIn("fg@voorbeeld.nl")
	expectContains(t, fg.get(path), "Advies vastleggen")
	expectStatus(t, a.loggedIn("dspo@voorbeeld.nl").post(path+"/status", url.Values{"to": {"concept"}, "version": {itoa(version)}}), http.StatusSeeOther)

	typed := "Akkoord <mits> de bewaartermijn & de grondslag\nworden vastgelegd."
	for _, v := range []int64{version, version + 1} { // stale, and current but no longer with the FG
		resp := fg.post(path+"/advies", url.Values{"advice": {typed}, "advised_on": {"01-03-2026"}, "version": {itoa(v)}})
		expectStatus(t, resp, http.StatusConflict)
		expectContains(t, resp, "Uw advies is niet vastgelegd", "niet meer bij de FG", "Concept", html.EscapeString(typed), "readonly", "kopieer")
		if strings.Contains(resp.body, "Advies vastleggen") || strings.Contains(resp.body, "uw invoer is bewaard in het formulier") {
			t.Errorf("version %d: the page offers a form that is not there", v)
		}
	}
	// An empty advice on a DPIA no longer with the FG: the conflict, not
	// field errors of a hidden form.
	resp := fg.post(path+"/advies", url.Values{"advice": {" "}, "version": {itoa(version)}})
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "niet meer bij de FG")
	if n := a.id(`SELECT count(*) FROM dpias WHERE id = $1 AND status = 'concept' AND advice = ''`, id); n != 1 {
		t.Error("the advice was stored")
	}

	decided := a.dpiaID(dpiaDecided)
	version = a.id(`SELECT version FROM dpias WHERE id = $1`, decided)
	rationale := "Wij wijken af: de suite wordt vervangen."
	resp = a.loggedIn("manager.sociaal@voorbeeld.nl").post("/dpia/"+itoa(decided)+"/besluit",
		url.Values{"decision": {"deviate"}, "rationale": {rationale}, "decided_on": {"01-03-2026"}, "version": {itoa(version)}})
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "Uw besluit is niet vastgelegd", "Besloten", "Afwijken", rationale, "readonly")
	if strings.Contains(resp.body, "Besluit vastleggen") {
		t.Error("a decided DPIA offers the decision form")
	}
	// Back to concept on a DPIA decided meanwhile: the refusal is shown,
	// although the progress form is gone.
	resp = a.loggedIn("dspo@voorbeeld.nl").post("/dpia/"+itoa(decided)+"/status", url.Values{"to": {"concept"}, "version": {itoa(version)}})
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "zij kan niet meer terug naar concept")
}

// TestProcessPageListsItsDPIAs: a DPIA registers as a source of links, so
// the page of a process it covers links to it (and its BIA's "DPIA nodig"
// names it); who may not see DPIAs does not get the link.
func TestProcessPageListsItsDPIAs(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	dpia := a.id(`SELECT dpia_id FROM dpia_processes WHERE organisation_id = $1 ORDER BY dpia_id LIMIT 1`, a.orgID(seed.Voorbeeld))
	proc := a.id(`SELECT process_id FROM dpia_processes WHERE dpia_id = $1 ORDER BY process_id LIMIT 1`, dpia)
	a.exec(`UPDATE process_bias SET dpia_needed = true WHERE process_id = $1`, proc)
	page := a.loggedIn("ciso@voorbeeld.nl").get("/processen/" + itoa(proc))
	expectContains(t, page, `href="/dpia/`+itoa(dpia)+`"`, "Nodig volgens de BIA; uitgevoerd in")
	if strings.Contains(page.body, "@layout") {
		t.Error("the process page shows templ source")
	}
	if page := a.loggedIn("beheerder@voorbeeld.nl").get("/processen/" + itoa(proc)); strings.Contains(page.body, `href="/dpia/`) {
		t.Error("the beheerder, who sees no DPIAs, gets a link to one")
	}
}

// TestDPIAFormOffersTheDSPONotTwice: the DSPO who drafts is "Ikzelf" in the
// choice of who drafted, not listed again by name.
func TestDPIAFormOffersTheDSPONotTwice(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	dspo := a.id(`SELECT id FROM users WHERE email = 'dspo@voorbeeld.nl'`)
	page := a.loggedIn("dspo@voorbeeld.nl").get("/dpia/nieuw")
	expectContains(t, page, "Ikzelf")
	if strings.Contains(page.body, `<option value="`+itoa(dspo)+`"`) {
		t.Error("the DSPO is offered both as Ikzelf and by name")
	} // The CISO drafts too and may name the DSPO.
	expectContains(t, a.loggedIn("ciso@voorbeeld.nl").get("/dpia/nieuw"), `<option value="`+itoa(dspo)+`"`)
}

// TestDSPOLinksOnlyProcessesOfOwnAfdelingen: a DSPO's DPIA covers processes
// of the DSPO's own afdelingen; another afdeling's process is not offered and
// not accepted (the input is kept). The CISO may link any process.
func TestDSPOLinksOnlyProcessesOfOwnAfdelingen(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	org := a.orgID(seed.Voorbeeld)
	belastingen := a.id(`SELECT p.id FROM processes p JOIN departments d ON d.id = p.department_id
		WHERE p.organisation_id = $1 AND d.name = 'Belastingen' ORDER BY p.id LIMIT 1`, org)
	dspo := a.loggedIn("dspo@voorbeeld.nl")
	if page := dspo.get("/dpia/nieuw"); strings.Contains(page.body, `name="process_ids" value="`+itoa(belastingen)+`"`) {
		t.Error("the DSPO is offered a process of Belastingen")
	}
	resp := dspo.post("/dpia", a.dpiaForm("DPIA WOZ-beschikkingen", belastingen))
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies processen van uw eigen afdelingen", `value="DPIA WOZ-beschikkingen"`)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	expectContains(t, ciso.get("/dpia/nieuw"), `name="process_ids" value="`+itoa(belastingen)+`"`)
	expectStatus(t, ciso.post("/dpia", a.dpiaForm("DPIA WOZ-beschikkingen", belastingen)), http.StatusSeeOther)
}
