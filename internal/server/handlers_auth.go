package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/auth"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/pages"
)

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if p := principal(r); p != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, pages.Login(s.page(r, "Inloggen", ""), pages.LoginForm{Next: safeNext(r.URL.Query().Get("next"))}))
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
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
		s.render(w, r, http.StatusUnprocessableEntity, pages.Login(s.page(r, "Inloggen", ""), form))
		return
	}
	userID, err := s.auth.Login(r.Context(), form.Email, password, clientIP(r))
	var locked *auth.LockedError
	switch {
	case errors.As(err, &locked):
		minutes := int(locked.Until.Sub(s.now()).Round(time.Minute).Minutes())
		form.Form.Message = fmt.Sprintf("Te veel mislukte inlogpogingen. Probeer het over %d minuten opnieuw, of vraag de functioneel beheerder om de blokkade op te heffen.", max(minutes, 1))
		s.render(w, r, http.StatusTooManyRequests, pages.Login(s.page(r, "Inloggen", ""), form))
		return
	case errors.Is(err, auth.ErrInvalidCredentials):
		form.Form.Message = "Het e-mailadres of het wachtwoord klopt niet."
		s.render(w, r, http.StatusUnauthorized, pages.Login(s.page(r, "Inloggen", ""), form))
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	// A fresh token at login prevents session fixation.
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessUserID, userID)
	s.sessions.Put(r.Context(), sessLogin, s.now().UnixMicro())
	s.sessions.Put(r.Context(), sessAuth, s.now().UnixMicro())
	orgs, err := s.auth.Organisations(r.Context(), userID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if len(orgs) == 1 {
		s.sessions.Put(r.Context(), sessOrgID, orgs[0].ID)
		http.Redirect(w, r, form.Next, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/organisatie", http.StatusSeeOther)
}

// safeNext only allows a local path, so the login form cannot be used to
// redirect users to another site.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil ||
		!strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/login") ||
		strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) {
		return "/"
	}
	return next
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	// Destroy removes the session from the store: the cookie is worthless after this.
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func (s *Server) chooseOrganisation(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	orgs, err := s.auth.Organisations(r.Context(), p.UserID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, pages.ChooseOrganisation(s.page(r, "Kies een organisatie", ""), orgs, p.OrgID))
}

func (s *Server) switchOrganisation(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	p := principal(r)
	orgID := formInt(r, "organisation_id")
	orgs, err := s.auth.Organisations(r.Context(), p.UserID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, o := range orgs {
		if o.ID == orgID {
			// New privileges, new token.
			if err := s.sessions.RenewToken(r.Context()); err != nil {
				s.serverError(w, r, err)
				return
			}
			s.sessions.Put(r.Context(), sessOrgID, orgID)
			s.flash(r.Context(), "U werkt nu in "+o.Name+".")
			http.Redirect(w, r, "/", http.StatusSeeOther)
			return
		}
	}
	s.renderError(w, r, http.StatusForbidden)
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, pages.PasswordChange(s.page(r, "Wachtwoord wijzigen", ""), layout.Form{}))
}

func (s *Server) passwordChange(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	err := s.auth.ChangeOwnPassword(r.Context(), principal(r).UserID, r.PostFormValue("current"), r.PostFormValue("password"), r.PostFormValue("repeat"))
	if err != nil {
		if form, status, ok := formState(err, "current", "password", "repeat"); ok {
			s.render(w, r, status, pages.PasswordChange(s.page(r, "Wachtwoord wijzigen", ""), form))
			return
		}
		s.fail(w, r, err)
		return
	}
	// This session stays (a new token, proven after the change); its
	// absolute lifetime still counts from the login.
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessAuth, s.now().UnixMicro())
	s.flash(r.Context(), "Uw wachtwoord is gewijzigd.")
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	counts, err := s.org.Counts(r.Context(), p.OrgID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, pages.Home(s.page(r, "Start", "home"), counts))
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
		s.log.Warn("readiness: database unreachable", "request_id", infoFrom(r.Context()).ID, "error", err.Error())
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unreachable\n"))
	case st.Pending() || st.Ahead():
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = fmt.Fprintf(w, "migrations pending: database at %d, binary at %d\n", st.Current, st.Latest)
	default:
		_, _ = w.Write([]byte("ok\n"))
	}
}
