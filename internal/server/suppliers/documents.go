package suppliers

import (
	"context"
	"net/http"

	"github.com/a-h/templ"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/internal/supplier"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/views/supplierview"
)

var (
	agreementOrder = []string{"signed_on", "expires_on", "file", "notes"}
	reportOrder    = []string{"kind", "period_from", "period_to", "expires_on", "file", "notes"}
)

// uploadLimit is the configured maximum size of a document (as for evidence).
func (h *Handlers) uploadLimit() int64 { return h.kit.UploadLimit() }

// upload reads a document form as a stream (kit.Upload: the file up to the
// limit, the other fields into r.PostForm); false when the page has been
// answered (an unreadable form, or a file over the limit: the form again
// with 413).
func (h *Handlers) upload(w http.ResponseWriter, r *http.Request, reshow func(status int, state layout.Form)) (supplier.Upload, bool) {
	files, ok := h.kit.Upload(w, r, "file", 1, reshow)
	if !ok || len(files) == 0 {
		return supplier.Upload{}, ok
	}
	return supplier.Upload{Filename: files[0].Name, Content: files[0].Content}, true
}

// docKind is what differs between the two kinds of supplier documents (a
// verwerkersovereenkomst, an assurance report): their forms and handlers are
// otherwise the same. In is the form's input, D the stored document.
type docKind[In, D any] struct {
	order  []string // the fields in the order of the form
	title  string   // the page title, before the supplier's name
	view   func(layout.Page, supplierview.DocumentForm[In, D]) templ.Component
	read   func(*httpkit.Values) In
	get    func(ctx context.Context, actor authz.Principal, id int64) (D, error)
	add    func(ctx context.Context, actor authz.Principal, supplierID int64, in In, file supplier.Upload) (int64, error)
	update func(ctx context.Context, actor authz.Principal, id int64, in In, file supplier.Upload) error
	// owner is the supplier of a stored document, input the stored document
	// as its form shows it, version the version an input is saved against
	// (after a conflict: that of the stored document).
	owner   func(D) int64
	input   func(D) In
	version func(*In) *int
	// added and saved are the flashes after a new and an edited document,
	// anchor the section of the supplier's page to go back to.
	added, saved, anchor string
}

func (h *Handlers) agreements() docKind[supplier.AgreementInput, supplier.Agreement] {
	return docKind[supplier.AgreementInput, supplier.Agreement]{
		order: agreementOrder, title: "Verwerkersovereenkomst ", view: supplierview.AgreementEdit,
		read: func(f *httpkit.Values) supplier.AgreementInput {
			return supplier.AgreementInput{SignedOn: f.String("signed_on"), ExpiresOn: f.String("expires_on"), Notes: f.Raw("notes"), Version: f.Version()}
		},
		get: h.svc.GetAgreement, add: h.svc.AddAgreement, update: h.svc.UpdateAgreement,
		owner:   func(a supplier.Agreement) int64 { return a.SupplierID },
		input:   supplier.Agreement.Input,
		version: func(in *supplier.AgreementInput) *int { return &in.Version },
		added:   "De verwerkersovereenkomst is vastgelegd.", saved: "De verwerkersovereenkomst is opgeslagen.", anchor: "#overeenkomsten",
	}
}

func (h *Handlers) reports() docKind[supplier.ReportInput, supplier.Report] {
	return docKind[supplier.ReportInput, supplier.Report]{
		order: reportOrder, title: "Assurancerapport ", view: supplierview.ReportEdit,
		read: func(f *httpkit.Values) supplier.ReportInput {
			return supplier.ReportInput{Kind: supplier.ReportKind(f.String("kind")), PeriodFrom: f.String("period_from"), PeriodTo: f.String("period_to"),
				ExpiresOn: f.String("expires_on"), Notes: f.Raw("notes"), Version: f.Version()}
		},
		get: h.svc.GetReport, add: h.svc.AddReport, update: h.svc.UpdateReport,
		owner:   func(x supplier.Report) int64 { return x.SupplierID },
		input:   supplier.Report.Input,
		version: func(in *supplier.ReportInput) *int { return &in.Version },
		added:   "Het assurancerapport is vastgelegd.", saved: "Het assurancerapport is opgeslagen.", anchor: "#rapporten",
	}
}

// AgreementNew serves GET /leveranciers/{id}/overeenkomsten/nieuw.
func (h *Handlers) AgreementNew(w http.ResponseWriter, r *http.Request) {
	docNew(h, h.agreements(), w, r)
}

// AgreementCreate serves POST /leveranciers/{id}/overeenkomsten.
func (h *Handlers) AgreementCreate(w http.ResponseWriter, r *http.Request) {
	docCreate(h, h.agreements(), w, r)
}

// AgreementEdit serves GET /leveranciers/overeenkomsten/{id}.
func (h *Handlers) AgreementEdit(w http.ResponseWriter, r *http.Request) {
	docEdit(h, h.agreements(), w, r)
}

// AgreementUpdate serves POST /leveranciers/overeenkomsten/{id}.
func (h *Handlers) AgreementUpdate(w http.ResponseWriter, r *http.Request) {
	docUpdate(h, h.agreements(), w, r)
}

// AgreementDocument serves GET /leveranciers/overeenkomsten/{id}/document.
func (h *Handlers) AgreementDocument(w http.ResponseWriter, r *http.Request) {
	h.document(w, r, h.svc.AgreementFile, "verwerkersovereenkomst")
}

// ReportNew serves GET /leveranciers/{id}/rapporten/nieuw.
func (h *Handlers) ReportNew(w http.ResponseWriter, r *http.Request) { docNew(h, h.reports(), w, r) }

// ReportCreate serves POST /leveranciers/{id}/rapporten.
func (h *Handlers) ReportCreate(w http.ResponseWriter, r *http.Request) {
	docCreate(h, h.reports(), w, r)
}

// ReportEdit serves GET /leveranciers/rapporten/{id}.
func (h *Handlers) ReportEdit(w http.ResponseWriter, r *http.Request) { docEdit(h, h.reports(), w, r) }

// ReportUpdate serves POST /leveranciers/rapporten/{id}.
func (h *Handlers) ReportUpdate(w http.ResponseWriter, r *http.Request) {
	docUpdate(h, h.reports(), w, r)
}

// ReportDocument serves GET /leveranciers/rapporten/{id}/document.
func (h *Handlers) ReportDocument(w http.ResponseWriter, r *http.Request) {
	h.document(w, r, h.svc.ReportFile, "assurancerapport")
}

// docForm renders the document form; the supplier is loaded when f lacks it.
func docForm[In, D any](h *Handlers, k docKind[In, D], w http.ResponseWriter, r *http.Request, status int, f supplierview.DocumentForm[In, D]) {
	if f.Supplier.ID == 0 {
		sup, err := h.svc.Get(r.Context(), *kit.Principal(r), f.SupplierID)
		if err != nil {
			h.kit.Fail(w, r, err)
			return
		}
		f.Supplier = sup
	}
	f.Form.Order, f.Limit = k.order, h.uploadLimit()
	h.kit.Render(w, r, status, k.view(h.kit.Page(r, k.title+f.Supplier.Name, section), f))
}

// docNew serves the empty form of a new document of the supplier {id}.
func docNew[In, D any](h *Handlers, k docKind[In, D], w http.ResponseWriter, r *http.Request) {
	sup, id, ok := kit.Load(h.kit, w, r, h.svc.Get)
	if !ok {
		return
	}
	docForm(h, k, w, r, http.StatusOK, supplierview.DocumentForm[In, D]{SupplierID: id, Supplier: sup})
}

// docCreate adds a document to the supplier {id}.
func docCreate[In, D any](h *Handlers, k docKind[In, D], w http.ResponseWriter, r *http.Request) {
	supplierID, err := kit.PathID(r)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	file, ok := h.upload(w, r, func(status int, state layout.Form) {
		docForm(h, k, w, r, status, supplierview.DocumentForm[In, D]{SupplierID: supplierID, Input: k.read(httpkit.Form(r)), Form: state})
	})
	if !ok {
		return
	}
	kit.SubmitNew(h.kit, w, r, kit.New[In]{
		Read: k.read,
		Save: func(ctx context.Context, actor authz.Principal, in In) (int64, error) {
			return k.add(ctx, actor, supplierID, in, file)
		},
		Reshow: func(status int, in In, state layout.Form) {
			docForm(h, k, w, r, status, supplierview.DocumentForm[In, D]{SupplierID: supplierID, Input: in, Form: state, FileLost: file.Given()})
		},
		Done: func(In, int64) (string, string) {
			return k.added, kit.IDPath("/leveranciers", supplierID) + k.anchor
		},
	})
}

// docEdit serves the form of the stored document {id}.
func docEdit[In, D any](h *Handlers, k docKind[In, D], w http.ResponseWriter, r *http.Request) {
	d, id, ok := kit.Load(h.kit, w, r, k.get)
	if !ok {
		return
	}
	docForm(h, k, w, r, http.StatusOK, supplierview.DocumentForm[In, D]{ID: id, SupplierID: k.owner(d), Stored: &d, Input: k.input(d)})
}

// docUpdate saves the stored document {id}; after a conflict the form shows
// the stored version next to the input.
func docUpdate[In, D any](h *Handlers, k docKind[In, D], w http.ResponseWriter, r *http.Request) {
	d, id, ok := kit.Load(h.kit, w, r, k.get)
	if !ok {
		return
	}
	base := supplierview.DocumentForm[In, D]{ID: id, SupplierID: k.owner(d), Stored: &d}
	file, ok := h.upload(w, r, func(status int, state layout.Form) {
		f := base
		f.Input, f.Form = k.read(httpkit.Form(r)), state
		docForm(h, k, w, r, status, f)
	})
	if !ok {
		return
	}
	kit.SubmitEdit(h.kit, w, r, kit.Edit[In, D]{
		Read: k.read,
		Save: func(ctx context.Context, actor authz.Principal, id int64, in In) error {
			return k.update(ctx, actor, id, in, file)
		},
		Current: k.get,
		Reshow: func(status int, _ int64, in In, state layout.Form, cur *D) {
			f := base
			f.Input, f.Form, f.FileLost = in, state, file.Given()
			if cur != nil {
				f.Current, f.Stored = cur, cur
				stored := k.input(*cur)
				*k.version(&f.Input) = *k.version(&stored)
			}
			docForm(h, k, w, r, status, f)
		},
		Done: func(In, int64) (string, string) {
			return k.saved, kit.IDPath("/leveranciers", k.owner(d)) + k.anchor
		},
	})
}

// document sends a stored document as a download: always an attachment
// under the cleaned original name, the stored type only when the content
// still is what it claims, nosniff, no caching, a sandbox CSP.
func (h *Handlers) document(w http.ResponseWriter, r *http.Request, get func(context.Context, authz.Principal, int64) (supplier.Document, []byte, error), fallback string) {
	id, err := kit.PathID(r)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	d, content, err := get(r.Context(), *kit.Principal(r), id)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	ct := d.ContentType
	if _, ok := compliance.DetectEvidenceType(d.Filename, content); !ok || ct == "" {
		ct = "application/octet-stream"
	}
	h.kit.SendStored(w, r, ct, d.Filename, fallback, content)
}
