// Package users holds the handlers of user management: the list, new users,
// their details, roles, password resets and unlocking.
package users

import (
	"context"

	"github.com/baken-nl/baken/internal/auth"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/server/kit"
)

// userService is what the handlers use of auth.Service.
type userService interface {
	ListUsers(ctx context.Context, actor authz.Principal, p listing.Params) ([]auth.User, int, error)
	GetUser(ctx context.Context, actor authz.Principal, id int64) (auth.User, error)
	CreateUser(ctx context.Context, actor authz.Principal, in auth.UserInput) (int64, error)
	UpdateUser(ctx context.Context, actor authz.Principal, id int64, in auth.UserInput) error
	AddRole(ctx context.Context, actor authz.Principal, userID int64, role authz.Role, deptID int64) error
	RemoveRole(ctx context.Context, actor authz.Principal, userID int64, role authz.Role, deptID int64) error
	ResetPassword(ctx context.Context, actor authz.Principal, userID int64, password string) error
	Unlock(ctx context.Context, actor authz.Principal, userID int64) error
	ManagesAccount(ctx context.Context, actor authz.Principal, id int64) (bool, error)
}

// Handlers are the user management handlers.
type Handlers struct {
	kit  *kit.Kit
	auth userService
	org  kit.DepartmentLister
}

// New returns the user management handlers; o offers the departments a role
// can be limited to.
func New(k *kit.Kit, a userService, o kit.DepartmentLister) *Handlers {
	return &Handlers{kit: k, auth: a, org: o}
}
