package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/org"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/pages"
)

// ---- afdelingen ----

func (s *Server) departmentList(w http.ResponseWriter, r *http.Request) {
	p := kit.Principal(r)
	pg := kit.ListPage(r, org.DepartmentSorts, "name")
	items, total, err := s.org.ListDepartments(r.Context(), *p, pg.Params)
	if err != nil {
		s.kit.ServerError(w, r, err)
		return
	}
	pg.Total = total
	s.kit.Render(w, r, http.StatusOK, pages.DepartmentList(s.kit.Page(r, "Afdelingen", "afdelingen"), pg, items))
}

func (s *Server) departmentForm(w http.ResponseWriter, r *http.Request, status int, f pages.DepartmentForm) {
	members, err := s.org.Members(r.Context(), *kit.Principal(r))
	if err != nil {
		s.kit.ServerError(w, r, err)
		return
	}
	f.Managers = pages.Options(members)
	f.Form.Order = []string{"name", "manager_id", "description"}
	s.kit.Render(w, r, status, pages.DepartmentEdit(s.kit.Page(r, pagesTitle(f.ID, "Nieuwe afdeling", "Afdeling wijzigen"), "afdelingen"), f))
}

func pagesTitle(id int64, newTitle, editTitle string) string {
	if id == 0 {
		return newTitle
	}
	return editTitle
}

func departmentInput(f *httpkit.Values) org.DepartmentInput {
	return org.DepartmentInput{
		Name:        f.Raw("name"),
		Description: f.Raw("description"),
		ManagerID:   f.ID("manager_id"),
		Version:     f.Version(),
	}
}

func (s *Server) departmentNew(w http.ResponseWriter, r *http.Request) {
	s.departmentForm(w, r, http.StatusOK, pages.DepartmentForm{})
}

func (s *Server) departmentCreate(w http.ResponseWriter, r *http.Request) {
	kit.Submit(s.kit, w, r, kit.FormPost[org.DepartmentInput]{
		Read: departmentInput,
		Save: func(ctx context.Context, in org.DepartmentInput) (int64, error) {
			return s.org.CreateDepartment(ctx, *kit.Principal(r), in)
		},
		Reshow: func(status int, in org.DepartmentInput, state layout.Form, _ bool) {
			s.departmentForm(w, r, status, pages.DepartmentForm{Input: in, Form: state})
		},
		Done: func(in org.DepartmentInput, _ int64) (string, string) {
			return "Afdeling " + strings.TrimSpace(in.Name) + " is toegevoegd.", "/afdelingen"
		},
	})
}

func (s *Server) departmentEdit(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err != nil {
		s.kit.Fail(w, r, err)
		return
	}
	d, err := s.org.GetDepartment(r.Context(), *kit.Principal(r), id)
	if err != nil {
		s.kit.Fail(w, r, err)
		return
	}
	s.departmentForm(w, r, http.StatusOK, pages.DepartmentForm{ID: id, Input: org.DepartmentInput{Name: d.Name, Description: d.Description, ManagerID: d.ManagerID, Version: d.Version}})
}

func (s *Server) departmentUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err != nil {
		s.kit.Fail(w, r, err)
		return
	}
	p := kit.Principal(r)
	kit.Submit(s.kit, w, r, kit.FormPost[org.DepartmentInput]{
		Read: departmentInput,
		Save: func(ctx context.Context, in org.DepartmentInput) (int64, error) {
			return id, s.org.UpdateDepartment(ctx, *p, id, in)
		},
		Reshow: func(status int, in org.DepartmentInput, state layout.Form, stale bool) {
			f := pages.DepartmentForm{ID: id, Input: in, Form: state}
			if stale {
				// Show the stored version next to the user's input; the next
				// save is against the stored version.
				if cur, err := s.org.GetDepartment(r.Context(), *p, id); err == nil {
					f.Current, f.Input.Version = &cur, cur.Version
				}
			}
			s.departmentForm(w, r, status, f)
		},
		Done: func(in org.DepartmentInput, _ int64) (string, string) {
			return "Afdeling " + strings.TrimSpace(in.Name) + " is opgeslagen.", "/afdelingen"
		},
	})
}

func (s *Server) departmentDelete(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err == nil {
		err = s.org.DeleteDepartment(r.Context(), *kit.Principal(r), id)
	}
	if err != nil {
		s.kit.Fail(w, r, err)
		return
	}
	s.kit.Flash(r.Context(), "De afdeling is verwijderd.")
	http.Redirect(w, r, "/afdelingen", http.StatusSeeOther)
}

// ---- processen ----

func (s *Server) processList(w http.ResponseWriter, r *http.Request) {
	p := kit.Principal(r)
	pg := kit.ListPage(r, org.ProcessSorts, "name")
	deptID, err := kit.QueryID(r, "afdeling")
	if err != nil {
		s.kit.Fail(w, r, err)
		return
	}
	items, total, err := s.org.ListProcesses(r.Context(), *p, org.ProcessFilter{DepartmentID: deptID}, pg.Params)
	if err != nil {
		s.kit.ServerError(w, r, err)
		return
	}
	depts, err := s.org.DepartmentOptions(r.Context(), *p)
	if err != nil {
		s.kit.ServerError(w, r, err)
		return
	}
	pg.Total = total
	s.kit.Render(w, r, http.StatusOK, pages.ProcessList(s.kit.Page(r, "Processen", "processen"), pg, items, pages.Options(depts), r.URL.Query().Get("afdeling")))
}

func (s *Server) processForm(w http.ResponseWriter, r *http.Request, status int, f pages.ProcessForm) {
	p := kit.Principal(r)
	depts, err := s.org.DepartmentOptions(r.Context(), *p)
	if err != nil {
		s.kit.ServerError(w, r, err)
		return
	}
	members, err := s.org.Members(r.Context(), *p)
	if err != nil {
		s.kit.ServerError(w, r, err)
		return
	}
	f.Departments, f.Owners = pages.Options(depts), pages.Options(members)
	f.Form.Order = []string{"name", "department_id", "owner_id", "description"}
	s.kit.Render(w, r, status, pages.ProcessEdit(s.kit.Page(r, pagesTitle(f.ID, "Nieuw proces", "Proces wijzigen"), "processen"), f))
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

func (s *Server) processNew(w http.ResponseWriter, r *http.Request) {
	dept, err := kit.QueryID(r, "afdeling")
	if err != nil {
		s.kit.Fail(w, r, err)
		return
	}
	s.processForm(w, r, http.StatusOK, pages.ProcessForm{Input: org.ProcessInput{DepartmentID: dept}})
}

func (s *Server) processCreate(w http.ResponseWriter, r *http.Request) {
	kit.Submit(s.kit, w, r, kit.FormPost[org.ProcessInput]{
		Read: processInput,
		Save: func(ctx context.Context, in org.ProcessInput) (int64, error) {
			return s.org.CreateProcess(ctx, *kit.Principal(r), in)
		},
		Reshow: func(status int, in org.ProcessInput, state layout.Form, _ bool) {
			s.processForm(w, r, status, pages.ProcessForm{Input: in, Form: state})
		},
		Done: func(in org.ProcessInput, _ int64) (string, string) {
			return "Proces " + strings.TrimSpace(in.Name) + " is toegevoegd.", "/processen"
		},
	})
}

func (s *Server) processEdit(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err != nil {
		s.kit.Fail(w, r, err)
		return
	}
	x, err := s.org.GetProcess(r.Context(), *kit.Principal(r), id)
	if err != nil {
		s.kit.Fail(w, r, err)
		return
	}
	s.processForm(w, r, http.StatusOK, pages.ProcessForm{ID: id, Input: org.ProcessInput{Name: x.Name, Description: x.Description, DepartmentID: x.DepartmentID, OwnerID: x.OwnerID, Version: x.Version}})
}

func (s *Server) processUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err != nil {
		s.kit.Fail(w, r, err)
		return
	}
	p := kit.Principal(r)
	kit.Submit(s.kit, w, r, kit.FormPost[org.ProcessInput]{
		Read: processInput,
		Save: func(ctx context.Context, in org.ProcessInput) (int64, error) {
			return id, s.org.UpdateProcess(ctx, *p, id, in)
		},
		Reshow: func(status int, in org.ProcessInput, state layout.Form, stale bool) {
			f := pages.ProcessForm{ID: id, Input: in, Form: state}
			if stale {
				if cur, err := s.org.GetProcess(r.Context(), *p, id); err == nil {
					f.Current, f.Input.Version = &cur, cur.Version
				}
			}
			s.processForm(w, r, status, f)
		},
		Done: func(in org.ProcessInput, _ int64) (string, string) {
			return "Proces " + strings.TrimSpace(in.Name) + " is opgeslagen.", "/processen"
		},
	})
}

func (s *Server) processDelete(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err == nil {
		err = s.org.DeleteProcess(r.Context(), *kit.Principal(r), id)
	}
	if err != nil {
		s.kit.Fail(w, r, err)
		return
	}
	s.kit.Flash(r.Context(), "Het proces is verwijderd.")
	http.Redirect(w, r, "/processen", http.StatusSeeOther)
}

// ---- applicaties ----

func (s *Server) applicationList(w http.ResponseWriter, r *http.Request) {
	p := kit.Principal(r)
	pg := kit.ListPage(r, org.ApplicationSorts, "name")
	procID, err := kit.QueryID(r, "proces")
	if err != nil {
		s.kit.Fail(w, r, err)
		return
	}
	f := org.ApplicationFilter{ProcessID: procID, Hosting: org.Hosting(r.URL.Query().Get("hosting"))}
	items, total, err := s.org.ListApplications(r.Context(), *p, f, pg.Params)
	if err != nil {
		s.kit.ServerError(w, r, err)
		return
	}
	procs, err := s.org.ProcessOptions(r.Context(), *p)
	if err != nil {
		s.kit.ServerError(w, r, err)
		return
	}
	pg.Total = total
	q := r.URL.Query()
	s.kit.Render(w, r, http.StatusOK, pages.ApplicationList(s.kit.Page(r, "Applicaties", "applicaties"), pg, items, pages.Options(procs), q.Get("proces"), q.Get("hosting")))
}

func (s *Server) applicationForm(w http.ResponseWriter, r *http.Request, status int, f pages.ApplicationForm) {
	procs, err := s.org.ProcessOptions(r.Context(), *kit.Principal(r))
	if err != nil {
		s.kit.ServerError(w, r, err)
		return
	}
	f.Processes = pages.Options(procs)
	f.Form.Order = []string{"name", "supplier", "hosting", "description", "process_ids"}
	s.kit.Render(w, r, status, pages.ApplicationEdit(s.kit.Page(r, pagesTitle(f.ID, "Nieuwe applicatie", "Applicatie wijzigen"), "applicaties"), f))
}

func applicationInput(f *httpkit.Values) org.ApplicationInput {
	return org.ApplicationInput{
		Name:        f.Raw("name"),
		Supplier:    f.Raw("supplier"),
		Hosting:     org.Hosting(f.String("hosting")),
		Description: f.Raw("description"),
		ProcessIDs:  f.IDs("process_ids"),
		Version:     f.Version(),
	}
}

func (s *Server) applicationNew(w http.ResponseWriter, r *http.Request) {
	s.applicationForm(w, r, http.StatusOK, pages.ApplicationForm{})
}

func (s *Server) applicationCreate(w http.ResponseWriter, r *http.Request) {
	kit.Submit(s.kit, w, r, kit.FormPost[org.ApplicationInput]{
		Read: applicationInput,
		Save: func(ctx context.Context, in org.ApplicationInput) (int64, error) {
			return s.org.CreateApplication(ctx, *kit.Principal(r), in)
		},
		Reshow: func(status int, in org.ApplicationInput, state layout.Form, _ bool) {
			s.applicationForm(w, r, status, pages.ApplicationForm{Input: in, Form: state})
		},
		Done: func(in org.ApplicationInput, _ int64) (string, string) {
			return "Applicatie " + strings.TrimSpace(in.Name) + " is toegevoegd.", "/applicaties"
		},
	})
}

func (s *Server) applicationEdit(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err != nil {
		s.kit.Fail(w, r, err)
		return
	}
	a, err := s.org.GetApplication(r.Context(), *kit.Principal(r), id)
	if err != nil {
		s.kit.Fail(w, r, err)
		return
	}
	s.applicationForm(w, r, http.StatusOK, pages.ApplicationForm{ID: id, Input: org.ApplicationInput{
		Name: a.Name, Supplier: a.Supplier, Hosting: a.Hosting, Description: a.Description, ProcessIDs: a.ProcessIDs, Version: a.Version}})
}

func (s *Server) applicationUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err != nil {
		s.kit.Fail(w, r, err)
		return
	}
	p := kit.Principal(r)
	kit.Submit(s.kit, w, r, kit.FormPost[org.ApplicationInput]{
		Read: applicationInput,
		Save: func(ctx context.Context, in org.ApplicationInput) (int64, error) {
			return id, s.org.UpdateApplication(ctx, *p, id, in)
		},
		Reshow: func(status int, in org.ApplicationInput, state layout.Form, stale bool) {
			f := pages.ApplicationForm{ID: id, Input: in, Form: state}
			if stale {
				if cur, err := s.org.GetApplication(r.Context(), *p, id); err == nil {
					f.Current, f.Input.Version = &cur, cur.Version
				}
			}
			s.applicationForm(w, r, status, f)
		},
		Done: func(in org.ApplicationInput, _ int64) (string, string) {
			return "Applicatie " + strings.TrimSpace(in.Name) + " is opgeslagen.", "/applicaties"
		},
	})
}

func (s *Server) applicationDelete(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err == nil {
		err = s.org.DeleteApplication(r.Context(), *kit.Principal(r), id)
	}
	if err != nil {
		s.kit.Fail(w, r, err)
		return
	}
	s.kit.Flash(r.Context(), "De applicatie is verwijderd.")
	http.Redirect(w, r, "/applicaties", http.StatusSeeOther)
}
