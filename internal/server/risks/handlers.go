// Package risks holds the handlers of the risk register: every risk of the
// organisation with filters and the heatmaps of inherent and residual risk.
package risks

import (
	"context"
	"net/http"
	"strconv"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/risk"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/pages"
)

// registerService is what the handlers use of risk.RegisterService.
type registerService interface {
	Register(ctx context.Context, actor authz.Principal, f risk.RegisterFilter) (risk.RegisterPage, error)
}

// Handlers are the risk register handlers.
type Handlers struct {
	kit   *kit.Kit
	risks registerService
	org   kit.DepartmentLister
}

// New returns the risk register handlers.
func New(k *kit.Kit, svc registerService, o kit.DepartmentLister) *Handlers {
	return &Handlers{kit: k, risks: svc, org: o}
}

// Register serves GET /risicos.
func (h *Handlers) Register(w http.ResponseWriter, r *http.Request) {
	q := httpkit.Query(r)
	treatments := make([]string, len(risk.Treatments))
	for i, t := range risk.Treatments {
		treatments[i] = t.Value
	}
	statuses := make([]string, len(risk.AnalysisStatuses))
	for i, s := range risk.AnalysisStatuses {
		statuses[i] = s.Value
	}
	f := risk.RegisterFilter{DepartmentID: q.ID("afdeling"), Level: q.Int("niveau", 1, 10), Treatment: q.OneOf("behandeling", treatments...),
		Status: q.OneOf("status", statuses...), Scale: q.OneOf("schaal", "rest", "inherent"), Likelihood: q.Int("kans", 1, 10), Impact: q.Int("impact", 1, 10)}
	page := q.Int("page", 1, 10000)
	if err := q.Err(); err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	if (f.Likelihood == 0) != (f.Impact == 0) {
		h.kit.RenderError(w, r, http.StatusBadRequest)
		return
	}
	p, err := h.risks.Register(r.Context(), *kit.Principal(r), f)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	depts, err := kit.DepartmentChoices(r, h.org)
	if err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	v := pages.RiskRegisterView{RegisterPage: p, Filter: f, Departments: depts, RawQuery: r.URL.Query(), Page: max(page, 1)}
	v.Department = strconv.FormatInt(f.DepartmentID, 10)
	h.kit.Render(w, r, http.StatusOK, pages.RiskRegisterPage(h.kit.Page(r, "Risicoregister", "risicos"), v))
}
