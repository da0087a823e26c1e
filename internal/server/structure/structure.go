package structure

import (
	"net/http"

	"github.com/baken-nl/baken/internal/org"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/pages"
)

// ---- afdelingen ----

// DepartmentList serves GET /afdelingen.
func (h *Handlers) DepartmentList(w http.ResponseWriter, r *http.Request) {
	p := kit.Principal(r)
	pg := kit.ListPage(r, org.DepartmentSorts, "name")
	lp, err := h.org.ListDepartments(r.Context(), *p, pg.Params)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	pg.Total = lp.Total
	h.kit.Render(w, r, http.StatusOK, pages.DepartmentList(h.kit.Page(r, "Afdelingen", "afdelingen"), pg, lp.Items))
}

// ---- processen ----

// ProcessList serves GET /processen.
func (h *Handlers) ProcessList(w http.ResponseWriter, r *http.Request) {
	p := kit.Principal(r)
	pg := kit.ListPage(r, org.ProcessSorts, "name")
	deptID, err := kit.QueryID(r, "afdeling")
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	lp, err := h.org.ListProcesses(r.Context(), *p, org.ProcessFilter{DepartmentID: deptID}, pg.Params)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	pg.Total = lp.Total
	h.kit.Render(w, r, http.StatusOK, pages.ProcessList(h.kit.Page(r, "Processen", "processen"), pg, lp.Items, pages.Options(lp.Choices), r.URL.Query().Get("afdeling")))
}

// ---- applicaties ----

// ApplicationList serves GET /applicaties.
func (h *Handlers) ApplicationList(w http.ResponseWriter, r *http.Request) {
	p := kit.Principal(r)
	pg := kit.ListPage(r, org.ApplicationSorts, "name")
	procID, err := kit.QueryID(r, "proces")
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	f := org.ApplicationFilter{ProcessID: procID, Hosting: org.Hosting(r.URL.Query().Get("hosting"))}
	lp, err := h.org.ListApplications(r.Context(), *p, f, pg.Params)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	pg.Total = lp.Total
	q := r.URL.Query()
	h.kit.Render(w, r, http.StatusOK, pages.ApplicationList(h.kit.Page(r, "Applicaties", "applicaties"), pg, lp.Items, pages.Options(lp.Choices), q.Get("proces"), q.Get("hosting")))
}
