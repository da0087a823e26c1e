package risk

import (
	"context"

	"github.com/baken-nl/baken/internal/db"
)

// DecisionRisksBothWays reads the decision risks of scope (riskID 0: all)
// in a transaction and in a batch, for the test that they agree.
func DecisionRisksBothWays(ctx context.Context, d *db.DB, sc db.Scope, riskID int64) (tx, batch []DecisionRisk, err error) {
	err = d.Read(ctx, sc, func(t *db.Tx) error {
		m, err := appetiteMatrix(ctx, t)
		if err != nil {
			return err
		}
		tx, err = decisionRisks(ctx, t, m, riskID, false)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	var m Matrix
	err = d.ReadBatch(ctx, sc, func(b *db.Batch) error {
		queueMatrix(b, &m)
		queueDecisionRisks(b, &m, riskID, false, &batch)
		return nil
	})
	return tx, batch, err
}
