package catalogue_test

import (
	"context"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/catalogue"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/seed"
)

// TestSkeletonFollowsImports: the hierarchy kept in memory is read again
// after an import changes the framework's items, and not before.
func TestSkeletonFollowsImports(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	org := orgID(t, d, seed.Voorbeeld)
	res, err := importCSV(t, d, org, "ISO27001", "ISO/IEC 27001 Annex A", "2022", isoV1)
	if err != nil {
		t.Fatal(err)
	}
	fw := res.FrameworkID
	skeleton := func() (int64, []catalogue.Node) {
		t.Helper()
		var (
			rev   int64
			nodes []catalogue.Node
		)
		err := d.Read(context.Background(), db.Scope{OrgID: org}, func(tx *db.Tx) error {
			if err := tx.QueryRow(context.Background(), `SELECT revision FROM frameworks WHERE id = $1`, fw).Scan(&rev); err != nil {
				return err
			}
			var err error
			nodes, err = catalogue.Skeleton(context.Background(), tx, fw, rev)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return rev, nodes
	}
	title := func(nodes []catalogue.Node, number string) string {
		for _, n := range nodes {
			if n.Number == number {
				return n.Title + " | " + n.GroupNumber + " " + n.GroupTitle
			}
		}
		return ""
	}
	rev1, nodes := skeleton()
	if got := title(nodes, "5.2"); got != "Rollen | 5 Organisatorisch" {
		t.Errorf("5.2 = %q", got)
	}
	// The same revision: the copy in memory, whatever the table says now.
	if _, err := d.Pool.Exec(context.Background(), `ALTER TABLE catalogue_items DISABLE TRIGGER catalogue_items_revision`); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Pool.Exec(context.Background(), `UPDATE catalogue_items SET title = 'Stil gewijzigd' WHERE framework_id = $1 AND number = '5.2'`, fw); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Pool.Exec(context.Background(), `ALTER TABLE catalogue_items ENABLE TRIGGER catalogue_items_revision`); err != nil {
		t.Fatal(err)
	}
	if rev, nodes := skeleton(); rev != rev1 || title(nodes, "5.2") != "Rollen | 5 Organisatorisch" {
		t.Errorf("revision %d (was %d), 5.2 = %q: read again without a change of revision", rev, rev1, title(nodes, "5.2"))
	}
	// An import raises the revision, and the new titles show.
	v2 := strings.Replace(isoV1, "control,5.2,5,Rollen,,,", "control,5.2,5,Rollen en verantwoordelijkheden,,,", 1)
	if _, err := importCSV(t, d, org, "ISO27001", "ISO/IEC 27001 Annex A", "2023", v2); err != nil {
		t.Fatal(err)
	}
	rev2, nodes := skeleton()
	if rev2 <= rev1 || title(nodes, "5.2") != "Rollen en verantwoordelijkheden | 5 Organisatorisch" {
		t.Errorf("after the import: revision %d (was %d), 5.2 = %q", rev2, rev1, title(nodes, "5.2"))
	}
}
