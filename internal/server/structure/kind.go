package structure

import (
	"context"
	"net/http"
	"strings"

	"github.com/a-h/templ"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/org"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
)

// kind is what differs between the kinds of the structure (afdelingen,
// processen, applicaties): their forms and their create, edit, update and
// delete handlers are otherwise the same. In is the form's input, T the
// stored item.
type kind[In, T any] struct {
	kit *kit.Kit
	// noun starts the flashes ("Afdeling Burgerzaken is toegevoegd."),
	// removed is the flash after a delete, path the list to go back to.
	noun, removed, path string
	// section is the menu section of the form, newTitle and editTitle its
	// page title for a new and a stored item.
	section, newTitle, editTitle string
	read                         func(*httpkit.Values) In
	// input is the stored item as the form shows it, name the name the
	// flashes give an input, version the version an input is saved against.
	input   func(T) In
	name    func(In) string
	version func(*In) *int
	// choices load the options of the form's selects, order is the order of
	// its fields, page its page.
	choices loaders
	order   []string
	page    func(layout.Page, form[In, T]) templ.Component
	get     func(ctx context.Context, actor authz.Principal, id int64) (T, error)
	create  func(ctx context.Context, actor authz.Principal, in In) (int64, error)
	update  func(ctx context.Context, actor authz.Principal, id int64, in In) error
	remove  func(ctx context.Context, actor authz.Principal, id int64) error
}

// loaders load the options of selects, one list each.
type loaders []func(context.Context, authz.Principal) ([]org.Option, error)

// form is the state of a form of the structure: the item id (0 for a new
// one) and its stored name, the input, the errors, the stored version after
// a conflict and the options of the selects, one list per loader of
// kind.choices.
type form[In, T any] struct {
	id      int64
	name    string
	in      In
	state   layout.Form
	cur     *T
	choices [][]layout.Option
}

// form renders the form page with status. After a conflict the input is
// saved against the stored version next time.
func (k kind[In, T]) form(w http.ResponseWriter, r *http.Request, status int, id int64, in In, state layout.Form, cur *T) {
	f := form[In, T]{id: id, in: in, state: state, cur: cur, choices: make([][]layout.Option, len(k.choices))}
	for i, load := range k.choices {
		opts, err := load(r.Context(), *kit.Principal(r))
		if err != nil {
			k.kit.ServerError(w, r, err)
			return
		}
		f.choices[i] = layout.OrgOptions(opts)
	}
	if cur != nil {
		stored := k.input(*cur)
		*k.version(&f.in) = *k.version(&stored)
	}
	var err error
	if f.name, err = k.storedName(r, status, id, in, cur); err != nil {
		k.kit.Fail(w, r, err) // the item went away meanwhile
		return
	}
	f.state.Order = k.order
	title := k.editTitle
	if id == 0 {
		title = k.newTitle
	}
	k.kit.Render(w, r, status, k.page(k.kit.Page(r, title, k.section), f))
}

// storedName is the name of the stored item id for the page heading: after
// an error the input holds what was typed, not what is stored. Only a
// refused input (422) costs a load.
func (k kind[In, T]) storedName(r *http.Request, status int, id int64, in In, cur *T) (string, error) {
	switch {
	case id == 0:
		return "", nil
	case cur != nil:
		return k.name(k.input(*cur)), nil
	case status == http.StatusOK:
		return k.name(in), nil // the edit form of the stored item
	}
	x, err := k.get(r.Context(), *kit.Principal(r), id)
	return k.name(k.input(x)), err
}

// done is the Done of the forms: "<noun> <name> is <what>.", then the list.
func (k kind[In, T]) done(what string) func(In, int64) (string, string) {
	return func(in In, _ int64) (string, string) {
		return k.noun + " " + strings.TrimSpace(k.name(in)) + " is " + what + ".", k.path
	}
}

// blank serves the empty form of a new item.
func (k kind[In, T]) blank(w http.ResponseWriter, r *http.Request) {
	var in In
	k.form(w, r, http.StatusOK, 0, in, layout.Form{}, nil)
}

// add, edit and save serve the form of a new item, the edit form of the
// stored item {id} and their POSTs.
func (k kind[In, T]) add(w http.ResponseWriter, r *http.Request)  { k.forms().Add(k.kit, w, r) }
func (k kind[In, T]) edit(w http.ResponseWriter, r *http.Request) { k.forms().Edit(k.kit, w, r) }
func (k kind[In, T]) save(w http.ResponseWriter, r *http.Request) { k.forms().Save(k.kit, w, r) }

// forms are the form of a new item and the edit form of a stored one.
func (k kind[In, T]) forms() kit.Forms[In, T] {
	return kit.Forms[In, T]{Read: k.read, Create: k.create, Get: k.get, Update: k.update, Input: k.input, Form: k.form,
		Created: k.done("toegevoegd"), Saved: k.done("opgeslagen")}
}

// delete serves the POST that deletes the item {id}.
func (k kind[In, T]) delete(w http.ResponseWriter, r *http.Request) {
	kit.Act(k.kit, w, r, k.remove, k.removed, k.path)
}
