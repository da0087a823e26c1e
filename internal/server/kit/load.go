package kit

import (
	"context"
	"net/http"

	"github.com/baken-nl/baken/internal/authz"
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
