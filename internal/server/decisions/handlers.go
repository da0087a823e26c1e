// Package decisions holds the handlers of the risk appetite and the
// decisions on risks: the appetite page, the decision queue, the page of one
// risk with its decisions, and the register of accepted risks.
package decisions

import (
	"context"
	"net/http"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/risk"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/views/riskview"
)

// decisionService is what the handlers use of risk.DecisionService.
type decisionService interface {
	Appetite(ctx context.Context, actor authz.Principal) (risk.AppetitePage, error)
	SetAppetite(ctx context.Context, actor authz.Principal, in risk.AppetiteInput) error
	Queue(ctx context.Context, actor authz.Principal) (risk.QueuePage, error)
	Decision(ctx context.Context, actor authz.Principal, riskID int64) (risk.DecisionPage, error)
	Decide(ctx context.Context, actor authz.Principal, riskID int64, in risk.DecisionInput) error
	AcceptWithinAppetite(ctx context.Context, actor authz.Principal, riskID int64, in risk.DecisionInput) error
	Register(ctx context.Context, actor authz.Principal) (risk.DecisionRegister, error)
}

// Handlers are the decision handlers.
type Handlers struct {
	kit *kit.Kit
	svc decisionService
}

// New returns the decision handlers.
func New(k *kit.Kit, svc decisionService) *Handlers { return &Handlers{kit: k, svc: svc} }

var appetiteOrder = []string{"max_level", "availability_level", "integrity_level", "confidentiality_level",
	"decision_reference", "decided_on", "decided_by_body", "notes"}

func (h *Handlers) appetitePage(w http.ResponseWriter, r *http.Request, status int, v riskview.DecisionAppetiteView, keep bool) {
	p, ok := kit.Fetch(h.kit, w, r, h.svc.Appetite)
	if !ok {
		return
	}
	v.AppetitePage = p
	if !keep && p.Current != nil {
		v.Input = risk.AppetiteInput{MaxLevel: p.Current.MaxLevel, Aspects: p.Current.Aspects, Body: p.Current.Body}
	}
	// The form continues from the appetite shown now (after a conflict: the newer one).
	v.Input.Current = 0
	if p.Current != nil {
		v.Input.Current = p.Current.ID
	}
	v.Form.Order = appetiteOrder
	h.kit.Render(w, r, status, riskview.DecisionAppetitePage(h.kit.Page(r, "Risicobereidheid", "besluiten"), v))
}

// AppetiteShow serves GET /risicobereidheid.
func (h *Handlers) AppetiteShow(w http.ResponseWriter, r *http.Request) {
	h.appetitePage(w, r, http.StatusOK, riskview.DecisionAppetiteView{}, false)
}

// AppetiteUpdate serves POST /risicobereidheid.
func (h *Handlers) AppetiteUpdate(w http.ResponseWriter, r *http.Request) {
	kit.SubmitSetting(h.kit, w, r, kit.Setting[risk.AppetiteInput]{
		Read: func(f *httpkit.Values) risk.AppetiteInput {
			in := risk.AppetiteInput{MaxLevel: f.Int("max_level", 1, 10), Reference: f.Raw("decision_reference"),
				DecidedOn: f.String("decided_on"), Body: f.String("decided_by_body"), Notes: f.Raw("notes"), Current: f.ID("current")}
			for i, a := range risk.AppetiteAspects {
				in.Aspects[i] = f.Int(a.Field, 1, 10)
			}
			return in
		},
		Save: h.svc.SetAppetite,
		Reshow: func(status int, in risk.AppetiteInput, state layout.Form, _ bool) {
			h.appetitePage(w, r, status, riskview.DecisionAppetiteView{Input: in, Form: state}, true)
		},
		Flash: "De risicobereidheid is vastgelegd.", Target: "/risicobereidheid",
	})
}

// Queue serves GET /besluiten.
func (h *Handlers) Queue(w http.ResponseWriter, r *http.Request) {
	if q, ok := kit.Fetch(h.kit, w, r, h.svc.Queue); ok {
		h.kit.Render(w, r, http.StatusOK, riskview.DecisionQueuePage(h.kit.Page(r, "Besluiten over risico's", "besluiten"), q))
	}
}

// Register serves GET /risicos/geaccepteerd.
func (h *Handlers) Register(w http.ResponseWriter, r *http.Request) {
	if g, ok := kit.Fetch(h.kit, w, r, h.svc.Register); ok {
		h.kit.Render(w, r, http.StatusOK, riskview.DecisionRegisterPage(h.kit.Page(r, "Geaccepteerde risico's", "besluiten"), g))
	}
}

var decisionOrder = []string{"kind", "outcome", "rationale", "valid_until"}

func (h *Handlers) riskPage(w http.ResponseWriter, r *http.Request, status int, id int64, v riskview.DecisionRiskView) {
	p, ok := kit.FetchID(h.kit, w, r, h.svc.Decision, id)
	if !ok {
		return
	}
	v.DecisionPage = p
	v.Form.Order, v.AcceptForm.Order = decisionOrder, decisionOrder
	h.kit.Render(w, r, status, riskview.DecisionRiskPage(h.kit.Page(r, "Risico "+p.Risk.Threat, "besluiten"), v))
}

// RiskShow serves GET /besluiten/{id}.
func (h *Handlers) RiskShow(w http.ResponseWriter, r *http.Request) {
	kit.WithID(h.kit, w, r, func(id int64) {
		h.riskPage(w, r, http.StatusOK, id, riskview.DecisionRiskView{Input: risk.DecisionInput{Kind: risk.DecisionResidualRisk}})
	})
}

func readDecision(f *httpkit.Values) risk.DecisionInput {
	return risk.DecisionInput{Kind: f.String("kind"), Outcome: f.String("outcome"), Rationale: f.Raw("rationale"), ValidUntil: f.String("valid_until"), Seen: f.Raw("seen")}
}

// post is the tail of both decision forms.
func (h *Handlers) post(w http.ResponseWriter, r *http.Request, accept bool) {
	save := h.svc.Decide
	if accept {
		save = h.svc.AcceptWithinAppetite
	}
	kit.SubmitAction(h.kit, w, r, kit.Action[risk.DecisionInput]{
		Read: readDecision,
		Save: save,
		Reshow: func(status int, id int64, in risk.DecisionInput, state layout.Form, stale bool) {
			if stale {
				state.Message = "Het risico is gewijzigd sinds u de pagina opende. Bekijk de huidige gegevens hieronder en leg uw besluit opnieuw vast; uw invoer staat er nog."
			}
			if status == http.StatusForbidden {
				h.kit.Render(w, r, status, riskview.DecisionRefused(h.kit.Page(r, "Geen toegang", "besluiten"), state.Message, id))
				return
			}
			v := riskview.DecisionRiskView{Input: in, Form: state}
			if accept {
				v = riskview.DecisionRiskView{Input: risk.DecisionInput{Kind: risk.DecisionResidualRisk}, Accept: in, AcceptForm: state}
			}
			h.riskPage(w, r, status, id, v)
		},
		Done: func(_ risk.DecisionInput, id int64) (string, string) {
			return "Het besluit is vastgelegd.", kit.IDPath("/besluiten", id)
		},
	})
}

// Decide serves POST /besluiten/{id} (directie, college).
func (h *Handlers) Decide(w http.ResponseWriter, r *http.Request) { h.post(w, r, false) }

// AcceptWithin serves POST /besluiten/{id}/binnen-bereidheid (afdelingsmanager).
func (h *Handlers) AcceptWithin(w http.ResponseWriter, r *http.Request) { h.post(w, r, true) }
