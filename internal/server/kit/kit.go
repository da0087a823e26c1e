// Package kit is what the handler packages of the HTTP layer share: the
// session manager, the logger, the clock and the configuration, and the
// helpers every handler uses to render pages, map errors to pages, read
// forms and ids, and submit forms. It knows no domain handler package; they
// import it.
package kit

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/config"
	"github.com/baken-nl/baken/internal/db"
)

// Kit holds the dependencies the handlers share.
type Kit struct {
	// Config is the portal's configuration.
	Config config.Config
	// DB is the database, for Read.
	DB *db.DB
	// Log is the server's logger.
	Log *slog.Logger
	// Sessions is the session manager.
	Sessions *scs.SessionManager
	// Now is the clock.
	Now func() time.Time
}

type ctxKey int

const (
	principalKey ctxKey = iota
	requestInfoKey
)

// RequestInfo is filled in while the request travels inward, so the access log
// (outermost) can name the user and organisation.
type RequestInfo struct {
	ID     string
	UserID int64
	OrgID  int64
	// StaleAt is when the page rendered for this request stops being true
	// by itself (a login block that ends): the page cache keeps it no longer.
	StaleAt time.Time
}

// StaleAt records that the page being rendered changes at t without a write
// (a block that ends, a deadline that passes), for the page cache. The
// earliest of several calls counts; a zero t is ignored.
func StaleAt(r *http.Request, t time.Time) {
	ri := Info(r.Context())
	if ri == nil || t.IsZero() {
		return
	}
	if ri.StaleAt.IsZero() || t.Before(ri.StaleAt) {
		ri.StaleAt = t
	}
}

// WithRequestInfo returns ctx carrying ri, for Info.
func WithRequestInfo(ctx context.Context, ri *RequestInfo) context.Context {
	return context.WithValue(ctx, requestInfoKey, ri)
}

// Info returns the request's info; an empty one outside the middleware.
func Info(ctx context.Context) *RequestInfo {
	if ri, ok := ctx.Value(requestInfoKey).(*RequestInfo); ok {
		return ri
	}
	return &RequestInfo{}
}

// WithPrincipal returns ctx carrying the logged-in user, for Principal.
func WithPrincipal(ctx context.Context, p *authz.Principal) context.Context {
	return context.WithValue(ctx, principalKey, p)
}

// Principal returns the logged-in user, or nil.
func Principal(r *http.Request) *authz.Principal {
	p, _ := r.Context().Value(principalKey).(*authz.Principal)
	return p
}

// Session keys.
const (
	SessUserID = "user_id"
	SessLogin  = "login_at" // unix microseconds of the login, for the absolute lifetime
	SessAuth   = "auth_at"  // unix microseconds of the last proof of the password
	SessSeen   = "seen_at"  // unix seconds of the last request, at most the middleware's sessionTouch old
	SessOrgID  = "organisation_id"
	SessFlash  = "flash"
	SessFlashK = "flash_kind"
)
