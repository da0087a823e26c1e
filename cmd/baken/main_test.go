package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/seed"
)

// cli runs the command as main does, against the test database d.
func cli(t *testing.T, d *db.DB, args ...string) (string, error) {
	t.Helper()
	env := map[string]string{}
	if d != nil {
		env["DATABASE_URL"] = dbtest.URL(d)
	}
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
	return stdout.String(), err
}

func scalar(t *testing.T, d *db.DB, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func textCount(t *testing.T, d *db.DB, org string) int {
	return scalar(t, d, `SELECT count(*) FROM catalogue_texts t JOIN organisations o ON o.id = t.organisation_id WHERE o.name = $1`, org)
}

// referenceBIO2 is ../shared/reference/bio2/maatregelen.md next to the
// repository: skipped when missing, except under CI=true.
func referenceBIO2(t *testing.T) string {
	t.Helper()
	root, err := dbtest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, "..", "shared", "reference", "bio2", "maatregelen.md")
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("BIO2 reference text missing under CI: %v", err)
		}
		t.Skipf("BIO2 reference text not available: %v", err)
	}
	return path
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func expectOutput(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

func TestCatalogueImportBIO2(t *testing.T) {
	t.Parallel()
	ref := referenceBIO2(t)
	d := dbtest.New(t)

	out, err := cli(t, d, "catalogue", "import", "bio2", ref, "--org", seed.Voorbeeld)
	if err != nil {
		t.Fatal(err)
	}
	expectOutput(t, out, "Gemeente Voorbeeld: officiële BIO2-teksten uit maatregelen.md", "118 maatregelen: 118 nieuw, 0 gewijzigd, 0 ongewijzigd")
	if n := textCount(t, d, seed.Voorbeeld); n != 118 {
		t.Fatalf("%d texts stored for Voorbeeld, want 118", n)
	}
	if n := textCount(t, d, seed.Nabij); n != 0 {
		t.Errorf("%d texts stored for Nabij", n)
	}

	// Again, flags first this time: no changes.
	out, err = cli(t, d, "catalogue", "import", "bio2", "--org", seed.Voorbeeld, ref)
	if err != nil {
		t.Fatal(err)
	}
	expectOutput(t, out, "118 maatregelen: 0 nieuw, 0 gewijzigd, 118 ongewijzigd", "Geen wijzigingen")

	// A copy with one measure reworded reports exactly that measure.
	raw, err := os.ReadFile(ref)
	if err != nil {
		t.Fatal(err)
	}
	const old = "Het informatiebeveiligingsbeleid wordt minimaal jaarlijks"
	if !bytes.Contains(raw, []byte(old)) {
		t.Fatalf("reference text lacks %q", old)
	}
	changed := writeFile(t, "maatregelen-1.4.md", strings.Replace(string(raw), old, "Het informatiebeveiligingsbeleid wordt minimaal halfjaarlijks", 1))
	out, err = cli(t, d, "catalogue", "import", "bio2", changed, "--org", "gemeente voorbeeld")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("re-import of a changed copy:\n%s", out)
	expectOutput(t, out, "118 maatregelen: 0 nieuw, 1 gewijzigd, 117 ongewijzigd", "gewijzigd: 5.01.02\n")
	var text, source string
	if err := d.Pool.QueryRow(context.Background(), `SELECT t.text, t.source FROM catalogue_texts t JOIN catalogue_items i ON i.id = t.item_id
		JOIN organisations o ON o.id = t.organisation_id WHERE o.name = $1 AND i.number = '5.01.02'`, seed.Voorbeeld).Scan(&text, &source); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "minimaal halfjaarlijks") || source != "maatregelen-1.4.md" {
		t.Errorf("5.01.02: %q from %q", text, source)
	}
}

func TestCatalogueImportRejectsBadFiles(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	texts := scalar(t, d, `SELECT count(*) FROM catalogue_texts`)
	frameworks := scalar(t, d, `SELECT count(*) FROM frameworks`)
	items := scalar(t, d, `SELECT count(*) FROM catalogue_items`)
	audits := scalar(t, d, `SELECT count(*) FROM audit_events`)

	md := writeFile(t, "kapot.md", "# BIO2\n## 5.01.01\nEen beleid.\n\n## 9.01.01\nGeen ISO 27002:2022-nummer.\n")
	_, err := cli(t, d, "catalogue", "import", "bio2", md, "--org", seed.Voorbeeld)
	if err == nil || !strings.Contains(err.Error(), "regel 5: ") || !strings.Contains(err.Error(), "kapot.md is niet geïmporteerd") {
		t.Errorf("malformed markdown: err = %v", err)
	}

	// A measure the built-in BIO2 lacks: refused in the database step, rolled back.
	newer := writeFile(t, "nieuwer.md", "## 5.01.01\nEen beleid.\n\n## 5.01.08\nNieuw.\n")
	_, err = cli(t, d, "catalogue", "import", "bio2", newer, "--org", seed.Voorbeeld)
	if err == nil || !strings.Contains(err.Error(), "5.01.08") {
		t.Errorf("unknown measure: err = %v", err)
	}

	csv := writeFile(t, "kapot.csv", "kind,number,parent,title,hygiene,cbw_scope,bbn\ntheme,5,,Organisatorisch,,,\nfoo,5.1,5,Beleid,,,\ncontrol,5.2,6,Rollen,,,\n")
	_, err = cli(t, d, "catalogue", "import", "csv", csv, "--org", seed.Voorbeeld, "--code", "X", "--name", "X")
	if err == nil || !strings.Contains(err.Error(), "regel 3: onbekend soort 'foo'") || !strings.Contains(err.Error(), "regel 4: ") {
		t.Errorf("malformed CSV: err = %v", err)
	}

	if n := scalar(t, d, `SELECT count(*) FROM catalogue_texts`); n != texts {
		t.Errorf("texts %d → %d", texts, n)
	}
	if n := scalar(t, d, `SELECT count(*) FROM frameworks`); n != frameworks {
		t.Errorf("frameworks %d → %d", frameworks, n)
	}
	if n := scalar(t, d, `SELECT count(*) FROM catalogue_items`); n != items {
		t.Errorf("items %d → %d", items, n)
	}
	if n := scalar(t, d, `SELECT count(*) FROM audit_events`); n != audits {
		t.Errorf("audit events %d → %d", audits, n)
	}
}

func TestCatalogueImportCSV(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	csv := writeFile(t, "iso27001.csv", "kind,number,parent,title,hygiene,cbw_scope,bbn\n"+
		"theme,5,,Organisatorisch,,,\ncontrol,5.1,5,Beleid,,,\ncontrol,5.2,5,Rollen,,,\n")
	out, err := cli(t, d, "catalogue", "import", "csv", csv, "--org", seed.Voorbeeld, "--code", "ISO27001", "--name", "ISO/IEC 27001", "--version", "2022")
	if err != nil {
		t.Fatal(err)
	}
	expectOutput(t, out, "Gemeente Voorbeeld: normenkader ISO27001 – ISO/IEC 27001 (versie 2022) aangemaakt uit iso27001.csv", "3 items: 3 nieuw")
	if n := scalar(t, d, `SELECT count(*) FROM frameworks f JOIN organisations o ON o.id = f.organisation_id WHERE f.code = 'ISO27001' AND o.name = $1`, seed.Voorbeeld); n != 1 {
		t.Errorf("Voorbeeld has %d ISO27001 frameworks", n)
	}
	if n := scalar(t, d, `SELECT count(*) FROM frameworks WHERE code = 'ISO27001'`); n != 1 {
		t.Errorf("%d ISO27001 frameworks in all, want only Voorbeeld's", n)
	}

	// A newer version with a changed title.
	v2 := writeFile(t, "iso27001-v2.csv", "kind,number,parent,title,hygiene,cbw_scope,bbn\n"+
		"theme,5,,Organisatorisch,,,\ncontrol,5.1,5,Informatiebeveiligingsbeleid,,,\ncontrol,5.2,5,Rollen,,,\ncontrol,5.3,5,Functiescheiding,,,\n")
	out, err = cli(t, d, "catalogue", "import", "csv", "--code", "ISO27001", "--name", "ISO/IEC 27001", "--version", "2023", "--org", seed.Voorbeeld, v2)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("CSV re-import:\n%s", out)
	expectOutput(t, out, "bijgewerkt", "4 items: 1 nieuw, 1 gewijzigd, 2 ongewijzigd", "nieuw: 5.3", "gewijzigd: 5.1 (title)")

	if _, err := cli(t, d, "catalogue", "import", "csv", csv, "--org", seed.Voorbeeld, "--code", "BIO2", "--name", "x"); err == nil || !strings.Contains(err.Error(), "ingebouwde normenkader") {
		t.Errorf("built-in code: err = %v", err)
	}
}

func TestCatalogueUsageErrors(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	csv := writeFile(t, "x.csv", "kind,number,parent,title,hygiene,cbw_scope,bbn\ntheme,5,,Organisatorisch,,,\n")
	md := writeFile(t, "x.md", "## 5.01.01\nEen beleid.\n")
	tests := []struct {
		name string
		d    *db.DB
		args []string
		want string
	}{
		{"no subcommand", d, []string{"catalogue"}, "usage: baken catalogue import"},
		{"unknown format", d, []string{"catalogue", "import", "xlsx", csv}, "usage: baken catalogue import"},
		{"no org", d, []string{"catalogue", "import", "bio2", md}, "missing --org"},
		{"no file", d, []string{"catalogue", "import", "bio2", "--org", "X"}, "missing exactly one FILE"},
		{"csv without code and name", d, []string{"catalogue", "import", "csv", csv, "--org", "X"}, "missing --code, --name"},
		{"unknown flag", d, []string{"catalogue", "import", "bio2", md, "--organisation", "X"}, "flag provided but not defined"},
		{"missing file", d, []string{"catalogue", "import", "bio2", "/nonexistent/x.md", "--org", "X"}, "bestand niet te openen"},
		{"unknown organisation", d, []string{"catalogue", "import", "bio2", md, "--org", "Gemeente Nergens"}, `organisatie "Gemeente Nergens" bestaat niet (bekend: "Gemeente Nabij", "Gemeente Voorbeeld")`},
		{"no database", nil, []string{"catalogue", "import", "bio2", md, "--org", "X"}, "DATABASE_URL is not set"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := cli(t, tc.d, tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestMigrateStatusAndSeedIdempotent(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	out, err := cli(t, d, "migrate", "status")
	if err != nil {
		t.Fatal(err)
	}
	expectOutput(t, out, "pending=false")

	counts := func() [4]int {
		return [4]int{
			scalar(t, d, `SELECT count(*) FROM organisations`),
			scalar(t, d, `SELECT count(*) FROM users`),
			scalar(t, d, `SELECT count(*) FROM control_statuses`),
			scalar(t, d, `SELECT count(*) FROM catalogue_items`),
		}
	}
	before := counts()
	out, err = cli(t, d, "seed", "demo")
	if err != nil {
		t.Fatal(err)
	}
	expectOutput(t, out, "Demo data loaded.")
	if after := counts(); after != before {
		t.Errorf("seed demo on seeded data changed counts %v → %v", before, after)
	}
}
