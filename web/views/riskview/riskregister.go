package riskview

import (
	"net/url"
	"strconv"

	"github.com/baken-nl/baken/internal/risk"
	"github.com/baken-nl/baken/web/layout"
)

// riskRegisterPageSize is the number of risks per page of the register.
const riskRegisterPageSize = 50

// RiskRegisterView is the risk register with its heatmaps.
type RiskRegisterView struct {
	risk.RegisterPage
	Filter      risk.RegisterFilter
	Departments []layout.Option
	Department  string
	RawQuery    url.Values
	Page        int
}

// Shown are the rows of the current page.
func (v RiskRegisterView) Shown() []risk.RegisterRow {
	from := min((v.Page-1)*riskRegisterPageSize, len(v.Rows))
	return v.Rows[from:min(from+riskRegisterPageSize, len(v.Rows))]
}

// Pages is the number of pages.
func (v RiskRegisterView) Pages() int {
	return max(1, (len(v.Rows)+riskRegisterPageSize-1)/riskRegisterPageSize)
}

// PageURL is the register at page n with the same filters.
func (v RiskRegisterView) PageURL(n int) string {
	q := cloneValues(v.RawQuery)
	q.Set("page", strconv.Itoa(n))
	return "/risicos?" + q.Encode()
}

// CellURL is the register filtered to one cell of a heatmap, keeping the
// other filters.
func (v RiskRegisterView) CellURL(scale string, likelihood, impact int) string {
	q := cloneValues(v.RawQuery)
	q.Del("page")
	q.Set("schaal", scale)
	q.Set("kans", strconv.Itoa(likelihood))
	q.Set("impact", strconv.Itoa(impact))
	return "/risicos?" + q.Encode()
}

// ExportURL is the spreadsheet of the register with the same filters
// (every page).
func (v RiskRegisterView) ExportURL() string {
	q := cloneValues(v.RawQuery)
	q.Del("page")
	if len(q) == 0 {
		return "/risicos/export.xlsx"
	}
	return "/risicos/export.xlsx?" + q.Encode()
}

// Level is the name of a level rank, "Niet gescoord" for 0.
func (v RiskRegisterView) Level(rank int) string {
	if rank == 0 {
		return "Niet gescoord"
	}
	return v.Matrix.LevelName(rank)
}

// LevelOptions are the residual levels for the filter.
func (v RiskRegisterView) LevelOptions() []layout.Option { return DecisionLevelOptions(v.Matrix) }

// CellColour is the colour of a heatmap cell's level, for
// data-level-colour (app.js draws it; the CSP forbids style attributes). The
// level's name is in the cell too, so colour never carries the meaning alone.
func (v RiskRegisterView) CellColour(likelihood, impact int) string {
	return matrixCellColour(v.Matrix, likelihood, impact)
}

// Filtered reports whether any filter is set.
func (v RiskRegisterView) Filtered() bool { return len(v.Rows) != v.All }

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// RiskTreatmentOptions are the treatments for the filter.
func RiskTreatmentOptions() []layout.Option { return layout.ValueOptions(risk.Treatments) }

// RiskDecisionStateOptions are the decision states for the filter.
func RiskDecisionStateOptions() []layout.Option { return layout.ValueOptions(risk.DecisionStates) }

// riskStateBadge is the badge class of a decision state; its text says
// the state, the colour only repeats it.
func riskStateBadge(state string) string {
	return layout.Badge(layout.ToneOf(map[string]string{risk.DecisionStateWaiting: "warn", risk.DecisionStateRejected: "danger",
		risk.DecisionStateAccepted: "ok", risk.DecisionStateNone: "ok"}, state, "neutral"))
}

// RiskStatusOptions are the analysis statuses for the filter.
func RiskStatusOptions() []layout.Option { return layout.ValueOptions(risk.AnalysisStatuses) }

func cellScale(scale string) string {
	if scale == "inherent" {
		return "een inherent risico"
	}
	return "een restrisico"
}

func riskAxis(labels []string, rank int) string {
	if rank < 1 || rank > len(labels) {
		return ""
	}
	return labels[rank-1]
}
