package server

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/auth"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/pages"
)

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if p := kit.Principal(r); p != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.kit.Render(w, r, http.StatusOK, pages.Login(s.kit.Page(r, "Inloggen", ""), pages.LoginForm{Next: safeNext(r.URL.Query().Get("next"))}))
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if err := kit.ParseForm(r); err != nil {
		s.kit.Fail(w, r, err)
		return
	}
	form := pages.LoginForm{Email: strings.TrimSpace(r.PostFormValue("email")), Next: safeNext(r.PostFormValue("next"))}
	password := r.PostFormValue("password")
	if form.Email == "" || password == "" {
		form.Form = layout.Form{Errors: map[string]string{}, Order: []string{"email", "password"}}
		if form.Email == "" {
			form.Form.Errors["email"] = "Vul uw e-mailadres in."
		}
		if password == "" {
			form.Form.Errors["password"] = "Vul uw wachtwoord in."
		}
		s.kit.Render(w, r, http.StatusUnprocessableEntity, pages.Login(s.kit.Page(r, "Inloggen", ""), form))
		return
	}
	var device string
	if c, err := r.Cookie(deviceCookie); err == nil {
		device = c.Value
	}
	res, err := s.auth.Login(r.Context(), auth.LoginAttempt{Email: form.Email, Password: password, ClientIP: s.kit.ClientIP(r), Device: device})
	var locked *auth.LockedError
	switch {
	case errors.As(err, &locked):
		form.Form.Message = "Te veel mislukte inlogpogingen. Probeer het over " + waitText(locked.Until.Sub(s.kit.Now())) + " opnieuw. " +
			"Bent u eerder in deze browser ingelogd, dan geldt deze wachttijd niet voor u; de functioneel beheerder kan hem ook opheffen."
		s.kit.Render(w, r, http.StatusTooManyRequests, pages.Login(s.kit.Page(r, "Inloggen", ""), form))
		return
	case errors.Is(err, auth.ErrInvalidCredentials):
		form.Form.Message = "Het e-mailadres of het wachtwoord klopt niet."
		s.kit.Render(w, r, http.StatusUnauthorized, pages.Login(s.kit.Page(r, "Inloggen", ""), form))
		return
	case err != nil:
		s.kit.ServerError(w, r, err)
		return
	}
	userID := res.UserID
	if res.NewDevice != "" {
		http.SetCookie(w, &http.Cookie{Name: deviceCookie, //nolint:gosec // G124: Secure follows BAKEN_BASE_URL like the session cookie; HttpOnly and SameSite are set
			Value: res.NewDevice, Path: "/login", MaxAge: 180 * 24 * 3600,
			HttpOnly: true, Secure: s.kit.Config.SecureCookies(), SameSite: http.SameSiteStrictMode})
	}
	// A fresh token at login prevents session fixation.
	if err := s.kit.Sessions.RenewToken(r.Context()); err != nil {
		s.kit.ServerError(w, r, err)
		return
	}
	s.kit.Sessions.Put(r.Context(), kit.SessUserID, userID)
	s.kit.Sessions.Put(r.Context(), kit.SessLogin, s.kit.Now().UnixMicro())
	s.kit.Sessions.Put(r.Context(), kit.SessAuth, s.kit.Now().UnixMicro())
	s.kit.Sessions.Put(r.Context(), kit.SessSeen, s.kit.Now().Unix())
	orgs, err := s.auth.Organisations(r.Context(), userID)
	if err != nil {
		s.kit.ServerError(w, r, err)
		return
	}
	if len(orgs) == 1 {
		s.kit.Sessions.Put(r.Context(), kit.SessOrgID, orgs[0].ID)
		http.Redirect(w, r, form.Next, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/organisatie", http.StatusSeeOther)
}

// deviceCookie holds the token of a browser in which the user logged in
// before; attempts from it are exempt from the delay other failures cause.
const deviceCookie = "baken_device"

// waitText says in Dutch how long to wait.
func waitText(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d seconden", max(int(d.Round(time.Second).Seconds()), 1))
	}
	return fmt.Sprintf("%d minuten", max(int(d.Round(time.Minute).Minutes()), 1))
}

// safeNext only allows a local path (and never the login page itself), so
// the login form cannot be used to redirect users to another site.
func safeNext(next string) string {
	if next = httpkit.LocalPath(next); strings.HasPrefix(next, "/login") {
		return "/"
	}
	return next
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	// Destroy removes the session from the store: the cookie is worthless after this.
	if err := s.kit.Sessions.Destroy(r.Context()); err != nil {
		s.kit.ServerError(w, r, err)
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func (s *Server) chooseOrganisation(w http.ResponseWriter, r *http.Request) {
	p := kit.Principal(r)
	orgs, err := s.auth.Organisations(r.Context(), p.UserID)
	if err != nil {
		s.kit.ServerError(w, r, err)
		return
	}
	s.kit.Render(w, r, http.StatusOK, pages.ChooseOrganisation(s.kit.Page(r, "Kies een organisatie", ""), orgs, p.OrgID))
}

func (s *Server) switchOrganisation(w http.ResponseWriter, r *http.Request) {
	if err := kit.ParseForm(r); err != nil {
		s.kit.Fail(w, r, err)
		return
	}
	p := kit.Principal(r)
	orgID := httpkit.Form(r).ID("organisation_id") // invalid: matches no organisation
	orgs, err := s.auth.Organisations(r.Context(), p.UserID)
	if err != nil {
		s.kit.ServerError(w, r, err)
		return
	}
	for _, o := range orgs {
		if o.ID == orgID {
			// New privileges, new token.
			if err := s.kit.Sessions.RenewToken(r.Context()); err != nil {
				s.kit.ServerError(w, r, err)
				return
			}
			s.kit.Sessions.Put(r.Context(), kit.SessOrgID, orgID)
			s.kit.Flash(r.Context(), "U werkt nu in "+o.Name+".")
			http.Redirect(w, r, "/", http.StatusSeeOther)
			return
		}
	}
	s.kit.RenderError(w, r, http.StatusForbidden)
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) {
	s.kit.Render(w, r, http.StatusOK, pages.PasswordChange(s.kit.Page(r, "Wachtwoord wijzigen", ""), layout.Form{}))
}

func (s *Server) passwordChange(w http.ResponseWriter, r *http.Request) {
	if err := kit.ParseForm(r); err != nil {
		s.kit.Fail(w, r, err)
		return
	}
	err := s.auth.ChangeOwnPassword(r.Context(), kit.Principal(r).UserID, r.PostFormValue("current"), r.PostFormValue("password"), r.PostFormValue("repeat"))
	if err != nil {
		if form, status, ok := kit.FormState(err, "current", "password", "repeat"); ok {
			s.kit.Render(w, r, status, pages.PasswordChange(s.kit.Page(r, "Wachtwoord wijzigen", ""), form))
			return
		}
		s.kit.Fail(w, r, err)
		return
	}
	// This session stays (a new token, proven after the change); its
	// absolute lifetime still counts from the login.
	if err := s.kit.Sessions.RenewToken(r.Context()); err != nil {
		s.kit.ServerError(w, r, err)
		return
	}
	s.kit.Sessions.Put(r.Context(), kit.SessAuth, s.kit.Now().UnixMicro())
	s.kit.Flash(r.Context(), "Uw wachtwoord is gewijzigd.")
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	p := kit.Principal(r)
	counts, err := s.org.Counts(r.Context(), *p)
	if err != nil {
		s.kit.ServerError(w, r, err)
		return
	}
	s.kit.Render(w, r, http.StatusOK, pages.Home(s.kit.Page(r, "Start", "home"), counts))
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	st, err := s.db.Status(r.Context())
	switch {
	case err != nil:
		s.kit.Log.Warn("readiness: database unreachable", "request_id", kit.Info(r.Context()).ID, "error", err.Error())
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unreachable\n"))
	case st.Pending() || st.Ahead():
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = fmt.Fprintf(w, "migrations pending: database at %d, binary at %d\n", st.Current, st.Latest)
	default:
		_, _ = w.Write([]byte("ok\n"))
	}
}
