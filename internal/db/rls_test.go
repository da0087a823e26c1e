package db_test

import (
	"context"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/seed"
	"github.com/jackc/pgx/v5"
)

// The tenant tables that hold rows of both demo organisations.
var seeded = []string{"departments", "processes", "applications", "application_processes", "role_assignments", "audit_events"}

func orgIDs(t *testing.T, owner *db.DB) (voorbeeld, nabij int64) {
	t.Helper()
	ctx := context.Background()
	for name, dst := range map[string]*int64{seed.Voorbeeld: &voorbeeld, seed.Nabij: &nabij} {
		if err := owner.Pool.QueryRow(ctx, `SELECT id FROM organisations WHERE name = $1`, name).Scan(dst); err != nil {
			t.Fatal(err)
		}
	}
	return voorbeeld, nabij
}

func TestRowLevelSecurityHidesOtherOrganisations(t *testing.T) {
	t.Parallel()
	owner := dbtest.New(t)
	app := dbtest.App(t, owner)
	ctx := context.Background()
	voorbeeld, nabij := orgIDs(t, owner)

	for _, table := range seeded {
		var all int
		if err := owner.Pool.QueryRow(ctx, `SELECT count(*) FROM `+table+` WHERE organisation_id = $1`, nabij).Scan(&all); err != nil {
			t.Fatal(err)
		}
		if all == 0 {
			t.Fatalf("the demo data has no %s of Gemeente Nabij: the test proves nothing", table)
		}
		// A query that forgets WHERE organisation_id.
		var foreign, own int
		err := app.Read(ctx, db.Scope{OrgID: voorbeeld}, func(tx *db.Tx) error {
			return tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE organisation_id IS DISTINCT FROM $1), count(*) FROM `+table, voorbeeld).Scan(&foreign, &own)
		})
		if err != nil {
			t.Fatal(err)
		}
		if foreign != 0 || own == 0 {
			t.Errorf("%s: Voorbeeld's transaction sees %d rows of other organisations and %d in all", table, foreign, own)
		}
		// Without an organisation, nothing of any organisation.
		var unscoped int
		err = app.Read(ctx, db.Unscoped, func(tx *db.Tx) error {
			return tx.QueryRow(ctx, `SELECT count(*) FROM `+table).Scan(&unscoped)
		})
		if err != nil {
			t.Fatal(err)
		}
		if unscoped != 0 {
			t.Errorf("%s: a transaction without an organisation reads %d rows", table, unscoped)
		}
	}
	// The organisation's own settings likewise.
	var orgs int
	if err := app.Read(ctx, db.Scope{OrgID: voorbeeld}, func(tx *db.Tx) error {
		return tx.QueryRow(ctx, `SELECT count(*) FROM organisations`).Scan(&orgs)
	}); err != nil || orgs != 1 {
		t.Errorf("organisations visible to Voorbeeld: %d (%v)", orgs, err)
	}
	// A pool query outside any transaction of Baken sees nothing either.
	var bare int
	if err := app.Pool.QueryRow(ctx, `SELECT count(*) FROM departments`).Scan(&bare); err != nil || bare != 0 {
		t.Errorf("a bare pool query reads %d departments (%v)", bare, err)
	}
}

func TestRowLevelSecurityRefusesWritesIntoAnotherOrganisation(t *testing.T) {
	t.Parallel()
	owner := dbtest.New(t)
	app := dbtest.App(t, owner)
	ctx := context.Background()
	voorbeeld, nabij := orgIDs(t, owner)
	err := app.Write(ctx, db.Scope{OrgID: voorbeeld}, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO departments (organisation_id, name) VALUES ($1, 'Ingeschoven')`, nabij)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Fatalf("insert into another organisation: %v", err)
	}
	var updated int64
	err = app.Write(ctx, db.Scope{OrgID: voorbeeld}, func(tx *db.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE departments SET description = 'overgenomen'`)
		updated = tag.RowsAffected()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var changed int
	if err := owner.Pool.QueryRow(ctx, `SELECT count(*) FROM departments WHERE description = 'overgenomen' AND organisation_id = $1`, nabij).Scan(&changed); err != nil || changed != 0 {
		t.Errorf("an UPDATE without WHERE changed %d of Nabij's departments (%v); %d rows updated", changed, err, updated)
	}
	// The trail is append-only for the portal.
	err = app.Write(ctx, db.Scope{OrgID: voorbeeld}, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM audit_events`)
		return err
	})
	if err == nil {
		t.Error("the portal could delete audit events")
	}
}

func TestThePortalRoleIsNeitherOwnerNorSuperuser(t *testing.T) {
	t.Parallel()
	owner := dbtest.New(t)
	app := dbtest.App(t, owner)
	if warning, err := app.RoleWarning(context.Background()); err != nil || warning != "" {
		t.Errorf("the test's portal role: %q (%v)", warning, err)
	}
	if warning, err := owner.RoleWarning(context.Background()); err != nil || warning == "" {
		t.Errorf("the owner connection gives no warning (%v)", err)
	}
}

// TestEveryTenantTableHasAPolicy guards the recipe: a new table with an
// organisation_id column and no row-level security fails here.
func TestEveryTenantTableHasAPolicy(t *testing.T) {
	t.Parallel()
	owner := dbtest.New(t)
	rows, err := owner.Pool.Query(context.Background(), `
		SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind = 'r'
		  AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'organisation_id' AND NOT a.attisdropped)
		  AND (NOT c.relrowsecurity OR NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid))`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		t.Errorf("table %s has organisation_id but no row-level security policy", name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// TestAFailedBatchLeaksNoScope: a batch that fails half-way rolls back, and
// the connection it used never serves another request with its scope.
func TestAFailedBatchLeaksNoScope(t *testing.T) {
	t.Parallel()
	owner := dbtest.New(t)
	app := dbtest.App(t, owner)
	ctx := context.Background()
	voorbeeld, _ := orgIDs(t, owner)
	for range 20 { // more than the pool's connections
		var n int
		err := app.ReadBatch(ctx, db.Scope{OrgID: voorbeeld}, func(b *db.Batch) error {
			b.Queue(`SELECT count(*) FROM departments`).QueryRow(func(row pgx.Row) error { return row.Scan(&n) })
			b.Queue(`SELECT no_such_column FROM departments`)
			return nil
		})
		if err == nil {
			t.Fatal("a failing query in a batch returned no error")
		}
		var leaked int
		if err := app.Pool.QueryRow(ctx, `SELECT count(*) FROM departments`).Scan(&leaked); err != nil || leaked != 0 {
			t.Fatalf("after a failed batch a bare query sees %d departments (%v)", leaked, err)
		}
	}
}

// TestTenantRLSHelperProtectsANewTable: app_enable_tenant_rls (migration
// 0025), the one call a new domain's migration makes per set of tables,
// gives a table the same protection as the tables before it.
func TestTenantRLSHelperProtectsANewTable(t *testing.T) {
	t.Parallel()
	owner := dbtest.New(t)
	app := dbtest.App(t, owner)
	ctx := context.Background()
	voorbeeld, nabij := orgIDs(t, owner)
	for _, q := range []string{
		`CREATE TABLE probe_items (id bigserial PRIMARY KEY, organisation_id bigint NOT NULL REFERENCES organisations (id))`,
		`SELECT app_enable_tenant_rls('probe_items')`,
		`INSERT INTO probe_items (organisation_id) VALUES ($1), ($2), ($2)`,
	} {
		args := []any{}
		if strings.Contains(q, "$1") {
			args = []any{voorbeeld, nabij}
		}
		if _, err := owner.Pool.Exec(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var own int
	if err := app.Read(ctx, db.Scope{OrgID: voorbeeld}, func(tx *db.Tx) error {
		return tx.QueryRow(ctx, `SELECT count(*) FROM probe_items`).Scan(&own)
	}); err != nil || own != 1 {
		t.Errorf("Voorbeeld reads %d probe rows, want its 1 (%v)", own, err)
	}
	err := app.Write(ctx, db.Scope{OrgID: voorbeeld}, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO probe_items (organisation_id) VALUES ($1)`, nabij)
		return err
	})
	if err == nil {
		t.Error("Voorbeeld wrote a row into Nabij's part of the new table")
	}
	if _, err := app.Pool.Exec(ctx, `SELECT app_enable_tenant_rls('organisations')`); err == nil {
		t.Error("the portal's role may call app_enable_tenant_rls")
	}
}
