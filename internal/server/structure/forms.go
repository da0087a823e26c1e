package structure

import (
	"net/http"

	"github.com/a-h/templ"

	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/org"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/views/structureview"
)

// The forms of the structure: a new item, the edit of a stored one, the
// delete.

// DepartmentNew serves GET /afdelingen/nieuw.
func (h *Handlers) DepartmentNew(w http.ResponseWriter, r *http.Request) { h.dept.blank(w, r) }

// DepartmentCreate serves POST /afdelingen.
func (h *Handlers) DepartmentCreate(w http.ResponseWriter, r *http.Request) { h.dept.add(w, r) }

// DepartmentEdit serves GET /afdelingen/{id}.
func (h *Handlers) DepartmentEdit(w http.ResponseWriter, r *http.Request) { h.dept.edit(w, r) }

// DepartmentUpdate serves POST /afdelingen/{id}.
func (h *Handlers) DepartmentUpdate(w http.ResponseWriter, r *http.Request) { h.dept.save(w, r) }

// DepartmentDelete serves POST /afdelingen/{id}/verwijderen.
func (h *Handlers) DepartmentDelete(w http.ResponseWriter, r *http.Request) { h.dept.delete(w, r) }

// ProcessNew serves GET /processen/nieuw; ?afdeling= preselects the afdeling.
func (h *Handlers) ProcessNew(w http.ResponseWriter, r *http.Request) {
	dept, err := kit.QueryID(r, "afdeling")
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	h.proc.form(w, r, http.StatusOK, 0, org.ProcessInput{DepartmentID: dept}, layout.Form{}, nil)
}

// ProcessCreate serves POST /processen.
func (h *Handlers) ProcessCreate(w http.ResponseWriter, r *http.Request) { h.proc.add(w, r) }

// ProcessEdit serves GET /processen/{id}/bewerken.
func (h *Handlers) ProcessEdit(w http.ResponseWriter, r *http.Request) { h.proc.edit(w, r) }

// ProcessUpdate serves POST /processen/{id}.
func (h *Handlers) ProcessUpdate(w http.ResponseWriter, r *http.Request) { h.proc.save(w, r) }

// ProcessDelete serves POST /processen/{id}/verwijderen.
func (h *Handlers) ProcessDelete(w http.ResponseWriter, r *http.Request) { h.proc.delete(w, r) }

// ApplicationNew serves GET /applicaties/nieuw.
func (h *Handlers) ApplicationNew(w http.ResponseWriter, r *http.Request) { h.app.blank(w, r) }

// ApplicationCreate serves POST /applicaties.
func (h *Handlers) ApplicationCreate(w http.ResponseWriter, r *http.Request) { h.app.add(w, r) }

// ApplicationEdit serves GET /applicaties/{id}/bewerken.
func (h *Handlers) ApplicationEdit(w http.ResponseWriter, r *http.Request) { h.app.edit(w, r) }

// ApplicationUpdate serves POST /applicaties/{id}.
func (h *Handlers) ApplicationUpdate(w http.ResponseWriter, r *http.Request) { h.app.save(w, r) }

// ApplicationDelete serves POST /applicaties/{id}/verwijderen.
func (h *Handlers) ApplicationDelete(w http.ResponseWriter, r *http.Request) { h.app.delete(w, r) }

// The kinds of the structure: their forms and their texts.

func departments(k *kit.Kit, o structureService) kind[org.DepartmentInput, org.Department] {
	return kind[org.DepartmentInput, org.Department]{kit: k, noun: "Afdeling", removed: "De afdeling is verwijderd.", path: "/afdelingen",
		section: "afdelingen", newTitle: "Nieuwe afdeling", editTitle: "Afdeling wijzigen",
		choices: loaders{o.Responsibles}, order: []string{"name", "manager_id", "description"},
		get: o.GetDepartment, create: o.CreateDepartment, update: o.UpdateDepartment, remove: o.DeleteDepartment,
		read: func(f *httpkit.Values) org.DepartmentInput {
			return org.DepartmentInput{Name: f.Raw("name"), Description: f.Raw("description"), ManagerID: f.ID("manager_id"), Version: f.Version()}
		},
		input: func(d org.Department) org.DepartmentInput {
			return org.DepartmentInput{Name: d.Name, Description: d.Description, ManagerID: d.ManagerID, Version: d.Version}
		},
		name:    func(in org.DepartmentInput) string { return in.Name },
		version: func(in *org.DepartmentInput) *int { return &in.Version },
		page: func(p layout.Page, f form[org.DepartmentInput, org.Department]) templ.Component {
			return structureview.DepartmentEdit(p, structureview.DepartmentForm{ID: f.id, Name: f.name, Input: f.in, Form: f.state, Current: f.cur, Managers: f.choices[0]})
		},
	}
}

func processes(k *kit.Kit, o structureService) kind[org.ProcessInput, org.Process] {
	return kind[org.ProcessInput, org.Process]{kit: k, noun: "Proces", removed: "Het proces is verwijderd.", path: "/processen",
		section: "processen", newTitle: "Nieuw proces", editTitle: "Proces wijzigen",
		choices: loaders{o.DepartmentOptions, o.Responsibles}, order: []string{"name", "department_id", "owner_id", "description"},
		get: o.GetProcess, create: o.CreateProcess, update: o.UpdateProcess, remove: o.DeleteProcess,
		read: func(f *httpkit.Values) org.ProcessInput {
			return org.ProcessInput{Name: f.Raw("name"), Description: f.Raw("description"), DepartmentID: f.ID("department_id"), OwnerID: f.ID("owner_id"), Version: f.Version()}
		},
		input: func(x org.Process) org.ProcessInput {
			return org.ProcessInput{Name: x.Name, Description: x.Description, DepartmentID: x.DepartmentID, OwnerID: x.OwnerID, Version: x.Version}
		},
		name:    func(in org.ProcessInput) string { return in.Name },
		version: func(in *org.ProcessInput) *int { return &in.Version },
		page: func(p layout.Page, f form[org.ProcessInput, org.Process]) templ.Component {
			return structureview.ProcessEdit(p, structureview.ProcessForm{ID: f.id, Name: f.name, Input: f.in, Form: f.state, Current: f.cur, Departments: f.choices[0], Owners: f.choices[1]})
		},
	}
}

func applications(k *kit.Kit, o structureService) kind[org.ApplicationInput, org.Application] {
	return kind[org.ApplicationInput, org.Application]{kit: k, noun: "Applicatie", removed: "De applicatie is verwijderd.", path: "/applicaties",
		section: "applicaties", newTitle: "Nieuwe applicatie", editTitle: "Applicatie wijzigen",
		choices: loaders{o.ProcessOptions, o.SupplierOptions}, order: []string{"name", "supplier_id", "hosting", "description", "process_ids"},
		get: o.GetApplication, create: o.CreateApplication, update: o.UpdateApplication, remove: o.DeleteApplication,
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
			return structureview.ApplicationEdit(p, structureview.ApplicationForm{ID: f.id, Name: f.name, Input: f.in, Form: f.state, Current: f.cur, Processes: f.choices[0], Suppliers: f.choices[1]})
		},
	}
}
