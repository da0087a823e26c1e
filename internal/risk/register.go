package risk

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
)

// Treatments are the ways a risk is handled, with their Dutch labels.
var Treatments = []struct{ Value, Label string }{
	{"vermijden", "Vermijden"}, {"verminderen", "Verminderen"}, {"overdragen", "Overdragen"}, {"accepteren", "Accepteren"},
}

// TreatmentLabel is the Dutch label of a treatment, "Nog niet gekozen" for none.
func TreatmentLabel(t string) string {
	for _, x := range Treatments {
		if x.Value == t {
			return x.Label
		}
	}
	return "Nog niet gekozen"
}

// AnalysisStatuses are the statuses of a risk analysis, with their labels.
var AnalysisStatuses = []struct{ Value, Label string }{
	{"concept", "Concept"}, {"ingediend", "Ingediend"}, {"vastgesteld", "Vastgesteld"},
}

// AnalysisStatusLabel is the Dutch label of an analysis status.
func AnalysisStatusLabel(s string) string {
	for _, x := range AnalysisStatuses {
		if x.Value == s {
			return x.Label
		}
	}
	return s
}

// RegisterService reads the risk register across the organisation.
type RegisterService struct{ DB *db.DB }

// RegisterFilter narrows the register. Level is a residual level rank;
// Likelihood and Impact pick one cell of the heatmap of Scale.
type RegisterFilter struct {
	DepartmentID int64
	Level        int
	Treatment    string
	Status       string
	Scale        string // "rest" (default) or "inherent": the heatmap a cell filter refers to
	Likelihood   int
	Impact       int
}

// RegisterRow is one risk in the register.
type RegisterRow struct {
	ID             int64
	AnalysisID     int64
	AnalysisTitle  string
	AnalysisStatus string
	Department     string
	DepartmentID   int64
	Threat         string
	Treatment      string
	InherentL      int
	InherentI      int
	ResidualL      int
	ResidualI      int
	Confidential   bool
	InherentLevel  int
	ResidualLevel  int
}

// Heatmap counts risks per cell: Counts[kans-1][impact-1].
type Heatmap struct {
	Scale  string
	Counts [][]int
	Total  int
}

// RegisterPage is what the register page shows.
type RegisterPage struct {
	Matrix   Matrix
	Rows     []RegisterRow
	Inherent Heatmap
	Residual Heatmap
	// All is the number of risks the reader may see, before the filter.
	All int
}

const registerSQL = `
	SELECT r.id, a.id, a.title, a.status, d.name, a.department_id, r.threat, coalesce(r.treatment, ''),
	       coalesce(r.inherent_likelihood, 0), coalesce(r.inherent_impact, 0),
	       coalesce(r.residual_likelihood, 0), coalesce(r.residual_impact, 0), r.affects_confidentiality
	FROM risks r
	JOIN risk_analyses a ON a.id = r.analysis_id
	JOIN departments d ON d.id = a.department_id
	WHERE r.organisation_id = $1
	ORDER BY lower(d.name), a.id, r.id`

// Register reads the register in two queries (the matrix and the risks),
// whatever the number of risks; the levels follow from the matrix in Go, so
// filter and heatmaps agree with every other page. The FG, when that is the
// reader's only role that sees risks, sees the privacy-relevant risks (those
// affecting vertrouwelijkheid).
func (s *RegisterService) Register(ctx context.Context, actor authz.Principal, f RegisterFilter) (p RegisterPage, err error) {
	err = s.DB.ReadAs(ctx, actor, authz.ViewRisks, func(tx *db.Tx) error {
		var raw []byte
		if err := tx.QueryRow(ctx, `SELECT coalesce((SELECT config::text FROM risk_matrices WHERE organisation_id = $1), '')`, tx.OrgID).Scan(&raw); err != nil {
			return fmt.Errorf("risk matrix: %w", err)
		}
		if p.Matrix, err = ParseMatrix(raw); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, registerSQL, tx.OrgID)
		if err != nil {
			return fmt.Errorf("risk register: %w", err)
		}
		all, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (RegisterRow, error) {
			var x RegisterRow
			err := r.Scan(&x.ID, &x.AnalysisID, &x.AnalysisTitle, &x.AnalysisStatus, &x.Department, &x.DepartmentID, &x.Threat, &x.Treatment,
				&x.InherentL, &x.InherentI, &x.ResidualL, &x.ResidualI, &x.Confidential)
			return x, err
		})
		if err != nil {
			return fmt.Errorf("risk register: %w", err)
		}
		p.fill(all, f, privacyOnly(actor))
		return nil
	})
	return p, err
}

// privacyOnly: the FG sees privacy-relevant risks unless another role of the
// reader sees them all.
func privacyOnly(actor authz.Principal) bool {
	if !actor.Has(authz.FG) {
		return false
	}
	for _, as := range actor.Roles {
		if as.Role != authz.FG && authz.Allowed(as.Role, authz.ViewRisks) {
			return false
		}
	}
	return true
}

// fill applies the filter: the heatmaps count what the other filters leave
// (so a cell's count is the number of rows its link shows), the rows are
// also narrowed to the chosen cell.
func (p *RegisterPage) fill(all []RegisterRow, f RegisterFilter, privacy bool) {
	m := p.Matrix
	p.Inherent = Heatmap{Scale: "inherent", Counts: grid(m)}
	p.Residual = Heatmap{Scale: "rest", Counts: grid(m)}
	for _, x := range all {
		if privacy && !x.Confidential {
			continue
		}
		p.All++
		x.InherentLevel = m.LevelOf(x.InherentL, x.InherentI)
		x.ResidualLevel = m.LevelOf(x.ResidualL, x.ResidualI)
		if (f.DepartmentID != 0 && x.DepartmentID != f.DepartmentID) || (f.Level != 0 && x.ResidualLevel != f.Level) ||
			(f.Treatment != "" && x.Treatment != f.Treatment) || (f.Status != "" && x.AnalysisStatus != f.Status) {
			continue
		}
		if x.InherentLevel > 0 {
			p.Inherent.Counts[x.InherentL-1][x.InherentI-1]++
			p.Inherent.Total++
		}
		if x.ResidualLevel > 0 {
			p.Residual.Counts[x.ResidualL-1][x.ResidualI-1]++
			p.Residual.Total++
		}
		if f.Likelihood != 0 {
			l, i := x.ResidualL, x.ResidualI
			if f.Scale == "inherent" {
				l, i = x.InherentL, x.InherentI
			}
			if l != f.Likelihood || i != f.Impact {
				continue
			}
		}
		p.Rows = append(p.Rows, x)
	}
}

func grid(m Matrix) [][]int {
	g := make([][]int, len(m.Likelihoods))
	for k := range g {
		g[k] = make([]int, len(m.Impacts))
	}
	return g
}
