package bio

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/views/bioview"
)

// readBulk reads the change of the bulk form (the list's form and the
// confirmation form share the field names) and the form as typed.
func readBulk(f *httpkit.Values) (compliance.BulkChange, bioview.BulkFormView) {
	b := bioview.BulkFormView{Field: f.String("field"), OwnerDeptID: f.String("owner_department_id"), Status: f.String("status"),
		Applicable: f.String("applicable"), Justification: f.Raw("justification"), LastReview: f.String("last_review"), NextReview: f.String("next_review")}
	ch := compliance.BulkChange{Field: compliance.BulkField(b.Field), OwnerDeptID: f.ID("owner_department_id"), Status: compliance.Status(b.Status),
		Applicable: b.Applicable == "1", Justification: b.Justification, LastReview: b.LastReview, NextReview: b.NextReview}
	return ch, b
}

// listWithQuery is the control list with the query the bulk form carried
// (its filters, sort and view).
func listWithQuery(r *http.Request) string { return withRawQuery("/bio", r.URL.RawQuery) }

// bulkFailed shows the list again with the selection and the typed change
// kept (422 for field errors), or the error's page.
func (h *Handlers) bulkFailed(w http.ResponseWriter, r *http.Request, err error, b bioview.BulkFormView, ids []int64) {
	form, status, ok := kit.FormState(err, compliance.BulkFieldNames...)
	if !ok {
		h.kit.Fail(w, r, err)
		return
	}
	b.Form = form
	b.Selected = make(map[int64]bool, len(ids))
	for _, id := range ids {
		b.Selected[id] = true
	}
	h.controlList(w, r, status, &b)
}

// bulkSubmit reads the bulk form: the selection (read turns the selected
// ids into what save takes) and the change, then saves; false when the page
// has been answered (the list again with the form kept, or the error's page).
func bulkSubmit[Sel any](h *Handlers, w http.ResponseWriter, r *http.Request, read func(f *httpkit.Values, ids []int64) Sel, save func(ctx context.Context, actor authz.Principal, sel Sel, ch compliance.BulkChange) error) bool {
	if err := kit.ParseForm(r); err != nil {
		h.kit.Fail(w, r, err)
		return false
	}
	f := httpkit.Form(r)
	ids := f.IDs("id")
	sel := read(f, ids)
	ch, b := readBulk(f)
	err := f.Err()
	if err == nil {
		err = save(r.Context(), *kit.Principal(r), sel, ch)
	}
	if err != nil {
		h.bulkFailed(w, r, err, b, ids)
		return false
	}
	return true
}

// BulkPreview serves POST /bio/bulk: the confirmation page of a change to
// the selected controls. Nothing is changed yet.
func (h *Handlers) BulkPreview(w http.ResponseWriter, r *http.Request) {
	var plan compliance.BulkPlan
	ok := bulkSubmit(h, w, r, func(_ *httpkit.Values, ids []int64) []int64 { return ids },
		func(ctx context.Context, actor authz.Principal, ids []int64, ch compliance.BulkChange) (err error) {
			plan, err = h.bio.BulkPreview(ctx, actor, ids, ch)
			return err
		})
	if !ok {
		return
	}
	v := bioview.BulkConfirmView{Plan: plan, Back: listWithQuery(r), Action: withRawQuery("/bio/bulk/bevestigen", r.URL.RawQuery)}
	h.kit.Render(w, r, http.StatusOK, bioview.BulkConfirm(h.kit.Page(r, "Wijziging bevestigen", "bio"), v))
}

// bulkItems are the selected controls with the versions the confirmation
// page showed.
func bulkItems(f *httpkit.Values, ids []int64) []compliance.BulkItem {
	items := make([]compliance.BulkItem, 0, len(ids))
	for _, id := range ids {
		items = append(items, compliance.BulkItem{ItemID: id, Version: f.Int("versie-"+strconv.FormatInt(id, 10), 0, httpkit.MaxVersion)})
	}
	return items
}

// BulkApply serves POST /bio/bulk/bevestigen: applies the confirmed change
// and shows what was changed, refused and in conflict.
func (h *Handlers) BulkApply(w http.ResponseWriter, r *http.Request) {
	var res compliance.BulkResult
	ok := bulkSubmit(h, w, r, bulkItems, func(ctx context.Context, actor authz.Principal, items []compliance.BulkItem, ch compliance.BulkChange) (err error) {
		res, err = h.bio.BulkApply(ctx, actor, items, ch)
		return err
	})
	if !ok {
		return
	}
	h.kit.Render(w, r, http.StatusOK, bioview.BulkResult(h.kit.Page(r, "Resultaat van de wijziging", "bio"), bioview.BulkResultView{Result: res, Back: listWithQuery(r)}))
}

func withRawQuery(path, raw string) string {
	if raw == "" {
		return path
	}
	// Re-encode: the query came from the request and goes into an attribute.
	q, _ := url.ParseQuery(raw)
	return path + "?" + q.Encode()
}

// bulkForm is the empty bulk form of the list for p.
func bulkForm(p *authz.Principal, rawQuery string) bioview.BulkFormView {
	return bioview.BulkFormView{CanBulk: p.Can(authz.EditControls), CanSetOwner: p.Has(authz.CISO), Field: string(compliance.BulkStatus),
		Applicable: "0", Action: withRawQuery("/bio/bulk", rawQuery)}
}
