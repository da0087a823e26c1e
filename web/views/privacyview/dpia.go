package privacyview

import (
	"strings"

	"github.com/baken-nl/baken/internal/org"
	"github.com/baken-nl/baken/internal/privacy"
	"github.com/baken-nl/baken/web/layout"
)

// DPIAListView is the DPIA register with its filter.
type DPIAListView struct {
	privacy.ListPage
	Filter privacy.ListFilter
}

// DepartmentOptions are the afdelingen of the filter.
func (v DPIAListView) DepartmentOptions() []layout.Option { return layout.OrgOptions(v.Departments) }

// DepartmentValue is the chosen afdeling as a select value.
func (v DPIAListView) DepartmentValue() string { return layout.IDString(v.Filter.DepartmentID) }

// Filtered reports whether a filter is set.
func (v DPIAListView) Filtered() bool { return v.Filter.Status != "" || v.Filter.DepartmentID != 0 }

// DPIAStatusOptions are the statuses as select options.
func DPIAStatusOptions() []layout.Option { return layout.ValueOptions(privacy.Statuses) }

// DPIAShowView is the page of a DPIA with the state of its three forms.
type DPIAShowView struct {
	privacy.Page
	StatusForm    layout.Form
	StatusVersion int
	AdviceIn      privacy.AdviceInput
	AdviceForm    layout.Form
	DecisionIn    privacy.DecisionInput
	DecisionForm  layout.Form
	Keep          string // the form shown again after a field error keeps its version: "advice", "decision"
	// AdviceLost and DecisionLost: that step was posted, but the DPIA has
	// moved on meanwhile and its form is gone; the page says so and shows
	// the typed input to copy.
	AdviceLost   bool
	DecisionLost bool
}

// AdviceLostMessage says why the advice was not recorded.
func (v DPIAShowView) AdviceLostMessage() string {
	return "Uw advies is niet vastgelegd: deze DPIA is niet meer bij de FG voor advies. Zij is intussen gewijzigd en heeft nu de status ‘" +
		v.StatusLabel() + "’."
}

// DecisionLostMessage says why the decision was not recorded.
func (v DPIAShowView) DecisionLostMessage() string {
	return "Uw besluit is niet vastgelegd: over deze DPIA kan nu niet worden besloten. Zij is intussen gewijzigd en heeft nu de status ‘" +
		v.StatusLabel() + "’."
}

// LostDecisionChoice is the label of the decision that was not recorded,
// "" for none.
func (v DPIAShowView) LostDecisionChoice() string {
	for _, o := range DPIADecisionOptions() {
		if o.Value == v.DecisionIn.Decision {
			return o.Label
		}
	}
	return ""
}

// typed reports whether s holds more than blanks.
func typed(s string) bool { return strings.TrimSpace(s) != "" }

// DPIAForm is the state of the concept form.
type DPIAForm struct {
	ID      int64
	Data    privacy.FormData
	Input   privacy.Input
	Form    layout.Form
	Current *privacy.DPIA // the stored version after a conflict
	Locked  bool          // not a concept: no form
	Self    int64         // the actor: "Ikzelf" in the DSPO choice, not listed again by name
}

// DepartmentOptions are the afdelingen the actor may draft for.
func (f DPIAForm) DepartmentOptions() []layout.Option { return layout.OrgOptions(f.Data.Departments) }

// DSPOOptions are the users with the DSPO role.
func (f DPIAForm) DSPOOptions() []layout.Option {
	others := make([]org.Option, 0, len(f.Data.DSPOs))
	for _, o := range f.Data.DSPOs {
		if o.ID != f.Self {
			others = append(others, o)
		}
	}
	return layout.OrgOptions(others)
}

// ProcessOptions are the processes, labelled with their afdeling.
func (f DPIAForm) ProcessOptions() []layout.Option { return layout.GroupedOptions(f.Data.Processes) }

// RiskOptions are the risks, labelled with their analysis.
func (f DPIAForm) RiskOptions() []layout.Option { return layout.GroupedOptions(f.Data.Risks) }

// Action is where the form posts.
func (f DPIAForm) Action() string {
	if f.ID == 0 {
		return "/dpia"
	}
	return layout.IDURL("/dpia", f.ID)
}

// Cancel is where the form's cancel link goes.
func (f DPIAForm) Cancel() string {
	if f.ID == 0 {
		return "/dpia"
	}
	return layout.IDURL("/dpia", f.ID)
}

// DPIADecisionOptions are the choices of the decision on the advice.
func DPIADecisionOptions() []layout.Option {
	return []layout.Option{{Value: privacy.DecisionFollow, Label: "Het advies van de FG volgen"},
		{Value: privacy.DecisionDeviate, Label: "Afwijken van het advies (met onderbouwing)"}}
}

func dpiaTone(status string) string {
	return layout.ToneOf(map[string]string{privacy.StatusConcept: "neutral", privacy.StatusAtFG: "warn", privacy.StatusAdvised: "info"}, status, "ok")
}

func dpiaJoin(items []string) string {
	if len(items) == 0 {
		return "–"
	}
	return strings.Join(items, ", ")
}
