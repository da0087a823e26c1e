package server_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/seed"
)

// biaForm answers every active impact area of the organisation with level 1,
// except the first area, which gets the given levels (B, I, V).
func (a *app) biaForm(orgID int64, version string, first [3]string) url.Values {
	rows, err := a.db.Pool.Query(context.Background(), `SELECT id FROM bia_impact_areas WHERE organisation_id = $1 AND active ORDER BY sort_order, id`, orgID)
	if err != nil {
		panic(err)
	}
	defer rows.Close()
	f := url.Values{"version": {version}}
	i := 0
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			panic(err)
		}
		for j, aspect := range []string{"availability", "integrity", "confidentiality"} {
			v := "1"
			if i == 0 {
				v = first[j]
			}
			f.Set("a_"+aspect+"_"+itoa(id), v)
		}
		i++
	}
	if err := rows.Err(); err != nil {
		panic(err)
	}
	return f
}

func (a *app) processID(name string) int64 {
	return a.id(`SELECT id FROM processes WHERE organisation_id = $1 AND name = $2`, a.orgID(seed.Voorbeeld), name)
}

func (a *app) biaVersion(process int64) string {
	return itoa(a.id(`SELECT version FROM process_bias WHERE process_id = $1`, process))
}

// TestBIAJourney: the manager fills in the BIA of a process of their own
// afdeling; the level is the highest answer, a raise needs a rationale, the
// result is in process_bias, and the applications of the process follow at
// once, each with its own audit event.
func TestBIAJourney(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	proc := a.processID("Aanvraag reisdocumenten")
	c := a.loggedIn("manager.burgerzaken@voorbeeld.nl")

	page := c.get("/processen/" + itoa(proc))
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, "BIA en classificatie", "DPIA nodig", `href="/processen/`+itoa(proc)+`/bia"`, "Afsprakenplanner")
	form := c.get("/processen/" + itoa(proc) + "/bia")
	expectStatus(t, form, http.StatusOK)
	expectContains(t, form, "Politieke schade voor een bestuurder", "Verlies van sturing", `name="version" value="1"`)

	// A raise without rationale: 422, input kept.
	f := a.biaForm(voorbeeld, "1", [3]string{"2", "1", "1"})
	f.Set("raise_availability", "3")
	f.Set("notes", "Mijn zorgvuldige toelichting")
	resp := c.post("/processen/"+itoa(proc)+"/bia", f)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Onderbouw waarom beschikbaarheid hoger is", "Mijn zorgvuldige toelichting", `href="#f-rationale-availability"`)

	// Lowering below the derived level: 422.
	f.Set("raise_availability", "1")
	expectStatus(t, c.post("/processen/"+itoa(proc)+"/bia", f), http.StatusUnprocessableEntity)

	f.Set("raise_availability", "3")
	f.Set("rationale_availability", "Paspoorten zijn nodig voor reizen die niet kunnen wachten.")
	f.Set("personal_data", "on")
	resp = c.post("/processen/"+itoa(proc)+"/bia", f)
	expectStatus(t, resp, http.StatusSeeOther)

	var av, in, conf, bbn int
	var dpia bool
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT availability, integrity, confidentiality, bbn, dpia_needed FROM process_bias WHERE process_id = $1`, proc).
		Scan(&av, &in, &conf, &bbn, &dpia); err != nil {
		t.Fatal(err)
	}
	if av != 3 || in != 1 || conf != 1 || bbn != 3 || dpia {
		t.Errorf("stored %d %d %d BBN%d dpia %v", av, in, conf, bbn, dpia)
	}
	var derived int
	var rationale string
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT derived, rationale FROM bia_raises WHERE process_id = $1 AND aspect = 'availability'`, proc).Scan(&derived, &rationale); err != nil || derived != 2 {
		t.Fatalf("raise %d %q %v", derived, rationale, err)
	}
	page = c.get("/processen/" + itoa(proc))
	expectContains(t, page, "De BIA is opgeslagen.", "Verhoogd van midden: Paspoorten zijn nodig", "BBN3")

	// Afsprakenplanner (reisdocumenten, rijbewijzen, burgerlijke stand) had
	// V hoog from reisdocumenten; now from the others: V midden, B hoog.
	app := a.id(`SELECT id FROM applications WHERE organisation_id = $1 AND name = 'Afsprakenplanner'`, voorbeeld)
	var summary string
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT summary FROM audit_events WHERE entity = 'application' AND entity_id = $1 ORDER BY id DESC LIMIT 1`, app).Scan(&summary); err != nil {
		t.Fatal(err)
	}
	if summary != "Classificatie van applicatie Afsprakenplanner gewijzigd door de BIA van proces Aanvraag reisdocumenten: B hoog, I hoog, V midden" {
		t.Errorf("application event %q", summary)
	}
	appPage := c.get("/applicaties/" + itoa(app))
	expectContains(t, appPage, "Classificatie", "Aanvraag reisdocumenten", "Burgerlijke stand")
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'bia' AND entity_id = $1`, proc); n != 1 {
		t.Errorf("%d BIA events", n)
	}
	expectContains(t, a.loggedIn("ciso@voorbeeld.nl").get("/audittrail?soort=bia"), "BIA van proces Aanvraag reisdocumenten gewijzigd")
}

func TestBIADPIANeeded(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	proc := a.processID("Burgerlijke stand")
	c := a.loggedIn("dspo@voorbeeld.nl") // DSPO of Burgerzaken
	f := a.biaForm(a.orgID(seed.Voorbeeld), a.biaVersion(proc), [3]string{"1", "2", "3"})
	f.Set("personal_data", "on")
	expectStatus(t, c.post("/processen/"+itoa(proc)+"/bia", f), http.StatusSeeOther)
	if n := a.id(`SELECT count(*) FROM process_bias WHERE process_id = $1 AND dpia_needed`, proc); n != 1 {
		t.Error("personal data with vertrouwelijkheid hoog is not marked DPIA nodig")
	}
	expectContains(t, c.get("/processen/"+itoa(proc)), "DPIA nodig")

	// Special categories without personal data: a field error.
	f = a.biaForm(a.orgID(seed.Voorbeeld), a.biaVersion(proc), [3]string{"1", "1", "1"})
	f.Set("special_categories", "on")
	resp := c.post("/processen/"+itoa(proc)+"/bia", f)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Bijzondere persoonsgegevens zijn ook persoonsgegevens")
}

func TestBIAStaleVersionIsAConflict(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	proc := a.processID("Verkiezingen")
	first, second := a.loggedIn("ciso@voorbeeld.nl"), a.loggedIn("manager.burgerzaken@voorbeeld.nl")
	f := a.biaForm(a.orgID(seed.Voorbeeld), "1", [3]string{"3", "3", "1"})
	expectStatus(t, first.post("/processen/"+itoa(proc)+"/bia", f), http.StatusSeeOther)
	f.Set("notes", "Mijn versie")
	resp := second.post("/processen/"+itoa(proc)+"/bia", f)
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, "Iemand anders heeft dit intussen gewijzigd", "Mijn versie", `name="version" value="2"`)
}

// TestBIARights: managers and DSPOs only for their own afdelingen, the CISO
// everywhere, read-only roles see the BIA, others see the process only;
// another organisation's process is 404.
func TestBIARights(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	burgerzaken := a.processID("Aanvraag rijbewijzen")
	form := func(p int64) url.Values { return a.biaForm(voorbeeld, a.biaVersion(p), [3]string{"2", "2", "2"}) }

	other := a.loggedIn("manager.sociaal@voorbeeld.nl")
	resp := other.post("/processen/"+itoa(burgerzaken)+"/bia", form(burgerzaken))
	expectStatus(t, resp, http.StatusForbidden)
	expectContains(t, resp, "U mag alleen de BIA en classificatie")
	expectStatus(t, other.get("/processen/"+itoa(burgerzaken)+"/bia"), http.StatusForbidden)
	page := other.get("/processen/" + itoa(burgerzaken))
	expectStatus(t, page, http.StatusOK)
	if strings.Contains(page.body, "/bia\"") {
		t.Error("a manager of another afdeling is offered the BIA form")
	}
	expectStatus(t, a.loggedIn("ciso@voorbeeld.nl").post("/processen/"+itoa(burgerzaken)+"/bia", form(burgerzaken)), http.StatusSeeOther)
	expectStatus(t, a.loggedIn("auditor@voorbeeld.nl").post("/processen/"+itoa(burgerzaken)+"/bia", form(burgerzaken)), http.StatusForbidden)
	expectContains(t, a.loggedIn("auditor@voorbeeld.nl").get("/processen/"+itoa(burgerzaken)), "BIA en classificatie")
	beheer := a.loggedIn("beheerder@voorbeeld.nl").get("/processen/" + itoa(burgerzaken))
	expectStatus(t, beheer, http.StatusOK)
	if strings.Contains(beheer.body, "BIA en classificatie") {
		t.Error("the beheerder (no ViewRisks) sees the BIA")
	}
	expectContains(t, beheer, `href="/processen/`+itoa(burgerzaken)+`/bewerken"`)

	// Gemeente Nabij's manager: Voorbeeld's process does not exist for them.
	nabij := a.loggedIn("manager@nabij.nl")
	expectStatus(t, nabij.get("/processen/"+itoa(burgerzaken)), http.StatusNotFound)
	expectStatus(t, nabij.get("/processen/"+itoa(burgerzaken)+"/bia"), http.StatusNotFound)
	expectStatus(t, nabij.post("/processen/"+itoa(burgerzaken)+"/bia", form(burgerzaken)), http.StatusNotFound)
	app := a.id(`SELECT id FROM applications WHERE organisation_id = $1 AND name = 'Rijbewijzenapplicatie'`, voorbeeld)
	expectStatus(t, nabij.get("/applicaties/"+itoa(app)), http.StatusNotFound)
	expectStatus(t, nabij.post("/applicaties/"+itoa(app)+"/classificatie", url.Values{"version": {"0"}}), http.StatusNotFound)
}

// TestApplicationOverride: only upward, with a rationale; the manager of an
// afdeling owning one of its processes may, another manager may not.
func TestApplicationOverride(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	app := a.id(`SELECT id FROM applications WHERE organisation_id = $1 AND name = 'Rijbewijzenapplicatie'`, a.orgID(seed.Voorbeeld))
	path := "/applicaties/" + itoa(app) + "/classificatie"
	expectStatus(t, a.loggedIn("manager.sociaal@voorbeeld.nl").post(path, url.Values{"version": {"0"}, "raise_availability": {"3"}, "rationale_availability": {"x"}}), http.StatusForbidden)

	c := a.loggedIn("manager.burgerzaken@voorbeeld.nl")
	page := c.get("/applicaties/" + itoa(app))
	expectContains(t, page, "Classificatie verhogen", "Bepaald door", "Aanvraag rijbewijzen")
	resp := c.post(path, url.Values{"version": {"0"}, "raise_availability": {"3"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Onderbouw waarom beschikbaarheid hoger is")
	resp = c.post(path, url.Values{"version": {"0"}, "raise_integrity": {"1"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "kan alleen omhoog")
	expectStatus(t, c.post(path, url.Values{"version": {"0"}, "raise_availability": {"3"}, "rationale_availability": {"Landelijke keten: uitval treft de RDW."}}), http.StatusSeeOther)
	expectContains(t, c.get("/applicaties/"+itoa(app)), "hoog: Landelijke keten: uitval treft de RDW.")
	resp = c.post(path, url.Values{"version": {"0"}, "raise_availability": {"3"}, "rationale_availability": {"Nog eens"}})
	expectStatus(t, resp, http.StatusConflict)
	if n := a.id(`SELECT count(*) FROM audit_events WHERE entity = 'application' AND entity_id = $1 AND summary LIKE '%handmatig%'`, app); n != 1 {
		t.Errorf("%d override events", n)
	}
}

// TestBIAScaleChange: the CISO changes a scale; the history shows it, the
// DPIA rule follows the new highest level, and a scale cannot shrink below a
// level in use.
func TestBIAScaleChange(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("ciso@voorbeeld.nl")
	page := c.get("/bia/instellingen")
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, "De schalen zijn nog niet gewijzigd", `name="level_availability_3" value="hoog"`, "Diplomatieke schade")

	scales := func(version string, conf ...string) url.Values {
		f := url.Values{"version": {version}}
		for _, aspect := range []string{"availability", "integrity"} {
			for i, n := range []string{"laag", "midden", "hoog"} {
				f.Set("level_"+aspect+"_"+itoa(int64(i+1)), n)
				f.Set("bbn_"+aspect+"_"+itoa(int64(i+1)), itoa(int64(i+1)))
			}
		}
		bbn := []string{"1", "2", "3", "3", "3"}
		for i, n := range conf {
			f.Set("level_confidentiality_"+itoa(int64(i+1)), n)
			f.Set("bbn_confidentiality_"+itoa(int64(i+1)), bbn[i])
		}
		return f
	}
	dpiaBefore := a.id(`SELECT count(*) FROM process_bias WHERE organisation_id = $1 AND dpia_needed AND NOT special_categories`, a.orgID(seed.Voorbeeld))
	if dpiaBefore == 0 {
		t.Fatal("demo data has no DPIA nodig from vertrouwelijkheid hoog alone")
	}
	expectStatus(t, c.post("/bia/instellingen/schalen", scales("0", "openbaar", "intern", "vertrouwelijk", "geheim")), http.StatusSeeOther)
	page = c.get("/bia/instellingen")
	expectContains(t, page, "De classificatieschalen zijn opgeslagen.", "Carla Smit (CISO)", "openbaar (BBN1) / intern (BBN2) / vertrouwelijk (BBN3) / geheim (BBN3)")
	if n := a.id(`SELECT count(*) FROM process_bias WHERE organisation_id = $1 AND dpia_needed AND NOT special_categories`, a.orgID(seed.Voorbeeld)); n != 0 {
		t.Errorf("%d processes still DPIA nodig though hoog is no longer the highest level", n)
	}
	expectContains(t, c.get("/processen/"+itoa(a.processID("Jeugdhulp"))), "vertrouwelijk")

	// Shrinking to two levels while BIAs use the third: refused, input kept.
	resp := c.post("/bia/instellingen/schalen", scales("1", "openbaar", "intern"))
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Niveau vertrouwelijk van vertrouwelijkheid is nog in gebruik", `value="openbaar"`)
	// A stale version is a conflict.
	expectStatus(t, c.post("/bia/instellingen/schalen", scales("0", "a", "b", "c", "d")), http.StatusConflict)

	// Impact areas: add, rename and deactivate; a new BIA no longer asks it.
	expectStatus(t, c.post("/bia/instellingen/impactgebieden", url.Values{"name": {"  "}}), http.StatusUnprocessableEntity)
	expectStatus(t, c.post("/bia/instellingen/impactgebieden", url.Values{"name": {"Schade aan de leefomgeving"}}), http.StatusSeeOther)
	resp = c.post("/bia/instellingen/impactgebieden", url.Values{"name": {"schade aan de leefomgeving"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Er bestaat al een impactgebied met deze naam.")
	area := a.id(`SELECT id FROM bia_impact_areas WHERE name = 'Schade aan de leefomgeving'`)
	expectStatus(t, c.post("/bia/instellingen/impactgebieden/"+itoa(area), url.Values{"name": {"Leefomgeving"}, "version": {"1"}}), http.StatusSeeOther)
	form := c.get("/processen/" + itoa(a.processID("Jeugdhulp")) + "/bia")
	if strings.Contains(form.body, `name="a_availability_`+itoa(area)+`"`) {
		t.Error("a deactivated area is still asked")
	}
	expectContains(t, form, "Impactgebied Leefomgeving is opgeslagen.")
	expectStatus(t, a.loggedIn("manager.burgerzaken@voorbeeld.nl").get("/bia/instellingen"), http.StatusForbidden)
}

func TestProcessPageQueryCountIsFixed(t *testing.T) {
	t.Parallel()
	d, counter := dbtest.NewCounted(t)
	a := newAppOn(t, d)
	c := a.loggedIn("ciso@voorbeeld.nl")
	expectStatus(t, c.get("/"), http.StatusOK)
	measure := func(name string) int64 {
		before := counter.Count()
		expectStatus(t, c.get("/processen/"+itoa(a.processID(name))), http.StatusOK)
		return counter.Count() - before
	}
	few := measure("Beheer BGT") // 3 applications
	many := measure("Werkplekbeheer")
	if few != many {
		t.Errorf("process page takes %d and %d queries", few, many)
	}
	// One query per source of links (plan, risks, analyses, DPIAs, incidents).
	if few > 22 {
		t.Errorf("the process page takes %d queries", few)
	}
}

// TestBIALevelOutsideTheScale: a level beyond the organisation's own scale
// (here shrunk to three levels) is refused with a message that names that
// scale, not the five levels a scale may have at most; a level that is no
// number is refused too. The input is kept.
func TestBIALevelOutsideTheScale(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	low, high := "Kort", "Lang"
	a.exec(`INSERT INTO bia_scale_levels (organisation_id, aspect, rank, name, bbn)
		VALUES ($1, 'availability', 1, $2, 1), ($1, 'availability', 2, 'Middel', 2), ($1, 'availability', 3, $3, 3)`, voorbeeld, low, high)
	proc := a.processID("Aanvraag reisdocumenten")
	c := a.loggedIn("manager.burgerzaken@voorbeeld.nl")
	path := "/processen/" + itoa(proc) + "/bia"
	want := "Kies een niveau van de schaal voor beschikbaarheid: van " + low + " (1) tot en met " + high + " (3)."
	for _, level := range []string{"4", "5", "9", "2147483648"} {
		f := a.biaForm(voorbeeld, "1", [3]string{level, "1", "1"})
		f.Set("notes", "Mijn getypte toelichting")
		resp := c.post(path, f)
		expectStatus(t, resp, http.StatusUnprocessableEntity)
		expectContains(t, resp, html.EscapeString(want), "Mijn getypte toelichting")
		if strings.Contains(resp.body, "tot en met 5") {
			t.Errorf("level %s: the message names the largest possible scale", level)
		}
	}
	f := a.biaForm(voorbeeld, "1", [3]string{"1", "1", "1"})
	f.Set("raise_availability", "4")
	expectContains(t, c.post(path, f), html.EscapeString(want))
	f.Set("raise_availability", "hoog")
	resp := c.post(path, f)
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Kies een niveau uit de lijst.")
}

// TestImpactAreaEditHeadingNamesTheStoredArea: after a refused input (422)
// and after a conflict (409) the heading of an impact area's edit page names
// the area as it is stored, while the form keeps what was typed.
func TestImpactAreaEditHeadingNamesTheStoredArea(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	var id int64
	var name string
	if err := a.db.Pool.QueryRow(context.Background(), `SELECT id, name FROM bia_impact_areas WHERE organisation_id = $1 ORDER BY id LIMIT 1`,
		a.orgID(seed.Voorbeeld)).Scan(&id, &name); err != nil {
		t.Fatal(err)
	}
	path := "/bia/instellingen/impactgebieden/" + itoa(id)
	c := a.loggedIn("ciso@voorbeeld.nl")
	if h := pageHeading(t, c.get(path)); h != "Impactgebied "+name {
		t.Errorf("edit heading %q", h)
	}

	resp := c.post(path, url.Values{"name": {" "}, "description": {"Mijn getypte omschrijving"}, "version": {"1"}})
	expectStatus(t, resp, http.StatusUnprocessableEntity)
	expectContains(t, resp, "Mijn getypte omschrijving")
	if h := pageHeading(t, resp); h != "Impactgebied "+name {
		t.Errorf("422 heading %q, want %q", h, "Impactgebied "+name)
	}

	resp = c.post(path, url.Values{"name": {"Getypt gebied"}, "version": {"0"}})
	expectStatus(t, resp, http.StatusConflict)
	expectContains(t, resp, `value="Getypt gebied"`)
	if h := pageHeading(t, resp); h != "Impactgebied "+name {
		t.Errorf("409 heading %q, want %q", h, "Impactgebied "+name)
	}
}

// TestApplicationOverrideOutsideTheScale: on an application's classification
// too, a level beyond the organisation's own scale (three levels here) is
// refused with a message naming that scale, not the five levels a scale may
// have at most; the rationale typed is kept.
func TestApplicationOverrideOutsideTheScale(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	a.exec(`INSERT INTO bia_scale_levels (organisation_id, aspect, rank, name, bbn)
		VALUES ($1, 'availability', 1, 'Kort', 1), ($1, 'availability', 2, 'Middel', 2), ($1, 'availability', 3, 'Lang', 3)`, voorbeeld)
	app := a.id(`SELECT id FROM applications WHERE organisation_id = $1 AND name = 'Rijbewijzenapplicatie'`, voorbeeld)
	c := a.loggedIn("manager.burgerzaken@voorbeeld.nl")
	want := html.EscapeString("Kies een niveau van de schaal voor beschikbaarheid: van Kort (1) tot en met Lang (3).")
	for _, level := range []string{"4", "5", "99999999999"} {
		resp := c.post("/applicaties/"+itoa(app)+"/classificatie",
			url.Values{"version": {"0"}, "raise_availability": {level}, "rationale_availability": {"Mijn getypte onderbouwing"}})
		expectStatus(t, resp, http.StatusUnprocessableEntity)
		expectContains(t, resp, want, "Mijn getypte onderbouwing")
		if strings.Contains(resp.body, "tot en met 5") {
			t.Errorf("level %s: the message names the largest possible scale", level)
		}
	}
}
