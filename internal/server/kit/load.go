package kit

import (
	"context"
	"net/http"

	"github.com/a-h/templ"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/web/layout"
)

// LoadOr is Load for a package that answers the errors of its service in
// its own way (fail: a refusal with its reason, say): the {id} of the
// route, the item loaded for the principal by get; ok is false when fail
// has answered the error (a bad id is a NotFound error).
func LoadOr[T any](w http.ResponseWriter, r *http.Request, get func(ctx context.Context, p authz.Principal, id int64) (T, error), fail func(http.ResponseWriter, *http.Request, error)) (item T, id int64, ok bool) {
	id, err := PathID(r)
	if err == nil {
		item, err = get(r.Context(), *Principal(r), id)
	}
	if err != nil {
		fail(w, r, err)
		return item, id, false
	}
	return item, id, true
}

// Show is the shape of a page of what one service call returns for the
// principal: the call, then the page with title in section — or the
// error's page.
func Show[T any](k *Kit, w http.ResponseWriter, r *http.Request, get func(ctx context.Context, p authz.Principal) (T, error), title, section string, page func(layout.Page, T) templ.Component) {
	x, err := get(r.Context(), *Principal(r))
	if err != nil {
		k.Fail(w, r, err)
		return
	}
	k.Render(w, r, http.StatusOK, page(k.Page(r, title, section), x))
}
