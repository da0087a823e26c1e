package risk

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
)

// MatrixService holds the organisation's risk matrix: the CISO configures
// it, everyone who sees risks reads it.
type MatrixService struct{ DB *db.DB }

// MatrixPage is the matrix with its version and who last changed it.
type MatrixPage struct {
	Matrix    Matrix
	Version   int // 0: the default matrix, never saved
	UpdatedBy string
	UpdatedAt *time.Time
	CanEdit   bool
}

// Matrix reads the matrix (ViewRisks).
func (s *MatrixService) Matrix(ctx context.Context, actor authz.Principal) (p MatrixPage, err error) {
	err = s.DB.ReadAs(ctx, actor, authz.ViewRisks, func(tx *db.Tx) error {
		p.Matrix, err = storedMatrix(ctx, tx, `SELECT m.config, m.version, coalesce(u.name, ''), m.updated_at FROM risk_matrices m
			LEFT JOIN users u ON u.id = m.updated_by WHERE m.organisation_id = $1`, &p.Version, &p.UpdatedBy, &p.UpdatedAt)
		return err
	})
	p.CanEdit = actor.Can(authz.ConfigureRisk)
	return p, err
}

// MatrixInput is the form of the matrix: the labels, the levels and the
// level of every cell, for the current size of the matrix.
type MatrixInput struct {
	Matrix  Matrix
	Version int
}

// Validate checks the matrix; its rules hold for the whole grid, so the
// message is on the matrix, not on one field.
func (in *MatrixInput) Validate() apperr.Validation {
	v := apperr.Validation{}
	m := &in.Matrix
	for i := range m.Likelihoods {
		m.Likelihoods[i] = strings.TrimSpace(m.Likelihoods[i])
	}
	for i := range m.Impacts {
		m.Impacts[i] = strings.TrimSpace(m.Impacts[i])
	}
	seen := map[string]bool{}
	for i := range m.Levels {
		m.Levels[i].Name = strings.TrimSpace(m.Levels[i].Name)
		if key := strings.ToLower(m.Levels[i].Name); key != "" && seen[key] {
			v.Add(fmt.Sprintf("level_name_%d", i+1), "Elk niveau heeft een eigen naam; ‘"+m.Levels[i].Name+"’ komt al voor.")
		} else {
			seen[key] = true
		}
		if m.Levels[i].ReviewMonths < 1 || m.Levels[i].ReviewMonths > 60 {
			v.Add(fmt.Sprintf("level_review_%d", i+1), "Kies een herzieningstermijn van 1 tot en met 60 maanden.")
		}
		if len([]rune(m.Levels[i].Name)) > 40 {
			v.Add(fmt.Sprintf("level_name_%d", i+1), "Maak de naam korter (hoogstens 40 tekens).")
		}
	}
	for _, l := range append(append([]string{}, m.Likelihoods...), m.Impacts...) {
		if len([]rune(l)) > 40 {
			v.Add("matrix", "Maak de namen van kans en impact korter (hoogstens 40 tekens).")
			break
		}
	}
	if err := m.Validate(); err != nil {
		v.Add("matrix", strings.ToUpper(err.Error()[:1])+err.Error()[1:]+".")
	}
	return v
}

// SaveMatrix stores the matrix (ConfigureRisk) with a version check and an
// audit event. Levels of risks follow at once (they are computed on read);
// a risk whose level changes is back in the decision queue if it was
// accepted.
func (s *MatrixService) SaveMatrix(ctx context.Context, actor authz.Principal, in MatrixInput) error {
	return s.DB.WriteChecked(ctx, actor, authz.ConfigureRisk, in.Validate, func(tx *db.Tx) error {
		raw, err := json.Marshal(in.Matrix)
		if err != nil {
			return err
		}
		var before []byte
		var version int
		err = tx.QueryRow(ctx, `SELECT config, version FROM risk_matrices WHERE organisation_id = $1 FOR UPDATE`, tx.OrgID).Scan(&before, &version)
		if err != nil && !db.IsNoRows(err) {
			return err
		}
		if version != in.Version {
			return apperr.Stale()
		}
		if before == nil {
			before, _ = json.Marshal(DefaultMatrix())
		}
		if _, err := tx.Exec(ctx, `INSERT INTO risk_matrices (organisation_id, config, version, updated_by, updated_at) VALUES ($1, $2, 1, $3, $4)
			ON CONFLICT (organisation_id) DO UPDATE SET config = EXCLUDED.config, version = risk_matrices.version + 1,
			updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`, tx.OrgID, raw, actor.UserID, tx.Now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: "risk_matrix", Summary: "Risicomatrix gewijzigd",
			Before: json.RawMessage(before), After: json.RawMessage(raw)})
	})
}
