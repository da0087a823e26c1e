package kit

import (
	"context"
	"net/http"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/web/layout"
)

// Forms describes the two forms of a kind of stored item: the form of a new
// item and the edit form of a stored one, saved under optimistic locking.
// Add, Edit and Save are its handlers.
type Forms[In, T any] struct {
	// Read builds the input from the form, as in FormPost.
	Read func(f *httpkit.Values) In
	// Create and Update call the service methods that save a new and a
	// stored item; Get loads a stored item, for its edit form and, after a
	// conflict, to show next to the input.
	Create func(ctx context.Context, actor authz.Principal, in In) (id int64, err error)
	Get    func(ctx context.Context, actor authz.Principal, id int64) (T, error)
	Update func(ctx context.Context, actor authz.Principal, id int64, in In) error
	// Input is a stored item as its edit form shows it.
	Input func(T) In
	// Form renders the form of the item id (0 for a new one) with status,
	// the input and its errors; cur is the stored version after a conflict
	// (show it next to the input and save against its version), else nil.
	Form func(w http.ResponseWriter, r *http.Request, status int, id int64, in In, state layout.Form, cur *T)
	// Created and Saved name the flash message and the page to go to after
	// saving a new and a stored item.
	Created, Saved func(in In, id int64) (flash, target string)
}

// Add serves the POST of the form of a new item.
func (f Forms[In, T]) Add(k *Kit, w http.ResponseWriter, r *http.Request) {
	SubmitNew(k, w, r, New[In]{Read: f.Read, Save: f.Create, Done: f.Created,
		Reshow: func(status int, in In, state layout.Form) { f.Form(w, r, status, 0, in, state, nil) }})
}

// Edit serves the edit form of the stored item {id}.
func (f Forms[In, T]) Edit(k *Kit, w http.ResponseWriter, r *http.Request) {
	x, id, ok := Load(k, w, r, f.Get)
	if ok {
		f.Form(w, r, http.StatusOK, id, f.Input(x), layout.Form{}, nil)
	}
}

// Save serves the POST of the edit form of the stored item {id}.
func (f Forms[In, T]) Save(k *Kit, w http.ResponseWriter, r *http.Request) {
	SubmitEdit(k, w, r, Edit[In, T]{Read: f.Read, Save: f.Update, Current: f.Get, Done: f.Saved,
		Reshow: func(status int, id int64, in In, state layout.Form, cur *T) { f.Form(w, r, status, id, in, state, cur) }})
}

// Shown describes, for SubmitShown, a form on the page of the stored item
// {id} that the page shows whatever happened: after an error the item is
// loaded again to show the form with.
type Shown[In, T any] struct {
	// Read builds the input from the form, as in FormPost.
	Read func(f *httpkit.Values) In
	// Save calls the one service method with the principal and the id.
	Save func(ctx context.Context, actor authz.Principal, id int64, in In) error
	// Get loads the item; Fail answers a failed load (Kit.Fail, or a
	// refusal with its reason).
	Get  func(ctx context.Context, actor authz.Principal, id int64) (T, error)
	Fail func(w http.ResponseWriter, r *http.Request, err error)
	// Reshow renders the page of item with the form again, the input kept;
	// stale is true after a conflict (show item as the stored version next
	// to the input and save against its version).
	Reshow func(status int, in In, state layout.Form, item T, stale bool)
	// Done names the flash message and the page to go to after saving.
	Done func(in In, id int64) (flash, target string)
}

// SubmitShown is SubmitAction for a form on the page of the stored item
// {id}: after an error the item is loaded and the page shown again.
func SubmitShown[In, T any](k *Kit, w http.ResponseWriter, r *http.Request, s Shown[In, T]) {
	SubmitAction(k, w, r, Action[In]{Read: s.Read, Save: s.Save, Done: s.Done,
		Reshow: func(status int, id int64, in In, state layout.Form, stale bool) {
			item, err := s.Get(r.Context(), *Principal(r), id)
			if err != nil {
				s.Fail(w, r, err)
				return
			}
			s.Reshow(status, in, state, item, stale)
		}})
}
