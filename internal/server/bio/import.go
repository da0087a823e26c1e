package bio

import (
	"net/http"
	"strconv"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/views/bioview"
)

// The spreadsheet round trip of the implementation status: upload (a
// preview that changes nothing), then the CISO's confirmation.

func (h *Handlers) importForm(w http.ResponseWriter, r *http.Request, status int, f layout.Form) {
	f.Order = []string{"file"}
	h.kit.Render(w, r, status, bioview.StatusImportForm(h.kit.Page(r, "Status importeren", "bio"),
		bioview.StatusImportFormView{Form: f, Limit: compliance.MaxImportBytes}))
}

// fileError is the upload form again with a message at the file field.
func fileError(msg string) layout.Form {
	return layout.Form{Errors: map[string]string{"file": msg}}
}

// uploadedFile reads the one file of an upload form, with the problems
// every upload form reports the same way.
func uploadedFile(w http.ResponseWriter, r *http.Request, limit int64) (name string, content []byte, problem string) {
	files, tooLarge, err := kit.ReadUpload(w, r, "file", 1, limit)
	switch {
	case err != nil:
		return "", nil, "Het bestand kon niet worden ontvangen. Probeer het opnieuw."
	case tooLarge:
		return "", nil, "Het bestand is groter dan " + compliance.FormatSize(limit) + "."
	case len(files) == 0:
		return "", nil, "Kies een bestand."
	}
	return files[0].Name, files[0].Content, ""
}

// ImportForm serves GET /bio/import.
func (h *Handlers) ImportForm(w http.ResponseWriter, r *http.Request) {
	h.importForm(w, r, http.StatusOK, layout.Form{})
}

// ImportUpload serves POST /bio/import: the file is read and kept, and the
// preview shown; nothing of the statuses changes yet.
func (h *Handlers) ImportUpload(w http.ResponseWriter, r *http.Request) {
	name, content, problem := uploadedFile(w, r, compliance.MaxImportBytes)
	if problem != "" {
		h.importForm(w, r, http.StatusUnprocessableEntity, fileError(problem))
		return
	}
	id, err := h.bio.CreateStatusImport(r.Context(), *kit.Principal(r), name, content)
	if err != nil {
		if form, status, ok := kit.FormState(err, "file"); ok {
			if len(form.Errors) == 0 && form.Message == "" {
				form = fileError(apperr.FieldsOf(err)["file"])
			}
			h.importForm(w, r, status, form)
			return
		}
		h.kit.Fail(w, r, err)
		return
	}
	httpkit.Redirect(w, r, kit.IDPath("/bio/import", id))
}

// ImportPreview serves GET /bio/import/{id}: what confirming would change
// now, or, once confirmed, what it did.
func (h *Handlers) ImportPreview(w http.ResponseWriter, r *http.Request) {
	imp, _, ok := kit.Load(h.kit, w, r, h.bio.GetStatusImport)
	if !ok {
		return
	}
	title := "Controle van de import"
	if imp.Outcome != nil {
		title = "Import toegepast"
	}
	h.kit.Render(w, r, http.StatusOK, bioview.StatusImportPage(h.kit.Page(r, title, "bio"), bioview.StatusImportView{Import: imp}))
}

// ImportConfirm serves POST /bio/import/{id}/bevestigen.
func (h *Handlers) ImportConfirm(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	var out compliance.ImportOutcome
	if err == nil {
		out, err = h.bio.ApplyStatusImport(r.Context(), *kit.Principal(r), id)
	}
	if apperr.CodeOf(err) == apperr.Conflict {
		// Confirmed before (a second click, the back button): say so on the import's page.
		e, _ := apperr.As(err)
		h.kit.Sessions.Put(r.Context(), kit.SessFlash, e.Message)
		h.kit.Sessions.Put(r.Context(), kit.SessFlashK, "error")
		httpkit.Redirect(w, r, kit.IDPath("/bio/import", id))
		return
	}
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	msg := strconv.Itoa(len(out.Applied)) + " maatregel(en) bijgewerkt."
	if len(out.Problems) > 0 {
		msg += " " + strconv.Itoa(len(out.Problems)) + " rij(en) niet overgenomen; zie hieronder."
	}
	h.kit.Flash(r.Context(), msg)
	httpkit.Redirect(w, r, kit.IDPath("/bio/import", id))
}

// CatalogueTextUpload serves POST /bio/instellingen/tekst: the official
// BIO2 text from a file, with the parser of `baken catalogue import bio2`.
func (h *Handlers) CatalogueTextUpload(w http.ResponseWriter, r *http.Request) {
	name, content, problem := uploadedFile(w, r, compliance.MaxTextBytes)
	if problem != "" {
		h.catalogueSettingsPage(w, r, http.StatusUnprocessableEntity, layout.Form{}, textFileError(problem))
		return
	}
	res, err := h.bio.ImportTexts(r.Context(), *kit.Principal(r), name, content)
	if err != nil {
		if form, status, ok := kit.FormState(err, "file"); ok {
			h.catalogueSettingsPage(w, r, status, layout.Form{}, form)
			return
		}
		h.kit.Fail(w, r, err)
		return
	}
	msg := strconv.Itoa(res.Total) + " teksten geïmporteerd (" + strconv.Itoa(len(res.Added)) + " nieuw, " +
		strconv.Itoa(len(res.Changed)) + " gewijzigd, " + strconv.Itoa(res.Unchanged) + " ongewijzigd"
	if len(res.Removed) > 0 {
		msg += ", " + strconv.Itoa(len(res.Removed)) + " verwijderd"
	}
	msg += ")."
	if len(res.Missing) > 0 {
		msg += " " + strconv.Itoa(len(res.Missing)) + " maatregel(en) staan niet in het bestand en hebben geen officiële tekst."
	}
	h.kit.Flash(r.Context(), msg)
	http.Redirect(w, r, "/bio/instellingen", http.StatusSeeOther)
}

func textFileError(msg string) layout.Form {
	f := fileError(msg)
	f.Order = []string{"file"}
	return f
}
