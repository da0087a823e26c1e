// Package suppliers holds the handlers of the supplier register: the list,
// the supplier page and form, the forms of verwerkersovereenkomsten and
// assurance reports with their document, the downloads and the page of what
// has expired or expires soon.
package suppliers

import (
	"context"
	"net/http"
	"strings"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/internal/supplier"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/views/supplierview"
)

// supplierService is what the handlers use of supplier.Service.
type supplierService interface {
	List(ctx context.Context, actor authz.Principal, f supplier.Filter, p listing.Params) (supplier.ListPage, error)
	Get(ctx context.Context, actor authz.Principal, id int64) (supplier.Supplier, error)
	Detail(ctx context.Context, actor authz.Principal, id int64) (supplier.Detail, error)
	Create(ctx context.Context, actor authz.Principal, in supplier.Input) (int64, error)
	Update(ctx context.Context, actor authz.Principal, id int64, in supplier.Input) error
	ExpiringSoon(ctx context.Context, actor authz.Principal) (supplier.Expiring, error)

	GetAgreement(ctx context.Context, actor authz.Principal, id int64) (supplier.Agreement, error)
	AddAgreement(ctx context.Context, actor authz.Principal, supplierID int64, in supplier.AgreementInput, file supplier.Upload) (int64, error)
	UpdateAgreement(ctx context.Context, actor authz.Principal, id int64, in supplier.AgreementInput, file supplier.Upload) error
	AgreementFile(ctx context.Context, actor authz.Principal, id int64) (supplier.Document, []byte, error)

	GetReport(ctx context.Context, actor authz.Principal, id int64) (supplier.Report, error)
	AddReport(ctx context.Context, actor authz.Principal, supplierID int64, in supplier.ReportInput, file supplier.Upload) (int64, error)
	UpdateReport(ctx context.Context, actor authz.Principal, id int64, in supplier.ReportInput, file supplier.Upload) error
	ReportFile(ctx context.Context, actor authz.Principal, id int64) (supplier.Document, []byte, error)
}

// Handlers are the supplier handlers.
type Handlers struct {
	kit *kit.Kit
	svc supplierService
}

// New returns the supplier handlers.
func New(k *kit.Kit, svc supplierService) *Handlers { return &Handlers{kit: k, svc: svc} }

const section = "leveranciers"

var supplierOrder = []string{"name", "kind", "services", "contact_name", "contact_email", "contact_phone", "notes"}

// List serves GET /leveranciers.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) {
	p := kit.Principal(r)
	pg := kit.ListPage(r, supplier.Sorts, "name")
	f, err := supplier.Filters.Parse(r.URL.Query())
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	lp, err := kit.LoadList(&pg, func(q listing.Params) (supplier.ListPage, int, error) {
		x, err := h.svc.List(r.Context(), *p, f, q)
		return x, x.Total, err
	})
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	v := supplierview.SupplierListView{Page: lp, Listing: pg, Kind: f.Get("soort"), CanEdit: p.Can(authz.EditSuppliers)}
	h.kit.Render(w, r, http.StatusOK, supplierview.SupplierList(h.kit.Page(r, "Leveranciers en ketenpartners", section), v))
}

// Show serves GET /leveranciers/{id}.
func (h *Handlers) Show(w http.ResponseWriter, r *http.Request) {
	x, _, ok := kit.Load(h.kit, w, r, h.svc.Detail)
	if !ok {
		return
	}
	p := kit.Principal(r)
	v := supplierview.SupplierView{Detail: x, CanEdit: p.Can(authz.EditSuppliers)}
	h.kit.Render(w, r, http.StatusOK, supplierview.SupplierPage(h.kit.Page(r, x.Name, section), v))
}

// Expiring serves GET /leveranciers/verlopen.
func (h *Handlers) Expiring(w http.ResponseWriter, r *http.Request) {
	kit.Show(h.kit, w, r, h.svc.ExpiringSoon, "Verlopen en bijna verlopen", section, supplierview.SupplierExpiring)
}

func (h *Handlers) supplierForm(w http.ResponseWriter, r *http.Request, status int, f supplierview.SupplierForm) {
	f.Form.Order = supplierOrder
	title := "Nieuwe leverancier"
	if f.ID != 0 {
		title = "Leverancier wijzigen"
	}
	h.kit.Render(w, r, status, supplierview.SupplierEdit(h.kit.Page(r, title, section), f))
}

func supplierInput(f *httpkit.Values) supplier.Input {
	return supplier.Input{
		Name: f.Raw("name"), Kind: supplier.Kind(f.String("kind")), Services: f.Raw("services"),
		ContactName: f.Raw("contact_name"), ContactEmail: f.Raw("contact_email"), ContactPhone: f.Raw("contact_phone"),
		Notes: f.Raw("notes"), Version: f.Version(),
	}
}

// New serves GET /leveranciers/nieuw.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) {
	h.supplierForm(w, r, http.StatusOK, supplierview.SupplierForm{Input: supplier.Input{Kind: supplier.Leverancier}})
}

// suppliers are the forms of a supplier.
func (h *Handlers) suppliers() kit.Forms[supplier.Input, supplier.Supplier] {
	return kit.Forms[supplier.Input, supplier.Supplier]{
		Read: supplierInput, Create: h.svc.Create, Get: h.svc.Get, Update: h.svc.Update, Input: supplier.Supplier.Input,
		Form: func(w http.ResponseWriter, r *http.Request, status int, id int64, in supplier.Input, state layout.Form, cur *supplier.Supplier) {
			f := supplierview.SupplierForm{ID: id, Name: in.Name, Input: in, Form: state}
			if cur != nil {
				f.Current, f.Input.Version, f.Name = cur, cur.Version, cur.Name
			} else if id != 0 && status != http.StatusOK {
				// After a refused input the input holds what was typed: the
				// heading names the supplier as it is stored.
				stored, err := h.svc.Get(r.Context(), *kit.Principal(r), id)
				if err != nil {
					h.kit.Fail(w, r, err) // the supplier went away meanwhile
					return
				}
				f.Name = stored.Name
			}
			h.supplierForm(w, r, status, f)
		},
		Created: func(in supplier.Input, id int64) (string, string) {
			return strings.TrimSpace(in.Name) + " is toegevoegd aan het leveranciersregister.", kit.IDPath("/leveranciers", id)
		},
		Saved: func(in supplier.Input, id int64) (string, string) {
			return strings.TrimSpace(in.Name) + " is opgeslagen.", kit.IDPath("/leveranciers", id)
		},
	}
}

// Create serves POST /leveranciers.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) { h.suppliers().Add(h.kit, w, r) }

// Edit serves GET /leveranciers/{id}/bewerken.
func (h *Handlers) Edit(w http.ResponseWriter, r *http.Request) { h.suppliers().Edit(h.kit, w, r) }

// Update serves POST /leveranciers/{id}.
func (h *Handlers) Update(w http.ResponseWriter, r *http.Request) { h.suppliers().Save(h.kit, w, r) }
