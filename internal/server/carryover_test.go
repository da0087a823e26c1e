package server_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/baken-nl/baken/internal/seed"
)

func TestCarryOverByCISO(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ctx := context.Background()
	voorbeeld := a.orgID(seed.Voorbeeld)
	item := func(code, number string) int64 {
		return a.id(`SELECT i.id FROM catalogue_items i JOIN frameworks f ON f.id = i.framework_id
			WHERE f.organisation_id IS NULL AND f.code = $1 AND i.number = $2`, code, number)
	}
	// Voorbeeld tracked 12.6.1 on BIO 1.04; its BIO2 target 8.8 is cleared so
	// the status can carry over. 9.2.3 maps to 8.2, which keeps its demo status.
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`DELETE FROM control_statuses WHERE organisation_id = $1 AND item_id = $2`, []any{voorbeeld, item("BIO2", "8.8")}},
		{`INSERT INTO control_statuses (organisation_id, item_id, status, maturity) VALUES ($1, $2, 'in_uitvoering', 2)`, []any{voorbeeld, item("BIO1.04", "12.6.1")}},
		{`INSERT INTO control_statuses (organisation_id, item_id, status, maturity) VALUES ($1, $2, 'geimplementeerd', 3)`, []any{voorbeeld, item("BIO1.04", "9.2.3")}},
		{`INSERT INTO evidence (organisation_id, item_id, kind, title, url) VALUES ($1, $2, 'link', 'Patchrapport', 'https://dms.voorbeeld.nl/patch')`, []any{voorbeeld, item("BIO1.04", "12.6.1")}},
	} {
		if _, err := a.db.Pool.Exec(ctx, q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}

	// Not for the afdelingsmanager.
	manager := a.loggedIn("manager.burgerzaken@voorbeeld.nl")
	expectStatus(t, manager.post("/bio/overnemen", nil), http.StatusForbidden)
	if n := a.id(`SELECT count(*) FROM control_statuses WHERE organisation_id = $1 AND item_id = $2`, voorbeeld, item("BIO2", "8.8")); n != 0 {
		t.Fatal("a refused carry-over stored a status")
	}

	ciso := a.loggedIn("ciso@voorbeeld.nl")
	resp := ciso.post("/bio/overnemen", nil)
	expectStatus(t, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/bio?beoordeling=te" {
		t.Errorf("redirect to %q, want /bio?beoordeling=te", loc)
	}
	page := ciso.get("/bio")
	expectStatus(t, page, http.StatusOK)
	expectContains(t, page, "1 maatregel overgenomen, 1 overgeslagen omdat die al een status had, 1 bewijsstuk gekopieerd. Overgenomen maatregelen staan op ‘te beoordelen’.")
	if n := a.id(`SELECT count(*) FROM control_statuses WHERE organisation_id = $1 AND item_id = $2 AND needs_review AND status = 'in_uitvoering'`, voorbeeld, item("BIO2", "8.8")); n != 1 {
		t.Error("8.8 did not get the carried status")
	}

	// Again: nothing left to carry.
	expectStatus(t, ciso.post("/bio/overnemen", nil), http.StatusSeeOther)
	expectContains(t, ciso.get("/bio"), "Er is niets overgenomen: alle 2 BIO2-maatregelen waarop de BIO 1.04-statussen aansluiten, hadden al een status.")
}
