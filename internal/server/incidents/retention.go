package incidents

import (
	"context"
	"net/http"
	"strconv"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/views/incidentview"
)

// maxPurge bounds the selection of one purge.
const maxPurge = 500

func filesOf(files []kit.UploadedFile) []incident.File {
	out := make([]incident.File, len(files))
	for i, f := range files {
		out[i] = incident.File{Name: f.Name, Content: f.Content}
	}
	return out
}

// ---- attachments ----

// Attach serves POST /incidenten/{id}/bijlagen: files added by the handler.
func (h *Handlers) Attach(w http.ResponseWriter, r *http.Request) {
	kit.WithID(h.kit, w, r, func(id int64) {
		reshow := func(status int, state layout.Form) {
			h.show(w, r, status, id, incidentview.IncidentShowView{AttachForm: state})
		}
		files, ok := h.kit.Upload(w, r, "attachments", incident.MaxAttachments, reshow)
		if !ok {
			return
		}
		if err := h.svc.AddAttachments(r.Context(), *kit.Principal(r), id, filesOf(files)); err != nil {
			state, status, ok := kit.FormState(err, "attachments")
			if !ok {
				h.kit.Fail(w, r, err)
				return
			}
			reshow(status, state)
			return
		}
		h.kit.Flash(r.Context(), "De bijlagen zijn aan het incident toegevoegd.")
		httpkit.Redirect(w, r, kit.IDPath("/incidenten", id)+"#incident-bijlagen")
	})
}

// Attachment serves GET /incidenten/bijlagen/{id}: the download, for who
// sees the whole incident. Always an attachment, the stored type only when
// the content still is what it claims, nosniff, no caching, a sandbox CSP.
func (h *Handlers) Attachment(w http.ResponseWriter, r *http.Request) {
	kit.WithID(h.kit, w, r, func(id int64) {
		a, content, err := h.svc.AttachmentFile(r.Context(), *kit.Principal(r), id)
		if err != nil {
			h.refuse(w, r, err)
			return
		}
		ct := a.ContentType
		if _, ok := incident.DetectAttachmentType(a.Filename, content); !ok || ct == "" {
			ct = "application/octet-stream"
		}
		h.kit.SendStored(w, r, ct, a.Filename, "bijlage", content)
	})
}

// ---- the reporter's details ----

// reporterRemoval is the confirmed request to remove the reporter's details.
type reporterRemoval struct {
	Confirm bool
	Version int
}

// Validate: the removal is confirmed.
func (in *reporterRemoval) Validate() apperr.Validation {
	v := apperr.Validation{}
	if !in.Confirm {
		v.Add("confirm", "Vink aan dat u de gegevens van de melder wilt verwijderen.")
	}
	return v
}

// RemoveReporter serves POST /incidenten/{id}/melder-verwijderen.
func (h *Handlers) RemoveReporter(w http.ResponseWriter, r *http.Request) {
	kit.SubmitAction(h.kit, w, r, kit.Action[reporterRemoval]{
		Read: func(f *httpkit.Values) reporterRemoval {
			return reporterRemoval{Confirm: f.Bool("confirm"), Version: f.Version()}
		},
		Save: func(ctx context.Context, p authz.Principal, id int64, in reporterRemoval) error {
			if err := in.Validate().Err(); err != nil {
				return err
			}
			return h.svc.RemoveReporter(ctx, p, id, in.Version)
		},
		Reshow: func(status int, id int64, _ reporterRemoval, state layout.Form, stale bool) {
			if stale {
				state.Message = "Het incident is intussen gewijzigd. Bekijk de huidige gegevens en bevestig de verwijdering opnieuw."
			}
			h.show(w, r, status, id, incidentview.IncidentShowView{ReporterForm: state})
		},
		Done: shown[reporterRemoval]("De gegevens van de melder zijn verwijderd. Het incident blijft bestaan.", "#incident-bewaren"),
	})
}

// ---- retention ----

func (h *Handlers) retentionPage(w http.ResponseWriter, r *http.Request, status int, v incidentview.IncidentRetentionView) {
	title := "Incidenten na de bewaartermijn"
	if v.Confirm {
		title = "Incidenten verwijderen"
	}
	v.Form.Order = []string{"ids"}
	h.kit.Render(w, r, status, incidentview.IncidentRetentionPage(h.kit.Page(r, title, "bewaartermijn"), v))
}

// Retention serves GET /incidenten/bewaartermijn: the beheerder's list of
// incidents past their retention period.
func (h *Handlers) Retention(w http.ResponseWriter, r *http.Request) {
	if rows, ok := kit.Fetch(h.kit, w, r, h.svc.PastRetention); ok {
		h.retentionPage(w, r, http.StatusOK, incidentview.IncidentRetentionView{Rows: rows})
	}
}

// selectedIDs reads the selection of the purge forms.
func selectedIDs(r *http.Request) ([]int64, error) {
	if err := kit.ParseForm(r); err != nil {
		return nil, err
	}
	f := httpkit.Form(r)
	ids := f.IDs("ids")
	if len(ids) > maxPurge {
		v := apperr.Validation{}
		v.Add("ids", "Kies hoogstens "+strconv.Itoa(maxPurge)+" incidenten tegelijk.")
		return nil, v.Err()
	}
	return ids, f.Err()
}

// retentionRefused shows the list again with the refusal and the selection.
func (h *Handlers) retentionRefused(w http.ResponseWriter, r *http.Request, ids []int64, err error) {
	state, status, ok := kit.FormState(err, "ids")
	if !ok {
		h.kit.Fail(w, r, err)
		return
	}
	rows, ok := kit.Fetch(h.kit, w, r, h.svc.PastRetention)
	if !ok {
		return
	}
	selected := map[int64]bool{}
	for _, id := range ids {
		selected[id] = true
	}
	h.retentionPage(w, r, status, incidentview.IncidentRetentionView{Rows: rows, Selected: selected, Form: state})
}

// PurgeConfirm serves POST /incidenten/bewaartermijn: the confirmation page
// of a selection (nothing is written).
func (h *Handlers) PurgeConfirm(w http.ResponseWriter, r *http.Request) {
	ids, err := selectedIDs(r)
	if err == nil {
		var rows []incident.PurgeRow
		if rows, err = h.svc.PurgeSelection(r.Context(), *kit.Principal(r), ids); err == nil {
			h.retentionPage(w, r, http.StatusOK, incidentview.IncidentRetentionView{Rows: rows, Confirm: true})
			return
		}
	}
	h.retentionRefused(w, r, ids, err)
}

// Purge serves POST /incidenten/bewaartermijn/verwijderen: the confirmed
// purge.
func (h *Handlers) Purge(w http.ResponseWriter, r *http.Request) {
	ids, err := selectedIDs(r)
	if err == nil {
		var n int
		if n, err = h.svc.Purge(r.Context(), *kit.Principal(r), ids); err == nil {
			h.kit.Flash(r.Context(), strconv.Itoa(n)+" incident(en) verwijderd. De audittrail houdt per incident het volgnummer en de data vast.")
			httpkit.Redirect(w, r, "/incidenten/bewaartermijn")
			return
		}
	}
	h.retentionRefused(w, r, ids, err)
}
