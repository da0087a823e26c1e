package server

import (
	"net/http"
	"strings"

	"github.com/baken-nl/baken/internal/auth"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/pages"
)

func (s *Server) userList(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	pg := listPage(r, auth.UserSorts, "name")
	users, total, err := s.auth.ListUsers(r.Context(), *p, pg.Params)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	pg.Total = total
	s.render(w, r, http.StatusOK, pages.UserList(s.page(r, "Gebruikers", "gebruikers"), pg, users, s.now()))
}

func (s *Server) departmentChoices(r *http.Request) ([]layout.Option, error) {
	depts, err := s.org.DepartmentOptions(r.Context(), *principal(r))
	return pages.Options(depts), err
}

func (s *Server) userNew(w http.ResponseWriter, r *http.Request) {
	depts, err := s.departmentChoices(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, pages.UserNew(s.page(r, "Nieuwe gebruiker", "gebruikers"), pages.UserForm{Departments: depts}))
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	f := httpkit.Form(r)
	in := auth.UserInput{
		Name:         f.Raw("name"),
		Email:        f.Raw("email"),
		Password:     f.Raw("password"),
		Role:         authz.Role(f.String("role")),
		DepartmentID: f.ID("department_id"),
	}
	id, err := int64(0), f.Err()
	if err == nil {
		id, err = s.auth.CreateUser(r.Context(), *principal(r), in)
	}
	if err != nil {
		form, status, ok := formState(err, "name", "email", "password", "role", "department_id")
		if !ok {
			s.fail(w, r, err)
			return
		}
		depts, derr := s.departmentChoices(r)
		if derr != nil {
			s.serverError(w, r, derr)
			return
		}
		in.Password = "" // never echo a password back into the page
		s.render(w, r, status, pages.UserNew(s.page(r, "Nieuwe gebruiker", "gebruikers"), pages.UserForm{Input: in, Departments: depts, Form: form}))
		return
	}
	s.flash(r.Context(), "Gebruiker "+strings.TrimSpace(in.Email)+" is aangemaakt.")
	http.Redirect(w, r, idPath("/gebruikers", id), http.StatusSeeOther)
}

// userDetail renders the user page; the caller fills in the state of the form
// that was submitted, if any.
func (s *Server) userDetail(w http.ResponseWriter, r *http.Request, status int, d pages.UserDetail) {
	p := principal(r)
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.auth.GetUser(r.Context(), *p, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.User, d.Now, d.CanManage = u, s.now(), p.Can(authz.ManageUsers)
	if d.EditForm.Errors == nil && d.EditForm.Message == "" {
		d.Input = auth.UserInput{Name: u.Name, Email: u.Email, Active: u.Active, Version: u.Version}
	} else {
		d.Input.Version = u.Version
	}
	if d.Departments, err = s.departmentChoices(r); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, status, pages.UserShow(s.page(r, u.Name, "gebruikers"), d))
}

func (s *Server) userShow(w http.ResponseWriter, r *http.Request) {
	s.userDetail(w, r, http.StatusOK, pages.UserDetail{})
}

func (s *Server) userUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = parseForm(r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := httpkit.Form(r)
	in := auth.UserInput{Name: f.Raw("name"), Email: f.Raw("email"), Active: f.Raw("active") == "1", Version: f.Version()}
	if err = f.Err(); err == nil {
		err = s.auth.UpdateUser(r.Context(), *principal(r), id, in)
	}
	if err != nil {
		form, status, ok := formState(err, "name", "email", "active")
		if !ok {
			s.fail(w, r, err)
			return
		}
		s.userDetail(w, r, status, pages.UserDetail{Input: in, EditForm: form})
		return
	}
	s.flash(r.Context(), "De gegevens zijn opgeslagen.")
	http.Redirect(w, r, idPath("/gebruikers", id), http.StatusSeeOther)
}

func (s *Server) userAddRole(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = parseForm(r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := httpkit.Form(r)
	role, dept := authz.Role(f.String("role")), f.ID("department_id")
	if err = f.Err(); err == nil {
		err = s.auth.AddRole(r.Context(), *principal(r), id, role, dept)
	}
	if err != nil {
		form, status, ok := formState(err, "role", "department_id")
		if !ok {
			s.fail(w, r, err)
			return
		}
		d := pages.UserDetail{RoleForm: form}
		d.RoleInput.Role, d.RoleInput.DepartmentID = string(role), dept
		s.userDetail(w, r, status, d)
		return
	}
	s.flash(r.Context(), "De rol "+role.Label()+" is toegekend.")
	http.Redirect(w, r, idPath("/gebruikers", id), http.StatusSeeOther)
}

func (s *Server) userRemoveRole(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = parseForm(r)
	}
	if err == nil {
		f := httpkit.Form(r)
		role, dept := authz.Role(f.String("role")), f.ID("department_id")
		if err = f.Err(); err == nil {
			err = s.auth.RemoveRole(r.Context(), *principal(r), id, role, dept)
		}
	}
	if err != nil {
		if form, status, ok := formState(err); ok {
			s.userDetail(w, r, status, pages.UserDetail{RoleForm: form})
			return
		}
		s.fail(w, r, err)
		return
	}
	s.flash(r.Context(), "De rol is ingetrokken.")
	http.Redirect(w, r, idPath("/gebruikers", id), http.StatusSeeOther)
}

func (s *Server) userResetPassword(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = parseForm(r)
	}
	if err == nil {
		err = s.auth.ResetPassword(r.Context(), *principal(r), id, r.PostFormValue("password"))
	}
	if err != nil {
		if form, status, ok := formState(err, "password"); ok {
			s.userDetail(w, r, status, pages.UserDetail{PasswordForm: form})
			return
		}
		s.fail(w, r, err)
		return
	}
	s.flash(r.Context(), "Het nieuwe wachtwoord is ingesteld.")
	http.Redirect(w, r, idPath("/gebruikers", id), http.StatusSeeOther)
}

func (s *Server) userUnlock(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = s.auth.Unlock(r.Context(), *principal(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r.Context(), "De inlogblokkade is opgeheven.")
	http.Redirect(w, r, idPath("/gebruikers", id), http.StatusSeeOther)
}
