package structure

import (
	"net/http"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/org"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/views/structureview"
)

// ---- afdelingen ----

// DepartmentList serves GET /afdelingen.
func (h *Handlers) DepartmentList(w http.ResponseWriter, r *http.Request) {
	p := kit.Principal(r)
	pg := kit.ListPage(r, org.DepartmentSorts, "name")
	lp, err := kit.LoadList(&pg, func(q listing.Params) (org.ListPage[org.Department], int, error) {
		x, err := h.org.ListDepartments(r.Context(), *p, q)
		return x, x.Total, err
	})
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	h.kit.Render(w, r, http.StatusOK, structureview.DepartmentList(h.kit.Page(r, "Afdelingen", "afdelingen"), pg, lp.Items, h.canEdit(r)))
}

// ---- processen ----

// processFilters are the process list's filters.
var processFilters = listing.Filters{{Name: "afdeling", Kind: listing.ID}}

// ProcessList serves GET /processen.
func (h *Handlers) ProcessList(w http.ResponseWriter, r *http.Request) {
	p := kit.Principal(r)
	pg := kit.ListPage(r, org.ProcessSorts, "name")
	lf, err := processFilters.Parse(r.URL.Query())
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	lp, err := kit.LoadList(&pg, func(q listing.Params) (org.ListPage[org.Process], int, error) {
		x, err := h.org.ListProcesses(r.Context(), *p, org.ProcessFilter{DepartmentID: lf.ID("afdeling")}, q)
		return x, x.Total, err
	})
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	h.kit.Render(w, r, http.StatusOK, structureview.ProcessList(h.kit.Page(r, "Processen", "processen"), pg, lp.Items, layout.OrgOptions(lp.Choices), lf.Get("afdeling"), h.canEdit(r)))
}

// ---- applicaties ----

// applicationFilters are the application list's filters: a process that
// uses the application, where it runs.
var applicationFilters = listing.Filters{{Name: "proces", Kind: listing.ID}, {Name: "hosting", Kind: listing.Enum, Values: listing.Strings(org.HostingSet.Values())}}

// ApplicationList serves GET /applicaties.
func (h *Handlers) ApplicationList(w http.ResponseWriter, r *http.Request) {
	p := kit.Principal(r)
	pg := kit.ListPage(r, org.ApplicationSorts, "name")
	lf, err := applicationFilters.Parse(r.URL.Query())
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	f := org.ApplicationFilter{ProcessID: lf.ID("proces"), Hosting: org.Hosting(lf.Get("hosting"))}
	lp, err := kit.LoadList(&pg, func(q listing.Params) (org.ListPage[org.Application], int, error) {
		x, err := h.org.ListApplications(r.Context(), *p, f, q)
		return x, x.Total, err
	})
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	h.kit.Render(w, r, http.StatusOK, structureview.ApplicationList(h.kit.Page(r, "Applicaties", "applicaties"), pg, lp.Items, layout.OrgOptions(lp.Choices), lf.Get("proces"), lf.Get("hosting"), h.canEdit(r)))
}

// canEdit is the lists' flag for their add and edit links.
func (h *Handlers) canEdit(r *http.Request) bool { return kit.Principal(r).Can(authz.EditStructure) }
