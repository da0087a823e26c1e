package incident_test

import (
	"context"
	"testing"

	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/incident"
)

// TestTaxonomyPerOrganisation: every organisation, also one created after
// the migration, gets the IBD taxonomy with the codes of the threat
// catalogue; the migration goes down and up again.
func TestTaxonomyPerOrganisation(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	count := func() (n int) {
		t.Helper()
		if err := d.Pool.QueryRow(ctx, `SELECT count(*) FROM incident_categories`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	var orgs, perOrg int
	if err := d.Pool.QueryRow(ctx, `SELECT count(*) FROM organisations`).Scan(&orgs); err != nil {
		t.Fatal(err)
	}
	if err := d.Pool.QueryRow(ctx, `SELECT count(*) FROM incident_categories WHERE organisation_id = (SELECT min(id) FROM organisations)`).Scan(&perOrg); err != nil {
		t.Fatal(err)
	}
	if perOrg != 19 || count() != orgs*19 {
		t.Fatalf("%d categories per organisation, %d in all for %d organisations", perOrg, count(), orgs)
	}
	for _, c := range incident.Categories {
		var n int
		if err := d.Pool.QueryRow(ctx, `SELECT count(*) FROM incident_categories WHERE code = $1`, c.Value).Scan(&n); err != nil || n == 0 {
			t.Errorf("category %s has no subcategories (%v)", c.Value, err)
		}
	}
	if _, err := d.Pool.Exec(ctx, `INSERT INTO organisations (name) VALUES ('Gemeente Nieuwdorp')`); err != nil {
		t.Fatal(err)
	}
	if got := count(); got != (orgs+1)*19 {
		t.Errorf("a new organisation did not get the taxonomy: %d categories", got)
	}

	// Down to before 0015 (and every later migration with it) and up again.
	if err := d.MigrateTo(14); err != nil {
		t.Fatalf("down: %v", err)
	}
	var left int
	if err := d.Pool.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'incident%'`).Scan(&left); err != nil || left != 0 {
		t.Fatalf("after down %d incident tables (%v)", left, err)
	}
	if err := d.MigrateUp(); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if got := count(); got != (orgs+1)*19 {
		t.Errorf("after down and up %d categories", got)
	}
}

// TestMeldloketMigrationDownAndUp: 0017 (and every later migration) goes
// down and up again.
func TestMeldloketMigrationDownAndUp(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	if err := d.MigrateTo(16); err != nil {
		t.Fatalf("down: %v", err)
	}
	var left int
	if err := d.Pool.QueryRow(ctx, `SELECT count(*) FROM information_schema.columns WHERE table_name = 'incidents' AND column_name = 'via_meldloket'`).Scan(&left); err != nil || left != 0 {
		t.Fatalf("after down: %d columns (%v)", left, err)
	}
	if err := d.MigrateUp(); err != nil {
		t.Fatalf("up again: %v", err)
	}
}
