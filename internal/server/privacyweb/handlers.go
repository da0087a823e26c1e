// Package privacyweb holds the handlers of the DPIA register: the list with
// the processes that need a DPIA and have none, the page of a DPIA with the
// FG's advice and the decision on it, and the form of a concept.
package privacyweb

import (
	"context"
	"net/http"
	"strings"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/nl"
	"github.com/baken-nl/baken/internal/privacy"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/views/privacyview"
)

// privacyService is what the handlers use of privacy.Service.
type privacyService interface {
	List(ctx context.Context, actor authz.Principal, f privacy.ListFilter) (privacy.ListPage, error)
	Get(ctx context.Context, actor authz.Principal, id int64) (privacy.Page, error)
	Form(ctx context.Context, actor authz.Principal, id int64) (privacy.FormData, error)
	Create(ctx context.Context, actor authz.Principal, in privacy.Input) (int64, error)
	Update(ctx context.Context, actor authz.Principal, id int64, in privacy.Input) error
	SetStatus(ctx context.Context, actor authz.Principal, id int64, in privacy.StatusInput) error
	Advise(ctx context.Context, actor authz.Principal, id int64, in privacy.AdviceInput) error
	Decide(ctx context.Context, actor authz.Principal, id int64, in privacy.DecisionInput) error
}

// Handlers are the DPIA handlers.
type Handlers struct {
	kit *kit.Kit
	svc privacyService
}

// New returns the DPIA handlers.
func New(k *kit.Kit, svc privacyService) *Handlers {
	return &Handlers{kit: k, svc: svc}
}

const section = "dpia"

// refuse shows a refusal with its reason (outside the actor's afdelingen).
func (h *Handlers) refuse(w http.ResponseWriter, r *http.Request, err error) {
	h.kit.Refuse(w, r, err, section, privacyview.DPIARefused)
}

// listFilters are the register's filters.
var listFilters = listing.Filters{
	{Name: "status", Kind: listing.Enum, Values: listing.ChoiceValues(privacy.Statuses)},
	{Name: "afdeling", Kind: listing.ID},
}

// List serves GET /dpia.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) {
	lf, err := listFilters.Parse(r.URL.Query())
	f := privacy.ListFilter{Status: lf.Get("status"), DepartmentID: lf.ID("afdeling")}
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	p, err := h.svc.List(r.Context(), *kit.Principal(r), f)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	v := privacyview.DPIAListView{ListPage: p, Filter: f}
	h.kit.Render(w, r, http.StatusOK, privacyview.DPIAListPage(h.kit.Page(r, "DPIA-register", section), v))
}

// ---- show page with the status, advice and decision forms ----

func (h *Handlers) show(w http.ResponseWriter, r *http.Request, status int, id int64, v privacyview.DPIAShowView) {
	p, err := h.svc.Get(r.Context(), *kit.Principal(r), id)
	if err != nil {
		h.refuse(w, r, err)
		return
	}
	v.Page = p
	// A step posted on a DPIA that moved on meanwhile (another tab, another
	// user): its form is no longer on the page, so the page says so and shows
	// what was typed, to copy. A field error of that form is moot then.
	if posted(v.AdviceForm) && !p.CanAdvise {
		v.AdviceLost, status = true, http.StatusConflict
	}
	if posted(v.DecisionForm) && !p.CanDecide {
		v.DecisionLost, status = true, http.StatusConflict
	}
	today := nl.Date(h.kit.Now()).Format("2006-01-02")
	if v.AdviceIn.AdvisedOn == "" {
		v.AdviceIn.AdvisedOn = today
	}
	if v.DecisionIn.DecidedOn == "" {
		v.DecisionIn.DecidedOn = today
	}
	// The forms carry the stored version, except the form shown again after
	// a field error: it keeps the version the user saw, so a change by
	// someone else in between is still a conflict.
	adv, dec := v.AdviceIn.Version, v.DecisionIn.Version
	v.AdviceIn.Version, v.DecisionIn.Version, v.StatusVersion = p.Version, p.Version, p.Version
	switch v.Keep {
	case "advice":
		v.AdviceIn.Version = adv
	case "decision":
		v.DecisionIn.Version = dec
	}
	v.AdviceForm.Order = []string{"advice", "advised_on"}
	v.DecisionForm.Order = []string{"decision", "rationale", "decided_on"}
	h.kit.Render(w, r, status, privacyview.DPIAShowPage(h.kit.Page(r, dpiaHeading(p.Title), section), v))
}

// posted reports whether f is the state of a form that was posted and not
// saved.
func posted(f layout.Form) bool { return f.Message != "" || len(f.Errors) > 0 }

// Show serves GET /dpia/{id}.
func (h *Handlers) Show(w http.ResponseWriter, r *http.Request) {
	kit.WithID(h.kit, w, r, func(id int64) { h.show(w, r, http.StatusOK, id, privacyview.DPIAShowView{}) })
}

// Status serves POST /dpia/{id}/status: to the FG, or back to concept.
func (h *Handlers) Status(w http.ResponseWriter, r *http.Request) {
	kit.SubmitAction(h.kit, w, r, kit.Action[privacy.StatusInput]{
		Read: func(f *httpkit.Values) privacy.StatusInput {
			return privacy.StatusInput{To: f.String("to"), Version: f.Version()}
		},
		Save: h.svc.SetStatus,
		Reshow: func(status int, id int64, _ privacy.StatusInput, state layout.Form, _ bool) {
			h.show(w, r, status, id, privacyview.DPIAShowView{StatusForm: state})
		},
		Done: func(in privacy.StatusInput, id int64) (string, string) {
			if in.To == privacy.StatusAtFG {
				return "De DPIA is voorgelegd aan de FG.", kit.IDPath("/dpia", id)
			}
			return "De DPIA is teruggezet naar concept.", kit.IDPath("/dpia", id)
		},
	})
}

// Advise serves POST /dpia/{id}/advies (the FG only).
func (h *Handlers) Advise(w http.ResponseWriter, r *http.Request) {
	kit.SubmitAction(h.kit, w, r, kit.Action[privacy.AdviceInput]{
		Read: func(f *httpkit.Values) privacy.AdviceInput {
			return privacy.AdviceInput{Advice: f.Raw("advice"), AdvisedOn: f.String("advised_on"), Version: f.Version()}
		},
		Save: h.svc.Advise,
		Reshow: func(status int, id int64, in privacy.AdviceInput, state layout.Form, stale bool) {
			h.reshowStep(w, r, status, id, state, stale, "advice", privacyview.DPIAShowView{AdviceIn: in, AdviceForm: state})
		},
		Done: shown[privacy.AdviceInput]("Het advies van de FG is vastgelegd."),
	})
}

// reshowStep shows the DPIA again after the FG's advice or the decision
// was not saved: the refusal page for a 403, else v with the form kept open
// (keep) unless the DPIA changed meanwhile.
func (h *Handlers) reshowStep(w http.ResponseWriter, r *http.Request, status int, id int64, state layout.Form, stale bool, keep string, v privacyview.DPIAShowView) {
	if status == http.StatusForbidden {
		h.refuse(w, r, apperr.Forbiddenf("%s", state.Message))
		return
	}
	if !stale {
		v.Keep = keep
	}
	h.show(w, r, status, id, v)
}

// shown is the Done of a step on the DPIA's page: flash, then the page.
func shown[In any](flash string) func(In, int64) (string, string) {
	return func(_ In, id int64) (string, string) { return flash, kit.IDPath("/dpia", id) }
}

// Decide serves POST /dpia/{id}/besluit.
func (h *Handlers) Decide(w http.ResponseWriter, r *http.Request) {
	kit.SubmitAction(h.kit, w, r, kit.Action[privacy.DecisionInput]{
		Read: func(f *httpkit.Values) privacy.DecisionInput {
			return privacy.DecisionInput{Decision: f.String("decision"), Rationale: f.Raw("rationale"), DecidedOn: f.String("decided_on"), Version: f.Version()}
		},
		Save: h.svc.Decide,
		Reshow: func(status int, id int64, in privacy.DecisionInput, state layout.Form, stale bool) {
			h.reshowStep(w, r, status, id, state, stale, "decision", privacyview.DPIAShowView{DecisionIn: in, DecisionForm: state})
		},
		Done: shown[privacy.DecisionInput]("Het besluit over het advies is vastgelegd."),
	})
}

// ---- the concept form ----

var formOrder = []string{"title", "processing", "department_id", "dspo_id", "process_ids", "risk_ids", "purpose", "subjects", "risks", "measures"}

// form shows the concept form of DPIA id (0: a new one).
func (h *Handlers) form(w http.ResponseWriter, r *http.Request, status int, id int64, f privacyview.DPIAForm) {
	data, err := h.svc.Form(r.Context(), *kit.Principal(r), id)
	if err != nil {
		h.refuse(w, r, err)
		return
	}
	h.formPage(w, r, status, id, f, data)
}

// formPage shows the concept form f of DPIA id with its choices data.
func (h *Handlers) formPage(w http.ResponseWriter, r *http.Request, status int, id int64, f privacyview.DPIAForm, data privacy.FormData) {
	f.Data, f.ID, f.Self = data, id, kit.Principal(r).UserID
	f.Form.Order = formOrder
	title := "Nieuwe DPIA"
	if data.DPIA != nil {
		title = dpiaHeading(data.DPIA.Title) + " bewerken"
		if data.DPIA.Status != privacy.StatusConcept && status == http.StatusOK {
			// Only a concept is edited: say so instead of offering the form.
			status = http.StatusConflict
			f.Form.Message = "Alleen een concept-DPIA kan worden gewijzigd. Deze DPIA heeft de status " +
				strings.ToLower(data.DPIA.StatusLabel()) + "; zet haar eerst terug naar concept."
			f.Locked = true
		}
	}
	h.kit.Render(w, r, status, privacyview.DPIAEdit(h.kit.Page(r, title, section), f))
}

func inputOf(d privacy.DPIA) privacy.Input {
	return privacy.Input{Title: d.Title, Processing: d.Processing, DepartmentID: d.DepartmentID, DSPOID: d.DSPOID,
		ProcessIDs: d.ProcessIDs, RiskIDs: d.RiskIDs, Purpose: d.Purpose, Subjects: d.Subjects, Risks: d.Risks,
		Measures: d.Measures, Version: d.Version}
}

// New serves GET /dpia/nieuw (?proces= preselects a process).
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) {
	q := httpkit.Query(r)
	proc := q.ID("proces")
	if err := q.Err(); err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	in := privacy.Input{DSPOID: kit.Principal(r).UserID}
	if proc != 0 {
		in.ProcessIDs = []int64{proc}
	}
	h.form(w, r, http.StatusOK, 0, privacyview.DPIAForm{Input: in})
}

func readInput(f *httpkit.Values) privacy.Input {
	return privacy.Input{Title: f.Raw("title"), Processing: f.Raw("processing"), DepartmentID: f.ID("department_id"), DSPOID: f.ID("dspo_id"),
		ProcessIDs: f.IDs("process_ids"), RiskIDs: f.IDs("risk_ids"), Purpose: f.Raw("purpose"), Subjects: f.Raw("subjects"),
		Risks: f.Raw("risks"), Measures: f.Raw("measures"), Version: f.Version()}
}

// Create serves POST /dpia.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) {
	kit.SubmitNew(h.kit, w, r, kit.New[privacy.Input]{
		Read: readInput,
		Save: h.svc.Create,
		Reshow: func(status int, in privacy.Input, state layout.Form) {
			h.form(w, r, status, 0, privacyview.DPIAForm{Input: in, Form: state})
		},
		Done: func(in privacy.Input, id int64) (string, string) {
			return "DPIA " + strings.TrimSpace(in.Title) + " is aangemaakt als concept.", kit.IDPath("/dpia", id)
		},
	})
}

// Edit serves GET /dpia/{id}/bewerken.
func (h *Handlers) Edit(w http.ResponseWriter, r *http.Request) {
	data, id, ok := kit.LoadOr(w, r, h.svc.Form, h.refuse)
	if !ok {
		return
	}
	var f privacyview.DPIAForm
	if data.DPIA != nil {
		f.Input = inputOf(*data.DPIA)
	}
	h.formPage(w, r, http.StatusOK, id, f, data)
}

// Update serves POST /dpia/{id}.
func (h *Handlers) Update(w http.ResponseWriter, r *http.Request) {
	kit.SubmitEdit(h.kit, w, r, kit.Edit[privacy.Input, privacy.FormData]{
		Read:    readInput,
		Save:    h.svc.Update,
		Current: h.svc.Form,
		Reshow: func(status int, id int64, in privacy.Input, state layout.Form, cur *privacy.FormData) {
			f := privacyview.DPIAForm{Input: in, Form: state}
			if cur != nil && cur.DPIA != nil {
				f.Current, f.Input.Version = cur.DPIA, cur.DPIA.Version
			}
			h.form(w, r, status, id, f)
		},
		Done: func(in privacy.Input, id int64) (string, string) {
			return "DPIA " + strings.TrimSpace(in.Title) + " is opgeslagen.", kit.IDPath("/dpia", id)
		},
	})
}

// dpiaHeading is the title of a DPIA's page: "DPIA <title>", unless the
// title says DPIA itself ("DPIA Digitale verhuismelding").
func dpiaHeading(title string) string {
	if strings.HasPrefix(strings.ToUpper(title), "DPIA") {
		return title
	}
	return "DPIA " + title
}
