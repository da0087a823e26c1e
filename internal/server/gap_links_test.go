package server_test

import (
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/seed"
)

var (
	gapFigure = regexp.MustCompile(`data-gap-count="(\d+)" href="([^"]+)"`)
	listShown = regexp.MustCompile(`(\d+) van \d+ getoond`)
	listRow   = regexp.MustCompile(`<td class="control-list__number"><a class="utrecht-link" href="/bio/\d+"`)
)

// listCount is the number of controls the list at path shows: the figure in
// its summary line, checked against the rows of its tables.
func listCount(t *testing.T, c *client, path string) int {
	t.Helper()
	page := c.get(path)
	expectStatus(t, page, http.StatusOK)
	m := listShown.FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("%s: no count in the list\n%s", path, trim(page.body))
	}
	n, _ := strconv.Atoi(m[1])
	if rows := len(listRow.FindAllString(page.body, -1)); rows != n {
		t.Errorf("%s: says %d shown, has %d rows", path, n, rows)
	}
	return n
}

// gapLinksAgree follows every figure link on the GAP page at path and checks
// that the list it leads to has exactly that many items.
func gapLinksAgree(t *testing.T, c *client, path string) int {
	t.Helper()
	page := c.get(path)
	expectStatus(t, page, http.StatusOK)
	seen := map[string]string{}
	for _, m := range gapFigure.FindAllStringSubmatch(page.body, -1) {
		href := html.UnescapeString(m[2])
		if !strings.HasPrefix(href, "/bio?") {
			t.Errorf("%s: figure links to %s", path, href)
			continue
		}
		if prev, ok := seen[href]; ok {
			if prev != m[1] {
				t.Errorf("%s: %s shown as %s and as %s", path, href, prev, m[1])
			}
			continue
		}
		seen[href] = m[1]
		want, _ := strconv.Atoi(m[1])
		if got := listCount(t, c, href); got != want {
			t.Errorf("%s: figure %d links to %s, which lists %d", path, want, href, got)
		}
	}
	return len(seen)
}

// TestGapFigureLinksMatchTheList: each figure on the GAP page, per theme,
// per part (controls, measures), per afdeling and in the attention lists,
// leads to a list of exactly that many controls and measures — also on a
// filtered page.
func TestGapFigureLinksMatchTheList(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	if n := gapLinksAgree(t, ciso, "/bio/gap"); n < 150 {
		t.Errorf("only %d distinct figure links on the GAP page", n)
	}
	if n := gapLinksAgree(t, ciso, "/bio/gap?status=in_uitvoering&q=5."); n < 50 {
		t.Errorf("only %d distinct figure links on the filtered GAP page", n)
	}
	// A figure the list cannot select with the page's filter (without owner
	// on a page of one afdeling) is shown without a link.
	burgerzaken := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Burgerzaken'`, a.orgID(seed.Voorbeeld))
	page := ciso.get("/bio/gap?afdeling=" + itoa(burgerzaken))
	if strings.Contains(page.body, "afdeling=geen") {
		t.Error("a page of one afdeling links to the items without owner")
	}
	gapLinksAgree(t, ciso, "/bio/gap?afdeling="+itoa(burgerzaken))
}

func TestGapNotApplicableIsExplained(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	page := ciso.get("/bio/gap")
	// The list without owner counts what does not apply too; the GAP does
	// not, says how many it left out and links to exactly the counted ones.
	all := a.gapCount(` AND s.owner_department_id IS NULL`)
	counted := a.gapCount(gapApplicable + ` AND s.owner_department_id IS NULL`)
	if all == counted {
		t.Fatal("the demo data has no non-applicable item without owner")
	}
	expectContains(t, page, itoa(all-counted)+" niet van toepassing niet meegeteld",
		`data-gap-count="`+itoa(counted)+`" href="/bio?afdeling=geen&amp;toepassing=ja">Alle `+itoa(counted)+` in de maatregelenlijst`)
	if got := listCount(t, ciso, "/bio?afdeling=geen"); int64(got) != all {
		t.Errorf("list without owner %d, want %d", got, all)
	}
	expectContains(t, ciso.get("/bio?afdeling=geen&toepassing=ja"), "Selectie vanuit de GAP-analyse: alleen wat van toepassing is.",
		`<input type="hidden" name="toepassing" value="ja">`)
	expectContains(t, page, "Optelregel.", "al zijn overheidsmaatregelen die van toepassing zijn geïmplementeerd zijn")
}

func TestGapBelowAmbition(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	// The demo ambition is level 4: below is under 4 or not assessed.
	below := a.gapCount(gapApplicable + ` AND coalesce(s.maturity, 0) < 4`)
	if got := listCount(t, ciso, "/bio?niveau=onder"); int64(got) != below {
		t.Errorf("below the ambition: list %d, want %d", got, below)
	}
	theme8 := a.gapCount(gapApplicable + ` AND coalesce(s.maturity, 0) < 4 AND i.number LIKE '8.%'`)
	if got := listCount(t, ciso, "/bio?niveau=onder&thema=8"); int64(got) != theme8 {
		t.Errorf("below the ambition in theme 8: list %d, want %d", got, theme8)
	}
	page := ciso.get("/bio/gap")
	gapExpectInRow(t, gapRowOf(t, page, "gap-totaal"), "total", `data-gap-count="`+itoa(below)+`" href="/bio?niveau=onder&amp;toepassing=ja"`)
	gapExpectInRow(t, gapRowOf(t, page, "gap-groep-8"), "theme 8", `data-gap-count="`+itoa(theme8)+`" href="/bio?niveau=onder&amp;thema=8&amp;toepassing=ja"`)
	expectContains(t, page, `id="gap-onder-ambitie"`, "halen niveau 4 nog niet")
	expectContains(t, ciso.get("/bio?niveau=onder"), `<option value="onder" selected>Onder de ambitie</option>`)

	// Without an ambition: a note, not an empty (or full) list.
	a.exec(`UPDATE organisations SET target_maturity = NULL, target_date = NULL WHERE id = $1`, a.orgID(seed.Voorbeeld))
	list := ciso.get("/bio?niveau=onder")
	expectStatus(t, list, http.StatusOK)
	expectContains(t, list, "Er is geen ambitie vastgesteld, dus geen maatregel zit onder of op het ambitieniveau.", "0 van ")
	expectContains(t, ciso.get("/bio/gap?niveau=onder"), "Er is geen ambitie vastgesteld, dus geen maatregel")
}

func TestGapPerAfdeling(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ciso := a.loggedIn("ciso@voorbeeld.nl")
	voorbeeld := a.orgID(seed.Voorbeeld)
	page := ciso.get("/bio/gap")
	expectContains(t, page, `id="gap-per-afdeling"`)
	burgerzaken := a.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Burgerzaken'`, voorbeeld)
	owned := a.gapCount(gapApplicable + ` AND s.owner_department_id = ` + itoa(burgerzaken))
	row := gapRowOf(t, page, "gap-afdeling-"+itoa(burgerzaken))
	gapExpectInRow(t, row, "Burgerzaken", "Burgerzaken", `data-gap-count="`+itoa(owned)+`" href="/bio?afdeling=`+itoa(burgerzaken)+`&amp;toepassing=ja"`)
	noOwner := a.gapCount(gapApplicable + ` AND s.owner_department_id IS NULL`)
	gapExpectInRow(t, gapRowOf(t, page, "gap-afdeling-geen"), "without owner", "Zonder eigenaar", `data-gap-count="`+itoa(noOwner)+`" href="/bio?afdeling=geen&amp;toepassing=ja"`)
	// One row per afdeling that owns an item, and the row without owner last.
	owners := a.id(`SELECT count(DISTINCT s.owner_department_id) FROM control_statuses s JOIN catalogue_items i ON i.id = s.item_id
		JOIN frameworks f ON f.id = i.framework_id AND f.code = 'BIO2' WHERE s.organisation_id = $1`, voorbeeld)
	if got := strings.Count(page.body, `<tr id="gap-afdeling-`) - 1; int64(got) != owners+1 { // minus the total
		t.Errorf("%d rows per afdeling, want %d afdelingen and the row without owner", got, owners)
	}
	if strings.Index(page.body, `id="gap-afdeling-geen"`) < strings.Index(page.body, `id="gap-afdeling-`+itoa(burgerzaken)+`"`) {
		t.Error("the row without owner is not last")
	}
}

// TestMalformedControlFilterIsRefused: a filter value no link of the portal
// produces is a 400 on the list, the GAP page and the exports, not a list
// that silently ignores it; every value the portal does produce is accepted.
func TestMalformedControlFilterIsRefused(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.loggedIn("ciso@voorbeeld.nl", seed.Voorbeeld)
	for _, path := range []string{"/bio?niveau=xyz", "/bio?soort=q", "/bio?toepassing=zz", "/bio?sorteer=foo", "/bio?weergave=breed",
		"/bio?afdeling=abc", "/bio?status=klaar", "/bio/gap?herbeoordeling=x", "/bio/export/vvt.xlsx?bewijs=nee", "/bio/export/gap.pdf?geimplementeerd=2"} {
		expectStatus(t, c.get(path), http.StatusBadRequest)
	}
	for _, path := range []string{"/bio?niveau=onder&soort=measure&toepassing=ja&sorteer=eigenaar&weergave=compact&afdeling=geen&status=in_uitvoering",
		"/bio?niveau=3&geimplementeerd=ja&bewijs=ja&herbeoordeling=te-laat&beoordeling=te&mijn=1", "/bio/gap?toepassing=nee&niveau=geen"} {
		expectStatus(t, c.get(path), http.StatusOK)
	}
}
