package riskview

import (
	"strconv"
	"time"

	"github.com/baken-nl/baken/internal/risk"
	"github.com/baken-nl/baken/web/layout"
)

// DecisionAppetiteView is the risk appetite page with the state of its form.
type DecisionAppetiteView struct {
	risk.AppetitePage
	Input risk.AppetiteInput
	Form  layout.Form
}

// DecisionRiskView is the page of one risk with the state of its forms.
type DecisionRiskView struct {
	risk.DecisionPage
	Input      risk.DecisionInput
	Form       layout.Form
	Accept     risk.DecisionInput
	AcceptForm layout.Form
}

// DecisionLevelOptions are the levels of a matrix as select options.
func DecisionLevelOptions(m risk.Matrix) []layout.Option {
	out := make([]layout.Option, len(m.Levels))
	for i, l := range m.Levels {
		out[i] = layout.Option{Value: strconv.Itoa(i + 1), Label: l.Name}
	}
	return out
}

// DecisionBodyOptions are the bodies that set the appetite.
func DecisionBodyOptions() []layout.Option { return layout.ValueOptions(risk.AppetiteBodies) }

// DecisionKindOptions are the kinds of decision.
func DecisionKindOptions() []layout.Option {
	return []layout.Option{{Value: risk.DecisionResidualRisk, Label: "Restrisico accepteren of afwijzen"},
		{Value: risk.DecisionTreatmentPlan, Label: "Behandelplan goedkeuren of afwijzen"}}
}

// DecisionOutcomeOptions are the outcomes.
func DecisionOutcomeOptions() []layout.Option {
	return []layout.Option{{Value: risk.DecisionAccepted, Label: "Accepteren / goedkeuren"}, {Value: risk.DecisionRejected, Label: "Afwijzen"}}
}

// decisionTreatment is "Verminderen: <toelichting>", "–" when none is chosen.
func decisionTreatment(r risk.DecisionRisk) string {
	out := "–"
	if r.Treatment != "" {
		out = risk.TreatmentLabel(r.Treatment)
	}
	if r.TreatmentText != "" {
		out += ": " + r.TreatmentText
	}
	return out
}

func decisionLevel(m risk.Matrix, rank int) string {
	if n := m.LevelName(rank); n != "" {
		return n
	}
	return "–"
}

func decisionAspectLevel(m risk.Matrix, rank int) string {
	if rank == 0 {
		return "gelijk aan de algemene risicobereidheid"
	}
	return decisionLevel(m, rank)
}

func decisionScore(m risk.Matrix, likelihood, impact int) string {
	if !m.InRange(likelihood, impact) {
		return "niet gescoord"
	}
	return "kans " + m.Likelihoods[likelihood-1] + ", impact " + m.Impacts[impact-1] + ": " + decisionLevel(m, m.LevelOf(likelihood, impact))
}

func decisionDate(t time.Time) string { return t.Format("02-01-2006") }

func decisionTone(reason string) string {
	return layout.ToneOf(map[string]string{risk.QueueNew: "info", risk.QueueRefused: "danger"}, reason, "warn")
}
