package riskview

import (
	"strconv"
	"strings"

	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/plan"
	"github.com/baken-nl/baken/internal/risk"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/views/planview"
)

// AnalysisListView is the list of risk analyses.
type AnalysisListView struct {
	risk.AnalysisList
	Filter risk.AnalysisFilter
	Page   listing.Page
}

// Level is the name of a level rank, "–" for 0 (nothing scored).
func (v AnalysisListView) Level(rank int) string { return levelOrDash(v.Matrix, rank) }

func levelOrDash(m risk.Matrix, rank int) string {
	if rank == 0 {
		return "–"
	}
	return m.LevelName(rank)
}

// AnalysisFormView is step 1 of the guided flow.
type AnalysisFormView struct {
	risk.AnalysisForm
	ID    int64 // 0 for a new analysis
	Input risk.AnalysisInput
	Form  layout.Form
}

// Action is where the form posts.
func (v AnalysisFormView) Action() string {
	if v.ID == 0 {
		return "/risicoanalyses"
	}
	return layout.IDURL("/risicoanalyses", v.ID) + "/bewerken"
}

// HelperChecked marks the chosen helpers.
func (v AnalysisFormView) HelperChecked() map[string]bool {
	out := map[string]bool{}
	for _, id := range v.Input.Helpers {
		out[layout.FormatID(id)] = true
	}
	return out
}

// AnalysisShowView is the page of one analysis (the summary, step 4).
type AnalysisShowView struct {
	risk.AnalysisPage
	Review     risk.ReviewInput
	ReviewForm layout.Form
}

// Level is the name of a level rank, "–" for 0.
func (v AnalysisShowView) Level(rank int) string { return levelOrDash(v.Matrix, rank) }

// Step is the step of the guided flow the page shows: the summary.
func (v AnalysisShowView) Step() int { return 4 }

// RiskFormView is step 2 (a risk) or step 3 (its treatment).
type RiskFormView struct {
	risk.RiskForm
	RiskInput risk.RiskInput
	Treatment risk.TreatmentInput
	// LoadInput: fill the form from the stored risk (a GET).
	LoadInput bool
	Stale     bool
	Form      layout.Form
}

// Input is the form state of step 2.
func (v RiskFormView) Input() risk.RiskInput {
	return shownInput(v, v.RiskInput, risk.AnalysisRisk.RiskInput, func(in *risk.RiskInput) *int { return &in.Version })
}

// TreatmentIn is the form state of step 3.
func (v RiskFormView) TreatmentIn() risk.TreatmentInput {
	return shownInput(v, v.Treatment, risk.AnalysisRisk.TreatmentInput, func(in *risk.TreatmentInput) *int { return &in.Version })
}

// shownInput is the state of a risk's form: the stored risk's (a GET),
// else the input shown again, after a conflict with the stored version.
func shownInput[In any](v RiskFormView, in In, stored func(risk.AnalysisRisk) In, version func(*In) *int) In {
	if v.Risk == nil {
		return in
	}
	if v.LoadInput {
		return stored(*v.Risk)
	}
	if v.Stale {
		*version(&in) = v.Risk.Version
	}
	return in
}

// Action is where the risk form posts.
func (v RiskFormView) Action() string {
	if v.Risk == nil {
		return layout.IDURL("/risicoanalyses", v.Analysis.ID) + "/risicos"
	}
	return risk.RiskPath(v.Analysis.ID, v.Risk.ID)
}

// AffectsChecked marks the chosen aspects.
func (v RiskFormView) AffectsChecked() map[string]bool {
	in := v.Input()
	return map[string]bool{"b": in.Affects[0], "i": in.Affects[1], "v": in.Affects[2]}
}

// ControlPicker is the searchable list of controls, the same as the plan's.
func (v RiskFormView) ControlPicker() planview.PlanTargets {
	k, _ := plan.KindOf(plan.KindControl)
	k.Label = "Bestaande maatregelen uit de BIO"
	k.Hint = "De maatregelen die dit risico nu al verkleinen. Ze tellen mee in het restrisico; een wijziging hierna brengt een geaccepteerd risico terug bij de directie."
	sel := map[int64]bool{}
	for _, id := range v.TreatmentIn().Controls {
		sel[id] = true
	}
	return planview.PlanTargets{Kind: k, Groups: planview.GroupChoices(v.Controls), Selected: sel}
}

// Level is the name of a level rank, "–" for 0.
func (v RiskFormView) Level(rank int) string { return levelOrDash(v.Matrix, rank) }

// AxisOptions are the ranks of a matrix axis as select options.
func AxisOptions(labels []string) []layout.Option {
	out := make([]layout.Option, len(labels))
	for i, l := range labels {
		out[i] = layout.Option{Value: strconv.Itoa(i + 1), Label: strconv.Itoa(i+1) + " – " + l}
	}
	return out
}

// ThreatOptions is the threat catalogue as select options.
func ThreatOptions() []layout.Option {
	out := make([]layout.Option, len(risk.Threats))
	for i, t := range risk.Threats {
		out[i] = layout.Option{Value: t.Code, Label: t.Code + " " + t.Name}
	}
	return out
}

// affectsNames spells out the aspects a risk touches ("Beschikbaarheid,
// vertrouwelijkheid"); the letters B, I, V mean little to a manager.
func affectsNames(r risk.AnalysisRisk) string {
	var out []string
	for i, o := range AspectOptions() {
		if r.Affects[i] {
			if len(out) > 0 {
				o.Label = strings.ToLower(o.Label)
			}
			out = append(out, o.Label)
		}
	}
	return strings.Join(out, ", ")
}

// AspectOptions are the aspects a risk can touch.
func AspectOptions() []layout.Option {
	return []layout.Option{{Value: "b", Label: "Beschikbaarheid"}, {Value: "i", Label: "Integriteit"}, {Value: "v", Label: "Vertrouwelijkheid"}}
}

// SubjectKindOptions are the kinds of subject for the list filter.
func SubjectKindOptions() []layout.Option { return layout.ValueOptions(risk.SubjectKinds) }

// RiskOptions turns the domain's options into select options.
func RiskOptions(in []risk.Option) []layout.Option { return layout.ValueOptions(in) }

func statusBadge(status string) string {
	return layout.Badge(layout.ToneOf(map[string]string{risk.StatusConcept: "neutral", risk.StatusSubmitted: "warn"}, status, "ok"))
}

// analysisSteps are the steps of the guided flow.
var analysisSteps = []string{"Onderwerp", "Risico's benoemen", "Behandelen", "Samenvatting en indienen"}

// matrixCellColour is the colour of a matrix cell's level ("" for none), for
// data-level-colour: app.js draws it, since the CSP forbids style attributes.
func matrixCellColour(m risk.Matrix, likelihood, impact int) string {
	rank := m.LevelOf(likelihood, impact)
	if rank == 0 {
		return ""
	}
	return m.Levels[rank-1].Colour
}

func optID(id int64) string {
	if id == 0 {
		return ""
	}
	return layout.FormatID(id)
}

// MatrixView is the page of the risk matrix.
type MatrixView struct {
	risk.MatrixPage
	Input risk.MatrixInput
	Form  layout.Form
}

// LevelOptions are the levels for a cell's select.
func (v MatrixView) LevelOptions() []layout.Option {
	out := make([]layout.Option, len(v.Input.Matrix.Levels))
	for i, l := range v.Input.Matrix.Levels {
		name := l.Name
		if name == "" {
			name = "Niveau " + strconv.Itoa(i+1)
		}
		out[i] = layout.Option{Value: strconv.Itoa(i + 1), Label: name}
	}
	return out
}

func fieldN(prefix string, n ...int) string {
	s := prefix
	for _, x := range n {
		s += "_" + strconv.Itoa(x)
	}
	return s
}
