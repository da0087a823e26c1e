package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/pages"
)

// page builds the shell data of a page and takes the flash message, if any.
func (s *Server) page(r *http.Request, title, section string) layout.Page {
	p := layout.Page{Title: title, Principal: principal(r), Section: section}
	if p.Principal != nil {
		p.Flash = s.sessions.PopString(r.Context(), sessFlash)
		p.FlashKind = s.sessions.PopString(r.Context(), sessFlashK)
		if p.FlashKind == "" {
			p.FlashKind = "success"
		}
	}
	return p
}

// flash stores a message for the next page the user sees.
func (s *Server) flash(ctx context.Context, msg string) {
	s.sessions.Put(ctx, sessFlash, msg)
	s.sessions.Put(ctx, sessFlashK, "success")
}

// render writes a templ component with status; a render failure is logged
// (the status line is already sent, so the page cannot change any more).
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := c.Render(r.Context(), w); err != nil {
		s.log.Error("render failed", "request_id", infoFrom(r.Context()).ID, "error", err.Error())
	}
}

// renderError shows the Dutch page for 403, 404, 405 and 500.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int) {
	p := layout.Page{Principal: principal(r)}
	s.render(w, r, status, pages.Error(p, status, infoFrom(r.Context()).ID))
}

// serverError logs err with the request id and shows the 500 page. The error
// text goes to the log only: it may hold SQL or internal names.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("internal error", "request_id", infoFrom(r.Context()).ID, "error", err.Error())
	s.renderError(w, r, http.StatusInternalServerError)
}

// fail maps an error that is not a form error to its page.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch apperr.CodeOf(err) {
	case apperr.NotFound:
		s.renderError(w, r, http.StatusNotFound)
	case apperr.Forbidden:
		s.renderError(w, r, http.StatusForbidden)
	case apperr.Invalid, apperr.Conflict:
		// An action without a form of its own (a delete): report on the next page.
		e, _ := apperr.As(err)
		s.sessions.Put(r.Context(), sessFlash, e.Message)
		s.sessions.Put(r.Context(), sessFlashK, "error")
		http.Redirect(w, r, localReferer(r), http.StatusSeeOther)
	default:
		s.serverError(w, r, err)
	}
}

// formState turns a service error into the form's error state: ok is false
// when err is not about the form (then the caller calls fail).
func formState(err error, order ...string) (layout.Form, int, bool) {
	e, isApp := apperr.As(err)
	if !isApp {
		return layout.Form{}, 0, false
	}
	switch e.Code {
	case apperr.Invalid:
		return layout.Form{Errors: e.Fields, Order: order}, http.StatusUnprocessableEntity, true
	case apperr.Conflict:
		return layout.Form{Message: e.Message}, http.StatusConflict, true
	case apperr.Forbidden:
		return layout.Form{Message: e.Message}, http.StatusForbidden, true
	}
	return layout.Form{}, 0, false
}

// pathID reads the {id} URL parameter; an invalid id is simply not found.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFoundf("Onbekend nummer.")
	}
	return id, nil
}

// formInt reads an integer form field; empty or malformed gives 0, which the
// services reject with a field message where a value is required.
func formInt(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue(name)), 10, 64)
	return n
}

func formInts(r *http.Request, name string) []int64 {
	var out []int64
	for _, v := range r.PostForm[name] {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}

func queryInt(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
	return n
}

func parseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return &apperr.Error{Code: apperr.Invalid, Message: "Het formulier kon niet worden gelezen.", Err: err}
	}
	return nil
}

// localReferer returns the path of the page the request came from, when that
// page is on this host; "/" otherwise. Only the path is used, so the
// redirect can never leave the portal.
func localReferer(r *http.Request) string {
	u, err := url.Parse(r.Referer())
	if err != nil || u.Host != r.Host || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	if u.RawQuery != "" {
		return u.Path + "?" + u.RawQuery
	}
	return u.Path
}
