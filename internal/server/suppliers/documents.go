package suppliers

import (
	"context"
	"net/http"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/internal/supplier"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/pages"
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

// ---- verwerkersovereenkomsten ----

func (h *Handlers) agreementForm(w http.ResponseWriter, r *http.Request, status int, f pages.AgreementForm) {
	if f.Supplier.ID == 0 {
		sup, err := h.svc.Get(r.Context(), *kit.Principal(r), f.SupplierID)
		if err != nil {
			h.kit.Fail(w, r, err)
			return
		}
		f.Supplier = sup
	}
	f.Form.Order, f.Limit = agreementOrder, h.uploadLimit()
	h.kit.Render(w, r, status, pages.AgreementEdit(h.kit.Page(r, "Verwerkersovereenkomst "+f.Supplier.Name, section), f))
}

func agreementInput(f *httpkit.Values) supplier.AgreementInput {
	return supplier.AgreementInput{SignedOn: f.String("signed_on"), ExpiresOn: f.String("expires_on"), Notes: f.Raw("notes"), Version: f.Version()}
}

// AgreementNew serves GET /leveranciers/{id}/overeenkomsten/nieuw.
func (h *Handlers) AgreementNew(w http.ResponseWriter, r *http.Request) {
	sup, id, ok := kit.Load(h.kit, w, r, h.svc.Get)
	if !ok {
		return
	}
	h.agreementForm(w, r, http.StatusOK, pages.AgreementForm{SupplierID: id, Supplier: sup})
}

// AgreementCreate serves POST /leveranciers/{id}/overeenkomsten.
func (h *Handlers) AgreementCreate(w http.ResponseWriter, r *http.Request) {
	supplierID, err := kit.PathID(r)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	p := kit.Principal(r)
	file, ok := h.upload(w, r, func(status int, state layout.Form) {
		h.agreementForm(w, r, status, pages.AgreementForm{SupplierID: supplierID, Input: agreementInput(httpkit.Form(r)), Form: state})
	})
	if !ok {
		return
	}
	kit.Submit(h.kit, w, r, kit.FormPost[supplier.AgreementInput]{
		Read: agreementInput,
		Save: func(ctx context.Context, in supplier.AgreementInput) (int64, error) {
			return h.svc.AddAgreement(ctx, *p, supplierID, in, file)
		},
		Reshow: func(status int, in supplier.AgreementInput, state layout.Form, _ bool) {
			h.agreementForm(w, r, status, pages.AgreementForm{SupplierID: supplierID, Input: in, Form: state, FileLost: file.Given()})
		},
		Done: func(supplier.AgreementInput, int64) (string, string) {
			return "De verwerkersovereenkomst is vastgelegd.", kit.IDPath("/leveranciers", supplierID) + "#overeenkomsten"
		},
	})
}

// AgreementEdit serves GET /leveranciers/overeenkomsten/{id}.
func (h *Handlers) AgreementEdit(w http.ResponseWriter, r *http.Request) {
	a, id, ok := kit.Load(h.kit, w, r, h.svc.GetAgreement)
	if !ok {
		return
	}
	h.agreementForm(w, r, http.StatusOK, pages.AgreementForm{ID: id, SupplierID: a.SupplierID, Stored: &a, Input: a.Input()})
}

// AgreementUpdate serves POST /leveranciers/overeenkomsten/{id}.
func (h *Handlers) AgreementUpdate(w http.ResponseWriter, r *http.Request) {
	a, id, ok := kit.Load(h.kit, w, r, h.svc.GetAgreement)
	if !ok {
		return
	}
	p := kit.Principal(r)
	base := pages.AgreementForm{ID: id, SupplierID: a.SupplierID, Stored: &a}
	file, ok := h.upload(w, r, func(status int, state layout.Form) {
		f := base
		f.Input, f.Form = agreementInput(httpkit.Form(r)), state
		h.agreementForm(w, r, status, f)
	})
	if !ok {
		return
	}
	kit.Submit(h.kit, w, r, kit.FormPost[supplier.AgreementInput]{
		Read: agreementInput,
		Save: func(ctx context.Context, in supplier.AgreementInput) (int64, error) {
			return id, h.svc.UpdateAgreement(ctx, *p, id, in, file)
		},
		Reshow: func(status int, in supplier.AgreementInput, state layout.Form, stale bool) {
			f := base
			f.Input, f.Form, f.FileLost = in, state, file.Given()
			if stale {
				if cur, err := h.svc.GetAgreement(r.Context(), *p, id); err == nil {
					f.Current, f.Stored, f.Input.Version = &cur, &cur, cur.Version
				}
			}
			h.agreementForm(w, r, status, f)
		},
		Done: func(supplier.AgreementInput, int64) (string, string) {
			return "De verwerkersovereenkomst is opgeslagen.", kit.IDPath("/leveranciers", a.SupplierID) + "#overeenkomsten"
		},
	})
}

// AgreementDocument serves GET /leveranciers/overeenkomsten/{id}/document.
func (h *Handlers) AgreementDocument(w http.ResponseWriter, r *http.Request) {
	h.document(w, r, h.svc.AgreementFile, "verwerkersovereenkomst")
}

// ---- assurancerapporten ----

func (h *Handlers) reportForm(w http.ResponseWriter, r *http.Request, status int, f pages.ReportForm) {
	if f.Supplier.ID == 0 {
		sup, err := h.svc.Get(r.Context(), *kit.Principal(r), f.SupplierID)
		if err != nil {
			h.kit.Fail(w, r, err)
			return
		}
		f.Supplier = sup
	}
	f.Form.Order, f.Limit = reportOrder, h.uploadLimit()
	h.kit.Render(w, r, status, pages.ReportEdit(h.kit.Page(r, "Assurancerapport "+f.Supplier.Name, section), f))
}

func reportInput(f *httpkit.Values) supplier.ReportInput {
	return supplier.ReportInput{Kind: supplier.ReportKind(f.String("kind")), PeriodFrom: f.String("period_from"), PeriodTo: f.String("period_to"),
		ExpiresOn: f.String("expires_on"), Notes: f.Raw("notes"), Version: f.Version()}
}

// ReportNew serves GET /leveranciers/{id}/rapporten/nieuw.
func (h *Handlers) ReportNew(w http.ResponseWriter, r *http.Request) {
	sup, id, ok := kit.Load(h.kit, w, r, h.svc.Get)
	if !ok {
		return
	}
	h.reportForm(w, r, http.StatusOK, pages.ReportForm{SupplierID: id, Supplier: sup})
}

// ReportCreate serves POST /leveranciers/{id}/rapporten.
func (h *Handlers) ReportCreate(w http.ResponseWriter, r *http.Request) {
	supplierID, err := kit.PathID(r)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	p := kit.Principal(r)
	file, ok := h.upload(w, r, func(status int, state layout.Form) {
		h.reportForm(w, r, status, pages.ReportForm{SupplierID: supplierID, Input: reportInput(httpkit.Form(r)), Form: state})
	})
	if !ok {
		return
	}
	kit.Submit(h.kit, w, r, kit.FormPost[supplier.ReportInput]{
		Read: reportInput,
		Save: func(ctx context.Context, in supplier.ReportInput) (int64, error) {
			return h.svc.AddReport(ctx, *p, supplierID, in, file)
		},
		Reshow: func(status int, in supplier.ReportInput, state layout.Form, _ bool) {
			h.reportForm(w, r, status, pages.ReportForm{SupplierID: supplierID, Input: in, Form: state, FileLost: file.Given()})
		},
		Done: func(supplier.ReportInput, int64) (string, string) {
			return "Het assurancerapport is vastgelegd.", kit.IDPath("/leveranciers", supplierID) + "#rapporten"
		},
	})
}

// ReportEdit serves GET /leveranciers/rapporten/{id}.
func (h *Handlers) ReportEdit(w http.ResponseWriter, r *http.Request) {
	x, id, ok := kit.Load(h.kit, w, r, h.svc.GetReport)
	if !ok {
		return
	}
	h.reportForm(w, r, http.StatusOK, pages.ReportForm{ID: id, SupplierID: x.SupplierID, Stored: &x, Input: x.Input()})
}

// ReportUpdate serves POST /leveranciers/rapporten/{id}.
func (h *Handlers) ReportUpdate(w http.ResponseWriter, r *http.Request) {
	x, id, ok := kit.Load(h.kit, w, r, h.svc.GetReport)
	if !ok {
		return
	}
	p := kit.Principal(r)
	base := pages.ReportForm{ID: id, SupplierID: x.SupplierID, Stored: &x}
	file, ok := h.upload(w, r, func(status int, state layout.Form) {
		f := base
		f.Input, f.Form = reportInput(httpkit.Form(r)), state
		h.reportForm(w, r, status, f)
	})
	if !ok {
		return
	}
	kit.Submit(h.kit, w, r, kit.FormPost[supplier.ReportInput]{
		Read: reportInput,
		Save: func(ctx context.Context, in supplier.ReportInput) (int64, error) {
			return id, h.svc.UpdateReport(ctx, *p, id, in, file)
		},
		Reshow: func(status int, in supplier.ReportInput, state layout.Form, stale bool) {
			f := base
			f.Input, f.Form, f.FileLost = in, state, file.Given()
			if stale {
				if cur, err := h.svc.GetReport(r.Context(), *p, id); err == nil {
					f.Current, f.Stored, f.Input.Version = &cur, &cur, cur.Version
				}
			}
			h.reportForm(w, r, status, f)
		},
		Done: func(supplier.ReportInput, int64) (string, string) {
			return "Het assurancerapport is opgeslagen.", kit.IDPath("/leveranciers", x.SupplierID) + "#rapporten"
		},
	})
}

// ReportDocument serves GET /leveranciers/rapporten/{id}/document.
func (h *Handlers) ReportDocument(w http.ResponseWriter, r *http.Request) {
	h.document(w, r, h.svc.ReportFile, "assurancerapport")
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
