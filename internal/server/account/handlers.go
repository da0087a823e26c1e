// Package account holds the handlers of the login, the logout, the choice of
// organisation, the user's own password and the start page.
package account

import (
	"context"

	"github.com/baken-nl/baken/internal/auth"
	"github.com/baken-nl/baken/internal/server/kit"
)

// authService is what the handlers use of auth.Service.
type authService interface {
	Login(ctx context.Context, at auth.LoginAttempt) (auth.LoginResult, error)
	Organisations(ctx context.Context, userID int64) ([]auth.Organisation, error)
	ChangeOwnPassword(ctx context.Context, userID int64, current, next, repeat string) error
}

// Handlers are the account handlers.
type Handlers struct {
	kit  *kit.Kit
	auth authService
}

// New returns the account handlers.
func New(k *kit.Kit, a authService) *Handlers {
	return &Handlers{kit: k, auth: a}
}
