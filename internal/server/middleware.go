package server

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/baken-nl/baken/internal/httpkit"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"runtime/debug"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/auth"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/server/kit"
)

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe gives every request an id, recovers panics, and writes the access log
// line and the metrics with the matched route pattern (not the raw path, which
// would explode the metric's cardinality).
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.now()
		ri := &kit.RequestInfo{ID: newRequestID()}
		ctx := kit.WithRequestInfo(r.Context(), ri)
		ctx = audit.WithRequestID(ctx, ri.ID)
		r = r.WithContext(ctx)
		w.Header().Set("X-Request-Id", ri.ID)
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if rec := recover(); rec != nil {
				if rec == http.ErrAbortHandler { //nolint:errorlint // a recovered panic value, not a returned error; net/http compares it the same way
					panic(rec)
				}
				s.log.Error("panic", "request_id", ri.ID, "panic", fmt.Sprint(rec), "stack", string(debug.Stack()))
				if sw.status == 0 {
					s.kit.RenderError(sw, r, http.StatusInternalServerError)
				}
			}
			route := "unmatched"
			if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
				route = rc.RoutePattern()
			}
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			d := time.Since(start)
			s.metrics.observe(r.Method, route, status, d)
			level := slog.LevelInfo
			if status >= 500 {
				level = slog.LevelError
			}
			s.log.LogAttrs(r.Context(), level, "request",
				slog.String("request_id", ri.ID),
				slog.String("method", r.Method),
				slog.String("route", route),
				slog.Int("status", status),
				slog.Duration("duration", d),
				slog.Int64("user_id", ri.UserID),
				slog.Int64("organisation_id", ri.OrgID),
				slog.String("client_ip", s.kit.ClientIP(r)),
			)
		}()
		next.ServeHTTP(sw, r)
	})
}

// securityHeaders sets the headers every response carries. The CSP allows no
// inline script at all: the pages load their scripts from /static.
func securityHeaders(next http.Handler) http.Handler {
	const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
		"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

func (s *Server) hsts(next http.Handler) http.Handler {
	if !s.cfg.SecureCookies() {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		next.ServeHTTP(w, r)
	})
}

// crossOrigin refuses cross-origin unsafe requests (CSRF) with a Dutch 403 page.
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.log.Warn("cross-origin request refused", "request_id", kit.Info(r.Context()).ID, "origin", r.Header.Get("Origin"))
		s.kit.RenderError(w, r, http.StatusForbidden)
	}))
	return cop.Handler(next)
}

// sessionTouch is how stale the recorded last request may get: the idle
// deadline is exact to within this, and a session is written at most this
// often by requests that change nothing else.
const sessionTouch = time.Minute

// loadPrincipal reads the session and loads the user with their roles in the
// chosen organisation, on every request, so a blocked user or a removed role
// takes effect at once.
func (s *Server) loadPrincipal(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		userID := s.sessions.GetInt64(ctx, kit.SessUserID)
		if userID == 0 {
			next.ServeHTTP(w, r)
			return
		}
		now := s.now()
		seen := time.Unix(s.sessions.GetInt64(ctx, kit.SessSeen), 0)
		if now.Sub(seen) > s.cfg.SessionIdleTimeout {
			// Idle too long: the session ends, the visitor is anonymous.
			_ = s.sessions.Destroy(ctx)
			next.ServeHTTP(w, r)
			return
		}
		if now.Sub(seen) >= sessionTouch {
			s.sessions.Put(ctx, kit.SessSeen, now.Unix())
		}
		orgID := s.sessions.GetInt64(ctx, kit.SessOrgID)
		p, err := s.auth.Principal(ctx, userID, orgID)
		loginAt := time.UnixMicro(s.sessions.GetInt64(ctx, kit.SessLogin))
		authAt := time.UnixMicro(s.sessions.GetInt64(ctx, kit.SessAuth))
		if err == nil && (s.now().Sub(loginAt) > s.cfg.SessionLifetime || authAt.Before(p.SessionsValidAfter)) {
			// Past the absolute lifetime (which a token renewal must not
			// extend), or the password was reset after this login.
			err = auth.ErrInvalidCredentials
		}
		if errors.Is(err, auth.ErrInvalidCredentials) {
			_ = s.sessions.Destroy(ctx)
			next.ServeHTTP(w, r)
			return
		}
		if err != nil {
			s.kit.ServerError(w, r, err)
			return
		}
		ri := kit.Info(ctx)
		ri.UserID, ri.OrgID = p.UserID, p.OrgID
		next.ServeHTTP(w, r.WithContext(kit.WithPrincipal(ctx, &p)))
	})
}

// require enforces the route's action: anonymous visitors go to the login
// page, users without an organisation choose one, everyone else needs a role
// that the permission table allows.
func (s *Server) require(action authz.Action, h http.HandlerFunc) http.HandlerFunc {
	if !authz.Known(action) {
		panic("route with an action missing from the permission table: " + string(action))
	}
	return func(w http.ResponseWriter, r *http.Request) {
		if action == authz.Public {
			h(w, r)
			return
		}
		p := kit.Principal(r)
		if p == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		if action != authz.Authenticated && p.OrgID == 0 {
			http.Redirect(w, r, "/organisatie", http.StatusSeeOther)
			return
		}
		if !p.Can(action) {
			s.log.Warn("forbidden", "request_id", kit.Info(r.Context()).ID, "user_id", p.UserID, "organisation_id", p.OrgID, "action", string(action))
			s.kit.RenderError(w, r, http.StatusForbidden)
			return
		}
		h(w, r)
	}
}

// validText refuses requests whose query string or URL-encoded form holds
// invalid UTF-8 or control characters other than tab and newline: PostgreSQL
// would reject them deep inside a transaction, and no real input needs them.
// Multipart forms (uploads) are checked field by field by their handler.
func (s *Server) validText(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok := httpkit.ValidValues(r.URL.Query())
		if ok && r.Method == http.MethodPost && isURLEncodedForm(r) {
			if err := r.ParseForm(); err != nil {
				ok = false
			} else {
				ok = httpkit.ValidValues(r.PostForm)
			}
		}
		if !ok {
			s.kit.RenderError(w, r, http.StatusBadRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// isURLEncodedForm decides like ParseForm does: media types are
// case-insensitive and may carry parameters.
func isURLEncodedForm(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "application/x-www-form-urlencoded"
}
