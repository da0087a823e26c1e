package incidentview

import (
	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/links"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/web/layout"
)

// IncidentReportView is the report form every user has.
type IncidentReportView struct {
	Options incident.ReportForm
	Input   incident.ReportInput
	Form    layout.Form

	Limit     int64 // the upload limit of the attachments together
	FilesLost bool  // files were chosen: the form shown again asks for them again
}

// ApplicationOptions are the applications to choose from.
func (v IncidentReportView) ApplicationOptions() []layout.Option {
	return layout.GroupedOptions(v.Options.Applications)
}

// ProcessOptions are the processes to choose from.
func (v IncidentReportView) ProcessOptions() []layout.Option {
	return layout.GroupedOptions(v.Options.Processes)
}

// DepartmentOptions are the afdelingen to choose from.
func (v IncidentReportView) DepartmentOptions() []layout.Option {
	return layout.OrgOptions(v.Options.Departments)
}

// IncidentStatusOptions are the statuses for the filter.
func IncidentStatusOptions() []layout.Option { return layout.ValueOptions(incident.Statuses) }

// IncidentCategoryOptions are the main categories for the filter.
func IncidentCategoryOptions() []layout.Option { return layout.ValueOptions(incident.Categories) }

// IncidentImpactOptions are the impact levels.
func IncidentImpactOptions() []layout.Option { return layout.ValueOptions(incident.Impacts) }

// IncidentCauseOptions are the causes.
func IncidentCauseOptions() []layout.Option { return layout.ValueOptions(incident.Causes) }

// IncidentPersonalDataOptions are the reporter's answers about personal data.
func IncidentPersonalDataOptions() []layout.Option {
	return layout.ValueOptions(incident.PersonalDataAnswers)
}

// IncidentTimelineKindOptions are the kinds of timeline entry a handler adds.
func IncidentTimelineKindOptions() []layout.Option {
	return layout.ValueOptions(incident.TimelineKinds)
}

// IncidentListView is the register with its filter and paging.
type IncidentListView struct {
	incident.ListPage
	Filter    incident.ListFilter
	Page      listing.Page
	CanReport bool
	ExportURL string // the export with the list's filters
	// CanLoket: the reader configures the public meldloket.
	CanLoket     bool
	CanConfigure bool // the CISO: the link to the Cbw terms
	// ExportQuery is the list's filters as a query ("?datalek=ja", or ""),
	// for the links to the exports.
	ExportQuery string
}

// Filtered reports whether a filter is set.
func (v IncidentListView) Filtered() bool {
	f := v.Filter
	return f.Status != "" || f.Category != "" || f.Impact != "" || f.Datalek != ""
}

// IncidentShowView is the page of one incident with the state of its forms.
type IncidentShowView struct {
	incident.Page
	ClassifyIn   incident.ClassifyInput
	ClassifyForm layout.Form
	StatusIn     incident.StatusInput
	StatusForm   layout.Form
	EntryIn      incident.TimelineInput
	EntryForm    layout.Form
	DatalekIn    incident.DatalekInput
	DatalekForm  layout.Form
	ActionIn     incident.ActionInput
	ActionForm   layout.Form
	CbwIn        incident.CbwInput
	CbwForm      layout.Form
	CsirtIn      incident.CsirtInput
	CsirtForm    layout.Form
	Keep         string // the form shown again after a field error ("classify", "cbw", …): it keeps its input and the version the user saw
	Stale        string // the form shown again after a conflict: it keeps its input with the stored version

	AttachForm   layout.Form // attachments added later
	ReporterForm layout.Form // removal of the reporter's details
	Limit        int64       // the upload limit of the attachments together
	TrackForms   IncidentTrackForms
}

// CategoryChoices are the subcategories of the taxonomy.
func (v IncidentShowView) CategoryChoices() []layout.Option {
	out := make([]layout.Option, len(v.Categories))
	for i, c := range v.Categories {
		out[i] = layout.Option{Value: c.Value(), Label: c.Text()}
	}
	return out
}

// HandlerOptions are the CISO and the DSPOs.
func (v IncidentShowView) HandlerOptions() []layout.Option { return layout.OrgOptions(v.Handlers) }

// DepartmentOptions are the afdelingen the handler may assign.
func (v IncidentShowView) DepartmentOptions() []layout.Option {
	return layout.OrgOptions(v.Departments)
}

// AffectedOptions and AffectedSet are the choices and the checked items of
// one kind of affected item in the classification form.
func AffectedOptions(cs []links.Choice) []layout.Option {
	out := make([]layout.Option, len(cs))
	for i, c := range cs {
		out[i] = layout.Option{Value: layout.IDString(c.ID), Label: c.Label}
	}
	return out
}

// AffectedSet marks ids as checked.
func AffectedSet(ids []int64) map[string]bool {
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[layout.IDString(id)] = true
	}
	return out
}

// AspectOptions are B, I and V.
func IncidentAspectOptions() []layout.Option {
	return []layout.Option{{Value: "B", Label: "Beschikbaarheid"}, {Value: "I", Label: "Integriteit"}, {Value: "V", Label: "Vertrouwelijkheid"}}
}

// AspectSet is the checked aspects of the classification form.
func (v IncidentShowView) AspectSet() map[string]bool {
	return map[string]bool{"B": v.ClassifyIn.Availability, "I": v.ClassifyIn.Integrity, "V": v.ClassifyIn.Confidentiality}
}

// NextLabel is the label of the status the incident can move to.
func (v IncidentShowView) NextLabel() string { return incident.StatusLabel(v.Next) }

// AsksEvaluation: the status form asks for the evaluation (towards
// geëvalueerd and gesloten).
func (v IncidentShowView) AsksEvaluation() bool {
	return v.Next == incident.StatusEvaluated || v.Next == incident.StatusClosed
}

func incidentTone(status string) string {
	return layout.ToneOf(map[string]string{incident.StatusReported: "warn", incident.StatusHandling: "info",
		incident.StatusResolved: "neutral", incident.StatusEvaluated: "neutral"}, status, "ok")
}

func impactTone(impact string) string {
	return layout.ToneOf(map[string]string{"hoog": "danger", "midden": "warn", "laag": "ok"}, impact, "neutral")
}

// IncidentAPDecisionOptions are the choices of the decision on notifying the AP.
func IncidentAPDecisionOptions() []layout.Option { return layout.ValueOptions(incident.APDecisions) }
