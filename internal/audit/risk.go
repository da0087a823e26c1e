package audit

import "github.com/baken-nl/baken/internal/authz"

// The risk domain's entities (internal/risk): analyses, their risks, the
// matrix, the appetite and the decisions on risks.
func init() {
	Entities = append(Entities, "risk_analysis", "risk", "risk_matrix", "risk_appetite", "risk_decision")
	Restrict(authz.ViewRisks, "risk_analysis", "risk", "risk_matrix", "risk_appetite", "risk_decision", "bia", "bia_settings")
}
