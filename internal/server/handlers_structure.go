package server

import (
	"net/http"
	"strings"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/org"
	"github.com/baken-nl/baken/web/pages"
)

func listPage(r *http.Request, sorts map[string]string, def string) listing.Page {
	q := r.URL.Query()
	return listing.Page{Params: listing.Parse(q, sorts, def), Base: q, Path: r.URL.Path}
}

// ---- afdelingen ----

func (s *Server) departmentList(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	pg := listPage(r, org.DepartmentSorts, "name")
	items, total, err := s.org.ListDepartments(r.Context(), p.OrgID, pg.Params)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	pg.Total = total
	s.render(w, r, http.StatusOK, pages.DepartmentList(s.page(r, "Afdelingen", "afdelingen"), pg, items))
}

func (s *Server) departmentForm(w http.ResponseWriter, r *http.Request, status int, f pages.DepartmentForm) {
	members, err := s.org.Members(r.Context(), principal(r).OrgID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f.Managers = pages.Options(members)
	f.Form.Order = []string{"name", "manager_id", "description"}
	s.render(w, r, status, pages.DepartmentEdit(s.page(r, pagesTitle(f.ID, "Nieuwe afdeling", "Afdeling wijzigen"), "afdelingen"), f))
}

func pagesTitle(id int64, newTitle, editTitle string) string {
	if id == 0 {
		return newTitle
	}
	return editTitle
}

func departmentInput(r *http.Request) org.DepartmentInput {
	return org.DepartmentInput{
		Name:        r.PostFormValue("name"),
		Description: r.PostFormValue("description"),
		ManagerID:   formInt(r, "manager_id"),
		Version:     int(formInt(r, "version")),
	}
}

func (s *Server) departmentNew(w http.ResponseWriter, r *http.Request) {
	s.departmentForm(w, r, http.StatusOK, pages.DepartmentForm{})
}

func (s *Server) departmentCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	in := departmentInput(r)
	_, err := s.org.CreateDepartment(r.Context(), *principal(r), in)
	if err != nil {
		form, status, ok := formState(err)
		if !ok {
			s.fail(w, r, err)
			return
		}
		s.departmentForm(w, r, status, pages.DepartmentForm{Input: in, Form: form})
		return
	}
	s.flash(r.Context(), "Afdeling "+strings.TrimSpace(in.Name)+" is toegevoegd.")
	http.Redirect(w, r, "/afdelingen", http.StatusSeeOther)
}

func (s *Server) departmentEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.org.GetDepartment(r.Context(), principal(r).OrgID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.departmentForm(w, r, http.StatusOK, pages.DepartmentForm{ID: id, Input: org.DepartmentInput{Name: d.Name, Description: d.Description, ManagerID: d.ManagerID, Version: d.Version}})
}

func (s *Server) departmentUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = parseForm(r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := principal(r)
	in := departmentInput(r)
	if err := s.org.UpdateDepartment(r.Context(), *p, id, in); err != nil {
		form, status, ok := formState(err)
		if !ok {
			s.fail(w, r, err)
			return
		}
		f := pages.DepartmentForm{ID: id, Input: in, Form: form}
		if apperr.CodeOf(err) == apperr.Conflict {
			// Show the stored version next to the user's input; the next save
			// is against the stored version.
			if cur, err := s.org.GetDepartment(r.Context(), p.OrgID, id); err == nil {
				f.Current, f.Input.Version = &cur, cur.Version
			}
		}
		s.departmentForm(w, r, status, f)
		return
	}
	s.flash(r.Context(), "Afdeling "+strings.TrimSpace(in.Name)+" is opgeslagen.")
	http.Redirect(w, r, "/afdelingen", http.StatusSeeOther)
}

func (s *Server) departmentDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = s.org.DeleteDepartment(r.Context(), *principal(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r.Context(), "De afdeling is verwijderd.")
	http.Redirect(w, r, "/afdelingen", http.StatusSeeOther)
}

// ---- processen ----

func (s *Server) processList(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	pg := listPage(r, org.ProcessSorts, "name")
	deptID := queryInt(r, "afdeling")
	items, total, err := s.org.ListProcesses(r.Context(), p.OrgID, org.ProcessFilter{DepartmentID: deptID}, pg.Params)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	depts, err := s.org.DepartmentOptions(r.Context(), p.OrgID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	pg.Total = total
	s.render(w, r, http.StatusOK, pages.ProcessList(s.page(r, "Processen", "processen"), pg, items, pages.Options(depts), r.URL.Query().Get("afdeling")))
}

func (s *Server) processForm(w http.ResponseWriter, r *http.Request, status int, f pages.ProcessForm) {
	orgID := principal(r).OrgID
	depts, err := s.org.DepartmentOptions(r.Context(), orgID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	members, err := s.org.Members(r.Context(), orgID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f.Departments, f.Owners = pages.Options(depts), pages.Options(members)
	f.Form.Order = []string{"name", "department_id", "owner_id", "description"}
	s.render(w, r, status, pages.ProcessEdit(s.page(r, pagesTitle(f.ID, "Nieuw proces", "Proces wijzigen"), "processen"), f))
}

func processInput(r *http.Request) org.ProcessInput {
	return org.ProcessInput{
		Name:         r.PostFormValue("name"),
		Description:  r.PostFormValue("description"),
		DepartmentID: formInt(r, "department_id"),
		OwnerID:      formInt(r, "owner_id"),
		Version:      int(formInt(r, "version")),
	}
}

func (s *Server) processNew(w http.ResponseWriter, r *http.Request) {
	s.processForm(w, r, http.StatusOK, pages.ProcessForm{Input: org.ProcessInput{DepartmentID: queryInt(r, "afdeling")}})
}

func (s *Server) processCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	in := processInput(r)
	if _, err := s.org.CreateProcess(r.Context(), *principal(r), in); err != nil {
		form, status, ok := formState(err)
		if !ok {
			s.fail(w, r, err)
			return
		}
		s.processForm(w, r, status, pages.ProcessForm{Input: in, Form: form})
		return
	}
	s.flash(r.Context(), "Proces "+strings.TrimSpace(in.Name)+" is toegevoegd.")
	http.Redirect(w, r, "/processen", http.StatusSeeOther)
}

func (s *Server) processEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	x, err := s.org.GetProcess(r.Context(), principal(r).OrgID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.processForm(w, r, http.StatusOK, pages.ProcessForm{ID: id, Input: org.ProcessInput{Name: x.Name, Description: x.Description, DepartmentID: x.DepartmentID, OwnerID: x.OwnerID, Version: x.Version}})
}

func (s *Server) processUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = parseForm(r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := principal(r)
	in := processInput(r)
	if err := s.org.UpdateProcess(r.Context(), *p, id, in); err != nil {
		form, status, ok := formState(err)
		if !ok {
			s.fail(w, r, err)
			return
		}
		f := pages.ProcessForm{ID: id, Input: in, Form: form}
		if apperr.CodeOf(err) == apperr.Conflict {
			if cur, err := s.org.GetProcess(r.Context(), p.OrgID, id); err == nil {
				f.Current, f.Input.Version = &cur, cur.Version
			}
		}
		s.processForm(w, r, status, f)
		return
	}
	s.flash(r.Context(), "Proces "+strings.TrimSpace(in.Name)+" is opgeslagen.")
	http.Redirect(w, r, "/processen", http.StatusSeeOther)
}

func (s *Server) processDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = s.org.DeleteProcess(r.Context(), *principal(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r.Context(), "Het proces is verwijderd.")
	http.Redirect(w, r, "/processen", http.StatusSeeOther)
}

// ---- applicaties ----

func (s *Server) applicationList(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	pg := listPage(r, org.ApplicationSorts, "name")
	f := org.ApplicationFilter{ProcessID: queryInt(r, "proces"), Hosting: org.Hosting(r.URL.Query().Get("hosting"))}
	items, total, err := s.org.ListApplications(r.Context(), p.OrgID, f, pg.Params)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	procs, err := s.org.ProcessOptions(r.Context(), p.OrgID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	pg.Total = total
	q := r.URL.Query()
	s.render(w, r, http.StatusOK, pages.ApplicationList(s.page(r, "Applicaties", "applicaties"), pg, items, pages.Options(procs), q.Get("proces"), q.Get("hosting")))
}

func (s *Server) applicationForm(w http.ResponseWriter, r *http.Request, status int, f pages.ApplicationForm) {
	procs, err := s.org.ProcessOptions(r.Context(), principal(r).OrgID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f.Processes = pages.Options(procs)
	f.Form.Order = []string{"name", "supplier", "hosting", "description", "process_ids"}
	s.render(w, r, status, pages.ApplicationEdit(s.page(r, pagesTitle(f.ID, "Nieuwe applicatie", "Applicatie wijzigen"), "applicaties"), f))
}

func applicationInput(r *http.Request) org.ApplicationInput {
	return org.ApplicationInput{
		Name:        r.PostFormValue("name"),
		Supplier:    r.PostFormValue("supplier"),
		Hosting:     org.Hosting(r.PostFormValue("hosting")),
		Description: r.PostFormValue("description"),
		ProcessIDs:  formInts(r, "process_ids"),
		Version:     int(formInt(r, "version")),
	}
}

func (s *Server) applicationNew(w http.ResponseWriter, r *http.Request) {
	s.applicationForm(w, r, http.StatusOK, pages.ApplicationForm{})
}

func (s *Server) applicationCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	in := applicationInput(r)
	if _, err := s.org.CreateApplication(r.Context(), *principal(r), in); err != nil {
		form, status, ok := formState(err)
		if !ok {
			s.fail(w, r, err)
			return
		}
		s.applicationForm(w, r, status, pages.ApplicationForm{Input: in, Form: form})
		return
	}
	s.flash(r.Context(), "Applicatie "+strings.TrimSpace(in.Name)+" is toegevoegd.")
	http.Redirect(w, r, "/applicaties", http.StatusSeeOther)
}

func (s *Server) applicationEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.org.GetApplication(r.Context(), principal(r).OrgID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.applicationForm(w, r, http.StatusOK, pages.ApplicationForm{ID: id, Input: org.ApplicationInput{
		Name: a.Name, Supplier: a.Supplier, Hosting: a.Hosting, Description: a.Description, ProcessIDs: a.ProcessIDs, Version: a.Version}})
}

func (s *Server) applicationUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = parseForm(r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := principal(r)
	in := applicationInput(r)
	if err := s.org.UpdateApplication(r.Context(), *p, id, in); err != nil {
		form, status, ok := formState(err)
		if !ok {
			s.fail(w, r, err)
			return
		}
		f := pages.ApplicationForm{ID: id, Input: in, Form: form}
		if apperr.CodeOf(err) == apperr.Conflict {
			if cur, err := s.org.GetApplication(r.Context(), p.OrgID, id); err == nil {
				f.Current, f.Input.Version = &cur, cur.Version
			}
		}
		s.applicationForm(w, r, status, f)
		return
	}
	s.flash(r.Context(), "Applicatie "+strings.TrimSpace(in.Name)+" is opgeslagen.")
	http.Redirect(w, r, "/applicaties", http.StatusSeeOther)
}

func (s *Server) applicationDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = s.org.DeleteApplication(r.Context(), *principal(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r.Context(), "De applicatie is verwijderd.")
	http.Redirect(w, r, "/applicaties", http.StatusSeeOther)
}
