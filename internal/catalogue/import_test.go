package catalogue_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/catalogue"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/seed"
)

func orgID(t *testing.T, d *db.DB, name string) int64 {
	t.Helper()
	var id int64
	if err := d.Pool.QueryRow(context.Background(), `SELECT id FROM organisations WHERE name = $1`, name).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func count(t *testing.T, d *db.DB, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func parseMD(t *testing.T, md string) catalogue.BIO2Document {
	t.Helper()
	doc, err := catalogue.ParseBIO2Markdown(strings.NewReader(md))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func importTexts(t *testing.T, d *db.DB, org int64, doc catalogue.BIO2Document, source string) (catalogue.ImportResult, error) {
	t.Helper()
	var res catalogue.ImportResult
	err := d.Write(context.Background(), db.Scope{OrgID: org}, func(tx *db.Tx) error {
		var err error
		res, err = catalogue.ImportBIO2Texts(context.Background(), tx, org, doc, source)
		return err
	})
	return res, err
}

func texts(t *testing.T, d *db.DB, org int64) map[string]string {
	t.Helper()
	rows, err := d.Pool.Query(context.Background(), `SELECT i.number, t.text FROM catalogue_texts t JOIN catalogue_items i ON i.id = t.item_id WHERE t.organisation_id = $1`, org)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for rows.Next() {
		var n, s string
		if err := rows.Scan(&n, &s); err != nil {
			t.Fatal(err)
		}
		out[n] = s
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

const smallBIO2 = `# Deel 2
## 5.01.01
Er is een beleid.

## 5.01.02
Het beleid wordt jaarlijks beoordeeld.

## 8.08.01
Kwetsbaarheden worden tijdig verholpen.
`

func TestImportBIO2Texts(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	org := orgID(t, d, seed.Voorbeeld)
	nabij := orgID(t, d, seed.Nabij)

	res, err := importTexts(t, d, org, parseMD(t, smallBIO2), "v1.md")
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 3 || len(res.Added) != 3 || len(res.Changed) != 0 || res.Unchanged != 0 || len(res.Missing) != 115 {
		t.Errorf("first import: %+v", res)
	}
	if got := res.Summary("maatregelen"); got != "3 maatregelen: 3 nieuw, 0 gewijzigd, 0 ongewijzigd" {
		t.Errorf("summary = %q", got)
	}
	got := texts(t, d, org)
	if len(got) != 3 || got["8.08.01"] != "Kwetsbaarheden worden tijdig verholpen." {
		t.Errorf("stored texts = %v", got)
	}
	if n := len(texts(t, d, nabij)); n != 0 {
		t.Errorf("Gemeente Nabij got %d texts", n)
	}

	// The same file again: nothing changes, not even the import time.
	var before string
	_ = d.Pool.QueryRow(context.Background(), `SELECT max(imported_at)::text FROM catalogue_texts WHERE organisation_id = $1`, org).Scan(&before)
	res, err = importTexts(t, d, org, parseMD(t, smallBIO2), "v1-kopie.md")
	if err != nil {
		t.Fatal(err)
	}
	if !res.NoChanges() || res.Unchanged != 3 {
		t.Errorf("identical re-import: %+v", res)
	}
	var after string
	_ = d.Pool.QueryRow(context.Background(), `SELECT max(imported_at)::text FROM catalogue_texts WHERE organisation_id = $1`, org).Scan(&after)
	if before != after {
		t.Errorf("identical re-import rewrote texts (%s → %s)", before, after)
	}

	// A newer version: one text changed, one measure gone, one added.
	v2 := strings.Replace(smallBIO2, "jaarlijks", "halfjaarlijks", 1)
	v2 = strings.Replace(v2, "## 8.08.01\nKwetsbaarheden worden tijdig verholpen.\n", "## 5.02.01\nRollen zijn vastgelegd.\n", 1)
	res, err = importTexts(t, d, org, parseMD(t, v2), "v2.md")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Changed, []string{"5.01.02"}) || !slices.Equal(res.Added, []string{"5.02.01"}) || !slices.Equal(res.Removed, []string{"8.08.01"}) || res.Unchanged != 1 {
		t.Errorf("v2: %+v", res)
	}
	if len(res.Changes) != 3 || !res.Changes[0].TextChanged() {
		t.Errorf("v2 changes: %+v", res.Changes)
	}
	got = texts(t, d, org)
	if len(got) != 3 || got["5.01.02"] != "Het beleid wordt halfjaarlijks beoordeeld." || got["8.08.01"] != "" {
		t.Errorf("after v2: %v", got)
	}
	var source string
	_ = d.Pool.QueryRow(context.Background(), `SELECT t.source FROM catalogue_texts t JOIN catalogue_items i ON i.id = t.item_id WHERE t.organisation_id = $1 AND i.number = '5.01.01'`, org).Scan(&source)
	if source != "v1.md" {
		t.Errorf("unchanged text has source %q, want the file it came from (v1.md)", source)
	}
	if n := count(t, d, `SELECT count(*) FROM audit_events WHERE organisation_id = $1 AND entity = 'catalogue' AND summary LIKE 'Officiële BIO2-teksten geïmporteerd%'`, org); n != 3 {
		t.Errorf("%d audit events, want one per import", n)
	}

	// A measure the built-in catalogue does not have: refused, nothing stored.
	bad := smallBIO2 + "\n## 5.01.07\nNieuw in een latere versie.\n\n## 8.34.09\nOok nieuw.\n"
	before = strings.Join(slices.Sorted(func(yield func(string) bool) {
		for k, v := range texts(t, d, org) {
			if !yield(k + "=" + v) {
				return
			}
		}
	}), "\n")
	_, err = importTexts(t, d, org, parseMD(t, bad), "v3.md")
	if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), "5.01.07, 8.34.09") {
		t.Fatalf("unknown measures: err = %v", err)
	}
	after = strings.Join(slices.Sorted(func(yield func(string) bool) {
		for k, v := range texts(t, d, org) {
			if !yield(k + "=" + v) {
				return
			}
		}
	}), "\n")
	if before != after {
		t.Errorf("a refused import changed the texts:\n%s\n→\n%s", before, after)
	}
}

// TestImportBIO2ReferenceText imports the official BIO2 1.3 markdown.
func TestImportBIO2ReferenceText(t *testing.T) {
	t.Parallel()
	root, err := dbtest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(root, "..", "shared", "reference", "bio2", "maatregelen.md"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("BIO2 reference text missing under CI: %v", err)
		}
		t.Skipf("BIO2 reference text not available: %v", err)
	}
	doc, err := catalogue.ParseBIO2Markdown(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	d := dbtest.New(t)
	org := orgID(t, d, seed.Nabij)
	res, err := importTexts(t, d, org, doc, "maatregelen.md")
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 118 || len(res.Added) != 118 || len(res.Missing) != 0 {
		t.Errorf("reference import: total %d, added %d, missing %v", res.Total, len(res.Added), res.Missing)
	}
	if n := len(texts(t, d, org)); n != 118 {
		t.Errorf("%d texts stored, want 118", n)
	}
	res, err = importTexts(t, d, org, doc, "maatregelen.md")
	if err != nil || !res.NoChanges() || res.Unchanged != 118 {
		t.Errorf("re-import: %+v, %v", res, err)
	}
}

func importCSV(t *testing.T, d *db.DB, org int64, code, name, version, csv string) (catalogue.ImportResult, error) {
	t.Helper()
	items, err := catalogue.ParseCSV(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	var res catalogue.ImportResult
	err = d.Write(context.Background(), db.Scope{OrgID: org}, func(tx *db.Tx) error {
		var err error
		res, err = catalogue.ImportCSVFramework(context.Background(), tx, org, code, name, version, items)
		return err
	})
	return res, err
}

func frameworkCodes(t *testing.T, d *db.DB, org int64) []string {
	t.Helper()
	var fws []catalogue.StoredFramework
	err := d.Read(context.Background(), db.Scope{OrgID: org}, func(tx *db.Tx) error {
		var err error
		fws, err = catalogue.Frameworks(context.Background(), tx, org)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, f := range fws {
		codes = append(codes, f.Code)
	}
	return codes
}

const isoV1 = `kind,number,parent,title,hygiene,cbw_scope,bbn
theme,5,,Organisatorisch,,,
control,5.1,5,Beleid,,,
control,5.2,5,Rollen,,,
control,5.3,5,Scheiding van taken,,,
theme,6,,Mensen,,,
control,6.1,6,Screening,,,
control,6.2,6,Arbeidsvoorwaarden,,,
`

func TestImportCSVFramework(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	org := orgID(t, d, seed.Voorbeeld)
	nabij := orgID(t, d, seed.Nabij)

	res, err := importCSV(t, d, org, "ISO27001", "ISO/IEC 27001 Annex A", "2022", isoV1)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Created || res.Total != 7 || len(res.Added) != 7 {
		t.Errorf("create: %+v", res)
	}
	if codes := frameworkCodes(t, d, org); !slices.Contains(codes, "ISO27001") {
		t.Errorf("Voorbeeld frameworks = %v", codes)
	}
	if codes := frameworkCodes(t, d, nabij); slices.Contains(codes, "ISO27001") {
		t.Errorf("Nabij sees Voorbeeld's framework: %v", codes)
	}
	// The same code in another organisation is a framework of its own.
	if res, err := importCSV(t, d, nabij, "ISO27001", "ISO 27001", "", isoV1); err != nil || !res.Created {
		t.Fatalf("Nabij's own ISO27001: %+v %v", res, err)
	}

	fw := res.FrameworkID
	item := func(number string) int64 {
		var id int64
		if err := d.Pool.QueryRow(context.Background(), `SELECT id FROM catalogue_items WHERE framework_id = $1 AND number = $2`, fw, number).Scan(&id); err != nil {
			t.Fatalf("item %s: %v", number, err)
		}
		return id
	}
	// Work on 5.1 and 6.2.
	if _, err := d.Pool.Exec(context.Background(), `INSERT INTO control_statuses (organisation_id, item_id, status) VALUES ($1, $2, 'geimplementeerd')`, org, item("5.1")); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Pool.Exec(context.Background(), `INSERT INTO evidence (organisation_id, item_id, kind, title, url) VALUES ($1, $2, 'link', 'x', 'https://x')`, org, item("6.2")); err != nil {
		t.Fatal(err)
	}
	id51 := item("5.1")

	// Identical re-import: nothing changes.
	res, err = importCSV(t, d, org, "ISO27001", "ISO/IEC 27001 Annex A", "2022", isoV1)
	if err != nil || res.Created || !res.NoChanges() || res.Unchanged != 7 {
		t.Errorf("identical re-import: %+v %v", res, err)
	}

	// Removing items with a status or evidence is refused as a whole.
	v2bad := strings.Replace(strings.Replace(isoV1, "control,5.1,5,Beleid,,,\n", "", 1), "control,6.2,6,Arbeidsvoorwaarden,,,\n", "", 1)
	v2bad = strings.Replace(v2bad, "Rollen", "Rollen en verantwoordelijkheden", 1)
	_, err = importCSV(t, d, org, "ISO27001", "ISO/IEC 27001 Annex A", "2023", v2bad)
	if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), "5.1, 6.2") {
		t.Fatalf("removal of used items: err = %v", err)
	}
	if n := count(t, d, `SELECT count(*) FROM catalogue_items WHERE framework_id = $1 AND title = 'Rollen'`, fw); n != 1 {
		t.Error("a refused re-import changed items")
	}

	// A newer version: title changed, an item moved to another theme,
	// 5.3 removed (unused), 6.3 added, the version updated.
	v2 := isoV1
	v2 = strings.Replace(v2, "control,5.2,5,Rollen,,,", "control,5.2,5,Rollen en verantwoordelijkheden,basishygiene,ja,", 1)
	v2 = strings.Replace(v2, "control,5.3,5,Scheiding van taken,,,\n", "", 1)
	v2 += "control,6.3,6,Bewustwording,,,2\n"
	res, err = importCSV(t, d, org, "ISO27001", "ISO/IEC 27001 Annex A", "2023", v2)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Added, []string{"6.3"}) || !slices.Equal(res.Changed, []string{"5.2"}) || !slices.Equal(res.Removed, []string{"5.3"}) || res.Unchanged != 5 {
		t.Errorf("v2: %+v", res)
	}
	var title, hygiene, cbw, version string
	var bbn *int16
	var parent string
	_ = d.Pool.QueryRow(context.Background(), `SELECT i.title, i.hygiene, i.cbw_scope FROM catalogue_items i WHERE i.framework_id = $1 AND i.number = '5.2'`, fw).Scan(&title, &hygiene, &cbw)
	_ = d.Pool.QueryRow(context.Background(), `SELECT i.bbn, p.number FROM catalogue_items i JOIN catalogue_items p ON p.id = i.parent_id WHERE i.framework_id = $1 AND i.number = '6.3'`, fw).Scan(&bbn, &parent)
	_ = d.Pool.QueryRow(context.Background(), `SELECT version FROM frameworks WHERE id = $1`, fw).Scan(&version)
	if title != "Rollen en verantwoordelijkheden" || hygiene != "basishygiene" || cbw != "ja" || bbn == nil || *bbn != 2 || parent != "6" || version != "2023" {
		t.Errorf("after v2: 5.2 %q %q %q; 6.3 bbn %v parent %q; version %q", title, hygiene, cbw, bbn, parent, version)
	}
	if item("5.1") != id51 || count(t, d, `SELECT count(*) FROM control_statuses WHERE item_id = $1`, id51) != 1 {
		t.Error("the status of 5.1 did not survive the re-import")
	}
	if n := count(t, d, `SELECT count(*) FROM catalogue_items WHERE framework_id = $1`, fw); n != 7 {
		t.Errorf("%d items after v2, want 7", n)
	}
	if n := count(t, d, `SELECT count(*) FROM audit_events WHERE organisation_id = $1 AND entity = 'catalogue' AND entity_id = $2`, org, fw); n != 3 {
		t.Errorf("%d audit events, want 3 (create, identical, v2)", n)
	}

}

// TestImportCSVFrameworkRemovedParent: an objective goes away while its
// control stays, now directly under the chapter.
func TestImportCSVFrameworkRemovedParent(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	org := orgID(t, d, seed.Nabij)
	v1 := "kind,number,parent,title,hygiene,cbw_scope,bbn\nchapter,9,,Toegang,,,\nobjective,9.2,9,Gebruikers,,,\ncontrol,9.2.3,9.2,Speciale rechten,,,\nmeasure,9.2.3.1,9.2.3,Beheeraccounts,,,\n"
	v2 := "kind,number,parent,title,hygiene,cbw_scope,bbn\nchapter,9,,Toegang,,,\ncontrol,9.2.3,9,Speciale rechten,,,\nmeasure,9.2.3.1,9.2.3,Beheeraccounts,,,\n"
	res, err := importCSV(t, d, org, "EIGEN", "Eigen kader", "1", v1)
	if err != nil {
		t.Fatal(err)
	}
	res, err = importCSV(t, d, org, "EIGEN", "Eigen kader", "2", v2)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Removed, []string{"9.2"}) || !slices.Equal(res.Changed, []string{"9.2.3"}) || res.Unchanged != 2 {
		t.Errorf("v2: %+v", res)
	}
	if n := count(t, d, `SELECT count(*) FROM catalogue_items c JOIN catalogue_items p ON p.id = c.parent_id
		WHERE c.framework_id = $1 AND (c.number, p.number) IN (('9.2.3', '9'), ('9.2.3.1', '9.2.3'))`, res.FrameworkID); n != 2 {
		t.Errorf("%d items linked to their new parent, want 2", n)
	}
	if n := count(t, d, `SELECT count(*) FROM catalogue_items WHERE framework_id = $1`, res.FrameworkID); n != 3 {
		t.Errorf("%d items, want 3", n)
	}
}

func TestImportCSVFrameworkRefusesBuiltinCode(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	org := orgID(t, d, seed.Voorbeeld)
	for _, code := range []string{"BIO2", "bio1.04"} {
		_, err := importCSV(t, d, org, code, "Mijn BIO", "", isoV1)
		if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), "ingebouwde normenkader") {
			t.Errorf("%s: err = %v", code, err)
		}
	}
	if n := count(t, d, `SELECT count(*) FROM frameworks WHERE organisation_id = $1`, org); n != 0 {
		t.Errorf("%d frameworks created", n)
	}
}

func TestOrganisationID(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	err := d.Read(context.Background(), db.Unscoped, func(tx *db.Tx) error {
		id, err := catalogue.OrganisationID(context.Background(), tx, "gemeente voorbeeld")
		if err != nil || id == 0 {
			t.Errorf("case-insensitive lookup: %d %v", id, err)
		}
		_, err = catalogue.OrganisationID(context.Background(), tx, "Gemeente Nergens")
		if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), `"Gemeente Nabij", "Gemeente Voorbeeld"`) {
			t.Errorf("unknown organisation: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
