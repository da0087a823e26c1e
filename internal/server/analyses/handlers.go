// Package analyses holds the handlers of the risk analyses: the list, the
// guided flow of the afdelingsmanager (step 1 the subject, step 2 the risks,
// step 3 their treatment, step 4 the summary and submitting) and the CISO's
// review.
package analyses

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/risk"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/views/riskview"
)

// analysisService is what the handlers use of risk.AnalysisService.
type analysisService interface {
	List(ctx context.Context, actor authz.Principal, f risk.AnalysisFilter, p listing.Params) (risk.AnalysisList, error)
	Analysis(ctx context.Context, actor authz.Principal, id int64) (risk.AnalysisPage, error)
	NewAnalysis(ctx context.Context, actor authz.Principal, from risk.Subject) (risk.AnalysisInput, risk.AnalysisForm, error)
	EditAnalysis(ctx context.Context, actor authz.Principal, id int64) (risk.AnalysisForm, error)
	AnalysisFormFor(ctx context.Context, actor authz.Principal, id int64) (risk.AnalysisForm, error)
	CreateAnalysis(ctx context.Context, actor authz.Principal, in risk.AnalysisInput) (int64, error)
	UpdateAnalysis(ctx context.Context, actor authz.Principal, id int64, in risk.AnalysisInput) error
	RiskFormData(ctx context.Context, actor authz.Principal, analysisID, riskID int64) (risk.RiskForm, error)
	AddRisk(ctx context.Context, actor authz.Principal, analysisID int64, in risk.RiskInput) (int64, error)
	UpdateRisk(ctx context.Context, actor authz.Principal, analysisID, riskID int64, in risk.RiskInput) error
	UpdateTreatment(ctx context.Context, actor authz.Principal, analysisID, riskID int64, in risk.TreatmentInput) error
	DeleteRisk(ctx context.Context, actor authz.Principal, analysisID, riskID int64, version int) error
	Submit(ctx context.Context, actor authz.Principal, id int64, version int) error
	Review(ctx context.Context, actor authz.Principal, id int64, establish bool, in risk.ReviewInput) error
	Reopen(ctx context.Context, actor authz.Principal, id int64, version int) error
}

// Handlers are the risk analysis handlers.
type Handlers struct {
	kit *kit.Kit
	svc analysisService
}

// New returns the risk analysis handlers.
func New(k *kit.Kit, svc analysisService) *Handlers { return &Handlers{kit: k, svc: svc} }

const base = "/risicoanalyses"

var subjectKinds = []string{risk.SubjectProcess, risk.SubjectApplication, risk.SubjectSupplier, risk.SubjectProject, risk.SubjectTheme}

var statuses = []string{risk.StatusConcept, risk.StatusSubmitted, risk.StatusEstablished}

// listFilters are the list's filters.
var listFilters = listing.Filters{
	{Name: "status", Kind: listing.Enum, Values: statuses},
	{Name: "afdeling", Kind: listing.ID},
	{Name: "onderwerp", Kind: listing.Enum, Values: subjectKinds},
	{Name: "verlopen", Kind: listing.Bool},
}

// List serves GET /risicoanalyses.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) {
	lf, err := listFilters.Parse(r.URL.Query())
	f := risk.AnalysisFilter{Status: lf.Get("status"), DepartmentID: lf.ID("afdeling"), SubjectKind: lf.Get("onderwerp"), Overdue: lf.On("verlopen")}
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	pg := kit.ListPage(r, nil, "")
	l, err := kit.LoadList(&pg, func(q listing.Params) (risk.AnalysisList, int, error) {
		x, err := h.svc.List(r.Context(), *kit.Principal(r), f, q)
		return x, x.Total, err
	})
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	h.kit.Render(w, r, http.StatusOK, riskview.AnalysisListPage(h.kit.Page(r, "Risicoanalyses", "risicoanalyses"),
		riskview.AnalysisListView{AnalysisList: l, Filter: f, Page: pg}))
}

// Show serves GET /risicoanalyses/{id}: the summary (step 4).
func (h *Handlers) Show(w http.ResponseWriter, r *http.Request) {
	kit.WithID(h.kit, w, r, func(id int64) { h.show(w, r, http.StatusOK, id, riskview.AnalysisShowView{}) })
}

func (h *Handlers) show(w http.ResponseWriter, r *http.Request, status int, id int64, v riskview.AnalysisShowView) {
	p, ok := kit.FetchID(h.kit, w, r, h.svc.Analysis, id)
	if !ok {
		return
	}
	v.AnalysisPage = p
	if v.Review.Version == 0 {
		v.Review.Version = p.Analysis.Version
	}
	h.kit.Render(w, r, status, riskview.AnalysisShowPage(h.kit.Page(r, p.Analysis.Title, "risicoanalyses"), v))
}

// ---- step 1 ----

var analysisOrder = []string{"title", "subject", "subject_name", "department_id", "owner_id", "helpers", "scope", "analysis_date"}

func readAnalysis(f *httpkit.Values) risk.AnalysisInput {
	return risk.AnalysisInput{Title: f.Raw("title"), Subject: f.String("subject"), SubjectName: f.Raw("subject_name"),
		DepartmentID: f.ID("department_id"), OwnerID: f.ID("owner_id"), Helpers: f.IDs("helpers"), Scope: f.Raw("scope"),
		AnalysisDate: f.String("analysis_date"), Version: f.Version()}
}

func (h *Handlers) form(w http.ResponseWriter, r *http.Request, status int, id int64, v riskview.AnalysisFormView) {
	title := "Nieuwe risicoanalyse"
	if id != 0 {
		title = "Risicoanalyse wijzigen"
	}
	v.ID = id
	v.Form.Order = analysisOrder
	h.kit.Render(w, r, status, riskview.AnalysisFormPage(h.kit.Page(r, title, "risicoanalyses"), v))
}

// New serves GET /risicoanalyses/nieuw; ?onderwerp=process:12 starts from
// a subject (the process page links here, with its BIA).
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) {
	var from risk.Subject
	if s := r.URL.Query().Get("onderwerp"); s != "" {
		var ok bool
		if from, ok = risk.ParseSubject(s); !ok {
			h.kit.RenderError(w, r, http.StatusBadRequest)
			return
		}
	}
	in, f, err := h.svc.NewAnalysis(r.Context(), *kit.Principal(r), from)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	h.form(w, r, http.StatusOK, 0, riskview.AnalysisFormView{Input: in, AnalysisForm: f})
}

// Create serves POST /risicoanalyses.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) {
	kit.SubmitNew(h.kit, w, r, kit.New[risk.AnalysisInput]{
		Read: readAnalysis,
		Save: h.svc.CreateAnalysis,
		Reshow: func(status int, in risk.AnalysisInput, state layout.Form) {
			h.reshowAnalysis(w, r, status, 0, in, state)
		},
		Done: func(_ risk.AnalysisInput, id int64) (string, string) {
			return "De risicoanalyse is als concept opgeslagen. Benoem nu de risico's.", kit.IDPath(base, id) + "/risicos/nieuw"
		},
	})
}

func (h *Handlers) reshowAnalysis(w http.ResponseWriter, r *http.Request, status int, id int64, in risk.AnalysisInput, state layout.Form) {
	f, err := h.svc.AnalysisFormFor(r.Context(), *kit.Principal(r), id)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	h.form(w, r, status, id, riskview.AnalysisFormView{Input: in, AnalysisForm: f, Form: state})
}

// Edit serves GET /risicoanalyses/{id}/bewerken.
func (h *Handlers) Edit(w http.ResponseWriter, r *http.Request) {
	f, id, ok := kit.Load(h.kit, w, r, h.svc.EditAnalysis)
	if !ok {
		return
	}
	h.form(w, r, http.StatusOK, id, riskview.AnalysisFormView{Input: f.Analysis.Input(), AnalysisForm: f})
}

// Update serves POST /risicoanalyses/{id}/bewerken.
func (h *Handlers) Update(w http.ResponseWriter, r *http.Request) {
	kit.SubmitAction(h.kit, w, r, kit.Action[risk.AnalysisInput]{
		Read: readAnalysis,
		Save: h.svc.UpdateAnalysis,
		Reshow: func(status int, id int64, in risk.AnalysisInput, state layout.Form, stale bool) {
			if stale {
				f, err := h.svc.EditAnalysis(r.Context(), *kit.Principal(r), id)
				if err != nil {
					h.kit.Fail(w, r, err)
					return
				}
				state.Message = "Iemand anders heeft deze risicoanalyse gewijzigd sinds u het formulier opende. Hieronder staat uw invoer; controleer de huidige gegevens op de analysepagina en sla opnieuw op."
				in.Version = f.Analysis.Version
				h.form(w, r, status, id, riskview.AnalysisFormView{Input: in, AnalysisForm: f, Form: state})
				return
			}
			h.reshowAnalysis(w, r, status, id, in, state)
		},
		Done: func(_ risk.AnalysisInput, id int64) (string, string) {
			return "De gegevens van de risicoanalyse zijn opgeslagen.", kit.IDPath(base, id)
		},
	})
}

// ---- steps 2 and 3 ----

func riskIDs(r *http.Request) (analysisID, riskID int64, err error) {
	if analysisID, err = kit.PathID(r); err != nil {
		return 0, 0, err
	}
	if s := chi.URLParam(r, "rid"); s != "" {
		riskID, err = httpkit.PathID(s)
	}
	return analysisID, riskID, err
}

var riskOrder = []string{"threat_code", "threat", "description", "affects", "likelihood", "impact"}

func readRisk(f *httpkit.Values) risk.RiskInput {
	return risk.RiskInput{ThreatCode: f.String("threat_code"), Threat: f.Raw("threat"), Description: f.Raw("description"),
		Affects:    [3]bool{f.Has("affects", "b"), f.Has("affects", "i"), f.Has("affects", "v")},
		Likelihood: f.Number("likelihood"), Impact: f.Number("impact"), Version: f.Version()}
}

func (h *Handlers) riskForm(w http.ResponseWriter, r *http.Request, status int, v riskview.RiskFormView, treatment bool) {
	analysisID, riskID, err := riskIDs(r)
	if err == nil {
		v.RiskForm, err = h.svc.RiskFormData(r.Context(), *kit.Principal(r), analysisID, riskID)
	}
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	if treatment {
		v.Form.Order = treatmentOrder
		h.kit.Render(w, r, status, riskview.TreatmentFormPage(h.kit.Page(r, "Behandeling: "+v.Risk.Threat, "risicoanalyses"), v))
		return
	}
	v.Form.Order = riskOrder
	title := "Risico toevoegen"
	if v.Risk != nil {
		title = "Risico wijzigen"
	}
	h.kit.Render(w, r, status, riskview.RiskFormPage(h.kit.Page(r, title, "risicoanalyses"), v))
}

// RiskNew serves GET /risicoanalyses/{id}/risicos/nieuw (step 2).
func (h *Handlers) RiskNew(w http.ResponseWriter, r *http.Request) {
	h.riskForm(w, r, http.StatusOK, riskview.RiskFormView{}, false)
}

// RiskEdit serves GET /risicoanalyses/{id}/risicos/{rid}.
func (h *Handlers) RiskEdit(w http.ResponseWriter, r *http.Request) {
	h.riskForm(w, r, http.StatusOK, riskview.RiskFormView{LoadInput: true}, false)
}

// RiskSave serves POST /risicoanalyses/{id}/risicos and
// POST /risicoanalyses/{id}/risicos/{rid}; then on to the treatment (step 3).
func (h *Handlers) RiskSave(w http.ResponseWriter, r *http.Request) {
	save := func(ctx context.Context, p authz.Principal, analysisID, riskID int64, in risk.RiskInput) (int64, error) {
		if riskID == 0 {
			return h.svc.AddRisk(ctx, p, analysisID, in)
		}
		return riskID, h.svc.UpdateRisk(ctx, p, analysisID, riskID, in)
	}
	riskPost(h, w, r, readRisk, save, func(in risk.RiskInput) riskview.RiskFormView { return riskview.RiskFormView{RiskInput: in} }, false,
		func(_ risk.RiskInput, analysisID, id int64) (string, string) {
			return "Het risico is opgeslagen. Leg nu de behandeling vast.", risk.RiskPath(analysisID, id) + "/behandeling"
		})
}

// riskPost is the tail of the forms of steps 2 and 3 about the analysis and
// risk of the route: save for the principal, then done's flash and page; or
// the form again (view places the input), after a conflict with the stored
// risk next to the input.
func riskPost[In any](h *Handlers, w http.ResponseWriter, r *http.Request, read func(f *httpkit.Values) In,
	save func(ctx context.Context, p authz.Principal, analysisID, riskID int64, in In) (int64, error),
	view func(in In) riskview.RiskFormView, treatment bool, done func(in In, analysisID, riskID int64) (flash, target string)) {
	analysisID, riskID, err := riskIDs(r)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	p := kit.Principal(r)
	kit.Submit(h.kit, w, r, kit.FormPost[In]{
		Read: read,
		Save: func(ctx context.Context, in In) (int64, error) { return save(ctx, *p, analysisID, riskID, in) },
		Reshow: func(status int, in In, state layout.Form, stale bool) {
			if stale {
				state.Message = staleRisk
			}
			v := view(in)
			v.Form, v.Stale = state, stale
			h.riskForm(w, r, status, v, treatment)
		},
		Done: func(in In, id int64) (string, string) { return done(in, analysisID, id) },
	})
}

const staleRisk = "Iemand anders heeft dit risico gewijzigd sinds u het formulier opende. Hieronder staat uw invoer naast de huidige gegevens; sla opnieuw op om uw invoer te bewaren."

var treatmentOrder = []string{"control_ids", "treatment", "treatment_description", "estimated_cost", "residual_likelihood", "residual_impact", "owner_id", "action_title", "action_due"}

func readTreatment(f *httpkit.Values) risk.TreatmentInput {
	return risk.TreatmentInput{Treatment: f.OneOf("treatment", "vermijden", "verminderen", "overdragen", "accepteren"),
		TreatmentText: f.Raw("treatment_description"), Cost: f.String("estimated_cost"),
		Likelihood: f.Number("residual_likelihood"), Impact: f.Number("residual_impact"), OwnerID: f.ID("owner_id"),
		Controls: f.IDs("control_ids"), ActionTitle: f.Raw("action_title"), ActionDue: f.String("action_due"), Version: f.Version()}
}

// TreatmentEdit serves GET /risicoanalyses/{id}/risicos/{rid}/behandeling (step 3).
func (h *Handlers) TreatmentEdit(w http.ResponseWriter, r *http.Request) {
	h.riskForm(w, r, http.StatusOK, riskview.RiskFormView{LoadInput: true}, true)
}

// TreatmentSave serves POST /risicoanalyses/{id}/risicos/{rid}/behandeling.
func (h *Handlers) TreatmentSave(w http.ResponseWriter, r *http.Request) {
	save := func(ctx context.Context, p authz.Principal, analysisID, riskID int64, in risk.TreatmentInput) (int64, error) {
		return riskID, h.svc.UpdateTreatment(ctx, p, analysisID, riskID, in)
	}
	riskPost(h, w, r, readTreatment, save, func(in risk.TreatmentInput) riskview.RiskFormView { return riskview.RiskFormView{Treatment: in} }, true,
		func(in risk.TreatmentInput, analysisID, _ int64) (string, string) {
			msg := "De behandeling is opgeslagen."
			if in.ActionTitle != "" {
				msg += " De behandelactie staat in het informatiebeveiligingsplan."
			}
			return msg, kit.IDPath(base, analysisID) + "#risicos"
		})
}

// RiskDelete serves POST /risicoanalyses/{id}/risicos/{rid}/verwijderen.
func (h *Handlers) RiskDelete(w http.ResponseWriter, r *http.Request) {
	analysisID, riskID, err := riskIDs(r)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	h.versioned(w, r, func(ctx context.Context, p authz.Principal, version int) error {
		return h.svc.DeleteRisk(ctx, p, analysisID, riskID, version)
	}, "Het risico is gewijzigd sinds u de pagina opende en is niet verwijderd. Bekijk de huidige stand en probeer het opnieuw.",
		"Het risico is verwijderd.", kit.IDPath(base, analysisID)+"#risicos")
}

// ---- status ----

// versioned posts a form that carries only the version the user saw: do,
// then flash on target; a change by someone else meanwhile is the warning
// stale there.
func (h *Handlers) versioned(w http.ResponseWriter, r *http.Request, do func(ctx context.Context, p authz.Principal, version int) error, stale, flash, target string) {
	err := kit.ParseForm(r)
	if err == nil {
		f := httpkit.Form(r)
		v := f.Version()
		if err = f.Err(); err == nil {
			err = do(r.Context(), *kit.Principal(r), v)
		}
	}
	switch {
	case apperr.IsStale(err):
		h.kit.FlashWarning(r.Context(), stale)
	case err != nil:
		h.kit.Fail(w, r, err)
		return
	default:
		h.kit.Flash(r.Context(), flash)
	}
	httpkit.Redirect(w, r, target)
}

// step moves the analysis {id} of the route on (submit, reopen).
func (h *Handlers) step(w http.ResponseWriter, r *http.Request, do func(ctx context.Context, p authz.Principal, id int64, version int) error, flash string) {
	kit.WithID(h.kit, w, r, func(id int64) {
		h.versioned(w, r, func(ctx context.Context, p authz.Principal, version int) error { return do(ctx, p, id, version) },
			"De risicoanalyse is gewijzigd sinds u de pagina opende. Bekijk de huidige stand en probeer het opnieuw.", flash, kit.IDPath(base, id))
	})
}

// Submit serves POST /risicoanalyses/{id}/indienen.
func (h *Handlers) Submit(w http.ResponseWriter, r *http.Request) {
	h.step(w, r, h.svc.Submit, "De risicoanalyse is ingediend. De CISO beoordeelt haar; risico's boven de risicobereidheid gaan naar de directie.")
}

// Reopen serves POST /risicoanalyses/{id}/heropenen.
func (h *Handlers) Reopen(w http.ResponseWriter, r *http.Request) {
	h.step(w, r, h.svc.Reopen, "De risicoanalyse is heropend als concept. Werk haar bij en dien haar opnieuw in.")
}

// Establish serves POST /risicoanalyses/{id}/vaststellen (CISO).
func (h *Handlers) Establish(w http.ResponseWriter, r *http.Request) { h.review(w, r, true) }

// SendBack serves POST /risicoanalyses/{id}/terugzetten (CISO).
func (h *Handlers) SendBack(w http.ResponseWriter, r *http.Request) { h.review(w, r, false) }

func (h *Handlers) review(w http.ResponseWriter, r *http.Request, establish bool) {
	kit.SubmitAction(h.kit, w, r, kit.Action[risk.ReviewInput]{
		Read: func(f *httpkit.Values) risk.ReviewInput {
			return risk.ReviewInput{Comment: f.Raw("comment"), Version: f.Version()}
		},
		Save: func(ctx context.Context, actor authz.Principal, id int64, in risk.ReviewInput) error {
			return h.svc.Review(ctx, actor, id, establish, in)
		},
		Reshow: func(status int, id int64, in risk.ReviewInput, state layout.Form, stale bool) {
			if stale {
				state.Message = "De risicoanalyse is gewijzigd sinds u de pagina opende. Bekijk de huidige stand; uw commentaar staat er nog."
				in.Version = 0
			}
			state.Order = []string{"comment"}
			h.show(w, r, status, id, riskview.AnalysisShowView{Review: in, ReviewForm: state})
		},
		Done: func(_ risk.ReviewInput, id int64) (string, string) {
			if establish {
				return "De risicoanalyse is vastgesteld.", kit.IDPath(base, id)
			}
			return "De risicoanalyse is teruggezet naar concept; de afdelingsmanager ziet uw commentaar.", kit.IDPath(base, id)
		},
	})
}
