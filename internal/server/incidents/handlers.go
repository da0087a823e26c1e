// Package incidents holds the handlers of the incident register: the short
// report form every user has, the reporter's own reports, and the register
// with the page of one incident where the CISO or a DSPO classifies it,
// moves its status and adds to its timeline.
package incidents

import (
	"context"
	"net/http"
	"time"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/views/incidentview"
)

// incidentService is what the handlers use of incident.Service.
type incidentService interface {
	ReportOptions(ctx context.Context, actor authz.Principal) (incident.ReportForm, error)
	Report(ctx context.Context, actor authz.Principal, in incident.ReportInput) (int64, int, error)
	Mine(ctx context.Context, actor authz.Principal) ([]incident.MineRow, error)
	Own(ctx context.Context, actor authz.Principal, id int64) (incident.OwnReport, error)
	List(ctx context.Context, actor authz.Principal, f incident.ListFilter, p listing.Params) (incident.ListPage, error)
	Get(ctx context.Context, actor authz.Principal, id int64) (incident.Page, error)
	Classify(ctx context.Context, actor authz.Principal, id int64, in incident.ClassifyInput) error
	SetStatus(ctx context.Context, actor authz.Principal, id int64, in incident.StatusInput) error
	AddEntry(ctx context.Context, actor authz.Principal, id int64, in incident.TimelineInput) error
	DecideDatalek(ctx context.Context, actor authz.Principal, id int64, in incident.DatalekInput) error
	AddAction(ctx context.Context, actor authz.Principal, id int64, in incident.ActionInput) (int64, error)
	Export(ctx context.Context, actor authz.Principal, f incident.ListFilter) ([]incident.ExportRow, error)
	Figures(ctx context.Context, actor authz.Principal, year int) (incident.Figures, error)
	SaveCbw(ctx context.Context, actor authz.Principal, id int64, in incident.CbwInput) error
	SaveCsirt(ctx context.Context, actor authz.Principal, id int64, in incident.CsirtInput) error
	CbwSettingsOf(ctx context.Context, actor authz.Principal) (incident.CbwSettingsPage, error)
	SaveCbwSettings(ctx context.Context, actor authz.Principal, in incident.CbwSettingsInput) error

	AddAttachments(ctx context.Context, actor authz.Principal, id int64, files []incident.File) error
	AttachmentFile(ctx context.Context, actor authz.Principal, attachmentID int64) (incident.Attachment, []byte, error)
	RemoveReporter(ctx context.Context, actor authz.Principal, id int64, version int) error
	PastRetention(ctx context.Context, actor authz.Principal) ([]incident.PurgeRow, error)
	PurgeSelection(ctx context.Context, actor authz.Principal, ids []int64) ([]incident.PurgeRow, error)
	Purge(ctx context.Context, actor authz.Principal, ids []int64) (int, error)
	FactsForm(ctx context.Context, actor authz.Principal, id int64) (incident.FactsPage, error)
	SaveFacts(ctx context.Context, actor authz.Principal, id int64, in incident.FactsInput) error
	Concept(ctx context.Context, actor authz.Principal, id int64) (incident.Draft, error)
	AddFollowUp(ctx context.Context, actor authz.Principal, id int64, in incident.NoteInput) error
	Advise(ctx context.Context, actor authz.Principal, id int64, in incident.NoteInput) error
	Month(ctx context.Context, actor authz.Principal, month time.Time) (incident.MonthOverview, error)
}

// Handlers are the incident handlers.
type Handlers struct {
	kit *kit.Kit
	svc incidentService
}

// New returns the incident handlers.
func New(k *kit.Kit, svc incidentService) *Handlers {
	return &Handlers{kit: k, svc: svc}
}

const section = "incidenten"

// refuse shows a refusal with its reason (outside the reader's scope).
func (h *Handlers) refuse(w http.ResponseWriter, r *http.Request, err error) {
	h.kit.Refuse(w, r, err, section, incidentview.IncidentRefused)
}

// ---- reporting ----

var reportOrder = []string{"title", "description", "discovered_at", "application_id", "process_id", "personal_data", "department_id"}

func (h *Handlers) reportForm(w http.ResponseWriter, r *http.Request, status int, in incident.ReportInput, state layout.Form) {
	opts, ok := kit.Fetch(h.kit, w, r, h.svc.ReportOptions)
	if !ok {
		return
	}
	if in.DiscoveredAt == "" && status == http.StatusOK {
		in.DiscoveredAt = incident.InputValue(opts.Now)
	}
	state.Order = reportOrder
	v := incidentview.IncidentReportView{Options: opts, Input: in, Form: state}
	v.Limit, v.FilesLost = h.kit.UploadLimit(), len(in.Files) > 0
	h.kit.Render(w, r, status, incidentview.IncidentReportPage(h.kit.Page(r, "Incident melden", section), v))
}

// ReportNew serves GET /incidenten/melden.
func (h *Handlers) ReportNew(w http.ResponseWriter, r *http.Request) {
	h.reportForm(w, r, http.StatusOK, incident.ReportInput{}, layout.Form{})
}

// Report serves POST /incidenten/melden.
func (h *Handlers) Report(w http.ResponseWriter, r *http.Request) {
	p := kit.Principal(r)
	var number int
	read := func(f *httpkit.Values) incident.ReportInput {
		return incident.ReportInput{Title: f.Raw("title"), Description: f.Raw("description"), DiscoveredAt: f.String("discovered_at"),
			ApplicationID: f.ID("application_id"), ProcessID: f.ID("process_id"), DepartmentID: f.ID("department_id"),
			PersonalData: f.String("personal_data"), Now: h.kit.Now()}
	}
	files, ok := h.kit.Upload(w, r, "attachments", incident.MaxAttachments, func(status int, state layout.Form) {
		in := read(httpkit.Form(r))
		in.Files = []incident.File{{}} // the chosen files are not kept
		h.reportForm(w, r, status, in, state)
	})
	if !ok {
		return
	}
	kit.Submit(h.kit, w, r, kit.FormPost[incident.ReportInput]{
		Read: func(f *httpkit.Values) incident.ReportInput {
			in := read(f)
			in.Files = filesOf(files)
			return in
		},
		Save: func(ctx context.Context, in incident.ReportInput) (id int64, err error) {
			id, number, err = h.svc.Report(ctx, *p, in)
			return id, err
		},
		Reshow: func(status int, in incident.ReportInput, state layout.Form, _ bool) {
			h.reportForm(w, r, status, in, state)
		},
		Done: func(_ incident.ReportInput, id int64) (string, string) {
			return "Bedankt voor uw melding. Uw volgnummer is " + incident.Number(number) + ".", kit.IDPath("/incidenten/mijn", id)
		},
	})
}

// Mine serves GET /incidenten/mijn: the reporter's own reports.
func (h *Handlers) Mine(w http.ResponseWriter, r *http.Request) {
	kit.Show(h.kit, w, r, h.svc.Mine, "Mijn meldingen", section, incidentview.IncidentMinePage)
}

// Own serves GET /incidenten/mijn/{id}: one own report and its status.
func (h *Handlers) Own(w http.ResponseWriter, r *http.Request) {
	rep, _, ok := kit.Load(h.kit, w, r, h.svc.Own)
	if !ok {
		return
	}
	h.kit.Render(w, r, http.StatusOK, incidentview.IncidentOwnPage(h.kit.Page(r, "Melding "+rep.NumberText(), section), rep))
}

// ---- the register ----

// registerFilters are the register's filters, shared by the page and its
// exports; a malformed one is a 400.
var registerFilters = listing.Filters{
	{Name: "status", Kind: listing.Enum, Values: listing.ChoiceValues(incident.Statuses)},
	{Name: "categorie", Kind: listing.Enum, Values: listing.ChoiceValues(incident.Categories)},
	{Name: "impact", Kind: listing.Enum, Values: []string{"laag", "midden", "hoog", "geen"}},
	{Name: "datalek", Kind: listing.Enum, Values: []string{"ja", "nee"}},
}

// listFilter reads the register's filters.
func listFilter(r *http.Request) (incident.ListFilter, listing.Filter, error) {
	lf, err := registerFilters.Parse(r.URL.Query())
	return incident.ListFilter{Status: lf.Get("status"), Category: lf.Get("categorie"), Impact: lf.Get("impact"), Datalek: lf.Get("datalek")}, lf, err
}

// List serves GET /incidenten.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) {
	f, lf, err := listFilter(r)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	pg := kit.ListPage(r, map[string]string{}, "")
	p := kit.Principal(r)
	lp, err := kit.LoadList(&pg, func(q listing.Params) (incident.ListPage, int, error) {
		x, err := h.svc.List(r.Context(), *p, f, q)
		return x, x.Total, err
	})
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	v := incidentview.IncidentListView{ListPage: lp, Filter: f, Page: pg, CanReport: p.Can(authz.ReportIncident), ExportURL: "/incidenten/export.xlsx"}
	v.CanLoket = p.Can(authz.ConfigureMeldloket)
	v.CanConfigure = p.Can(authz.ConfigureIncidents)
	v.ExportQuery = lf.Query()
	v.ExportURL += v.ExportQuery
	h.kit.Render(w, r, http.StatusOK, incidentview.IncidentListPage(h.kit.Page(r, "Incidentregister", section), v))
}

// ---- one incident ----

func (h *Handlers) show(w http.ResponseWriter, r *http.Request, status int, id int64, v incidentview.IncidentShowView) {
	p, err := h.svc.Get(r.Context(), *kit.Principal(r), id)
	if err != nil {
		h.refuse(w, r, err)
		return
	}
	v.Page = p
	// The forms carry the stored state, except the form shown again after a
	// field error (input and the version the user saw) or a conflict (input
	// with the stored version; the page shows the stored state next to it).
	formInput(v.Keep == "classify", v.Stale == "classify", &v.ClassifyIn, &v.ClassifyIn.Version, classifyOf(p.Incident), p.Version)
	formInput(v.Keep == "status", v.Stale == "status", &v.StatusIn, &v.StatusIn.Version, incident.StatusInput{Version: p.Version}, p.Version)
	formInput(v.Keep == "datalek", v.Stale == "datalek", &v.DatalekIn, &v.DatalekIn.Version, datalekOf(p.Incident), p.Version)
	v.DatalekForm.Order = []string{"decision", "notified_at", "reference", "ap_rationale"}
	if v.StatusIn.Evaluation == "" {
		v.StatusIn.Evaluation = p.Evaluation
	}
	v.ClassifyForm.Order = []string{"category", "cause", "impact", "aspects", "personal_data", "department_id", "handler_id", "occurred_at"}
	v.StatusForm.Order = []string{"to", "evaluation"}
	v.EntryForm.Order = []string{"kind", "text", "at"}
	v.ActionForm.Order = []string{"title", "due_date", "owner_department_id", "owner_user_id"}
	cbwForms(&v, p)
	v.Limit = h.kit.UploadLimit()
	h.kit.Render(w, r, status, incidentview.IncidentShowPage(h.kit.Page(r, "Incident "+p.NumberText(), section), v))
}

func classifyOf(x incident.Incident) incident.ClassifyInput {
	in := incident.ClassifyInput{Cause: x.Cause, Impact: x.Impact, Availability: x.Availability, Integrity: x.Integrity,
		Confidentiality: x.Confidentiality, PersonalData: x.PersonalData, DepartmentID: x.DepartmentID, HandlerID: x.HandlerID,
		ApplicationIDs: x.ApplicationIDs, ProcessIDs: x.ProcessIDs, SupplierIDs: x.SupplierIDs, Version: x.Version}
	if x.Category != "" {
		in.Category = x.Category + ":" + x.Subcategory
	}
	if x.OccurredAt != nil {
		in.OccurredAt = incident.InputValue(*x.OccurredAt)
	}
	return in
}

// Show serves GET /incidenten/{id}.
func (h *Handlers) Show(w http.ResponseWriter, r *http.Request) {
	kit.WithID(h.kit, w, r, func(id int64) { h.show(w, r, http.StatusOK, id, incidentview.IncidentShowView{}) })
}

// pageForm posts the form named form of an incident's page: read, save for
// the principal and the route's incident, then done's flash and page; or
// the page again, with view placing the input and the form state and the
// form kept (after a field error: as it is; after a conflict: with the
// stored version).
func pageForm[In any](h *Handlers, w http.ResponseWriter, r *http.Request, form string, read func(f *httpkit.Values) In,
	save func(ctx context.Context, actor authz.Principal, id int64, in In) error, view func(in In, state layout.Form) incidentview.IncidentShowView,
	done func(in In, id int64) (flash, target string)) {
	kit.SubmitAction(h.kit, w, r, kit.Action[In]{Read: read, Save: save, Done: done,
		Reshow: func(status int, id int64, in In, state layout.Form, stale bool) {
			v := view(in, state)
			v.Keep = form
			if stale {
				v.Keep, v.Stale = "", form
			}
			h.show(w, r, status, id, v)
		},
	})
}

// shown is the done of a form on an incident's page: flash, then the page
// at anchor ("" for its top).
func shown[In any](flash, anchor string) func(In, int64) (string, string) {
	return func(_ In, id int64) (string, string) { return flash, kit.IDPath("/incidenten", id) + anchor }
}

func readClassify(f *httpkit.Values) incident.ClassifyInput {
	return incident.ClassifyInput{Category: f.String("category"), Cause: f.String("cause"), Impact: f.String("impact"),
		Availability: f.Has("aspects", "B"), Integrity: f.Has("aspects", "I"), Confidentiality: f.Has("aspects", "V"),
		PersonalData: f.Bool("personal_data"), DepartmentID: f.ID("department_id"), HandlerID: f.ID("handler_id"),
		OccurredAt: f.String("occurred_at"), ApplicationIDs: f.IDs("application_ids"), ProcessIDs: f.IDs("process_ids"),
		SupplierIDs: f.IDs("supplier_ids"), Version: f.Version()}
}

// Classify serves POST /incidenten/{id}: the classification.
func (h *Handlers) Classify(w http.ResponseWriter, r *http.Request) {
	pageForm(h, w, r, "classify", readClassify, h.svc.Classify, func(in incident.ClassifyInput, state layout.Form) incidentview.IncidentShowView {
		return incidentview.IncidentShowView{ClassifyIn: in, ClassifyForm: state}
	}, shown[incident.ClassifyInput]("De classificatie is opgeslagen.", ""))
}

// Status serves POST /incidenten/{id}/status: one step further.
func (h *Handlers) Status(w http.ResponseWriter, r *http.Request) {
	read := func(f *httpkit.Values) incident.StatusInput {
		return incident.StatusInput{To: f.String("to"), Evaluation: f.Raw("evaluation"), Version: f.Version()}
	}
	pageForm(h, w, r, "status", read, h.svc.SetStatus, func(in incident.StatusInput, state layout.Form) incidentview.IncidentShowView {
		return incidentview.IncidentShowView{StatusIn: in, StatusForm: state}
	}, func(in incident.StatusInput, id int64) (string, string) {
		return "Het incident heeft nu de status " + incident.StatusLabel(in.To) + ".", kit.IDPath("/incidenten", id)
	})
}

// Entry serves POST /incidenten/{id}/tijdlijn: a new timeline entry.
func (h *Handlers) Entry(w http.ResponseWriter, r *http.Request) {
	read := func(f *httpkit.Values) incident.TimelineInput {
		return incident.TimelineInput{Kind: f.String("kind"), Text: f.Raw("text"), At: f.String("at")}
	}
	pageForm(h, w, r, "entry", read, h.svc.AddEntry, func(in incident.TimelineInput, state layout.Form) incidentview.IncidentShowView {
		return incidentview.IncidentShowView{EntryIn: in, EntryForm: state}
	}, shown[incident.TimelineInput]("De regel is aan de tijdlijn toegevoegd.", "#tijdlijn"))
}

func datalekOf(x incident.Incident) incident.DatalekInput {
	in := incident.DatalekInput{Decision: x.APDecision, Rationale: x.APRationale, Reference: x.APReference, Version: x.Version}
	if x.APNotifiedAt != nil {
		in.NotifiedAt = incident.InputValue(*x.APNotifiedAt)
	}
	return in
}

// Datalek serves POST /incidenten/{id}/datalek: the decision on notifying
// the Autoriteit Persoonsgegevens.
func (h *Handlers) Datalek(w http.ResponseWriter, r *http.Request) {
	read := func(f *httpkit.Values) incident.DatalekInput {
		return incident.DatalekInput{Decision: f.String("decision"), Rationale: f.Raw("ap_rationale"), NotifiedAt: f.String("notified_at"),
			Reference: f.String("reference"), Version: f.Version()}
	}
	pageForm(h, w, r, "datalek", read, h.svc.DecideDatalek, func(in incident.DatalekInput, state layout.Form) incidentview.IncidentShowView {
		return incidentview.IncidentShowView{DatalekIn: in, DatalekForm: state}
	}, func(in incident.DatalekInput, id int64) (string, string) {
		if in.Decision == incident.APNotify {
			return "De melding bij de AP is vastgelegd.", kit.IDPath("/incidenten", id)
		}
		return "Het besluit om niet te melden is vastgelegd.", kit.IDPath("/incidenten", id)
	})
}

// Action serves POST /incidenten/{id}/acties: an improvement action in the
// plan, linked to the incident.
func (h *Handlers) Action(w http.ResponseWriter, r *http.Request) {
	read := func(f *httpkit.Values) incident.ActionInput {
		return incident.ActionInput{Title: f.String("title"), DueDate: f.String("due_date"), DepartmentID: f.ID("owner_department_id")}
	}
	add := func(ctx context.Context, p authz.Principal, id int64, in incident.ActionInput) error {
		_, err := h.svc.AddAction(ctx, p, id, in)
		return err
	}
	pageForm(h, w, r, "action", read, add, func(in incident.ActionInput, state layout.Form) incidentview.IncidentShowView {
		return incidentview.IncidentShowView{ActionIn: in, ActionForm: state}
	}, shown[incident.ActionInput]("De verbeteractie is aan het informatiebeveiligingsplan toegevoegd.", "#verbeteracties"))
}
