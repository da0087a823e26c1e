package incident_test

import (
	"context"
	"testing"

	"github.com/baken-nl/baken/internal/dbtest"
)

// TestCbwMigrationDownAndUp: migration 0019 goes down and up again, while
// it is the newest (a later one would be the one going down).
func TestCbwMigrationDownAndUp(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	var version int
	if err := d.Pool.QueryRow(ctx, `SELECT version FROM schema_migrations`).Scan(&version); err != nil {
		t.Fatal(err)
	}
	if version != 19 {
		t.Skipf("the newest migration is %d", version)
	}
	objects := func() (n int) {
		t.Helper()
		if err := d.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM pg_tables WHERE tablename = 'incident_cbw_settings')
			+ (SELECT count(*) FROM information_schema.columns WHERE table_name = 'incidents' AND (column_name LIKE 'cbw_%' OR column_name LIKE 'csirt_%'))`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := objects(); n != 12 {
		t.Fatalf("%d Cbw objects after up, want the table and 11 columns", n)
	}
	if err := d.MigrateDown(); err != nil {
		t.Fatalf("down: %v", err)
	}
	if n := objects(); n != 0 {
		t.Fatalf("%d Cbw objects after down", n)
	}
	if err := d.MigrateUp(); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if n := objects(); n != 12 {
		t.Errorf("%d Cbw objects after up again", n)
	}
}
