package account

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
	"github.com/baken-nl/baken/web/views/accountview"
)

// LoginForm serves GET /login.
func (h *Handlers) LoginForm(w http.ResponseWriter, r *http.Request) {
	if p := kit.Principal(r); p != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	h.kit.Render(w, r, http.StatusOK, accountview.Login(h.kit.Page(r, "Inloggen", ""), accountview.LoginForm{Next: safeNext(r.URL.Query().Get("next"))}))
}

// Login serves POST /login.
func (h *Handlers) Login(w http.ResponseWriter, r *http.Request) {
	if err := kit.ParseForm(r); err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	form := accountview.LoginForm{Email: strings.TrimSpace(r.PostFormValue("email")), Next: safeNext(r.PostFormValue("next"))}
	password := r.PostFormValue("password")
	if form.Email == "" || password == "" {
		form.Form = layout.Form{Errors: map[string]string{}, Order: []string{"email", "password"}}
		if form.Email == "" {
			form.Form.Errors["email"] = "Vul uw e-mailadres in."
		}
		if password == "" {
			form.Form.Errors["password"] = "Vul uw wachtwoord in."
		}
		h.kit.Render(w, r, http.StatusUnprocessableEntity, accountview.Login(h.kit.Page(r, "Inloggen", ""), form))
		return
	}
	var device string
	if c, err := r.Cookie(deviceCookie); err == nil {
		device = c.Value
	}
	res, err := h.auth.Login(r.Context(), auth.LoginAttempt{Email: form.Email, Password: password, ClientIP: h.kit.ClientIP(r), Device: device})
	var locked *auth.LockedError
	switch {
	case errors.As(err, &locked):
		form.Form.Message = "Te veel mislukte inlogpogingen. Probeer het over " + waitText(locked.Until.Sub(h.kit.Now())) + " opnieuw. " +
			"Bent u eerder in deze browser ingelogd, dan geldt deze wachttijd niet voor u; de functioneel beheerder kan hem ook opheffen."
		h.kit.Render(w, r, http.StatusTooManyRequests, accountview.Login(h.kit.Page(r, "Inloggen", ""), form))
		return
	case errors.Is(err, auth.ErrInvalidCredentials):
		form.Form.Message = "Het e-mailadres of het wachtwoord klopt niet."
		h.kit.Render(w, r, http.StatusUnauthorized, accountview.Login(h.kit.Page(r, "Inloggen", ""), form))
		return
	case err != nil:
		h.kit.ServerError(w, r, err)
		return
	}
	userID := res.UserID
	if res.NewDevice != "" {
		http.SetCookie(w, &http.Cookie{Name: deviceCookie, //nolint:gosec // G124: Secure follows BAKEN_BASE_URL like the session cookie; HttpOnly and SameSite are set
			Value: res.NewDevice, Path: "/login", MaxAge: 180 * 24 * 3600,
			HttpOnly: true, Secure: h.kit.Config.SecureCookies(), SameSite: http.SameSiteStrictMode})
	}
	// A fresh token at login prevents session fixation.
	if err := h.kit.Sessions.RenewToken(r.Context()); err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	h.kit.Sessions.Put(r.Context(), kit.SessUserID, userID)
	h.kit.Sessions.Put(r.Context(), kit.SessLogin, h.kit.Now().UnixMicro())
	h.kit.Sessions.Put(r.Context(), kit.SessAuth, h.kit.Now().UnixMicro())
	h.kit.Sessions.Put(r.Context(), kit.SessSeen, h.kit.Now().Unix())
	orgs, err := h.auth.Organisations(r.Context(), userID)
	if err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	if len(orgs) == 1 {
		h.kit.Sessions.Put(r.Context(), kit.SessOrgID, orgs[0].ID)
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

// Logout serves POST /logout.
func (h *Handlers) Logout(w http.ResponseWriter, r *http.Request) {
	// Destroy removes the session from the store: the cookie is worthless after this.
	if err := h.kit.Sessions.Destroy(r.Context()); err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// ChooseOrganisation serves GET /organisatie.
func (h *Handlers) ChooseOrganisation(w http.ResponseWriter, r *http.Request) {
	p := kit.Principal(r)
	orgs, err := h.auth.Organisations(r.Context(), p.UserID)
	if err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	h.kit.Render(w, r, http.StatusOK, accountview.ChooseOrganisation(h.kit.Page(r, "Kies een organisatie", ""), orgs, p.OrgID))
}

// SwitchOrganisation serves POST /organisatie.
func (h *Handlers) SwitchOrganisation(w http.ResponseWriter, r *http.Request) {
	if err := kit.ParseForm(r); err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	p := kit.Principal(r)
	orgID := httpkit.Form(r).ID("organisation_id") // invalid: matches no organisation
	orgs, err := h.auth.Organisations(r.Context(), p.UserID)
	if err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	for _, o := range orgs {
		if o.ID == orgID {
			// New privileges, new token.
			if err := h.kit.Sessions.RenewToken(r.Context()); err != nil {
				h.kit.ServerError(w, r, err)
				return
			}
			h.kit.Sessions.Put(r.Context(), kit.SessOrgID, orgID)
			h.kit.Flash(r.Context(), "U werkt nu in "+o.Name+".")
			http.Redirect(w, r, "/", http.StatusSeeOther)
			return
		}
	}
	h.kit.RenderError(w, r, http.StatusForbidden)
}

// PasswordForm serves GET /account/wachtwoord.
func (h *Handlers) PasswordForm(w http.ResponseWriter, r *http.Request) {
	h.kit.Render(w, r, http.StatusOK, accountview.PasswordChange(h.kit.Page(r, "Wachtwoord wijzigen", ""), layout.Form{}))
}

// PasswordChange serves POST /account/wachtwoord.
func (h *Handlers) PasswordChange(w http.ResponseWriter, r *http.Request) {
	if err := kit.ParseForm(r); err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	err := h.auth.ChangeOwnPassword(r.Context(), kit.Principal(r).UserID, r.PostFormValue("current"), r.PostFormValue("password"), r.PostFormValue("repeat"))
	if err != nil {
		if form, status, ok := kit.FormState(err, "current", "password", "repeat"); ok {
			h.kit.Render(w, r, status, accountview.PasswordChange(h.kit.Page(r, "Wachtwoord wijzigen", ""), form))
			return
		}
		h.kit.Fail(w, r, err)
		return
	}
	// This session stays (a new token, proven after the change); its
	// absolute lifetime still counts from the login.
	if err := h.kit.Sessions.RenewToken(r.Context()); err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	h.kit.Sessions.Put(r.Context(), kit.SessAuth, h.kit.Now().UnixMicro())
	h.kit.Flash(r.Context(), "Uw wachtwoord is gewijzigd.")
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
