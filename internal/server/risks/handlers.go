// Package risks holds the handlers of the risk register: every risk of the
// organisation with filters and the heatmaps of inherent and residual risk,
// and its export as a spreadsheet.
package risks

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/nl"
	"github.com/baken-nl/baken/internal/report"
	"github.com/baken-nl/baken/internal/risk"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/pages"
)

// registerService is what the handlers use of risk.RegisterService.
type registerService interface {
	Register(ctx context.Context, actor authz.Principal, f risk.RegisterFilter, today time.Time) (risk.RegisterPage, error)
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

// values are the values of a list of choices (risk.Treatments, …).
func values(xs []struct{ Value, Label string }) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = x.Value
	}
	return out
}

// filter reads the register's filters from the query string: the one
// definition the page and the export share. A bad value is a 400 (the
// links carry these values, a person does not type them); it is rendered
// here and ok is false.
func (h *Handlers) filter(w http.ResponseWriter, r *http.Request) (f risk.RegisterFilter, page int, ok bool) {
	q := httpkit.Query(r)
	f = risk.RegisterFilter{DepartmentID: q.ID("afdeling"), Level: q.Int("niveau", 1, 10),
		Treatment:   q.OneOf("behandeling", values(risk.Treatments)...),
		Status:      q.OneOf("status", values(risk.AnalysisStatuses)...),
		SubjectKind: q.OneOf("onderwerp", values(risk.SubjectKinds)...),
		Decision:    q.OneOf("besluit", values(risk.DecisionStates)...),
		Overdue:     q.OneOf("herziening", "verlopen") != "",
		Scale:       q.OneOf("schaal", "rest", "inherent"), Likelihood: q.Int("kans", 1, 10), Impact: q.Int("impact", 1, 10)}
	page = q.Int("page", 1, 10000)
	if err := q.Err(); err != nil {
		h.kit.Fail(w, r, err)
		return f, 0, false
	}
	if (f.Likelihood == 0) != (f.Impact == 0) {
		h.kit.RenderError(w, r, http.StatusBadRequest)
		return f, 0, false
	}
	return f, max(page, 1), true
}

// Register serves GET /risicos.
func (h *Handlers) Register(w http.ResponseWriter, r *http.Request) {
	f, page, ok := h.filter(w, r)
	if !ok {
		return
	}
	p, err := h.risks.Register(r.Context(), *kit.Principal(r), f, nl.Date(h.kit.Now()))
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	depts, err := kit.DepartmentChoices(r, h.org)
	if err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	v := pages.RiskRegisterView{RegisterPage: p, Filter: f, Departments: depts, RawQuery: r.URL.Query(), Page: page}
	v.Department = strconv.FormatInt(f.DepartmentID, 10)
	h.kit.Render(w, r, http.StatusOK, pages.RiskRegisterPage(h.kit.Page(r, "Risicoregister", "risicos"), v))
}

// Export serves GET /risicos/export.xlsx: the rows of the register with
// the same filters (every page), in the reader's scope.
func (h *Handlers) Export(w http.ResponseWriter, r *http.Request) {
	f, _, ok := h.filter(w, r)
	if !ok {
		return
	}
	now := h.kit.Now()
	p, err := h.risks.Register(r.Context(), *kit.Principal(r), f, nl.Date(now))
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	org := kit.Principal(r).OrgName
	var buf bytes.Buffer
	if err := risk.WriteRegisterXLSX(&buf, org, p.ExportRows(), now); err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	name := "risicoregister-" + report.Slug(org) + "-" + report.Local(now).Format("2006-01-02") + ".xlsx"
	h.kit.Download(w, r, report.ContentTypeXLSX, name, buf.Bytes())
}
