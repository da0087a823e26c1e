package account

import (
	"net/http"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/org"
	"github.com/baken-nl/baken/internal/plan"
	"github.com/baken-nl/baken/internal/privacy"
	"github.com/baken-nl/baken/internal/risk"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/views/accountview"
)

// Home serves GET /. Everything it shows comes from one pipelined batch (one
// round trip): the structure counts always; the BIO work and the overdue
// actions only for the CISO and the afdeling roles; the beheerders only for
// users who can see nothing else. So the page stays cheap for everyone.
func (h *Handlers) Home(w http.ResponseWriter, r *http.Request) {
	p := kit.Principal(r)
	today := plan.Today(h.kit.Now())
	v := accountview.HomeView{}
	mine := append(append([]int64{}, p.Departments(authz.Afdelingsmanager)...), p.Departments(authz.DSPO)...)
	// The CISO sees the whole organisation; an afdeling role its own
	// afdelingen (the lists' mijn=1).
	v.BIO = p.Can(authz.ViewControls) && (p.Has(authz.CISO) || len(mine) > 0)
	v.OnlyMine = !p.Has(authz.CISO)
	v.Plan = v.BIO && p.Can(authz.ViewPlan)
	page := h.kit.Page(r, "Start", "home")
	v.Contacts = len(page.Nav()) <= 1
	v.ReportIncident = p.Can(authz.ReportIncident)
	// The work waiting for the bestuur and the FG (the CISO's is the BIO work).
	v.Decisions = p.Can(authz.DecideRisks)
	v.Advice = p.Can(authz.AdviseDPIA)
	var waiting risk.DecisionsWaiting

	var (
		controls []compliance.Control
		ambition compliance.Ambition
	)
	err := h.kit.DB.ReadBatchAs(r.Context(), *p, authz.ViewHome, func(b *db.Batch) error {
		org.QueueCounts(b, &v.Counts)
		if v.BIO {
			compliance.QueueHomeControls(b, &controls)
			compliance.QueueAmbition(b, &ambition)
		}
		if v.Plan {
			plan.QueueCount(b, plan.Filter{Overdue: true}.MineFor(*p), today, &v.OverdueActions)
		}
		if v.Contacts {
			org.QueueBeheerders(b, &v.Beheerders)
		}
		if v.Decisions {
			waiting.Queue(b)
		}
		if v.Advice {
			privacy.QueueAwaitingAdvice(b, &v.AwaitingAdvice)
			incident.QueueUndecidedDatalekken(b, &v.UndecidedDatalekken)
		}
		return nil
	})
	if err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	v.NoStructure = p.Can(authz.ViewStructure) && v.Counts.Departments == 0
	v.CanEditStructure = p.Can(authz.EditStructure)
	if v.Decisions {
		v.DecisionsWaiting = waiting.Count(h.kit.Now())
	}
	if v.BIO {
		v.Work = compliance.HomeWork(controls, ambition.TargetMaturity, h.kit.Now(), v.OnlyMine, mine)
	}
	h.kit.Render(w, r, http.StatusOK, accountview.Home(page, v))
}
