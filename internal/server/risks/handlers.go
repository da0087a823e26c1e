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
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/nl"
	"github.com/baken-nl/baken/internal/report"
	"github.com/baken-nl/baken/internal/risk"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/views/riskview"
)

// registerService is what the handlers use of risk.RegisterService.
type registerService interface {
	Register(ctx context.Context, actor authz.Principal, f risk.RegisterFilter, today time.Time) (risk.RegisterPage, error)
	Page(ctx context.Context, actor authz.Principal, f risk.RegisterFilter, today time.Time) (risk.RegisterPage, error)
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

// registerFilters are the register's filters: the one definition the page
// and the export share. A bad value is a 400 (the links carry these values,
// a person does not type them).
var registerFilters = listing.Filters{
	{Name: "afdeling", Kind: listing.ID},
	{Name: "niveau", Kind: listing.Int, Min: 1, Max: 10},
	{Name: "behandeling", Kind: listing.Enum, Values: listing.ChoiceValues(risk.Treatments)},
	{Name: "status", Kind: listing.Enum, Values: listing.ChoiceValues(risk.AnalysisStatuses)},
	{Name: "onderwerp", Kind: listing.Enum, Values: listing.ChoiceValues(risk.SubjectKinds)},
	{Name: "besluit", Kind: listing.Enum, Values: listing.ChoiceValues(risk.DecisionStates)},
	{Name: "herziening", Kind: listing.Flag, Values: []string{"verlopen"}},
	{Name: "schaal", Kind: listing.Enum, Values: []string{"rest", "inherent"}},
	{Name: "kans", Kind: listing.Int, Min: 1, Max: 10},
	{Name: "impact", Kind: listing.Int, Min: 1, Max: 10},
}

// filter reads the register's filters and page from the query string; a
// bad value is rendered here and ok is false.
func (h *Handlers) filter(w http.ResponseWriter, r *http.Request) (f risk.RegisterFilter, lf listing.Filter, page int, ok bool) {
	lf, err := registerFilters.Parse(r.URL.Query())
	f = risk.RegisterFilter{DepartmentID: lf.ID("afdeling"), Level: lf.Int("niveau"), Treatment: lf.Get("behandeling"),
		Status: lf.Get("status"), SubjectKind: lf.Get("onderwerp"), Decision: lf.Get("besluit"), Overdue: lf.On("herziening"),
		Scale: lf.Get("schaal"), Likelihood: lf.Int("kans"), Impact: lf.Int("impact")}
	if err != nil {
		h.kit.Fail(w, r, err)
		return f, lf, 0, false
	}
	if (f.Likelihood == 0) != (f.Impact == 0) {
		h.kit.RenderError(w, r, http.StatusBadRequest)
		return f, lf, 0, false
	}
	return f, lf, listing.PageNumber(r.URL.Query()), true
}

// Register serves GET /risicos.
func (h *Handlers) Register(w http.ResponseWriter, r *http.Request) {
	f, lf, page, ok := h.filter(w, r)
	if !ok {
		return
	}
	// The afdelingen of the filter come in the register's round trip.
	p, ok := kit.Fetch(h.kit, w, r, func(ctx context.Context, actor authz.Principal) (risk.RegisterPage, error) {
		return h.risks.Page(ctx, actor, f, nl.Date(h.kit.Now()))
	})
	if !ok {
		return
	}
	v := riskview.RiskRegisterView{RegisterPage: p, Filter: f, Departments: layout.OrgOptions(p.Departments), RawQuery: lf.Values(), Page: page}
	v.Page = min(v.Page, v.Pages()) // the rows are all here: past the end is the last page
	v.Department = strconv.FormatInt(f.DepartmentID, 10)
	h.kit.Render(w, r, http.StatusOK, riskview.RiskRegisterPage(h.kit.Page(r, "Risicoregister", "risicos"), v))
}

// Export serves GET /risicos/export.xlsx: the rows of the register with
// the same filters (every page), in the reader's scope.
func (h *Handlers) Export(w http.ResponseWriter, r *http.Request) {
	f, _, _, ok := h.filter(w, r)
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
