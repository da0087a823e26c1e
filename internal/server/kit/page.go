package kit

import (
	"context"
	"net/http"

	"github.com/a-h/templ"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/web/layout"
)

// Fetch is Load for a page without an {id}: what get loads for the
// principal. ok is false when the page has already been answered with the
// error's page.
func Fetch[T any](k *Kit, w http.ResponseWriter, r *http.Request, get func(ctx context.Context, p authz.Principal) (T, error)) (item T, ok bool) {
	item, err := get(r.Context(), *Principal(r))
	if err != nil {
		k.Fail(w, r, err)
		return item, false
	}
	return item, true
}

// WithID serves a page about the {id} of the route: a bad id is the 404
// page, else serve runs with the id.
func WithID(k *Kit, w http.ResponseWriter, r *http.Request, serve func(id int64)) {
	id, err := PathID(r)
	if err != nil {
		k.Fail(w, r, err)
		return
	}
	serve(id)
}

// Refuse shows a refusal with its reason on the area's own page (view gets
// the shell, titled "Geen toegang", and the reason) as a 403; any other
// error gets its usual page.
func (k *Kit) Refuse(w http.ResponseWriter, r *http.Request, err error, section string, view func(p layout.Page, reason string) templ.Component) {
	if e, ok := apperr.As(err); ok && e.Code == apperr.Forbidden {
		k.Render(w, r, http.StatusForbidden, view(k.Page(r, "Geen toegang", section), e.Message))
		return
	}
	k.Fail(w, r, err)
}

// Setting describes, for SubmitSetting, a form of the organisation's
// settings: no {id}, nothing created, saved for the principal.
type Setting[In any] struct {
	// Read builds the input from the form, as in FormPost.
	Read func(f *httpkit.Values) In
	// Save calls the one service method that stores the setting.
	Save func(ctx context.Context, actor authz.Principal, in In) error
	// Reshow renders the form again with the input kept, as in FormPost.
	Reshow func(status int, in In, state layout.Form, stale bool)
	// Flash is the message after saving; Target the page to go to.
	Flash, Target string
}

// SubmitSetting is Submit for the form of a setting, saved for the
// principal; after saving a flash and the 303 to the target.
func SubmitSetting[In any](k *Kit, w http.ResponseWriter, r *http.Request, s Setting[In]) {
	p := *Principal(r)
	Submit(k, w, r, FormPost[In]{
		Read:   s.Read,
		Save:   func(ctx context.Context, in In) (int64, error) { return 0, s.Save(ctx, p, in) },
		Reshow: s.Reshow,
		Done:   func(In, int64) (string, string) { return s.Flash, s.Target },
	})
}

// FetchID is Fetch for the item id the handler already has (a page shown
// again after a form about it).
func FetchID[T any](k *Kit, w http.ResponseWriter, r *http.Request, get func(ctx context.Context, p authz.Principal, id int64) (T, error), id int64) (item T, ok bool) {
	return Fetch(k, w, r, func(ctx context.Context, p authz.Principal) (T, error) { return get(ctx, p, id) })
}
