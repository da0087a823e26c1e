package compliance

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
)

// Kinds of evidence.
const (
	EvidenceFile = "file"
	EvidenceLink = "link"
)

// Evidence is proof for a control: an uploaded file or a link.
type Evidence struct {
	ID          int64
	Kind        string // "file" or "link"
	Title       string
	URL         string
	Filename    string
	ContentType string
	Size        int64
	SHA256      string
	UploadedBy  string
	UploadedAt  time.Time
	ItemID      int64 // the control or measure the evidence belongs to
}

// IsFile reports whether the evidence is an uploaded file.
func (e Evidence) IsFile() bool { return e.Kind == EvidenceFile }

// ShortSHA256 is the start of the checksum, enough to compare by eye.
func (e Evidence) ShortSHA256() string {
	if len(e.SHA256) > 12 {
		return e.SHA256[:12]
	}
	return e.SHA256
}

// AllowedTypesText names the accepted file types, for hints and messages.
const AllowedTypesText = "PDF, OpenDocument (odt, ods, odp), Microsoft Office (docx, xlsx, pptx, doc, xls, ppt), afbeeldingen (PNG, JPEG, GIF, WebP) en CSV of platte tekst (.csv, .txt)"

// AcceptAttr is the accept attribute of the file input: a convenience for the
// browser's file picker only; the server checks the content.
const AcceptAttr = ".pdf,.odt,.ods,.odp,.odg,.docx,.xlsx,.pptx,.doc,.xls,.ppt,.png,.jpg,.jpeg,.gif,.webp,.csv,.txt"

const (
	maxTitleRunes    = 200
	maxFilenameRunes = 200
	maxURLLength     = 2000
)

// evidenceSelect reads evidence with the name of the uploader.
const evidenceSelect = `
	SELECT e.id, e.item_id, e.kind, e.title, e.url, e.filename, e.content_type, e.size_bytes, e.sha256,
	       coalesce(u.name, ''), e.uploaded_at
	FROM evidence e
	LEFT JOIN users u ON u.id = e.uploaded_by`

func scanEvidence(r pgx.CollectableRow) (Evidence, error) {
	var e Evidence
	err := r.Scan(&e.ID, &e.ItemID, &e.Kind, &e.Title, &e.URL, &e.Filename, &e.ContentType, &e.Size, &e.SHA256, &e.UploadedBy, &e.UploadedAt)
	return e, err
}

// ListEvidence lists the current (not removed) evidence of a control, newest first.
func ListEvidence(ctx context.Context, q *db.Tx, orgID, itemID int64) ([]Evidence, error) {
	rows, err := q.Query(ctx, evidenceSelect+`
		WHERE e.organisation_id = $1 AND e.item_id = $2 AND e.removed_at IS NULL
		ORDER BY e.uploaded_at DESC, e.id DESC`, orgID, itemID)
	if err != nil {
		return nil, fmt.Errorf("list evidence of item %d: %w", itemID, err)
	}
	return pgx.CollectRows(rows, scanEvidence)
}

// visibleEvidence limits evidence to the organisation's, not removed, on a
// control of a framework the organisation can see: the same reach as the
// control itself.
const visibleEvidence = `
	WHERE e.id = $2 AND e.organisation_id = $1 AND e.removed_at IS NULL
	  AND EXISTS (SELECT 1 FROM catalogue_items i JOIN frameworks f ON f.id = i.framework_id
	              WHERE i.id = e.item_id AND (f.organisation_id IS NULL OR f.organisation_id = $1))`

var errEvidenceNotFound = apperr.NotFoundf("Dit bewijs bestaat niet (meer) in deze organisatie.")

// GetEvidence loads one current piece of evidence of the organisation, without its content.
func GetEvidence(ctx context.Context, q *db.Tx, orgID, evidenceID int64) (Evidence, error) {
	rows, err := q.Query(ctx, evidenceSelect+visibleEvidence, orgID, evidenceID)
	if err != nil {
		return Evidence{}, fmt.Errorf("get evidence %d: %w", evidenceID, err)
	}
	e, err := pgx.CollectExactlyOneRow(rows, scanEvidence)
	if db.IsNoRows(err) {
		return e, errEvidenceNotFound
	}
	return e, err
}

// GetEvidenceFile loads one current piece of evidence of the organisation
// with its content (nil for a link) and the control it belongs to.
func GetEvidenceFile(ctx context.Context, q *db.Tx, orgID, evidenceID int64) (Evidence, []byte, int64, error) {
	var (
		e       Evidence
		content []byte
	)
	err := q.QueryRow(ctx, `
		SELECT e.id, e.item_id, e.kind, e.title, e.url, e.filename, e.content_type, e.size_bytes, e.sha256,
		       coalesce(u.name, ''), e.uploaded_at, e.content
		FROM evidence e
		LEFT JOIN users u ON u.id = e.uploaded_by`+visibleEvidence, orgID, evidenceID).
		Scan(&e.ID, &e.ItemID, &e.Kind, &e.Title, &e.URL, &e.Filename, &e.ContentType, &e.Size, &e.SHA256, &e.UploadedBy, &e.UploadedAt, &content)
	if db.IsNoRows(err) {
		return e, nil, 0, errEvidenceNotFound
	}
	if err != nil {
		return e, nil, 0, fmt.Errorf("get evidence file %d: %w", evidenceID, err)
	}
	return e, content, e.ItemID, nil
}

// evidenceRecord is evidence as recorded in the audit trail: never the content.
type evidenceRecord struct {
	ID          int64  `json:"id"`
	Kind        string `json:"kind"`
	Title       string `json:"title"`
	URL         string `json:"url,omitempty"`
	Filename    string `json:"filename,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	Size        int64  `json:"size_bytes,omitempty"`
	SHA256      string `json:"sha256,omitempty"`
}

func recordOfEvidence(e Evidence) evidenceRecord {
	return evidenceRecord{e.ID, e.Kind, e.Title, e.URL, e.Filename, e.ContentType, e.Size, e.SHA256}
}

// editableControl loads the control for a change to its evidence and checks
// that the actor may make it.
func editableControl(ctx context.Context, tx *db.Tx, actor authz.Principal, itemID int64, forbidden string) (ControlDetail, error) {
	c, err := GetControl(ctx, tx, actor.OrgID, itemID)
	if err != nil {
		return c, err
	}
	if !CanEdit(actor, c.Control) {
		return c, apperr.Forbiddenf("%s", forbidden)
	}
	return c, nil
}

// AddFile stores an uploaded file as evidence of a control. The type is
// decided by the content; the file name only tells a CSV from a text file.
func (s *Service) AddFile(ctx context.Context, actor authz.Principal, itemID int64, title, filename string, content []byte) error {
	v := apperr.Validation{}
	filename = CleanFilename(filename)
	var contentType string
	switch {
	case len(content) == 0 && filename == "":
		v.Add("file", "Kies het bestand dat u wilt toevoegen.")
	case len(content) == 0:
		v.Add("file", "Het bestand is leeg. Kies een bestand met inhoud.")
	default:
		var ok bool
		if contentType, ok = DetectEvidenceType(filename, content); !ok {
			v.Add("file", "Dit bestandstype is niet toegestaan. Toegestaan zijn "+AllowedTypesText+".")
		}
	}
	if filename == "" {
		filename = "bestand"
	}
	filename = withExtension(filename, contentType)
	title = strings.TrimSpace(title)
	if title == "" {
		title = filename
	}
	validateTitle(v, title)
	sum := sha256.Sum256(content)
	e := Evidence{Kind: EvidenceFile, Title: title, Filename: filename, ContentType: contentType, Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:]), ItemID: itemID}
	return s.addEvidence(ctx, actor, v, e, content)
}

// AddLink registers a link to a document in the document system as evidence.
func (s *Service) AddLink(ctx context.Context, actor authz.Principal, itemID int64, title, link string) error {
	v := apperr.Validation{}
	title = strings.TrimSpace(title)
	if title == "" {
		v.Add("title", "Vul een titel in, zodat anderen zien wat dit bewijs is.")
	}
	validateTitle(v, title)
	link = strings.TrimSpace(link)
	if msg := CheckLink(link); msg != "" {
		v.Add("url", msg)
	}
	return s.addEvidence(ctx, actor, v, Evidence{Kind: EvidenceLink, Title: title, URL: link, ItemID: itemID}, nil)
}

func validateTitle(v apperr.Validation, title string) {
	if utf8.RuneCountInString(title) > maxTitleRunes {
		v.Add("title", fmt.Sprintf("De titel is te lang (maximaal %d tekens).", maxTitleRunes))
	}
	if !utf8.ValidString(title) || strings.ContainsFunc(title, unicode.IsControl) {
		v.Add("title", "De titel mag geen regeleinden, stuurtekens of ongeldige tekens bevatten.")
	}
}

// httpsOnly is the message for a link that does not start with https://.
const httpsOnly = "Alleen links die beginnen met https:// zijn toegestaan. Een documentsysteem dat alleen http:// kent, versleutelt de verbinding niet; vraag om het https-adres."

// CheckLink validates a new link to a document: an absolute https URL. Only
// https, also for an internal document system: the evidence is opened from
// the portal, and over plain http the document and the user's credentials
// for the document system travel unencrypted (BIO 8.24, use of cryptography).
// It returns a Dutch message, or "" when the link is fine.
func CheckLink(link string) string { return checkLink(link, false) }

// CheckStoredLink validates a stored link before the portal redirects to it:
// links saved before the https-only rule may still use http.
func CheckStoredLink(link string) string { return checkLink(link, true) }

func checkLink(link string, allowHTTP bool) string {
	if !utf8.ValidString(link) {
		return "De link bevat ongeldige tekens."
	}
	if link == "" {
		return "Vul de link naar het document in."
	}
	if len(link) > maxURLLength {
		return fmt.Sprintf("De link is te lang (maximaal %d tekens).", maxURLLength)
	}
	if strings.ContainsFunc(link, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return "Een link mag geen spaties of regeleinden bevatten."
	}
	u, err := url.Parse(link)
	if err != nil {
		return "Dit is geen geldige link. Vul een volledige link in, bijvoorbeeld https://dms.gemeente.nl/document/123."
	}
	if s := strings.ToLower(u.Scheme); s != "https" && (!allowHTTP || s != "http") {
		return httpsOnly
	}
	if u.Host == "" || u.Hostname() == "" {
		return "Vul een volledige link in, bijvoorbeeld https://dms.gemeente.nl/document/123."
	}
	if u.User != nil {
		return "Een link mag geen gebruikersnaam of wachtwoord bevatten."
	}
	return ""
}

func (s *Service) addEvidence(ctx context.Context, actor authz.Principal, v apperr.Validation, e Evidence, content []byte) error {
	return s.DB.Write(ctx, db.ScopeOf(actor), func(tx *db.Tx) error {
		c, err := editableControl(ctx, tx, actor, e.ItemID, "U mag alleen bewijs toevoegen bij maatregelen van uw eigen afdeling.")
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `
			INSERT INTO evidence (organisation_id, item_id, kind, title, url, filename, content_type, size_bytes, sha256, content, uploaded_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			RETURNING id`,
			actor.OrgID, e.ItemID, e.Kind, e.Title, e.URL, e.Filename, e.ContentType, e.Size, e.SHA256, content, actor.UserID).Scan(&e.ID)
		if err != nil {
			return fmt.Errorf("insert evidence: %w", err)
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Create, Entity: "evidence", EntityID: e.ItemID,
			Summary: "Bewijs toegevoegd aan " + c.Number + ": " + e.Title, After: recordOfEvidence(e)})
	})
}

// RemoveEvidence takes evidence off a control. The row stays (removed_at,
// removed_by), so the audit trail keeps pointing at what was there.
func (s *Service) RemoveEvidence(ctx context.Context, actor authz.Principal, evidenceID int64) error {
	return s.DB.Write(ctx, db.ScopeOf(actor), func(tx *db.Tx) error {
		e, err := GetEvidence(ctx, tx, actor.OrgID, evidenceID)
		if err != nil {
			return err
		}
		c, err := editableControl(ctx, tx, actor, e.ItemID, "U mag alleen bewijs verwijderen bij maatregelen van uw eigen afdeling.")
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE evidence SET removed_at = now(), removed_by = $3 WHERE organisation_id = $1 AND id = $2 AND removed_at IS NULL`,
			actor.OrgID, evidenceID, actor.UserID)
		if err != nil {
			return fmt.Errorf("remove evidence %d: %w", evidenceID, err)
		}
		if tag.RowsAffected() == 0 {
			return errEvidenceNotFound // removed concurrently
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Delete, Entity: "evidence", EntityID: e.ItemID,
			Summary: "Bewijs verwijderd van " + c.Number + ": " + e.Title, Before: recordOfEvidence(e)})
	})
}

// MIME types of the accepted Office formats.
const (
	mimeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	mimeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	mimePPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	mimeDOC  = "application/msword"
	mimeXLS  = "application/vnd.ms-excel"
	mimePPT  = "application/vnd.ms-powerpoint"
	mimeCSV  = "text/csv; charset=utf-8"
	mimeText = "text/plain; charset=utf-8"
	mimeODF  = "application/vnd.oasis.opendocument."
)

// extensions lists the file name extensions that fit a type; the first is
// the one added when the name has none of them.
var extensions = map[string][]string{
	"application/pdf":        {".pdf"},
	mimeDOCX:                 {".docx"},
	mimeXLSX:                 {".xlsx"},
	mimePPTX:                 {".pptx"},
	mimeDOC:                  {".doc", ".dot"},
	mimeXLS:                  {".xls", ".xlt"},
	mimePPT:                  {".ppt", ".pot", ".pps"},
	mimeCSV:                  {".csv"},
	mimeText:                 {".txt"},
	"image/png":              {".png"},
	"image/jpeg":             {".jpg", ".jpeg"},
	"image/gif":              {".gif"},
	"image/webp":             {".webp"},
	mimeODF + "text":         {".odt"},
	mimeODF + "spreadsheet":  {".ods"},
	mimeODF + "presentation": {".odp"},
	mimeODF + "graphics":     {".odg"},
}

// DetectEvidenceType decides the MIME type of an upload by its content and
// reports whether the type is accepted as evidence. The file name only tells
// a CSV from a plain text file; it never makes other content acceptable.
func DetectEvidenceType(filename string, content []byte) (string, bool) {
	if len(content) == 0 {
		return "", false
	}
	switch {
	case bytes.HasPrefix(content, []byte("%PDF-")):
		return "application/pdf", true
	case bytes.HasPrefix(content, []byte("PK\x03\x04")):
		return detectZip(content)
	case bytes.HasPrefix(content, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		return detectOLE2(content)
	}
	// The standard sniffer knows the image signatures (and refuses to call
	// HTML or executables an image).
	sniffed := http.DetectContentType(content)
	switch sniffed {
	case "image/png", "image/jpeg", "image/gif", "image/webp":
		return sniffed, true
	}
	if isText(content) && sniffed == mimeText {
		switch strings.ToLower(path.Ext(filename)) {
		case ".csv":
			return mimeCSV, true
		case ".txt":
			return mimeText, true
		}
	}
	return "", false
}

// isText reports whether b is UTF-8 text without NUL bytes or other control
// characters than tab, CR, LF and form feed.
func isText(b []byte) bool {
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(b) {
		return false
	}
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			return false
		}
	}
	return true
}

// detectZip recognises the ZIP-based document formats: OpenDocument by its
// mimetype entry, Office Open XML by [Content_Types].xml and its main folder.
func detectZip(content []byte) (string, bool) {
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return "", false
	}
	var ooxml, word, xl, ppt bool
	for _, f := range zr.File {
		switch {
		case f.Name == "mimetype":
			if t, ok := odfType(f); ok {
				return t, true
			}
		case f.Name == "[Content_Types].xml":
			ooxml = true
		case strings.HasPrefix(f.Name, "word/"):
			word = true
		case strings.HasPrefix(f.Name, "xl/"):
			xl = true
		case strings.HasPrefix(f.Name, "ppt/"):
			ppt = true
		}
	}
	if !ooxml {
		return "", false
	}
	switch {
	case word && !xl && !ppt:
		return mimeDOCX, true
	case xl && !word && !ppt:
		return mimeXLSX, true
	case ppt && !word && !xl:
		return mimePPTX, true
	}
	return "", false
}

// odfType reads the mimetype entry of an OpenDocument file (a few bytes; the
// read is bounded whatever the entry claims).
func odfType(f *zip.File) (string, bool) {
	rc, err := f.Open()
	if err != nil {
		return "", false
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, 100))
	if err != nil {
		return "", false
	}
	t := strings.TrimSpace(string(b))
	if _, known := extensions[t]; known && strings.HasPrefix(t, mimeODF) {
		return t, true
	}
	return "", false
}

// detectOLE2 recognises the legacy Office formats in an OLE2 compound file by
// the name of their main stream (UTF-16LE in the directory). Other compound
// files (such as .msi installers) are refused.
func detectOLE2(content []byte) (string, bool) {
	has := func(name string) bool {
		u := make([]byte, 0, 2*len(name))
		for _, c := range []byte(name) {
			u = append(u, c, 0)
		}
		return bytes.Contains(content, u)
	}
	switch {
	case has("WordDocument"):
		return mimeDOC, true
	case has("Workbook"), has("Book\x00\x00"):
		return mimeXLS, true
	case has("PowerPoint Document"):
		return mimePPT, true
	}
	return "", false
}

// CleanFilename keeps the base name of an uploaded file without path,
// control characters or characters that are special in file systems.
func CleanFilename(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		switch {
		case r == utf8.RuneError, unicode.IsControl(r), strings.ContainsRune(`<>:"|?*`, r):
			return -1
		}
		return r
	}, name)
	name = strings.Trim(strings.TrimSpace(name), ".")
	if utf8.RuneCountInString(name) > maxFilenameRunes {
		ext := path.Ext(name)
		if utf8.RuneCountInString(ext) > 10 {
			ext = ""
		}
		r := []rune(strings.TrimSuffix(name, ext))
		name = string(r[:maxFilenameRunes-utf8.RuneCountInString(ext)]) + ext
	}
	return name
}

// withExtension makes the file name end in an extension that fits the
// detected type, so a download always opens in the right application.
func withExtension(name, contentType string) string {
	exts := extensions[contentType]
	if len(exts) == 0 {
		return name
	}
	ext := strings.ToLower(path.Ext(name))
	for _, e := range exts {
		if ext == e {
			return name
		}
	}
	return name + exts[0]
}

// FormatSize writes a size in bytes for people, in Dutch notation: "512 bytes", "12,5 kB", "20 MB".
func FormatSize(n int64) string {
	const kB, MB = 1 << 10, 1 << 20
	switch {
	case n < kB:
		if n == 1 {
			return "1 byte"
		}
		return fmt.Sprintf("%d bytes", n)
	case n < MB:
		return decimal(float64(n)/kB) + " kB"
	}
	return decimal(float64(n)/MB) + " MB"
}

func decimal(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", ",", 1)
}
