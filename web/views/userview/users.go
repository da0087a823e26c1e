package userview

import (
	"time"

	"github.com/baken-nl/baken/internal/auth"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/web/layout"
)

// UserForm is the state of the new-user form.
type UserForm struct {
	Input       auth.UserInput
	Departments []layout.Option
	Form        layout.Form
}

// UserDetail is the user page: details, roles and the beheerder's forms.
type UserDetail struct {
	User        auth.User
	Input       auth.UserInput // the edit form's values
	Departments []layout.Option
	EditForm    layout.Form
	RoleForm    layout.Form
	RoleInput   struct {
		Role         string
		DepartmentID int64
	}
	PasswordForm layout.Form
	CanManage    bool
	// CanEditAccount: the account itself (name, e-mail, password, lock) is
	// the reader's to change; not for a shared user whose other
	// organisations the reader does not manage.
	CanEditAccount bool
	Now            time.Time
}

// RoleOptions lists the roles for the select list.
func RoleOptions() []layout.Option {
	out := make([]layout.Option, len(authz.Roles))
	for i, r := range authz.Roles {
		label := r.Label()
		if r.Scoped() {
			label += " (per afdeling)"
		}
		out[i] = layout.Option{Value: string(r), Label: label}
	}
	return out
}

// RoleLabel formats an assignment.
func RoleLabel(a authz.Assignment) string {
	if a.DepartmentName != "" {
		return a.Role.Label() + " – " + a.DepartmentName
	}
	return a.Role.Label()
}

// ShowAccountForms: the account forms are shown when the reader may use
// them, and also when one comes back refused, so the typed input is kept
// next to the refusal.
func (d UserDetail) ShowAccountForms() bool {
	return d.CanEditAccount || d.EditForm.Message != "" || len(d.EditForm.Errors) > 0 ||
		d.PasswordForm.Message != "" || len(d.PasswordForm.Errors) > 0
}
