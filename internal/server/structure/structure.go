package structure

import (
	"net/http"

	"github.com/a-h/templ"

	"github.com/baken-nl/baken/internal/httpkit"
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

// DepartmentNew serves GET /afdelingen/nieuw.
func (h *Handlers) DepartmentNew(w http.ResponseWriter, r *http.Request) {
	h.departments().blank(w, r, org.DepartmentInput{})
}

// DepartmentCreate serves POST /afdelingen.
func (h *Handlers) DepartmentCreate(w http.ResponseWriter, r *http.Request) {
	h.departments().forms().Add(h.kit, w, r)
}

// DepartmentEdit serves GET /afdelingen/{id}.
func (h *Handlers) DepartmentEdit(w http.ResponseWriter, r *http.Request) {
	h.departments().forms().Edit(h.kit, w, r)
}

// DepartmentUpdate serves POST /afdelingen/{id}.
func (h *Handlers) DepartmentUpdate(w http.ResponseWriter, r *http.Request) {
	h.departments().forms().Save(h.kit, w, r)
}

// DepartmentDelete serves POST /afdelingen/{id}/verwijderen.
func (h *Handlers) DepartmentDelete(w http.ResponseWriter, r *http.Request) {
	h.departments().delete(w, r)
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

// ProcessNew serves GET /processen/nieuw; ?afdeling= preselects the afdeling.
func (h *Handlers) ProcessNew(w http.ResponseWriter, r *http.Request) {
	dept, err := kit.QueryID(r, "afdeling")
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	h.processes().blank(w, r, org.ProcessInput{DepartmentID: dept})
}

// ProcessCreate serves POST /processen.
func (h *Handlers) ProcessCreate(w http.ResponseWriter, r *http.Request) {
	h.processes().forms().Add(h.kit, w, r)
}

// ProcessEdit serves GET /processen/{id}/bewerken.
func (h *Handlers) ProcessEdit(w http.ResponseWriter, r *http.Request) {
	h.processes().forms().Edit(h.kit, w, r)
}

// ProcessUpdate serves POST /processen/{id}.
func (h *Handlers) ProcessUpdate(w http.ResponseWriter, r *http.Request) {
	h.processes().forms().Save(h.kit, w, r)
}

// ProcessDelete serves POST /processen/{id}/verwijderen.
func (h *Handlers) ProcessDelete(w http.ResponseWriter, r *http.Request) { h.processes().delete(w, r) }

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

// ApplicationNew serves GET /applicaties/nieuw.
func (h *Handlers) ApplicationNew(w http.ResponseWriter, r *http.Request) {
	h.applications().blank(w, r, org.ApplicationInput{})
}

// ApplicationCreate serves POST /applicaties.
func (h *Handlers) ApplicationCreate(w http.ResponseWriter, r *http.Request) {
	h.applications().forms().Add(h.kit, w, r)
}

// ApplicationEdit serves GET /applicaties/{id}/bewerken.
func (h *Handlers) ApplicationEdit(w http.ResponseWriter, r *http.Request) {
	h.applications().forms().Edit(h.kit, w, r)
}

// ApplicationUpdate serves POST /applicaties/{id}.
func (h *Handlers) ApplicationUpdate(w http.ResponseWriter, r *http.Request) {
	h.applications().forms().Save(h.kit, w, r)
}

// ApplicationDelete serves POST /applicaties/{id}/verwijderen.
func (h *Handlers) ApplicationDelete(w http.ResponseWriter, r *http.Request) {
	h.applications().delete(w, r)
}

// The kinds of the structure: their forms and their texts.

func (h *Handlers) departments() kind[org.DepartmentInput, org.Department] {
	return kind[org.DepartmentInput, org.Department]{kit: h.kit, noun: "Afdeling", removed: "De afdeling is verwijderd.", path: "/afdelingen",
		section: "afdelingen", newTitle: "Nieuwe afdeling", editTitle: "Afdeling wijzigen",
		choices: loaders{h.org.Members}, order: []string{"name", "manager_id", "description"},
		get: h.org.GetDepartment, create: h.org.CreateDepartment, update: h.org.UpdateDepartment, remove: h.org.DeleteDepartment,
		read: func(f *httpkit.Values) org.DepartmentInput {
			return org.DepartmentInput{Name: f.Raw("name"), Description: f.Raw("description"), ManagerID: f.ID("manager_id"), Version: f.Version()}
		},
		input: func(d org.Department) org.DepartmentInput {
			return org.DepartmentInput{Name: d.Name, Description: d.Description, ManagerID: d.ManagerID, Version: d.Version}
		},
		name:    func(in org.DepartmentInput) string { return in.Name },
		version: func(in *org.DepartmentInput) *int { return &in.Version },
		page: func(p layout.Page, f form[org.DepartmentInput, org.Department]) templ.Component {
			return pages.DepartmentEdit(p, pages.DepartmentForm{ID: f.id, Input: f.in, Form: f.state, Current: f.cur, Managers: f.choices[0]})
		},
	}
}

func (h *Handlers) processes() kind[org.ProcessInput, org.Process] {
	return kind[org.ProcessInput, org.Process]{kit: h.kit, noun: "Proces", removed: "Het proces is verwijderd.", path: "/processen",
		section: "processen", newTitle: "Nieuw proces", editTitle: "Proces wijzigen",
		choices: loaders{h.org.DepartmentOptions, h.org.Members}, order: []string{"name", "department_id", "owner_id", "description"},
		get: h.org.GetProcess, create: h.org.CreateProcess, update: h.org.UpdateProcess, remove: h.org.DeleteProcess,
		read: func(f *httpkit.Values) org.ProcessInput {
			return org.ProcessInput{Name: f.Raw("name"), Description: f.Raw("description"), DepartmentID: f.ID("department_id"), OwnerID: f.ID("owner_id"), Version: f.Version()}
		},
		input: func(x org.Process) org.ProcessInput {
			return org.ProcessInput{Name: x.Name, Description: x.Description, DepartmentID: x.DepartmentID, OwnerID: x.OwnerID, Version: x.Version}
		},
		name:    func(in org.ProcessInput) string { return in.Name },
		version: func(in *org.ProcessInput) *int { return &in.Version },
		page: func(p layout.Page, f form[org.ProcessInput, org.Process]) templ.Component {
			return pages.ProcessEdit(p, pages.ProcessForm{ID: f.id, Input: f.in, Form: f.state, Current: f.cur, Departments: f.choices[0], Owners: f.choices[1]})
		},
	}
}

func (h *Handlers) applications() kind[org.ApplicationInput, org.Application] {
	return kind[org.ApplicationInput, org.Application]{kit: h.kit, noun: "Applicatie", removed: "De applicatie is verwijderd.", path: "/applicaties",
		section: "applicaties", newTitle: "Nieuwe applicatie", editTitle: "Applicatie wijzigen",
		choices: loaders{h.org.ProcessOptions, h.org.SupplierOptions}, order: []string{"name", "supplier_id", "hosting", "description", "process_ids"},
		get: h.org.GetApplication, create: h.org.CreateApplication, update: h.org.UpdateApplication, remove: h.org.DeleteApplication,
		read: func(f *httpkit.Values) org.ApplicationInput {
			return org.ApplicationInput{Name: f.Raw("name"), SupplierID: f.ID("supplier_id"), Hosting: org.Hosting(f.String("hosting")),
				Description: f.Raw("description"), ProcessIDs: f.IDs("process_ids"), Version: f.Version()}
		},
		input: func(a org.Application) org.ApplicationInput {
			return org.ApplicationInput{Name: a.Name, SupplierID: a.SupplierID, Hosting: a.Hosting, Description: a.Description, ProcessIDs: a.ProcessIDs, Version: a.Version}
		},
		name:    func(in org.ApplicationInput) string { return in.Name },
		version: func(in *org.ApplicationInput) *int { return &in.Version },
		page: func(p layout.Page, f form[org.ApplicationInput, org.Application]) templ.Component {
			return pages.ApplicationEdit(p, pages.ApplicationForm{ID: f.id, Input: f.in, Form: f.state, Current: f.cur, Processes: f.choices[0], Suppliers: f.choices[1]})
		},
	}
}
