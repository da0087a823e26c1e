package risk_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/risk"
)

// TestDecisionRisksInABatch: the pages that read the decision risks in a
// batch (the register, the queue, the accepted risks) read them as the page
// of one risk and the decisions do in a transaction, controls and their
// numbers included, for every organisation of the demo data.
func TestDecisionRisksInABatch(t *testing.T) {
	t.Parallel()
	owner := dbtest.New(t)
	d := dbtest.App(t, owner)
	ctx := context.Background()
	rows, err := owner.Pool.Query(ctx, `SELECT id FROM organisations ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var orgs []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		orgs = append(orgs, id)
	}
	rows.Close()
	controls := 0
	for _, org := range orgs {
		sc := db.Scope{OrgID: org}
		tx, batch, err := risk.DecisionRisksBothWays(ctx, d, sc, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(tx) != len(batch) {
			t.Fatalf("organisation %d: %d risks in a transaction, %d in a batch", org, len(tx), len(batch))
		}
		for i, r := range tx {
			sameRisk(t, "in a batch", r, batch[i])
			controls += len(r.Controls)
			one, oneBatch, err := risk.DecisionRisksBothWays(ctx, d, sc, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(one) != 1 || len(oneBatch) != 1 {
				t.Fatalf("risk %d read alone: %d and %d rows", r.ID, len(one), len(oneBatch))
			}
			sameRisk(t, "alone", r, one[0])
			sameRisk(t, "alone in a batch", r, oneBatch[0])
		}
	}
	if controls == 0 {
		t.Error("the demo data has no risks with controls: the test proves nothing about them")
	}
}

// sameRisk reports every field in which got differs from want.
func sameRisk(t *testing.T, how string, want, got risk.DecisionRisk) {
	t.Helper()
	w, g := reflect.ValueOf(want), reflect.ValueOf(got)
	for i := range w.NumField() {
		if !reflect.DeepEqual(w.Field(i).Interface(), g.Field(i).Interface()) {
			t.Errorf("risk %d read %s: %s is %#v, want %#v", want.ID, how, w.Type().Field(i).Name, g.Field(i).Interface(), w.Field(i).Interface())
		}
	}
}
