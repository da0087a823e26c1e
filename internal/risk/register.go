package risk

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/enum"
	"github.com/baken-nl/baken/internal/org"
)

// Treatments are the ways a risk is handled, with their Dutch labels.
var Treatments = []enum.Pair{
	{"vermijden", "Vermijden"}, {"verminderen", "Verminderen"}, {"overdragen", "Overdragen"}, {"accepteren", "Accepteren"},
}

// TreatmentLabel is the Dutch label of a treatment, "Nog niet gekozen" for none.
func TreatmentLabel(t string) string {
	if l, ok := enum.Lookup(Treatments, t); ok {
		return l
	}
	return "Nog niet gekozen"
}

// AnalysisStatuses are the statuses of a risk analysis, with their labels.
var AnalysisStatuses = []enum.Pair{
	{"concept", "Concept"}, {"ingediend", "Ingediend"}, {"vastgesteld", "Vastgesteld"},
}

// AnalysisStatusLabel is the Dutch label of an analysis status.
func AnalysisStatusLabel(s string) string { return enum.LabelIn(AnalysisStatuses, s) }

// RegisterService reads the risk register across the organisation.
type RegisterService struct{ DB *db.DB }

// Decision states of a risk in the register (the filter "besluit").
const (
	// DecisionStateNone: a scored residual risk at or below the appetite,
	// neither accepted nor rejected: no decision of directie or college needed.
	DecisionStateNone = "geen-besluit-nodig"
	// DecisionStateWaiting: in the decision queue (/besluiten), for any reason.
	DecisionStateWaiting = "wacht-op-besluit"
	// DecisionStateAccepted: a current acceptance of the residual risk.
	DecisionStateAccepted = "geaccepteerd"
	// DecisionStateRejected: the last decision on the residual risk is a
	// rejection (above the appetite such a risk is also waiting).
	DecisionStateRejected = "afgewezen"
	// DecisionStatePending: not (yet) up for a decision: the residual risk
	// is not scored, or it is above the appetite in an analysis that was not
	// submitted. Shown in a row, not a filter value.
	DecisionStatePending = "nog-niet-aan-de-orde"
)

// DecisionStates are the values of the filter "besluit" with their labels.
var DecisionStates = []enum.Pair{
	{DecisionStateNone, "Geen besluit nodig"}, {DecisionStateWaiting, "Wacht op besluit"},
	{DecisionStateAccepted, "Geaccepteerd"}, {DecisionStateRejected, "Afgewezen"},
}

// DecisionStateLabel is the Dutch label of a decision state.
func DecisionStateLabel(s string) string {
	if l, ok := enum.Lookup(DecisionStates, s); ok {
		return l
	}
	if s == DecisionStatePending {
		return "Nog niet aan de orde"
	}
	return s
}

// RegisterFilter narrows the register. Level is a residual level rank;
// Likelihood and Impact pick one cell of the heatmap of Scale.
type RegisterFilter struct {
	DepartmentID int64
	Level        int
	Treatment    string
	Status       string
	SubjectKind  string // SubjectProcess, …: the analysis's subject kind
	Decision     string // a DecisionState* value of DecisionStates
	Overdue      bool   // only risks of analyses whose next review date has passed
	Scale        string // "rest" (default) or "inherent": the heatmap a cell filter refers to
	Likelihood   int
	Impact       int
}

// RegisterRow is one risk in the register: the risk as the decisions read
// it, with its levels and decision state.
type RegisterRow struct {
	DecisionRisk
	InherentLevel int
	ResidualLevel int
	Appetite      int    // the appetite for this risk, 0 without a recorded appetite
	State         string // DecisionState*
	Reason        string // the queue reason when State is DecisionStateWaiting
	Overdue       bool   // the analysis's next review date has passed
}

// Confidential reports whether the risk affects vertrouwelijkheid (the FG's scope).
func (x RegisterRow) Confidential() bool { return x.Affects[2] }

// ValidUntil is the end of the current acceptance, nil without one.
func (x RegisterRow) ValidUntil() *time.Time {
	if x.State != DecisionStateAccepted || x.LastAccepted == nil {
		return nil
	}
	return x.LastAccepted.ValidUntil
}

// StateText is the decision state in words, with the queue reason and,
// for a waiting risk whose residual risk was rejected without ever being
// accepted (the queue says "nieuw"), the rejection.
func (x RegisterRow) StateText() string {
	if x.State != DecisionStateWaiting || x.Reason == "" {
		return DecisionStateLabel(x.State)
	}
	return DecisionStateLabel(x.State) + " (" + x.ReasonText(x.Reason) + ")"
}

// matches reports whether the row passes the filter's decision state.
func (x RegisterRow) matchesDecision(state string) bool {
	switch state {
	case "":
		return true
	case DecisionStateRejected:
		return x.Rejected()
	}
	return x.State == state
}

// registerState is the decision state of r: in the queue (the queue's own
// rule), else a current acceptance, a rejection, within the appetite, or
// not yet up for a decision.
func registerState(r DecisionRisk, limit int, today time.Time) (state, reason string) {
	if reason := queueReason(r, limit, today); reason != "" {
		return DecisionStateWaiting, reason
	}
	switch {
	case r.LastAccepted != nil && r.QueueReason(today) == "":
		return DecisionStateAccepted, ""
	case r.Last != nil && r.Last.Outcome == DecisionRejected:
		return DecisionStateRejected, ""
	case r.Level > 0 && r.Level <= limit:
		return DecisionStateNone, ""
	}
	return DecisionStatePending, ""
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
	// Today is the calendar day the states and overdue reviews refer to.
	Today time.Time
	// Departments are the afdelingen the filter offers (Page; Register
	// leaves them out).
	Departments []org.Option
}

// Register reads the register in one round trip of three queries (the
// matrix, the appetite and the risks with their last decisions, as the
// decision queue reads them), whatever the number of risks; levels,
// decision states and the filter follow in Go, so filter, heatmaps and the
// queue agree with every other page. The FG, when that is the reader's only
// role that sees risks, sees the privacy-relevant risks (those affecting
// vertrouwelijkheid). today is the calendar day (nl.Date).
func (s *RegisterService) Register(ctx context.Context, actor authz.Principal, f RegisterFilter, today time.Time) (RegisterPage, error) {
	return s.register(ctx, actor, f, today, false)
}

// Page is Register for the register page: with the afdelingen of the
// filter (Departments), read in the same round trip.
func (s *RegisterService) Page(ctx context.Context, actor authz.Principal, f RegisterFilter, today time.Time) (RegisterPage, error) {
	return s.register(ctx, actor, f, today, true)
}

func (s *RegisterService) register(ctx context.Context, actor authz.Principal, f RegisterFilter, today time.Time, departments bool) (p RegisterPage, err error) {
	p.Today = today
	var st decisionStateBatch
	err = s.DB.ReadBatchAs(ctx, actor, authz.ViewRisks, func(b *db.Batch) error {
		queueDecisionState(b, 0, false, &st)
		if departments {
			org.QueueDepartmentOptions(b, &p.Departments)
		}
		return nil
	})
	p.Matrix = st.Matrix
	if err != nil {
		return p, fmt.Errorf("risk register: %w", err)
	}
	// The register's order: afdeling, then analysis and risk as entered;
	// sorted as indices, with each afdeling lower-cased once.
	keys := make([]string, len(st.Risks))
	order := make([]int, len(st.Risks))
	for i, r := range st.Risks {
		keys[i], order[i] = strings.ToLower(r.DepartmentName), i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		x, y := &st.Risks[i], &st.Risks[j]
		return cmp.Or(cmp.Compare(keys[i], keys[j]), cmp.Compare(x.AnalysisID, y.AnalysisID), cmp.Compare(x.ID, y.ID))
	})
	rows := make([]RegisterRow, len(st.Risks))
	for k, i := range order {
		r := st.Risks[i]
		x := RegisterRow{DecisionRisk: r, Appetite: decisionAppetiteFor(st.Appetite, r)}
		x.InherentLevel = p.Matrix.LevelOf(r.InherentLikelihood, r.InherentImpact)
		x.ResidualLevel = r.Level
		x.State, x.Reason = registerState(r, x.Appetite, today)
		x.Overdue = r.NextReview != nil && r.NextReview.Before(today)
		rows[k] = x
	}
	p.fill(rows, f, privacyOnly(actor))
	return p, nil
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
		if privacy && !x.Confidential() {
			continue
		}
		p.All++
		if !f.matches(x) {
			continue
		}
		if x.InherentLevel > 0 {
			p.Inherent.Counts[x.InherentLikelihood-1][x.InherentImpact-1]++
			p.Inherent.Total++
		}
		if x.ResidualLevel > 0 {
			p.Residual.Counts[x.ResidualLikelihood-1][x.ResidualImpact-1]++
			p.Residual.Total++
		}
		if f.Likelihood != 0 {
			l, i := x.ResidualLikelihood, x.ResidualImpact
			if f.Scale == "inherent" {
				l, i = x.InherentLikelihood, x.InherentImpact
			}
			if l != f.Likelihood || i != f.Impact {
				continue
			}
		}
		p.Rows = append(p.Rows, x)
	}
}

// matches reports whether x passes every filter but the heatmap cell.
func (f RegisterFilter) matches(x RegisterRow) bool {
	return (f.DepartmentID == 0 || x.DepartmentID == f.DepartmentID) && (f.Level == 0 || x.ResidualLevel == f.Level) &&
		(f.Treatment == "" || x.Treatment == f.Treatment) && (f.Status == "" || x.AnalysisStatus == f.Status) &&
		(f.SubjectKind == "" || x.SubjectKind == f.SubjectKind) && x.matchesDecision(f.Decision) && (!f.Overdue || x.Overdue)
}

func grid(m Matrix) [][]int {
	g := make([][]int, len(m.Likelihoods))
	for k := range g {
		g[k] = make([]int, len(m.Impacts))
	}
	return g
}
