package incident

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/mail"
	"path"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/db"
)

// MaxAttachments is the number of files one report or one upload carries.
const MaxAttachments = 5

// AttachmentTypesText names the accepted file types of attachments.
const AttachmentTypesText = "e-mails (.eml, .msg), " + compliance.AllowedTypesText

// AttachmentAccept is the accept attribute of the file input (a convenience
// for the file picker; the server checks the content).
const AttachmentAccept = ".eml,.msg," + compliance.AcceptAttr

// MIME types of the e-mail formats.
const (
	mimeEML = "message/rfc822"
	mimeMSG = "application/vnd.ms-outlook"
)

// File is an uploaded attachment as the form delivers it.
type File struct {
	Name    string
	Content []byte
}

// Attachment is a stored attachment, without its content.
type Attachment struct {
	ID          int64
	IncidentID  int64
	Filename    string
	ContentType string
	Size        int64
	SHA256      string
	ByReporter  bool
	UploadedBy  string
	UploadedAt  time.Time
}

// SizeText is the size for people ("12,5 kB").
func (a Attachment) SizeText() string { return compliance.FormatSize(a.Size) }

// DetectAttachmentType decides the type of an attachment by its content:
// the evidence types (compliance.DetectEvidenceType) and the suspicious
// e-mail itself, as .eml (RFC 5322, its headers must parse) or as Outlook
// .msg (an OLE2 file with the message's property streams).
func DetectAttachmentType(name string, content []byte) (string, bool) {
	if ct, ok := compliance.DetectEvidenceType(name, content); ok {
		return ct, true
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".eml":
		if isEML(content) {
			return mimeEML, true
		}
	case ".msg":
		if bytes.HasPrefix(content, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) && bytes.Contains(content, utf16("__substg1.0_")) {
			return mimeMSG, true
		}
	}
	return "", false
}

func utf16(s string) []byte {
	out := make([]byte, 0, 2*len(s))
	for _, c := range []byte(s) {
		out = append(out, c, 0)
	}
	return out
}

// isEML: the content starts with a header block that parses and names at
// least a sender, a subject or a date; no NUL bytes.
func isEML(content []byte) bool {
	if bytes.IndexByte(content, 0) >= 0 {
		return false
	}
	m, err := mail.ReadMessage(bytes.NewReader(content))
	if err != nil {
		return false
	}
	return m.Header.Get("From") != "" || m.Header.Get("Subject") != "" || m.Header.Get("Date") != ""
}

// stored is an attachment checked and ready to insert.
type stored struct {
	Attachment
	content []byte
}

// checkFiles validates the uploads (pure): at most MaxAttachments, none
// empty, each of an accepted type. Messages go to the field "attachments".
func checkFiles(v apperr.Validation, files []File) []stored {
	if len(files) > MaxAttachments {
		v.Add("attachments", fmt.Sprintf("U kunt hoogstens %d bijlagen tegelijk meesturen.", MaxAttachments))
		return nil
	}
	out := make([]stored, 0, len(files))
	for _, f := range files {
		name := compliance.CleanFilename(f.Name)
		if len(f.Content) == 0 {
			v.Add("attachments", "Het bestand "+quoted(name)+"is leeg. Kies een bestand met inhoud.")
			continue
		}
		ct, ok := DetectAttachmentType(name, f.Content)
		if !ok {
			v.Add("attachments", "Het bestand "+quoted(name)+"heeft een type dat niet is toegestaan. Toegestaan zijn "+AttachmentTypesText+".")
			continue
		}
		if name == "" {
			name = "bijlage"
		}
		sum := sha256.Sum256(f.Content)
		out = append(out, stored{Attachment: Attachment{Filename: name, ContentType: ct, Size: int64(len(f.Content)),
			SHA256: hex.EncodeToString(sum[:])}, content: f.Content})
	}
	return out
}

func quoted(name string) string {
	if name == "" {
		return ""
	}
	return "‘" + name + "’ "
}

// insertAttachments stores checked attachments of incident id with a
// timeline entry; the caller records the audit event (names, sizes and
// checksums, never the content).
func insertAttachments(ctx context.Context, tx *db.Tx, actor authz.Principal, id int64, files []stored, byReporter bool) error {
	for i := range files {
		a := &files[i]
		if err := tx.QueryRow(ctx, `INSERT INTO incident_attachments (organisation_id, incident_id, filename, content_type, size_bytes, sha256,
			content, by_reporter, uploaded_by, uploaded_by_name, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			tx.OrgID, id, a.Filename, a.ContentType, a.Size, a.SHA256, a.content, byReporter, actor.UserID, actor.Name, tx.Now).Scan(&a.ID); err != nil {
			return db.MapError(err, nil)
		}
	}
	if len(files) == 0 || byReporter {
		return nil
	}
	return addEntry(ctx, tx, actor, id, tx.Now, "notitie", "Bijlage toegevoegd: "+attachmentNames(files))
}

func attachmentNames(files []stored) string {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Filename
	}
	return strings.Join(names, ", ")
}

// attachmentRecord is an attachment as the audit trail keeps it.
type attachmentRecord struct {
	Filename string `json:"bestand"`
	Size     int64  `json:"grootte"`
	SHA256   string `json:"sha256"`
}

func attachmentRecords(files []stored) []attachmentRecord {
	out := make([]attachmentRecord, len(files))
	for i, f := range files {
		out[i] = attachmentRecord{f.Filename, f.Size, f.SHA256}
	}
	return out
}

// AddAttachments adds files to an incident later. HandleIncidents, in
// scope; not on a closed incident.
func (s *Service) AddAttachments(ctx context.Context, actor authz.Principal, id int64, files []File) error {
	return s.handle(ctx, actor, id, func(tx *db.Tx, cur Incident) error {
		v := apperr.Validation{}
		if len(files) == 0 {
			v.Add("attachments", "Kies een of meer bestanden om toe te voegen.")
		}
		checked := checkFiles(v, files)
		if err := v.Err(); err != nil {
			return err
		}
		if cur.Status == StatusClosed {
			return apperr.Conflictf("Dit incident is gesloten; er komen geen bijlagen meer bij.")
		}
		if err := insertAttachments(ctx, tx, actor, id, checked, false); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Create, Entity: Entity, EntityID: id,
			Summary: fmt.Sprintf("Incident %s: bijlage toegevoegd (%s)", cur.NumberText(), attachmentNames(checked)),
			After:   map[string]any{"bijlagen": attachmentRecords(checked)}})
	})
}

const attachmentSelect = `SELECT id, incident_id, filename, content_type, size_bytes, sha256, by_reporter, uploaded_by_name, uploaded_at
	FROM incident_attachments`

func scanAttachment(r pgx.CollectableRow) (Attachment, error) {
	var a Attachment
	err := r.Scan(&a.ID, &a.IncidentID, &a.Filename, &a.ContentType, &a.Size, &a.SHA256, &a.ByReporter, &a.UploadedBy, &a.UploadedAt)
	return a, err
}

// attachmentsOf lists the attachments of an incident (only the reporter's
// when reporterOnly), in the order they came.
func attachmentsOf(ctx context.Context, tx *db.Tx, id int64, reporterOnly bool) ([]Attachment, error) {
	rows, err := tx.Query(ctx, attachmentSelect+` WHERE organisation_id = $1 AND incident_id = $2 AND (by_reporter OR NOT $3)
		ORDER BY uploaded_at, id`, tx.OrgID, id, reporterOnly)
	if err != nil {
		return nil, fmt.Errorf("incident attachments: %w", err)
	}
	return pgx.CollectRows(rows, scanAttachment)
}

var errAttachmentNotFound = apperr.NotFoundf("Deze bijlage bestaat niet (meer).")

// AttachmentFile reads one attachment with its content for a download.
// ViewIncidents, and only for who sees the whole incident (not directie and
// college, who see high-impact incidents without the reporter).
func (s *Service) AttachmentFile(ctx context.Context, actor authz.Principal, attachmentID int64) (a Attachment, content []byte, err error) {
	err = s.DB.ReadAs(ctx, actor, authz.ViewIncidents, func(tx *db.Tx) error {
		err := tx.QueryRow(ctx, `SELECT id, incident_id, filename, content_type, size_bytes, sha256, by_reporter, uploaded_by_name, uploaded_at, content
			FROM incident_attachments WHERE organisation_id = $1 AND id = $2`, tx.OrgID, attachmentID).
			Scan(&a.ID, &a.IncidentID, &a.Filename, &a.ContentType, &a.Size, &a.SHA256, &a.ByReporter, &a.UploadedBy, &a.UploadedAt, &content)
		if db.IsNoRows(err) {
			return errAttachmentNotFound
		}
		if err != nil {
			return fmt.Errorf("incident attachment %d: %w", attachmentID, err)
		}
		x, err := load(ctx, tx, a.IncidentID, false)
		if err != nil {
			return err
		}
		if !scopeOf(actor).fullView(x.DepartmentID, x.PersonalData, x.HandlerID) {
			return errAttachmentScope
		}
		return nil
	})
	return a, content, err
}

var errAttachmentScope = apperr.Forbiddenf("U mag de bijlagen van dit incident niet openen: alleen wie het volledige incident inziet, opent de bijlagen.")

// reportAttachments stores the files sent with a report, with their own
// audit event (the report's event describes the incident).
func reportAttachments(ctx context.Context, tx *db.Tx, actor authz.Principal, id int64, number int, files []stored) error {
	if len(files) == 0 {
		return nil
	}
	if err := insertAttachments(ctx, tx, actor, id, files, true); err != nil {
		return err
	}
	return audit.Record(ctx, tx, audit.Event{Action: audit.Create, Entity: Entity, EntityID: id,
		Summary: fmt.Sprintf("Incident %s: %d bijlage(n) meegestuurd met de melding", Number(number), len(files)),
		After:   map[string]any{"bijlagen": attachmentRecords(files)}})
}
