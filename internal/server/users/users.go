package users

import (
	"net/http"
	"strings"

	"github.com/baken-nl/baken/internal/auth"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/pages"
)

// UserList serves GET /gebruikers.
func (h *Handlers) UserList(w http.ResponseWriter, r *http.Request) {
	p := kit.Principal(r)
	pg := kit.ListPage(r, auth.UserSorts, "name")
	users, total, err := h.auth.ListUsers(r.Context(), *p, pg.Params)
	if err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	pg.Total = total
	h.kit.Render(w, r, http.StatusOK, pages.UserList(h.kit.Page(r, "Gebruikers", "gebruikers"), pg, users, h.kit.Now()))
}

// UserNew serves GET /gebruikers/nieuw.
func (h *Handlers) UserNew(w http.ResponseWriter, r *http.Request) {
	depts, err := kit.DepartmentChoices(r, h.org)
	if err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	h.kit.Render(w, r, http.StatusOK, pages.UserNew(h.kit.Page(r, "Nieuwe gebruiker", "gebruikers"), pages.UserForm{Departments: depts}))
}

// UserCreate serves POST /gebruikers.
func (h *Handlers) UserCreate(w http.ResponseWriter, r *http.Request) {
	if err := kit.ParseForm(r); err != nil {
		h.kit.Fail(w, r, err)
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
		id, err = h.auth.CreateUser(r.Context(), *kit.Principal(r), in)
	}
	if err != nil {
		form, status, ok := kit.FormState(err, "name", "email", "password", "role", "department_id")
		if !ok {
			h.kit.Fail(w, r, err)
			return
		}
		depts, derr := kit.DepartmentChoices(r, h.org)
		if derr != nil {
			h.kit.ServerError(w, r, derr)
			return
		}
		in.Password = "" // never echo a password back into the page
		h.kit.Render(w, r, status, pages.UserNew(h.kit.Page(r, "Nieuwe gebruiker", "gebruikers"), pages.UserForm{Input: in, Departments: depts, Form: form}))
		return
	}
	h.kit.Flash(r.Context(), "Gebruiker "+strings.TrimSpace(in.Email)+" is aangemaakt.")
	httpkit.Redirect(w, r, kit.IDPath("/gebruikers", id))
}

// userDetail renders the user page; the caller fills in the state of the form
// that was submitted, if any.
func (h *Handlers) userDetail(w http.ResponseWriter, r *http.Request, status int, d pages.UserDetail) {
	p := kit.Principal(r)
	id, err := kit.PathID(r)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	u, err := h.auth.GetUser(r.Context(), *p, id)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	d.User, d.Now, d.CanManage = u, h.kit.Now(), p.Can(authz.ManageUsers)
	if d.EditForm.Errors == nil && d.EditForm.Message == "" {
		d.Input = auth.UserInput{Name: u.Name, Email: u.Email, Active: u.Active, Version: u.Version}
	} else {
		d.Input.Version = u.Version
	}
	if d.Departments, err = kit.DepartmentChoices(r, h.org); err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	h.kit.Render(w, r, status, pages.UserShow(h.kit.Page(r, u.Name, "gebruikers"), d))
}

// UserShow serves GET /gebruikers/{id}.
func (h *Handlers) UserShow(w http.ResponseWriter, r *http.Request) {
	h.userDetail(w, r, http.StatusOK, pages.UserDetail{})
}

// UserUpdate serves POST /gebruikers/{id}.
func (h *Handlers) UserUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err == nil {
		err = kit.ParseForm(r)
	}
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	f := httpkit.Form(r)
	in := auth.UserInput{Name: f.Raw("name"), Email: f.Raw("email"), Active: f.Raw("active") == "1", Version: f.Version()}
	if err = f.Err(); err == nil {
		err = h.auth.UpdateUser(r.Context(), *kit.Principal(r), id, in)
	}
	if err != nil {
		form, status, ok := kit.FormState(err, "name", "email", "active")
		if !ok {
			h.kit.Fail(w, r, err)
			return
		}
		h.userDetail(w, r, status, pages.UserDetail{Input: in, EditForm: form})
		return
	}
	h.kit.Flash(r.Context(), "De gegevens zijn opgeslagen.")
	httpkit.Redirect(w, r, kit.IDPath("/gebruikers", id))
}

// UserAddRole serves POST /gebruikers/{id}/rollen.
func (h *Handlers) UserAddRole(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err == nil {
		err = kit.ParseForm(r)
	}
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	f := httpkit.Form(r)
	role, dept := authz.Role(f.String("role")), f.ID("department_id")
	if err = f.Err(); err == nil {
		err = h.auth.AddRole(r.Context(), *kit.Principal(r), id, role, dept)
	}
	if err != nil {
		form, status, ok := kit.FormState(err, "role", "department_id")
		if !ok {
			h.kit.Fail(w, r, err)
			return
		}
		d := pages.UserDetail{RoleForm: form}
		d.RoleInput.Role, d.RoleInput.DepartmentID = string(role), dept
		h.userDetail(w, r, status, d)
		return
	}
	h.kit.Flash(r.Context(), "De rol "+role.Label()+" is toegekend.")
	httpkit.Redirect(w, r, kit.IDPath("/gebruikers", id))
}

// UserRemoveRole serves POST /gebruikers/{id}/rollen/verwijderen.
func (h *Handlers) UserRemoveRole(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err == nil {
		err = kit.ParseForm(r)
	}
	if err == nil {
		f := httpkit.Form(r)
		role, dept := authz.Role(f.String("role")), f.ID("department_id")
		if err = f.Err(); err == nil {
			err = h.auth.RemoveRole(r.Context(), *kit.Principal(r), id, role, dept)
		}
	}
	if err != nil {
		if form, status, ok := kit.FormState(err); ok {
			h.userDetail(w, r, status, pages.UserDetail{RoleForm: form})
			return
		}
		h.kit.Fail(w, r, err)
		return
	}
	h.kit.Flash(r.Context(), "De rol is ingetrokken.")
	httpkit.Redirect(w, r, kit.IDPath("/gebruikers", id))
}

// UserResetPassword serves POST /gebruikers/{id}/wachtwoord.
func (h *Handlers) UserResetPassword(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err == nil {
		err = kit.ParseForm(r)
	}
	if err == nil {
		err = h.auth.ResetPassword(r.Context(), *kit.Principal(r), id, r.PostFormValue("password"))
	}
	if err != nil {
		if form, status, ok := kit.FormState(err, "password"); ok {
			h.userDetail(w, r, status, pages.UserDetail{PasswordForm: form})
			return
		}
		h.kit.Fail(w, r, err)
		return
	}
	h.kit.Flash(r.Context(), "Het nieuwe wachtwoord is ingesteld.")
	httpkit.Redirect(w, r, kit.IDPath("/gebruikers", id))
}

// UserUnlock serves POST /gebruikers/{id}/deblokkeren.
func (h *Handlers) UserUnlock(w http.ResponseWriter, r *http.Request) {
	kit.Act(h.kit, w, r, h.auth.Unlock, "De inlogblokkade is opgeheven.", "/gebruikers/{id}")
}
