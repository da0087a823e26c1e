package server

import (
	"net/http"
	"strings"

	"github.com/baken-nl/baken/internal/auth"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/pages"
)

func (s *Server) userList(w http.ResponseWriter, r *http.Request) {
	p := kit.Principal(r)
	pg := kit.ListPage(r, auth.UserSorts, "name")
	users, total, err := s.auth.ListUsers(r.Context(), *p, pg.Params)
	if err != nil {
		s.kit.ServerError(w, r, err)
		return
	}
	pg.Total = total
	s.kit.Render(w, r, http.StatusOK, pages.UserList(s.kit.Page(r, "Gebruikers", "gebruikers"), pg, users, s.kit.Now()))
}

func (s *Server) userNew(w http.ResponseWriter, r *http.Request) {
	depts, err := kit.DepartmentChoices(r, s.org)
	if err != nil {
		s.kit.ServerError(w, r, err)
		return
	}
	s.kit.Render(w, r, http.StatusOK, pages.UserNew(s.kit.Page(r, "Nieuwe gebruiker", "gebruikers"), pages.UserForm{Departments: depts}))
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) {
	if err := kit.ParseForm(r); err != nil {
		s.kit.Fail(w, r, err)
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
		id, err = s.auth.CreateUser(r.Context(), *kit.Principal(r), in)
	}
	if err != nil {
		form, status, ok := kit.FormState(err, "name", "email", "password", "role", "department_id")
		if !ok {
			s.kit.Fail(w, r, err)
			return
		}
		depts, derr := kit.DepartmentChoices(r, s.org)
		if derr != nil {
			s.kit.ServerError(w, r, derr)
			return
		}
		in.Password = "" // never echo a password back into the page
		s.kit.Render(w, r, status, pages.UserNew(s.kit.Page(r, "Nieuwe gebruiker", "gebruikers"), pages.UserForm{Input: in, Departments: depts, Form: form}))
		return
	}
	s.kit.Flash(r.Context(), "Gebruiker "+strings.TrimSpace(in.Email)+" is aangemaakt.")
	http.Redirect(w, r, kit.IDPath("/gebruikers", id), http.StatusSeeOther)
}

// userDetail renders the user page; the caller fills in the state of the form
// that was submitted, if any.
func (s *Server) userDetail(w http.ResponseWriter, r *http.Request, status int, d pages.UserDetail) {
	p := kit.Principal(r)
	id, err := kit.PathID(r)
	if err != nil {
		s.kit.Fail(w, r, err)
		return
	}
	u, err := s.auth.GetUser(r.Context(), *p, id)
	if err != nil {
		s.kit.Fail(w, r, err)
		return
	}
	d.User, d.Now, d.CanManage = u, s.kit.Now(), p.Can(authz.ManageUsers)
	if d.EditForm.Errors == nil && d.EditForm.Message == "" {
		d.Input = auth.UserInput{Name: u.Name, Email: u.Email, Active: u.Active, Version: u.Version}
	} else {
		d.Input.Version = u.Version
	}
	if d.Departments, err = kit.DepartmentChoices(r, s.org); err != nil {
		s.kit.ServerError(w, r, err)
		return
	}
	s.kit.Render(w, r, status, pages.UserShow(s.kit.Page(r, u.Name, "gebruikers"), d))
}

func (s *Server) userShow(w http.ResponseWriter, r *http.Request) {
	s.userDetail(w, r, http.StatusOK, pages.UserDetail{})
}

func (s *Server) userUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err == nil {
		err = kit.ParseForm(r)
	}
	if err != nil {
		s.kit.Fail(w, r, err)
		return
	}
	f := httpkit.Form(r)
	in := auth.UserInput{Name: f.Raw("name"), Email: f.Raw("email"), Active: f.Raw("active") == "1", Version: f.Version()}
	if err = f.Err(); err == nil {
		err = s.auth.UpdateUser(r.Context(), *kit.Principal(r), id, in)
	}
	if err != nil {
		form, status, ok := kit.FormState(err, "name", "email", "active")
		if !ok {
			s.kit.Fail(w, r, err)
			return
		}
		s.userDetail(w, r, status, pages.UserDetail{Input: in, EditForm: form})
		return
	}
	s.kit.Flash(r.Context(), "De gegevens zijn opgeslagen.")
	http.Redirect(w, r, kit.IDPath("/gebruikers", id), http.StatusSeeOther)
}

func (s *Server) userAddRole(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err == nil {
		err = kit.ParseForm(r)
	}
	if err != nil {
		s.kit.Fail(w, r, err)
		return
	}
	f := httpkit.Form(r)
	role, dept := authz.Role(f.String("role")), f.ID("department_id")
	if err = f.Err(); err == nil {
		err = s.auth.AddRole(r.Context(), *kit.Principal(r), id, role, dept)
	}
	if err != nil {
		form, status, ok := kit.FormState(err, "role", "department_id")
		if !ok {
			s.kit.Fail(w, r, err)
			return
		}
		d := pages.UserDetail{RoleForm: form}
		d.RoleInput.Role, d.RoleInput.DepartmentID = string(role), dept
		s.userDetail(w, r, status, d)
		return
	}
	s.kit.Flash(r.Context(), "De rol "+role.Label()+" is toegekend.")
	http.Redirect(w, r, kit.IDPath("/gebruikers", id), http.StatusSeeOther)
}

func (s *Server) userRemoveRole(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err == nil {
		err = kit.ParseForm(r)
	}
	if err == nil {
		f := httpkit.Form(r)
		role, dept := authz.Role(f.String("role")), f.ID("department_id")
		if err = f.Err(); err == nil {
			err = s.auth.RemoveRole(r.Context(), *kit.Principal(r), id, role, dept)
		}
	}
	if err != nil {
		if form, status, ok := kit.FormState(err); ok {
			s.userDetail(w, r, status, pages.UserDetail{RoleForm: form})
			return
		}
		s.kit.Fail(w, r, err)
		return
	}
	s.kit.Flash(r.Context(), "De rol is ingetrokken.")
	http.Redirect(w, r, kit.IDPath("/gebruikers", id), http.StatusSeeOther)
}

func (s *Server) userResetPassword(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err == nil {
		err = kit.ParseForm(r)
	}
	if err == nil {
		err = s.auth.ResetPassword(r.Context(), *kit.Principal(r), id, r.PostFormValue("password"))
	}
	if err != nil {
		if form, status, ok := kit.FormState(err, "password"); ok {
			s.userDetail(w, r, status, pages.UserDetail{PasswordForm: form})
			return
		}
		s.kit.Fail(w, r, err)
		return
	}
	s.kit.Flash(r.Context(), "Het nieuwe wachtwoord is ingesteld.")
	http.Redirect(w, r, kit.IDPath("/gebruikers", id), http.StatusSeeOther)
}

func (s *Server) userUnlock(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err == nil {
		err = s.auth.Unlock(r.Context(), *kit.Principal(r), id)
	}
	if err != nil {
		s.kit.Fail(w, r, err)
		return
	}
	s.kit.Flash(r.Context(), "De inlogblokkade is opgeheven.")
	http.Redirect(w, r, kit.IDPath("/gebruikers", id), http.StatusSeeOther)
}
