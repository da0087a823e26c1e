package server

import (
	"context"
	"net/http"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/httpkit"
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
	if r.Context().Err() != nil {
		// The client gave up (closed the tab, timed out): nothing failed on
		// our side and nobody reads the page. 499 as nginx logs it.
		s.log.Info("request cancelled by the client", "request_id", infoFrom(r.Context()).ID)
		w.WriteHeader(statusClientClosed)
		return
	}
	s.log.Error("internal error", "request_id", infoFrom(r.Context()).ID, "error", err.Error())
	s.renderError(w, r, http.StatusInternalServerError)
}

// statusClientClosed is logged for requests the client abandoned.
const statusClientClosed = 499

// fail maps an error that is not a form error to its page.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch apperr.CodeOf(err) {
	case apperr.NotFound:
		s.renderError(w, r, http.StatusNotFound)
	case apperr.Forbidden:
		s.renderError(w, r, http.StatusForbidden)
	case apperr.Invalid, apperr.Conflict:
		if r.Method == http.MethodGet {
			// A malformed filter in a link: nothing to go back to.
			s.renderError(w, r, http.StatusBadRequest)
			return
		}
		// An action without a form of its own (a delete): report on the next page.
		e, _ := apperr.As(err)
		s.sessions.Put(r.Context(), sessFlash, e.Message)
		s.sessions.Put(r.Context(), sessFlashK, "error")
		httpkit.Redirect(w, r, httpkit.RefererPath(r))
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
	return httpkit.PathID(chi.URLParam(r, "id"))
}

func parseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return &apperr.Error{Code: apperr.Invalid, Message: "Het formulier kon niet worden gelezen.", Err: err}
	}
	return nil
}

// read runs fn in a read transaction scoped to the principal's organisation,
// for pages that combine several domain queries in one snapshot.
func (s *Server) read(r *http.Request, fn func(tx *db.Tx) error) error {
	return s.db.Read(r.Context(), db.ScopeOf(*principal(r)), fn)
}
