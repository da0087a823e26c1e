package incident_test

import (
	"context"
	"testing"

	"github.com/baken-nl/baken/internal/dbtest"
)

// TestCbwMigrationDownAndUp: migration 0019 (and every later one) goes down
// and up again.
func TestCbwMigrationDownAndUp(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
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
	if err := d.MigrateTo(18); err != nil {
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
