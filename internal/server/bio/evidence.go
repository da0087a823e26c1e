package bio

import (
	"context"
	"net/http"
	"strconv"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/views/bioview"
)

// evidenceOrder is the order of the evidence form's fields in the error summary.
var evidenceOrder = []string{"kind", "title", "file", "url"}

// evidenceForm is the submitted evidence form.
type evidenceForm struct {
	Kind, Title, URL string
	Filename         string
	Content          []byte
}

// readEvidence reads the text fields of the evidence form (kit.Upload has
// put them into r.PostForm).
func readEvidence(r *http.Request) evidenceForm {
	return evidenceForm{Kind: r.PostFormValue("kind"), Title: r.PostFormValue("title"), URL: r.PostFormValue("url")}
}

// evidenceFormPage shows the control again with the evidence form's errors
// and what the user typed.
func (h *Handlers) evidenceFormPage(w http.ResponseWriter, r *http.Request, status int, form layout.Form, in evidenceForm) {
	ev := bioview.EvidenceView{Form: form, Input: bioview.EvidenceInput{Kind: in.Kind, Title: in.Title, URL: in.URL}}
	h.controlPage(w, r, status, bioview.ControlView{Evidence: ev}, false)
}

// EvidenceAdd serves POST /bio/{id}/bewijs.
func (h *Handlers) EvidenceAdd(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	files, ok := h.kit.Upload(w, r, "file", 1, func(status int, state layout.Form) {
		state.Order = evidenceOrder
		h.evidenceFormPage(w, r, status, state, readEvidence(r))
	})
	if !ok {
		return
	}
	in := readEvidence(r)
	if len(files) > 0 {
		in.Filename, in.Content = files[0].Name, files[0].Content
	}
	p := kit.Principal(r)
	if in.Kind == compliance.EvidenceLink {
		err = h.bio.AddLink(r.Context(), *p, id, in.Title, in.URL)
	} else {
		in.Kind = compliance.EvidenceFile
		err = h.bio.AddFile(r.Context(), *p, id, in.Title, in.Filename, in.Content)
	}
	if err != nil {
		form, status, ok := kit.FormState(err, evidenceOrder...)
		if !ok {
			h.kit.Fail(w, r, err)
			return
		}
		h.evidenceFormPage(w, r, status, form, in)
		return
	}
	if in.Kind == compliance.EvidenceLink {
		h.kit.Flash(r.Context(), "De link is als bewijs toegevoegd.")
	} else {
		h.kit.Flash(r.Context(), "Het bestand is als bewijs toegevoegd.")
	}
	httpkit.Redirect(w, r, kit.IDPath("/bio", id)+"#bewijs")
}

// storedEvidence is an evidence item with the content of its file.
type storedEvidence struct {
	compliance.Evidence
	content []byte
}

// evidenceFile loads the evidence id of the principal's organisation.
func (h *Handlers) evidenceFile(ctx context.Context, p authz.Principal, id int64) (f storedEvidence, err error) {
	err = h.kit.DB.Read(ctx, db.ScopeOf(p), func(tx *db.Tx) (err error) {
		f.Evidence, f.content, _, err = compliance.GetEvidenceFile(ctx, tx, p.OrgID, id)
		return err
	})
	return f, err
}

// EvidenceDownload serves a file or follows a link. Who may see the control
// may see its evidence: the route requires ViewControls, the query limits
// the evidence to the active organisation.
func (h *Handlers) EvidenceDownload(w http.ResponseWriter, r *http.Request) {
	f, _, ok := kit.Load(h.kit, w, r, h.evidenceFile)
	if !ok {
		return
	}
	e, content := f.Evidence, f.content
	if !e.IsFile() {
		if compliance.CheckStoredLink(e.URL) != "" {
			h.kit.RenderError(w, r, http.StatusNotFound)
			return
		}
		http.Redirect(w, r, e.URL, http.StatusSeeOther)
		return
	}
	ct := e.ContentType
	if _, ok := compliance.DetectEvidenceType(e.Filename, content); !ok || ct == "" {
		ct = "application/octet-stream"
	}
	hdr := w.Header()
	hdr.Set("Content-Type", ct)
	hdr.Set("Content-Disposition", evidenceDisposition(e.Filename))
	hdr.Set("Content-Length", strconv.Itoa(len(content)))
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Cache-Control", "private, no-store")
	hdr.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(content)
}

// EvidenceRemove serves POST /bewijs/{id}/verwijderen.
func (h *Handlers) EvidenceRemove(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err == nil {
		err = kit.ParseForm(r)
	}
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	p := kit.Principal(r)
	var e compliance.Evidence
	err = h.kit.Read(r, func(tx *db.Tx) (err error) {
		e, err = compliance.GetEvidence(r.Context(), tx, p.OrgID, id)
		return err
	})
	if err == nil {
		err = h.bio.RemoveEvidence(r.Context(), *p, id)
	}
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	h.kit.Flash(r.Context(), "Het bewijs ‘"+e.Title+"’ is verwijderd. De verwijdering staat in de audittrail.")
	httpkit.Redirect(w, r, kit.IDPath("/bio", e.ItemID)+"#bewijs")
}

// evidenceDisposition always downloads, under the cleaned original name.
func evidenceDisposition(filename string) string {
	if filename = compliance.CleanFilename(filename); filename == "" {
		filename = "bewijs"
	}
	return httpkit.AttachmentExact(filename)
}
