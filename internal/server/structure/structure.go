package structure

import (
	"net/http"
	"strings"

	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/org"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
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

func (h *Handlers) departmentForm(w http.ResponseWriter, r *http.Request, status int, id int64, in org.DepartmentInput, state layout.Form, cur *org.Department) {
	f := pages.DepartmentForm{ID: id, Input: in, Form: state}
	if cur != nil {
		f.Current, f.Input.Version = cur, cur.Version
	}
	members, err := h.org.Members(r.Context(), *kit.Principal(r))
	if err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	f.Managers = pages.Options(members)
	f.Form.Order = []string{"name", "manager_id", "description"}
	h.kit.Render(w, r, status, pages.DepartmentEdit(h.kit.Page(r, pagesTitle(f.ID, "Nieuwe afdeling", "Afdeling wijzigen"), "afdelingen"), f))
}

func pagesTitle(id int64, newTitle, editTitle string) string {
	if id == 0 {
		return newTitle
	}
	return editTitle
}

// done is the Done of the structure's forms: "<noun> <name> is <what>.",
// then the list at path.
func done[In any](noun, what, path string, name func(In) string) func(In, int64) (string, string) {
	return func(in In, _ int64) (string, string) {
		return noun + " " + strings.TrimSpace(name(in)) + " is " + what + ".", path
	}
}

func departmentInput(f *httpkit.Values) org.DepartmentInput {
	return org.DepartmentInput{
		Name:        f.Raw("name"),
		Description: f.Raw("description"),
		ManagerID:   f.ID("manager_id"),
		Version:     f.Version(),
	}
}

// DepartmentNew serves GET /afdelingen/nieuw.
func (h *Handlers) DepartmentNew(w http.ResponseWriter, r *http.Request) {
	h.departmentForm(w, r, http.StatusOK, 0, org.DepartmentInput{}, layout.Form{}, nil)
}

func departmentName(in org.DepartmentInput) string { return in.Name }

// DepartmentCreate serves POST /afdelingen.
func (h *Handlers) DepartmentCreate(w http.ResponseWriter, r *http.Request) {
	kit.SubmitNew(h.kit, w, r, kit.New[org.DepartmentInput]{Read: departmentInput, Save: h.org.CreateDepartment,
		Reshow: func(status int, in org.DepartmentInput, state layout.Form) {
			h.departmentForm(w, r, status, 0, in, state, nil)
		},
		Done: done("Afdeling", "toegevoegd", "/afdelingen", departmentName)})
}

// DepartmentEdit serves GET /afdelingen/{id}.
func (h *Handlers) DepartmentEdit(w http.ResponseWriter, r *http.Request) {
	d, id, ok := kit.Load(h.kit, w, r, h.org.GetDepartment)
	if !ok {
		return
	}
	h.departmentForm(w, r, http.StatusOK, id, org.DepartmentInput{Name: d.Name, Description: d.Description, ManagerID: d.ManagerID, Version: d.Version}, layout.Form{}, nil)
}

// DepartmentUpdate serves POST /afdelingen/{id}.
func (h *Handlers) DepartmentUpdate(w http.ResponseWriter, r *http.Request) {
	kit.SubmitEdit(h.kit, w, r, kit.Edit[org.DepartmentInput, org.Department]{Read: departmentInput, Save: h.org.UpdateDepartment, Current: h.org.GetDepartment,
		Reshow: func(status int, id int64, in org.DepartmentInput, state layout.Form, cur *org.Department) {
			h.departmentForm(w, r, status, id, in, state, cur)
		},
		Done: done("Afdeling", "opgeslagen", "/afdelingen", departmentName)})
}

// DepartmentDelete serves POST /afdelingen/{id}/verwijderen.
func (h *Handlers) DepartmentDelete(w http.ResponseWriter, r *http.Request) {
	kit.Act(h.kit, w, r, h.org.DeleteDepartment, "De afdeling is verwijderd.", "/afdelingen")
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
	lp, err := h.org.ListProcesses(r.Context(), *p, org.ProcessFilter{DepartmentID: lf.ID("afdeling")}, pg.Params)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	pg.Total = lp.Total
	h.kit.Render(w, r, http.StatusOK, pages.ProcessList(h.kit.Page(r, "Processen", "processen"), pg, lp.Items, pages.Options(lp.Choices), lf.Get("afdeling")))
}

func (h *Handlers) processForm(w http.ResponseWriter, r *http.Request, status int, id int64, in org.ProcessInput, state layout.Form, cur *org.Process) {
	f := pages.ProcessForm{ID: id, Input: in, Form: state}
	if cur != nil {
		f.Current, f.Input.Version = cur, cur.Version
	}
	p := kit.Principal(r)
	depts, err := h.org.DepartmentOptions(r.Context(), *p)
	if err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	members, err := h.org.Members(r.Context(), *p)
	if err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	f.Departments, f.Owners = pages.Options(depts), pages.Options(members)
	f.Form.Order = []string{"name", "department_id", "owner_id", "description"}
	h.kit.Render(w, r, status, pages.ProcessEdit(h.kit.Page(r, pagesTitle(f.ID, "Nieuw proces", "Proces wijzigen"), "processen"), f))
}

func processInput(f *httpkit.Values) org.ProcessInput {
	return org.ProcessInput{
		Name:         f.Raw("name"),
		Description:  f.Raw("description"),
		DepartmentID: f.ID("department_id"),
		OwnerID:      f.ID("owner_id"),
		Version:      f.Version(),
	}
}

// ProcessNew serves GET /processen/nieuw.
func (h *Handlers) ProcessNew(w http.ResponseWriter, r *http.Request) {
	dept, err := kit.QueryID(r, "afdeling")
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	h.processForm(w, r, http.StatusOK, 0, org.ProcessInput{DepartmentID: dept}, layout.Form{}, nil)
}

func processName(in org.ProcessInput) string { return in.Name }

// ProcessCreate serves POST /processen.
func (h *Handlers) ProcessCreate(w http.ResponseWriter, r *http.Request) {
	kit.SubmitNew(h.kit, w, r, kit.New[org.ProcessInput]{Read: processInput, Save: h.org.CreateProcess,
		Reshow: func(status int, in org.ProcessInput, state layout.Form) {
			h.processForm(w, r, status, 0, in, state, nil)
		},
		Done: done("Proces", "toegevoegd", "/processen", processName)})
}

// ProcessEdit serves GET /processen/{id}.
func (h *Handlers) ProcessEdit(w http.ResponseWriter, r *http.Request) {
	x, id, ok := kit.Load(h.kit, w, r, h.org.GetProcess)
	if !ok {
		return
	}
	h.processForm(w, r, http.StatusOK, id, org.ProcessInput{Name: x.Name, Description: x.Description, DepartmentID: x.DepartmentID, OwnerID: x.OwnerID, Version: x.Version}, layout.Form{}, nil)
}

// ProcessUpdate serves POST /processen/{id}.
func (h *Handlers) ProcessUpdate(w http.ResponseWriter, r *http.Request) {
	kit.SubmitEdit(h.kit, w, r, kit.Edit[org.ProcessInput, org.Process]{Read: processInput, Save: h.org.UpdateProcess, Current: h.org.GetProcess,
		Reshow: func(status int, id int64, in org.ProcessInput, state layout.Form, cur *org.Process) {
			h.processForm(w, r, status, id, in, state, cur)
		},
		Done: done("Proces", "opgeslagen", "/processen", processName)})
}

// ProcessDelete serves POST /processen/{id}/verwijderen.
func (h *Handlers) ProcessDelete(w http.ResponseWriter, r *http.Request) {
	kit.Act(h.kit, w, r, h.org.DeleteProcess, "Het proces is verwijderd.", "/processen")
}

// ---- applicaties ----

// applicationFilters are the application list's filters: a process that
// uses the application, where it runs.
var applicationFilters = listing.Filters{{Name: "proces", Kind: listing.ID}, {Name: "hosting", Kind: listing.Enum, Values: listing.Strings(org.Hostings)}}

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
	lp, err := h.org.ListApplications(r.Context(), *p, f, pg.Params)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	pg.Total = lp.Total
	h.kit.Render(w, r, http.StatusOK, pages.ApplicationList(h.kit.Page(r, "Applicaties", "applicaties"), pg, lp.Items, pages.Options(lp.Choices), lf.Get("proces"), lf.Get("hosting")))
}

func (h *Handlers) applicationForm(w http.ResponseWriter, r *http.Request, status int, id int64, in org.ApplicationInput, state layout.Form, cur *org.Application) {
	f := pages.ApplicationForm{ID: id, Input: in, Form: state}
	if cur != nil {
		f.Current, f.Input.Version = cur, cur.Version
	}
	procs, err := h.org.ProcessOptions(r.Context(), *kit.Principal(r))
	if err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	sups, err := h.org.SupplierOptions(r.Context(), *kit.Principal(r))
	if err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	f.Processes, f.Suppliers = pages.Options(procs), pages.Options(sups)
	f.Form.Order = []string{"name", "supplier_id", "hosting", "description", "process_ids"}
	h.kit.Render(w, r, status, pages.ApplicationEdit(h.kit.Page(r, pagesTitle(f.ID, "Nieuwe applicatie", "Applicatie wijzigen"), "applicaties"), f))
}

func applicationInput(f *httpkit.Values) org.ApplicationInput {
	return org.ApplicationInput{
		Name:        f.Raw("name"),
		SupplierID:  f.ID("supplier_id"),
		Hosting:     org.Hosting(f.String("hosting")),
		Description: f.Raw("description"),
		ProcessIDs:  f.IDs("process_ids"),
		Version:     f.Version(),
	}
}

// ApplicationNew serves GET /applicaties/nieuw.
func (h *Handlers) ApplicationNew(w http.ResponseWriter, r *http.Request) {
	h.applicationForm(w, r, http.StatusOK, 0, org.ApplicationInput{}, layout.Form{}, nil)
}

func applicationName(in org.ApplicationInput) string { return in.Name }

// ApplicationCreate serves POST /applicaties.
func (h *Handlers) ApplicationCreate(w http.ResponseWriter, r *http.Request) {
	kit.SubmitNew(h.kit, w, r, kit.New[org.ApplicationInput]{Read: applicationInput, Save: h.org.CreateApplication,
		Reshow: func(status int, in org.ApplicationInput, state layout.Form) {
			h.applicationForm(w, r, status, 0, in, state, nil)
		},
		Done: done("Applicatie", "toegevoegd", "/applicaties", applicationName)})
}

// ApplicationEdit serves GET /applicaties/{id}.
func (h *Handlers) ApplicationEdit(w http.ResponseWriter, r *http.Request) {
	a, id, ok := kit.Load(h.kit, w, r, h.org.GetApplication)
	if !ok {
		return
	}
	h.applicationForm(w, r, http.StatusOK, id, org.ApplicationInput{
		Name: a.Name, SupplierID: a.SupplierID, Hosting: a.Hosting, Description: a.Description, ProcessIDs: a.ProcessIDs, Version: a.Version}, layout.Form{}, nil)
}

// ApplicationUpdate serves POST /applicaties/{id}.
func (h *Handlers) ApplicationUpdate(w http.ResponseWriter, r *http.Request) {
	kit.SubmitEdit(h.kit, w, r, kit.Edit[org.ApplicationInput, org.Application]{Read: applicationInput, Save: h.org.UpdateApplication, Current: h.org.GetApplication,
		Reshow: func(status int, id int64, in org.ApplicationInput, state layout.Form, cur *org.Application) {
			h.applicationForm(w, r, status, id, in, state, cur)
		},
		Done: done("Applicatie", "opgeslagen", "/applicaties", applicationName)})
}

// ApplicationDelete serves POST /applicaties/{id}/verwijderen.
func (h *Handlers) ApplicationDelete(w http.ResponseWriter, r *http.Request) {
	kit.Act(h.kit, w, r, h.org.DeleteApplication, "De applicatie is verwijderd.", "/applicaties")
}
