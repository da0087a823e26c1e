package kit

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/web/layout"
)

// FormPost describes one form submission for Submit: how to read the typed
// input, how to save it, how to show the form again, and where to go after.
type FormPost[In any] struct {
	// Read builds the input from the form; bad numbers and ids are reported
	// by the reader and shown like the service's own field errors.
	Read func(f *httpkit.Values) In
	// Save calls the one service method.
	Save func(ctx context.Context, in In) (id int64, err error)
	// Reshow renders the form again with the user's input kept: status 422
	// for field errors, 409 for a conflict (stale is then true: load the
	// stored version and show it next to the input), 403 for a refusal.
	Reshow func(status int, in In, state layout.Form, stale bool)
	// Done names the flash message and the page to go to after saving.
	Done func(in In, id int64) (flash, target string)
	// Warn, when set, may name a warning about what was saved; the flash then
	// carries it and is shown as a warning.
	Warn func(in In) string
}

// Submit runs the tail every form handler shares: parse, read, save, then
// either the form again with the input kept, or a flash and a 303.
func Submit[In any](k *Kit, w http.ResponseWriter, r *http.Request, p FormPost[In]) {
	if err := ParseForm(r); err != nil {
		k.Fail(w, r, err)
		return
	}
	values := httpkit.Form(r)
	in := p.Read(values)
	err := values.Err()
	if err != nil {
		// Also show what the domain's own rules say about the other fields.
		if v, ok := any(&in).(interface{ Validate() apperr.Validation }); ok {
			merged := apperr.Validation{}
			for field, m := range v.Validate() {
				merged.Add(field, m)
			}
			for field, m := range values.Fields() {
				merged.Add(field, m)
			}
			err = merged.Err()
		}
	}
	var id int64
	if err == nil {
		id, err = p.Save(r.Context(), in)
	}
	if err != nil {
		state, status, ok := FormState(err)
		if !ok {
			k.Fail(w, r, err)
			return
		}
		p.Reshow(status, in, state, apperr.IsStale(err))
		return
	}
	msg, target := p.Done(in, id)
	var warning string
	if p.Warn != nil {
		warning = p.Warn(in)
	}
	if warning != "" {
		k.FlashWarning(r.Context(), msg+" "+warning)
	} else {
		k.Flash(r.Context(), msg)
	}
	httpkit.Redirect(w, r, target)
}

// IDPath is the page of one item: base + "/" + id.
func IDPath(base string, id int64) string { return base + "/" + strconv.FormatInt(id, 10) }

// QueryID reads an id filter from the query string; a malformed or
// out-of-range value is an Invalid error (the 400 page), not a silent "all".
func QueryID(r *http.Request, name string) (int64, error) {
	q := httpkit.Query(r)
	id := q.ID(name)
	return id, q.Err()
}

// Load is the start of every page of one item: the {id} of the route, the
// item loaded for the principal by get (which checks the permission and the
// organisation). ok is false when the page has already been answered: 404
// for a bad or unknown id or another organisation's item, 403 when get
// refuses.
func Load[T any](k *Kit, w http.ResponseWriter, r *http.Request, get func(ctx context.Context, p authz.Principal, id int64) (T, error)) (item T, id int64, ok bool) {
	return LoadOr(w, r, get, k.Fail)
}

// Act is the shape of an action on one item without a form of its own (a
// delete, an unlock): the {id}, the service call, then a flash and a 303 to
// target — or the error's page.
func Act(k *Kit, w http.ResponseWriter, r *http.Request, do func(ctx context.Context, p authz.Principal, id int64) error, flash, target string) {
	id, err := PathID(r)
	if err == nil {
		err = do(r.Context(), *Principal(r), id)
	}
	if err != nil {
		k.Fail(w, r, err)
		return
	}
	k.Flash(r.Context(), flash)
	httpkit.Redirect(w, r, strings.ReplaceAll(target, "{id}", strconv.FormatInt(id, 10)))
}

// Action describes, for SubmitAction, a form that changes the item {id} of
// the route (an edit, a status change, an advice).
type Action[In any] struct {
	// Read builds the input from the form, as in FormPost.
	Read func(f *httpkit.Values) In
	// Save calls the one service method with the principal and the id.
	Save func(ctx context.Context, actor authz.Principal, id int64, in In) error
	// Reshow renders the form again with the input kept, as in FormPost.
	Reshow func(status int, id int64, in In, state layout.Form, stale bool)
	// Done names the flash message and the page to go to after saving.
	Done func(in In, id int64) (flash, target string)
	// Warn, when set, may name a warning about what was saved, as in FormPost.
	Warn func(in In) string
}

// SubmitAction is Submit for a form about the item {id} of the route: a bad
// id is the 404 page, else the input is saved for the principal and that id.
func SubmitAction[In any](k *Kit, w http.ResponseWriter, r *http.Request, a Action[In]) {
	id, err := PathID(r)
	if err != nil {
		k.Fail(w, r, err)
		return
	}
	p := *Principal(r)
	Submit(k, w, r, FormPost[In]{
		Read:   a.Read,
		Save:   func(ctx context.Context, in In) (int64, error) { return id, a.Save(ctx, p, id, in) },
		Reshow: func(status int, in In, state layout.Form, stale bool) { a.Reshow(status, id, in, state, stale) },
		Done:   a.Done,
		Warn:   a.Warn,
	})
}

// Edit describes, for SubmitEdit, the form that saves the stored item {id}
// of the route under optimistic locking.
type Edit[In, T any] struct {
	// Read builds the input from the form, as in FormPost.
	Read func(f *httpkit.Values) In
	// Save calls the one service method that updates the item.
	Save func(ctx context.Context, actor authz.Principal, id int64, in In) error
	// Current loads the stored version, to show after a conflict.
	Current func(ctx context.Context, actor authz.Principal, id int64) (T, error)
	// Reshow renders the form again with the input kept, as in FormPost;
	// current is the stored version after a conflict (show it next to the
	// input and save against its version), nil otherwise or when it could
	// not be loaded.
	Reshow func(status int, id int64, in In, state layout.Form, current *T)
	// Done names the flash message and the page to go to after saving.
	Done func(in In, id int64) (flash, target string)
}

// SubmitEdit is SubmitAction for the edit form of a stored item: save, or
// the form again with the input kept and, after a conflict, the stored
// version.
func SubmitEdit[In, T any](k *Kit, w http.ResponseWriter, r *http.Request, e Edit[In, T]) {
	SubmitAction(k, w, r, Action[In]{
		Read: e.Read,
		Save: e.Save,
		Reshow: func(status int, id int64, in In, state layout.Form, stale bool) {
			var current *T
			if stale {
				if cur, err := e.Current(r.Context(), *Principal(r), id); err == nil {
					current = &cur
				}
			}
			e.Reshow(status, id, in, state, current)
		},
		Done: e.Done,
	})
}

// New describes, for SubmitNew, the form that creates an item.
type New[In any] struct {
	// Read builds the input from the form, as in FormPost.
	Read func(f *httpkit.Values) In
	// Save calls the one service method that creates the item.
	Save func(ctx context.Context, actor authz.Principal, in In) (id int64, err error)
	// Reshow renders the form again with the input kept, as in FormPost.
	Reshow func(status int, in In, state layout.Form)
	// Done names the flash message and the page to go to after saving.
	Done func(in In, id int64) (flash, target string)
}

// SubmitNew is Submit for the form of a new item, saved for the principal.
func SubmitNew[In any](k *Kit, w http.ResponseWriter, r *http.Request, n New[In]) {
	p := *Principal(r)
	Submit(k, w, r, FormPost[In]{
		Read:   n.Read,
		Save:   func(ctx context.Context, in In) (int64, error) { return n.Save(ctx, p, in) },
		Reshow: func(status int, in In, state layout.Form, _ bool) { n.Reshow(status, in, state) },
		Done:   n.Done,
	})
}
