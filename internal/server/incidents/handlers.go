// Package incidents holds the handlers of the incident register: the short
// report form every user has, the reporter's own reports, and the register
// with the page of one incident where the CISO or a DSPO classifies it,
// moves its status and adds to its timeline.
package incidents

import (
	"context"
	"net/http"
	"time"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/pages"
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
	if e, ok := apperr.As(err); ok && e.Code == apperr.Forbidden {
		h.kit.Render(w, r, http.StatusForbidden, pages.IncidentRefused(h.kit.Page(r, "Geen toegang", section), e.Message))
		return
	}
	h.kit.Fail(w, r, err)
}

// ---- reporting ----

var reportOrder = []string{"title", "description", "discovered_at", "application_id", "process_id", "personal_data", "department_id"}

func (h *Handlers) reportForm(w http.ResponseWriter, r *http.Request, status int, in incident.ReportInput, state layout.Form) {
	opts, err := h.svc.ReportOptions(r.Context(), *kit.Principal(r))
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	if in.DiscoveredAt == "" && status == http.StatusOK {
		in.DiscoveredAt = incident.InputValue(opts.Now)
	}
	state.Order = reportOrder
	v := pages.IncidentReportView{Options: opts, Input: in, Form: state}
	v.Limit, v.FilesLost = h.kit.UploadLimit(), len(in.Files) > 0
	h.kit.Render(w, r, status, pages.IncidentReportPage(h.kit.Page(r, "Incident melden", section), v))
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
			PersonalData: f.String("personal_data")}
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
	rows, err := h.svc.Mine(r.Context(), *kit.Principal(r))
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	h.kit.Render(w, r, http.StatusOK, pages.IncidentMinePage(h.kit.Page(r, "Mijn meldingen", section), rows))
}

// Own serves GET /incidenten/mijn/{id}: one own report and its status.
func (h *Handlers) Own(w http.ResponseWriter, r *http.Request) {
	rep, _, ok := kit.Load(h.kit, w, r, h.svc.Own)
	if !ok {
		return
	}
	h.kit.Render(w, r, http.StatusOK, pages.IncidentOwnPage(h.kit.Page(r, "Melding "+rep.NumberText(), section), rep))
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
	lp, err := h.svc.List(r.Context(), *p, f, pg.Params)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	pg.Total = lp.Total
	v := pages.IncidentListView{ListPage: lp, Filter: f, Page: pg, CanReport: p.Can(authz.ReportIncident), ExportURL: "/incidenten/export.xlsx"}
	v.CanLoket = p.Can(authz.ConfigureMeldloket)
	v.CanConfigure = p.Can(authz.ConfigureIncidents)
	v.ExportQuery = lf.Query()
	v.ExportURL += v.ExportQuery
	h.kit.Render(w, r, http.StatusOK, pages.IncidentListPage(h.kit.Page(r, "Incidentregister", section), v))
}

// ---- one incident ----

func (h *Handlers) show(w http.ResponseWriter, r *http.Request, status int, id int64, v pages.IncidentShowView) {
	p, err := h.svc.Get(r.Context(), *kit.Principal(r), id)
	if err != nil {
		h.refuse(w, r, err)
		return
	}
	v.Page = p
	// The forms carry the stored version, except the form shown again after
	// a field error: it keeps the input and the version the user saw. After
	// a conflict the input is kept with the stored version, and the stored
	// classification is shown next to it.
	switch {
	case v.Keep == "classify":
	case v.Stale == "classify":
		v.ClassifyIn.Version = p.Version
	default:
		v.ClassifyIn = classifyOf(p.Incident)
	}
	if v.Keep != "status" {
		v.StatusIn.Version = p.Version
	}
	switch {
	case v.Keep == "datalek":
	case v.Stale == "datalek":
		v.DatalekIn.Version = p.Version
	default:
		v.DatalekIn = datalekOf(p.Incident)
	}
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
	h.kit.Render(w, r, status, pages.IncidentShowPage(h.kit.Page(r, "Incident "+p.NumberText(), section), v))
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
	id, err := kit.PathID(r)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	h.show(w, r, http.StatusOK, id, pages.IncidentShowView{})
}

// Classify serves POST /incidenten/{id}: the classification.
func (h *Handlers) Classify(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	p := kit.Principal(r)
	kit.Submit(h.kit, w, r, kit.FormPost[incident.ClassifyInput]{
		Read: func(f *httpkit.Values) incident.ClassifyInput {
			return incident.ClassifyInput{Category: f.String("category"), Cause: f.String("cause"), Impact: f.String("impact"),
				Availability: f.Has("aspects", "B"), Integrity: f.Has("aspects", "I"), Confidentiality: f.Has("aspects", "V"),
				PersonalData: f.Bool("personal_data"), DepartmentID: f.ID("department_id"), HandlerID: f.ID("handler_id"),
				OccurredAt: f.String("occurred_at"), ApplicationIDs: f.IDs("application_ids"), ProcessIDs: f.IDs("process_ids"),
				SupplierIDs: f.IDs("supplier_ids"), Version: f.Version()}
		},
		Save: func(ctx context.Context, in incident.ClassifyInput) (int64, error) {
			return id, h.svc.Classify(ctx, *p, id, in)
		},
		Reshow: func(status int, in incident.ClassifyInput, state layout.Form, stale bool) {
			v := pages.IncidentShowView{ClassifyIn: in, ClassifyForm: state, Keep: "classify"}
			if stale {
				v.Keep, v.Stale = "", "classify"
			}
			h.show(w, r, status, id, v)
		},
		Done: func(incident.ClassifyInput, int64) (string, string) {
			return "De classificatie is opgeslagen.", kit.IDPath("/incidenten", id)
		},
	})
}

// Status serves POST /incidenten/{id}/status: one step further.
func (h *Handlers) Status(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	p := kit.Principal(r)
	kit.Submit(h.kit, w, r, kit.FormPost[incident.StatusInput]{
		Read: func(f *httpkit.Values) incident.StatusInput {
			return incident.StatusInput{To: f.String("to"), Evaluation: f.Raw("evaluation"), Version: f.Version()}
		},
		Save: func(ctx context.Context, in incident.StatusInput) (int64, error) {
			return id, h.svc.SetStatus(ctx, *p, id, in)
		},
		Reshow: func(status int, in incident.StatusInput, state layout.Form, stale bool) {
			v := pages.IncidentShowView{StatusIn: in, StatusForm: state}
			if !stale {
				v.Keep = "status"
			}
			h.show(w, r, status, id, v)
		},
		Done: func(in incident.StatusInput, _ int64) (string, string) {
			return "Het incident heeft nu de status " + incident.StatusLabel(in.To) + ".", kit.IDPath("/incidenten", id)
		},
	})
}

// Entry serves POST /incidenten/{id}/tijdlijn: a new timeline entry.
func (h *Handlers) Entry(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	p := kit.Principal(r)
	kit.Submit(h.kit, w, r, kit.FormPost[incident.TimelineInput]{
		Read: func(f *httpkit.Values) incident.TimelineInput {
			return incident.TimelineInput{Kind: f.String("kind"), Text: f.Raw("text"), At: f.String("at")}
		},
		Save: func(ctx context.Context, in incident.TimelineInput) (int64, error) {
			return id, h.svc.AddEntry(ctx, *p, id, in)
		},
		Reshow: func(status int, in incident.TimelineInput, state layout.Form, _ bool) {
			h.show(w, r, status, id, pages.IncidentShowView{EntryIn: in, EntryForm: state})
		},
		Done: func(incident.TimelineInput, int64) (string, string) {
			return "De regel is aan de tijdlijn toegevoegd.", kit.IDPath("/incidenten", id) + "#tijdlijn"
		},
	})
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
	id, err := kit.PathID(r)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	p := kit.Principal(r)
	kit.Submit(h.kit, w, r, kit.FormPost[incident.DatalekInput]{
		Read: func(f *httpkit.Values) incident.DatalekInput {
			return incident.DatalekInput{Decision: f.String("decision"), Rationale: f.Raw("ap_rationale"), NotifiedAt: f.String("notified_at"),
				Reference: f.String("reference"), Version: f.Version()}
		},
		Save: func(ctx context.Context, in incident.DatalekInput) (int64, error) {
			return id, h.svc.DecideDatalek(ctx, *p, id, in)
		},
		Reshow: func(status int, in incident.DatalekInput, state layout.Form, stale bool) {
			v := pages.IncidentShowView{DatalekIn: in, DatalekForm: state, Keep: "datalek"}
			if stale {
				v.Keep, v.Stale = "", "datalek"
			}
			h.show(w, r, status, id, v)
		},
		Done: func(in incident.DatalekInput, _ int64) (string, string) {
			if in.Decision == incident.APNotify {
				return "De melding bij de AP is vastgelegd.", kit.IDPath("/incidenten", id)
			}
			return "Het besluit om niet te melden is vastgelegd.", kit.IDPath("/incidenten", id)
		},
	})
}

// Action serves POST /incidenten/{id}/acties: an improvement action in the
// plan, linked to the incident.
func (h *Handlers) Action(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	p := kit.Principal(r)
	kit.Submit(h.kit, w, r, kit.FormPost[incident.ActionInput]{
		Read: func(f *httpkit.Values) incident.ActionInput {
			return incident.ActionInput{Title: f.String("title"), DueDate: f.String("due_date"), DepartmentID: f.ID("owner_department_id")}
		},
		Save: func(ctx context.Context, in incident.ActionInput) (int64, error) {
			return h.svc.AddAction(ctx, *p, id, in)
		},
		Reshow: func(status int, in incident.ActionInput, state layout.Form, _ bool) {
			h.show(w, r, status, id, pages.IncidentShowView{ActionIn: in, ActionForm: state})
		},
		Done: func(in incident.ActionInput, _ int64) (string, string) {
			return "De verbeteractie is aan het informatiebeveiligingsplan toegevoegd.", kit.IDPath("/incidenten", id) + "#verbeteracties"
		},
	})
}
