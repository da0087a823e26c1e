package bio

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/pages"
)

// evidenceOrder is the order of the evidence form's fields in the error summary.
var evidenceOrder = []string{"kind", "title", "file", "url"}

const (
	// formOverhead is what an upload may carry besides the file itself: the
	// other fields and the multipart framing.
	formOverhead = 256 << 10
	// maxFieldBytes bounds each text field of the upload form.
	maxFieldBytes = 16 << 10
)

// evidenceForm is the submitted evidence form.
type evidenceForm struct {
	Kind, Title, URL string
	Filename         string
	Content          []byte
	TooLarge         bool
}

// readEvidenceForm reads the upload form as a stream: the file is read up to
// limit+1 bytes, so an oversized file is noticed without holding it, and the
// fields sent before it (the title) are kept for the form. A form without a
// file may also come url-encoded.
func readEvidenceForm(w http.ResponseWriter, r *http.Request, limit int64) (evidenceForm, error) {
	var f evidenceForm
	r.Body = http.MaxBytesReader(w, r.Body, limit+formOverhead)
	mr, err := r.MultipartReader()
	if errors.Is(err, http.ErrNotMultipart) {
		if err := r.ParseForm(); err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				f.TooLarge = true
				return f, nil
			}
			return f, err
		}
		f.Kind, f.Title, f.URL = r.PostFormValue("kind"), r.PostFormValue("title"), r.PostFormValue("url")
		return f, nil
	}
	if err != nil {
		return f, err
	}
	seenFile := false
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return f, nil
		}
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				f.TooLarge = true
				return f, nil
			}
			return f, err
		}
		name := part.FormName()
		if name == "file" && !seenFile {
			seenFile = true
			f.Filename = part.FileName()
			f.Content, err = io.ReadAll(io.LimitReader(part, limit+1))
			if int64(len(f.Content)) > limit {
				f.Content, f.TooLarge = nil, true
				return f, nil
			}
		} else {
			var b []byte
			b, err = io.ReadAll(io.LimitReader(part, maxFieldBytes))
			switch name {
			case "kind":
				f.Kind = string(b)
			case "title":
				f.Title = string(b)
			case "url":
				f.URL = string(b)
			}
		}
		part.Close()
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				f.TooLarge = true
				return f, nil
			}
			return f, err
		}
	}
}

// uploadLimit is the configured maximum size of an evidence file.
func (h *Handlers) uploadLimit() int64 {
	if h.kit.Config.MaxUploadBytes > 0 {
		return h.kit.Config.MaxUploadBytes
	}
	return 20 << 20
}

// evidenceFormPage shows the control again with the evidence form's errors
// and what the user typed.
func (h *Handlers) evidenceFormPage(w http.ResponseWriter, r *http.Request, status int, form layout.Form, in evidenceForm) {
	ev := pages.EvidenceView{Form: form, Input: pages.EvidenceInput{Kind: in.Kind, Title: in.Title, URL: in.URL}}
	h.controlPage(w, r, status, pages.ControlView{Evidence: ev}, false)
}

// EvidenceAdd serves POST /bio/{id}/bewijs.
func (h *Handlers) EvidenceAdd(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	limit := h.uploadLimit()
	in, err := readEvidenceForm(w, r, limit)
	if err != nil {
		h.kit.Log.Warn("evidence form unreadable", "request_id", kit.Info(r.Context()).ID, "error", err.Error())
		h.evidenceFormPage(w, r, http.StatusBadRequest, layout.Form{Message: "Het formulier kon niet worden gelezen. Probeer het opnieuw."}, in)
		return
	}
	if in.TooLarge {
		form := layout.Form{Errors: map[string]string{"file": "Het bestand is groter dan " + compliance.FormatSize(limit) + ". Kies een kleiner bestand."}, Order: evidenceOrder}
		h.evidenceFormPage(w, r, http.StatusRequestEntityTooLarge, form, in)
		return
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

// EvidenceDownload serves a file or follows a link. Who may see the control
// may see its evidence: the route requires ViewControls, the query limits
// the evidence to the active organisation.
func (h *Handlers) EvidenceDownload(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	var (
		e       compliance.Evidence
		content []byte
	)
	err = h.kit.Read(r, func(tx *db.Tx) (err error) {
		e, content, _, err = compliance.GetEvidenceFile(r.Context(), tx, kit.Principal(r).OrgID, id)
		return err
	})
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
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
