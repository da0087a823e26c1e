package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/dbtest"
)

// TestPageCacheServesCurrentPages: a cached page is served again only while
// no write happened anywhere. A change behind the portal's back with plain
// SQL (which raises no generation) proves that the copy is what is served; a
// write through the portal, or through another process's db.Write, shows at
// the next request.
func TestPageCacheServesCurrentPages(t *testing.T) {
	t.Parallel()
	d, counter := dbtest.NewCounted(t)
	a := newAppWith(t, d, map[string]string{"BAKEN_PAGE_CACHE": "64"})
	beheerder := a.loggedIn("beheerder@voorbeeld.nl")
	org := a.orgID("Gemeente Voorbeeld")

	first := beheerder.get("/afdelingen")
	expectContains(t, first, "Burgerzaken")
	before := counter.Count() + counter.Batched()
	again := beheerder.get("/afdelingen")
	if again.body != first.body {
		t.Fatal("the second GET of an unchanged page differs from the first")
	}
	// Session and principal only: the page's own reads are not repeated.
	if n := counter.Count() + counter.Batched() - before; n > 2 {
		t.Errorf("a cached page took %d queries, want at most 2", n)
	}

	// Plain SQL raises no generation: the copy is still served.
	a.exec(`UPDATE departments SET name = 'Burgerzaken en Dienstverlening' WHERE organisation_id = $1 AND name = 'Burgerzaken'`, org)
	if r := beheerder.get("/afdelingen"); strings.Contains(r.body, "Burgerzaken en Dienstverlening") {
		t.Fatal("the page was rendered anew: the cache did not serve it")
	}
	// Any committed write of any process raises it (here: another pool, as
	// the CLI or a second instance would).
	if err := a.db.Write(context.Background(), db.Unscoped, func(*db.Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	expectContains(t, beheerder.get("/afdelingen"), "Burgerzaken en Dienstverlening")

	// A write through the portal: its flash is shown once, never kept.
	expectStatus(t, beheerder.post("/afdelingen", url.Values{"name": {"Archief"}}), http.StatusSeeOther)
	withFlash := beheerder.get("/afdelingen")
	expectContains(t, withFlash, "Archief")
	next := beheerder.get("/afdelingen")
	expectContains(t, next, "Archief")
	if next.body == withFlash.body {
		t.Error("the page with the flash message was served again")
	}

	// Another user of the same organisation gets a page of their own.
	auditor := a.loggedIn("auditor@voorbeeld.nl")
	a.exec(`UPDATE users SET name = 'Anne Auditor-Cache' WHERE email = 'auditor@voorbeeld.nl'`)
	if r := auditor.get("/afdelingen"); !strings.Contains(r.body, "Anne Auditor-Cache") {
		t.Error("the auditor was served a page rendered for someone else")
	}

	metrics := a.client().get("/metrics")
	expectContains(t, metrics, "baken_page_cache_hits_total 2", "baken_page_cache_stored_total")
}

// TestPageCacheKeysOrganisationAndQuery: the same user in another
// organisation, or with other filters, never gets the copy of the first.
func TestPageCacheKeysOrganisationAndQuery(t *testing.T) {
	t.Parallel()
	a := newAppWith(t, dbtest.New(t), map[string]string{"BAKEN_PAGE_CACHE": "64"})
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	voorbeeld := ciso.get("/bio")
	expectContains(t, voorbeeld, "Gemeente Voorbeeld")
	filtered := ciso.get("/bio?status=geimplementeerd")
	if filtered.body == voorbeeld.body {
		t.Error("the filtered list was served the unfiltered copy")
	}
	nabij := a.loggedIn("ciso@voorbeeld.nl", "Gemeente Nabij")
	if r := nabij.get("/bio"); !strings.Contains(r.body, "Gemeente Nabij") || r.body == voorbeeld.body {
		t.Error("Nabij was served Voorbeeld's copy of /bio")
	}
}

// TestPageCacheKeepsUserListUntilABlockEnds: the user list shows a login
// block until its end; a copy is not served past that moment, although no
// write happened.
func TestPageCacheKeepsUserListUntilABlockEnds(t *testing.T) {
	t.Parallel()
	a := newAppWith(t, dbtest.New(t), map[string]string{"BAKEN_PAGE_CACHE": "64"})
	a.exec(`INSERT INTO login_throttle (key, locked_until) VALUES ('account:auditor@voorbeeld.nl', now() + interval '10 minutes')
		ON CONFLICT (key) DO UPDATE SET locked_until = EXCLUDED.locked_until`)
	beheerder := a.loggedIn("beheerder@voorbeeld.nl")
	expectContains(t, beheerder.get("/gebruikers"), "Inlogblokkade tot")
	expectContains(t, beheerder.get("/gebruikers"), "Inlogblokkade tot") // the copy, still true
	a.advance(11 * time.Minute)
	r := beheerder.get("/gebruikers")
	expectStatus(t, r, http.StatusOK)
	if strings.Contains(r.body, "Inlogblokkade tot") {
		t.Error("the copy with the login block was served after the block ended")
	}
}
