package kit

import (
	"errors"
	"io"
	"net/http"
	"net/url"

	"github.com/baken-nl/baken/internal/httpkit"

	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/web/layout"
)

const (
	// uploadOverhead is what an upload may carry besides the files: the
	// other fields and the multipart framing.
	uploadOverhead = 256 << 10
	// maxUploadField bounds each text field of an upload form.
	maxUploadField = 16 << 10
	// maxUploadParts bounds the parts of an upload form besides its files.
	maxUploadParts = 20
)

// ErrInvalidText: a text field of the form holds invalid UTF-8 or a
// control character.
var ErrInvalidText = errors.New("form field with invalid text")

// UploadedFile is a file sent with a form.
type UploadedFile struct {
	Name    string
	Content []byte
}

// ReadUpload reads a form with files as a stream: the parts named field
// (at most maxFiles+1, so the caller can refuse one too many; further ones
// are skipped) up to limit bytes together,
// read one byte beyond it so an oversized upload is noticed without holding
// it; the other fields into r.PostForm for Submit. A form without files may
// also come url-encoded. tooLarge reports files or a form over the limit.
// A file input left empty sends a part without a name and content: skipped.
func ReadUpload(w http.ResponseWriter, r *http.Request, field string, maxFiles int, limit int64) (files []UploadedFile, tooLarge bool, err error) {
	r.Body = http.MaxBytesReader(w, r.Body, limit+uploadOverhead)
	mr, err := r.MultipartReader()
	if errors.Is(err, http.ErrNotMultipart) {
		err = r.ParseForm()
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, true, nil
		}
		return nil, false, err
	}
	if err != nil {
		return nil, false, err
	}
	values := url.Values{}
	defer func() { r.PostForm, r.Form = values, values }()
	budget := limit
	for n := 0; ; n++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			// The text fields of a multipart form get the check the
			// middleware gives url-encoded ones (validText).
			if !httpkit.ValidValues(values) {
				return nil, false, ErrInvalidText
			}
			return files, false, nil
		}
		if err == nil && n >= maxUploadParts+maxFiles {
			err = errors.New("too many parts")
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, true, nil
			}
			return nil, false, err
		}
		name := part.FormName()
		switch {
		case name == field && len(files) <= maxFiles:
			var f UploadedFile
			f.Name = part.FileName()
			f.Content, err = io.ReadAll(io.LimitReader(part, budget+1))
			if int64(len(f.Content)) > budget {
				part.Close()
				return nil, true, nil
			}
			budget -= int64(len(f.Content))
			if f.Name != "" || len(f.Content) > 0 {
				files = append(files, f)
			}
		case name == field:
			_, err = io.Copy(io.Discard, part)
		default:
			var b []byte
			b, err = io.ReadAll(io.LimitReader(part, maxUploadField))
			if name != "" {
				values.Add(name, string(b))
			}
		}
		part.Close()
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, true, nil
			}
			return nil, false, err
		}
	}
}

// UploadLimit is the configured maximum size of an upload.
func (k *Kit) UploadLimit() int64 {
	if k.Config.MaxUploadBytes > 0 {
		return k.Config.MaxUploadBytes
	}
	return 20 << 20
}

// Upload reads a form with files (ReadUpload with the configured limit);
// false when the page has been answered: an unreadable form (400), or
// files over the limit (413), through reshow with the message on field.
func (k *Kit) Upload(w http.ResponseWriter, r *http.Request, field string, maxFiles int, reshow func(status int, state layout.Form)) ([]UploadedFile, bool) {
	limit := k.UploadLimit()
	files, tooLarge, err := ReadUpload(w, r, field, maxFiles, limit)
	switch {
	case errors.Is(err, ErrInvalidText):
		k.RenderError(w, r, http.StatusBadRequest)
		return nil, false
	case err != nil:
		k.Log.Warn("upload form unreadable", "request_id", Info(r.Context()).ID, "error", err.Error())
		reshow(http.StatusBadRequest, layout.Form{Message: "Het formulier kon niet worden gelezen. Probeer het opnieuw."})
		return nil, false
	case tooLarge:
		msg := "Het bestand is groter dan " + compliance.FormatSize(limit) + ". Kies een kleiner bestand."
		if maxFiles > 1 {
			msg = "De bestanden zijn samen groter dan " + compliance.FormatSize(limit) + ". Kies kleinere of minder bestanden."
		}
		reshow(http.StatusRequestEntityTooLarge, layout.Form{Errors: map[string]string{field: msg}})
		return nil, false
	}
	return files, true
}

// SendStored sends a stored upload as a download: always an attachment
// under the cleaned name (fallback when none is left), contentType as the
// caller checked it against the content, nosniff and no caching (Download),
// and a sandbox CSP.
func (k *Kit) SendStored(w http.ResponseWriter, r *http.Request, contentType, name, fallback string, content []byte) {
	if name = compliance.CleanFilename(name); name == "" {
		name = fallback
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	k.Download(w, r, contentType, name, content)
}
