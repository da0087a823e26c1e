package kit

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"sync"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/org"
	"github.com/baken-nl/baken/web/layout"
)

// Page builds the shell data of a page and takes the flash message, if any.
func (k *Kit) Page(r *http.Request, title, section string) layout.Page {
	p := layout.Page{Title: title, Principal: Principal(r), Section: section}
	if p.Principal != nil {
		p.Flash = k.Sessions.PopString(r.Context(), SessFlash)
		p.FlashKind = k.Sessions.PopString(r.Context(), SessFlashK)
		if p.FlashKind == "" {
			p.FlashKind = "success"
		}
	}
	return p
}

// Flash stores a message for the next page the user sees.
func (k *Kit) Flash(ctx context.Context, msg string) {
	k.Sessions.Put(ctx, SessFlash, msg)
	k.Sessions.Put(ctx, SessFlashK, "success")
}

// FlashWarning stores a warning for the next page: the action succeeded, but
// the user should look at something.
func (k *Kit) FlashWarning(ctx context.Context, msg string) {
	k.Sessions.Put(ctx, SessFlash, msg)
	k.Sessions.Put(ctx, SessFlashK, "warning")
}

// Render writes a templ component with status. The page is rendered into a
// pooled buffer first and sent in one write with its length: a render
// failure then still gets the 500 page instead of half a page, and the
// response costs one system call rather than one per 4 KiB.
func (k *Kit) Render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	buf := pagePool.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledPage {
			buf.Reset()
			pagePool.Put(buf)
		}
	}()
	buf.Reset()
	if err := c.Render(r.Context(), buf); err != nil {
		k.Log.Error("render failed", "request_id", Info(r.Context()).ID, "error", err.Error())
		if status != http.StatusInternalServerError { // not again for the error page itself
			k.RenderError(w, r, http.StatusInternalServerError)
			return
		}
		buf.Reset()
		buf.WriteString("Interne fout")
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes()) // a failed write means the client went away
}

var pagePool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledPage keeps one huge page from pinning its buffer in the pool.
const maxPooledPage = 1 << 20

// RenderError shows the Dutch page for 403, 404, 405 and 500.
func (k *Kit) RenderError(w http.ResponseWriter, r *http.Request, status int) {
	p := layout.Page{Principal: Principal(r), Title: layout.ErrorTitle(status)}
	k.Render(w, r, status, layout.ErrorPage(p, status, Info(r.Context()).ID))
}

// ServerError logs err with the request id and shows the 500 page. The error
// text goes to the log only: it may hold SQL or internal names.
func (k *Kit) ServerError(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil {
		// The client gave up (closed the tab, timed out): nothing failed on
		// our side and nobody reads the page. 499 as nginx logs it.
		k.Log.Info("request cancelled by the client", "request_id", Info(r.Context()).ID)
		w.WriteHeader(statusClientClosed)
		return
	}
	k.Log.Error("internal error", "request_id", Info(r.Context()).ID, "error", err.Error())
	k.RenderError(w, r, http.StatusInternalServerError)
}

// statusClientClosed is logged for requests the client abandoned.
const statusClientClosed = 499

// Fail maps an error that is not a form error to its page.
func (k *Kit) Fail(w http.ResponseWriter, r *http.Request, err error) {
	switch apperr.CodeOf(err) {
	case apperr.NotFound:
		k.RenderError(w, r, http.StatusNotFound)
	case apperr.Forbidden:
		k.RenderError(w, r, http.StatusForbidden)
	case apperr.Invalid, apperr.Conflict:
		if r.Method == http.MethodGet {
			// A malformed filter in a link: nothing to go back to.
			k.RenderError(w, r, http.StatusBadRequest)
			return
		}
		// An action without a form of its own (a delete): report on the next page.
		e, _ := apperr.As(err)
		k.Sessions.Put(r.Context(), SessFlash, e.Message)
		k.Sessions.Put(r.Context(), SessFlashK, "error")
		httpkit.Redirect(w, r, httpkit.RefererPath(r))
	default:
		k.ServerError(w, r, err)
	}
}

// FormState turns a service error into the form's error state: ok is false
// when err is not about the form (then the caller calls Fail).
func FormState(err error, order ...string) (layout.Form, int, bool) {
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

// PathID reads the {id} URL parameter; an invalid id is simply not found.
func PathID(r *http.Request) (int64, error) {
	return httpkit.PathID(chi.URLParam(r, "id"))
}

// ParseForm parses the request's form; a failure is an Invalid error.
func ParseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return &apperr.Error{Code: apperr.Invalid, Message: "Het formulier kon niet worden gelezen.", Err: err}
	}
	return nil
}

// Read runs fn in a read transaction scoped to the principal's organisation,
// for pages that combine several domain queries in one snapshot.
func (k *Kit) Read(r *http.Request, fn func(tx *db.Tx) error) error {
	return k.DB.Read(r.Context(), db.ScopeOf(*Principal(r)), fn)
}

// ListPage reads the paging, sorting and search of a list from the query string.
// ReadBatch runs the queries fill queues in one round trip, scoped to the
// principal's organisation (the route has checked the permission).
func (k *Kit) ReadBatch(r *http.Request, fill func(b *db.Batch) error) error {
	return k.DB.ReadBatch(r.Context(), db.ScopeOf(*Principal(r)), fill)
}

func ListPage(r *http.Request, sorts map[string]string, def string) listing.Page {
	q := r.URL.Query()
	return listing.Page{Params: listing.Parse(q, sorts, def), Base: q, Path: r.URL.Path}
}

// LoadList loads the page of a list that pg names with load (the rows and
// the total). A page past the end loads the last page instead, with pg.Page
// moved there, as the risk register does: a list never shows an empty page
// for a page number that is too large. pg.Total is set.
func LoadList[T any](pg *listing.Page, load func(listing.Params) (T, int, error)) (T, error) {
	x, total, err := load(pg.Params)
	pg.Total = total
	if err != nil || pg.Page <= pg.Pages() {
		return x, err
	}
	pg.Page = pg.Pages()
	x, pg.Total, err = load(pg.Params)
	return x, err
}

// DepartmentLister is the one organisation method several handler packages
// share: the departments of the principal's organisation as choices.
type DepartmentLister interface {
	DepartmentOptions(ctx context.Context, actor authz.Principal) ([]org.Option, error)
}

// DepartmentChoices are the departments of the principal's organisation as
// the options of a select.
func DepartmentChoices(r *http.Request, d DepartmentLister) ([]layout.Option, error) {
	depts, err := d.DepartmentOptions(r.Context(), *Principal(r))
	return layout.OrgOptions(depts), err
}

// Departments is DepartmentChoices for a page that needs them: ok is false
// when the page has already been answered with the server error.
func (k *Kit) Departments(w http.ResponseWriter, r *http.Request, d DepartmentLister) (depts []layout.Option, ok bool) {
	depts, err := DepartmentChoices(r, d)
	if err != nil {
		k.ServerError(w, r, err)
		return nil, false
	}
	return depts, true
}

// FetchWithDepartments is Fetch for a page that also offers the departments
// as choices (a filter, an owner): what get loads, then the choices; ok is
// false when the page has already been answered (get's error page, or the
// server error when the choices cannot be loaded).
func FetchWithDepartments[T any](k *Kit, w http.ResponseWriter, r *http.Request, d DepartmentLister, get func(ctx context.Context, p authz.Principal) (T, error)) (item T, depts []layout.Option, ok bool) {
	if item, ok = Fetch(k, w, r, get); ok {
		depts, ok = k.Departments(w, r, d)
	}
	return item, depts, ok
}

// Download sends a generated report as a download that no cache keeps.
func (k *Kit) Download(w http.ResponseWriter, r *http.Request, contentType, name string, body []byte) {
	if err := httpkit.Download(w, contentType, name, body); err != nil {
		k.Log.Warn("send report", "request_id", Info(r.Context()).ID, "error", err.Error())
	}
}
