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
	id, err := PathID(r)
	if err == nil {
		item, err = get(r.Context(), *Principal(r), id)
	}
	if err != nil {
		k.Fail(w, r, err)
		return item, id, false
	}
	return item, id, true
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
