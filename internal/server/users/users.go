package users

import (
	"context"
	"net/http"
	"strings"

	"github.com/baken-nl/baken/internal/auth"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/views/userview"
)

// UserList serves GET /gebruikers.
func (h *Handlers) UserList(w http.ResponseWriter, r *http.Request) {
	p := kit.Principal(r)
	pg := kit.ListPage(r, auth.UserSorts, "name")
	users, err := kit.LoadList(&pg, func(q listing.Params) ([]auth.User, int, error) {
		return h.auth.ListUsers(r.Context(), *p, q)
	})
	if err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	now := h.kit.Now()
	for _, u := range users {
		if u.Locked(now) {
			kit.StaleAt(r, *u.LockedUntil) // the badge "Inlogblokkade tot …" goes then
		}
	}
	h.kit.Render(w, r, http.StatusOK, userview.UserList(h.kit.Page(r, "Gebruikers", "gebruikers"), pg, users, now, p.Can(authz.ManageUsers)))
}

// newForm renders the form of a new user; the password is never echoed back.
func (h *Handlers) newForm(w http.ResponseWriter, r *http.Request, status int, f userview.UserForm) {
	depts, ok := h.kit.Departments(w, r, h.org)
	if !ok {
		return
	}
	f.Departments, f.Input.Password = depts, ""
	h.kit.Render(w, r, status, userview.UserNew(h.kit.Page(r, "Nieuwe gebruiker", "gebruikers"), f))
}

// UserNew serves GET /gebruikers/nieuw.
func (h *Handlers) UserNew(w http.ResponseWriter, r *http.Request) {
	h.newForm(w, r, http.StatusOK, userview.UserForm{})
}

// UserCreate serves POST /gebruikers.
func (h *Handlers) UserCreate(w http.ResponseWriter, r *http.Request) {
	kit.SubmitNew(h.kit, w, r, kit.New[auth.UserInput]{
		Read: func(f *httpkit.Values) auth.UserInput {
			return auth.UserInput{Name: f.Raw("name"), Email: f.Raw("email"), Password: f.Raw("password"),
				Role: authz.Role(f.String("role")), DepartmentID: f.ID("department_id")}
		},
		Save: h.auth.CreateUser,
		Reshow: func(status int, in auth.UserInput, state layout.Form) {
			state.Order = []string{"name", "email", "password", "role", "department_id"}
			h.newForm(w, r, status, userview.UserForm{Input: in, Form: state})
		},
		Done: func(in auth.UserInput, id int64) (string, string) {
			return "Gebruiker " + strings.TrimSpace(in.Email) + " is aangemaakt.", kit.IDPath("/gebruikers", id)
		},
	})
}

// userDetail renders the user page; the caller fills in the state of the form
// that was submitted, if any.
func (h *Handlers) userDetail(w http.ResponseWriter, r *http.Request, status int, d userview.UserDetail) {
	p := kit.Principal(r)
	u, _, ok := kit.Load(h.kit, w, r, h.auth.GetUser)
	if !ok {
		return
	}
	d.User, d.Now, d.CanManage = u, h.kit.Now(), p.Can(authz.ManageUsers)
	var err error
	if d.CanEditAccount, err = h.auth.ManagesAccount(r.Context(), *p, u.ID); err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	if d.EditForm.Errors == nil && d.EditForm.Message == "" {
		d.Input = auth.UserInput{Name: u.Name, Email: u.Email, Active: u.Active, Version: u.Version}
	} else {
		d.Input.Version = u.Version
	}
	if d.Departments, ok = h.kit.Departments(w, r, h.org); !ok {
		return
	}
	h.kit.Render(w, r, status, userview.UserShow(h.kit.Page(r, u.Name, "gebruikers"), d))
}

// UserShow serves GET /gebruikers/{id}.
func (h *Handlers) UserShow(w http.ResponseWriter, r *http.Request) {
	h.userDetail(w, r, http.StatusOK, userview.UserDetail{})
}

// back is the Done of the forms on the user's page: flash, then the page.
func back[In any](flash func(In) string) func(In, int64) (string, string) {
	return func(in In, id int64) (string, string) { return flash(in), kit.IDPath("/gebruikers", id) }
}

// roleInput is a role in a department, as the role forms send it.
type roleInput struct {
	role authz.Role
	dept int64
}

func readRole(f *httpkit.Values) roleInput {
	return roleInput{role: authz.Role(f.String("role")), dept: f.ID("department_id")}
}

// saveRole is the Save of the role forms: change (add or remove) the role
// of the user {id}.
func saveRole(change func(ctx context.Context, actor authz.Principal, userID int64, role authz.Role, deptID int64) error) func(context.Context, authz.Principal, int64, roleInput) error {
	return func(ctx context.Context, actor authz.Principal, id int64, in roleInput) error {
		return change(ctx, actor, id, in.role, in.dept)
	}
}

// UserUpdate serves POST /gebruikers/{id}.
func (h *Handlers) UserUpdate(w http.ResponseWriter, r *http.Request) {
	kit.SubmitAction(h.kit, w, r, kit.Action[auth.UserInput]{
		Read: func(f *httpkit.Values) auth.UserInput {
			return auth.UserInput{Name: f.Raw("name"), Email: f.Raw("email"), Active: f.Raw("active") == "1", Version: f.Version()}
		},
		Save: h.auth.UpdateUser,
		Reshow: func(status int, _ int64, in auth.UserInput, state layout.Form, _ bool) {
			state.Order = []string{"name", "email", "active"}
			h.userDetail(w, r, status, userview.UserDetail{Input: in, EditForm: state})
		},
		Done: back(func(auth.UserInput) string { return "De gegevens zijn opgeslagen." }),
	})
}

// UserAddRole serves POST /gebruikers/{id}/rollen.
func (h *Handlers) UserAddRole(w http.ResponseWriter, r *http.Request) {
	kit.SubmitAction(h.kit, w, r, kit.Action[roleInput]{
		Read: readRole,
		Save: saveRole(h.auth.AddRole),
		Reshow: func(status int, _ int64, in roleInput, state layout.Form, _ bool) {
			state.Order = []string{"role", "department_id"}
			d := userview.UserDetail{RoleForm: state}
			d.RoleInput.Role, d.RoleInput.DepartmentID = string(in.role), in.dept
			h.userDetail(w, r, status, d)
		},
		Done: back(func(in roleInput) string { return "De rol " + in.role.Label() + " is toegekend." }),
	})
}

// UserRemoveRole serves POST /gebruikers/{id}/rollen/verwijderen.
func (h *Handlers) UserRemoveRole(w http.ResponseWriter, r *http.Request) {
	kit.SubmitAction(h.kit, w, r, kit.Action[roleInput]{
		Read: readRole,
		Save: saveRole(h.auth.RemoveRole),
		Reshow: func(status int, _ int64, _ roleInput, state layout.Form, _ bool) {
			h.userDetail(w, r, status, userview.UserDetail{RoleForm: state})
		},
		Done: back(func(roleInput) string { return "De rol is ingetrokken." }),
	})
}

// UserResetPassword serves POST /gebruikers/{id}/wachtwoord.
func (h *Handlers) UserResetPassword(w http.ResponseWriter, r *http.Request) {
	kit.SubmitAction(h.kit, w, r, kit.Action[string]{
		Read: func(f *httpkit.Values) string { return f.Raw("password") },
		Save: h.auth.ResetPassword,
		Reshow: func(status int, _ int64, _ string, state layout.Form, _ bool) {
			state.Order = []string{"password"}
			h.userDetail(w, r, status, userview.UserDetail{PasswordForm: state})
		},
		Done: back(func(string) string { return "Het nieuwe wachtwoord is ingesteld." }),
	})
}

// UserUnlock serves POST /gebruikers/{id}/deblokkeren.
func (h *Handlers) UserUnlock(w http.ResponseWriter, r *http.Request) {
	kit.Act(h.kit, w, r, h.auth.Unlock, "De inlogblokkade is opgeheven.", "/gebruikers/{id}")
}
