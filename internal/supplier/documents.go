package supplier

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/db"
)

// Document is the stored file of an agreement or report (without its bytes).
type Document struct {
	Filename    string    `json:"bestand,omitempty"`
	ContentType string    `json:"-"`
	Size        int64     `json:"grootte,omitempty"`
	SHA256      string    `json:"sha256,omitempty"`
	UploadedBy  string    `json:"-"`
	UploadedAt  time.Time `json:"-"`
}

// Present reports whether a file is stored.
func (d Document) Present() bool { return d.Filename != "" }

// ShortSHA256 is the start of the checksum, enough to compare by eye.
func (d Document) ShortSHA256() string {
	if len(d.SHA256) > 12 {
		return d.SHA256[:12]
	}
	return d.SHA256
}

// Upload is a file sent with a form; empty when none was chosen.
type Upload struct {
	Filename string
	Content  []byte
}

// Given reports whether the user chose a file.
func (u Upload) Given() bool { return u.Filename != "" || len(u.Content) > 0 }

// check validates an uploaded file like evidence (internal/compliance): the
// type is decided by the content, never by the name alone.
func (u Upload) check(v apperr.Validation) (Document, bool) {
	if !u.Given() {
		return Document{}, false
	}
	name := compliance.CleanFilename(u.Filename)
	if len(u.Content) == 0 {
		v.Add("file", "Het bestand is leeg. Kies een bestand met inhoud.")
		return Document{}, false
	}
	ct, ok := compliance.DetectEvidenceType(name, u.Content)
	if !ok {
		v.Add("file", "Dit bestandstype is niet toegestaan. Toegestaan zijn "+compliance.AllowedTypesText+".")
		return Document{}, false
	}
	if name == "" {
		name = "document"
	}
	sum := sha256.Sum256(u.Content)
	return Document{Filename: name, ContentType: ct, Size: int64(len(u.Content)), SHA256: hex.EncodeToString(sum[:])}, true
}

// Agreement is a verwerkersovereenkomst.
type Agreement struct {
	ID           int64
	SupplierID   int64
	SupplierName string
	SignedOn     time.Time
	ExpiresOn    *time.Time
	Notes        string
	Doc          Document
	Version      int
	Current      bool // the supplier's current agreement (latest expiry)
}

// State is the expiry state on today.
func (a Agreement) State(today time.Time) Expiry { return ExpiryOf(a.ExpiresOn, today) }

// Input is the agreement as its form shows it.
func (a Agreement) Input() AgreementInput {
	in := AgreementInput{SignedOn: a.SignedOn.Format("2006-01-02"), Notes: a.Notes, Version: a.Version}
	if a.ExpiresOn != nil {
		in.ExpiresOn = a.ExpiresOn.Format("2006-01-02")
	}
	return in
}

// Report is an assurance report.
type Report struct {
	ID           int64
	SupplierID   int64
	SupplierName string
	Kind         ReportKind
	PeriodFrom   *time.Time
	PeriodTo     *time.Time
	ExpiresOn    time.Time
	Notes        string
	Doc          Document
	Version      int
	Current      bool // the newest report of its type for the supplier
}

// State is the expiry state on today.
func (r Report) State(today time.Time) Expiry { return ExpiryOf(&r.ExpiresOn, today) }

// Input is the report as its form shows it.
func (r Report) Input() ReportInput {
	in := ReportInput{Kind: r.Kind, ExpiresOn: r.ExpiresOn.Format("2006-01-02"), Notes: r.Notes, Version: r.Version}
	if r.PeriodFrom != nil {
		in.PeriodFrom = r.PeriodFrom.Format("2006-01-02")
	}
	if r.PeriodTo != nil {
		in.PeriodTo = r.PeriodTo.Format("2006-01-02")
	}
	return in
}

const agreementSelect = `SELECT g.id, g.supplier_id, s.name, g.signed_on, g.expires_on, g.notes,
	g.filename, g.content_type, g.size_bytes, g.sha256, coalesce(u.name, ''), coalesce(g.uploaded_at, g.created_at), g.version
	FROM supplier_agreements g JOIN suppliers s ON s.id = g.supplier_id LEFT JOIN users u ON u.id = g.uploaded_by`

func scanAgreement(r pgx.CollectableRow) (Agreement, error) {
	var a Agreement
	err := r.Scan(&a.ID, &a.SupplierID, &a.SupplierName, &a.SignedOn, &a.ExpiresOn, &a.Notes,
		&a.Doc.Filename, &a.Doc.ContentType, &a.Doc.Size, &a.Doc.SHA256, &a.Doc.UploadedBy, &a.Doc.UploadedAt, &a.Version)
	return a, err
}

// listAgreements reads agreements matching cond ($1 the organisation, $2 the
// argument), current first.
func listAgreements(ctx context.Context, tx *db.Tx, cond string, arg any) ([]Agreement, error) {
	rows, err := tx.Query(ctx, agreementSelect+` WHERE g.organisation_id = $1 AND `+cond+`
		ORDER BY g.expires_on DESC NULLS FIRST, g.signed_on DESC, g.id DESC`, tx.OrgID, arg)
	if err != nil {
		return nil, fmt.Errorf("list agreements: %w", err)
	}
	return pgx.CollectRows(rows, scanAgreement)
}

const reportSelect = `SELECT r.id, r.supplier_id, s.name, r.kind, r.period_from, r.period_to, r.expires_on, r.notes,
	r.filename, r.content_type, r.size_bytes, r.sha256, coalesce(u.name, ''), coalesce(r.uploaded_at, r.created_at), r.version
	FROM supplier_reports r JOIN suppliers s ON s.id = r.supplier_id LEFT JOIN users u ON u.id = r.uploaded_by`

func scanReport(row pgx.CollectableRow) (Report, error) {
	var r Report
	err := row.Scan(&r.ID, &r.SupplierID, &r.SupplierName, &r.Kind, &r.PeriodFrom, &r.PeriodTo, &r.ExpiresOn, &r.Notes,
		&r.Doc.Filename, &r.Doc.ContentType, &r.Doc.Size, &r.Doc.SHA256, &r.Doc.UploadedBy, &r.Doc.UploadedAt, &r.Version)
	return r, err
}

func listReports(ctx context.Context, tx *db.Tx, cond string, arg any) ([]Report, error) {
	rows, err := tx.Query(ctx, reportSelect+` WHERE r.organisation_id = $1 AND `+cond+`
		ORDER BY r.kind, r.expires_on DESC, r.id DESC`, tx.OrgID, arg)
	if err != nil {
		return nil, fmt.Errorf("list reports: %w", err)
	}
	return pgx.CollectRows(rows, scanReport)
}

func getAgreement(ctx context.Context, tx *db.Tx, id int64) (Agreement, error) {
	as, err := listAgreements(ctx, tx, `g.id = $2`, id)
	if err != nil {
		return Agreement{}, err
	}
	if len(as) == 0 {
		return Agreement{}, apperr.NotFoundf("Deze verwerkersovereenkomst bestaat niet (meer).")
	}
	return as[0], nil
}

func getReport(ctx context.Context, tx *db.Tx, id int64) (Report, error) {
	rs, err := listReports(ctx, tx, `r.id = $2`, id)
	if err != nil {
		return Report{}, err
	}
	if len(rs) == 0 {
		return Report{}, apperr.NotFoundf("Dit assurancerapport bestaat niet (meer).")
	}
	return rs[0], nil
}

// GetAgreement loads one agreement. ViewSuppliers.
func (s *Service) GetAgreement(ctx context.Context, actor authz.Principal, id int64) (Agreement, error) {
	return db.Load(ctx, s.DB, actor, authz.ViewSuppliers, func(tx *db.Tx) (Agreement, error) {
		return getAgreement(ctx, tx, id)
	})
}

// GetReport loads one report. ViewSuppliers.
func (s *Service) GetReport(ctx context.Context, actor authz.Principal, id int64) (Report, error) {
	return db.Load(ctx, s.DB, actor, authz.ViewSuppliers, func(tx *db.Tx) (Report, error) {
		return getReport(ctx, tx, id)
	})
}

// auditDoc is an agreement or report as the audit trail stores it.
type auditDoc struct {
	Supplier string `json:"leverancier"`
	Fields   any    `json:"gegevens"`
	Document
}

// AddAgreement records a verwerkersovereenkomst of a supplier, with its
// document if one was uploaded. EditSuppliers.
func (s *Service) AddAgreement(ctx context.Context, actor authz.Principal, supplierID int64, in AgreementInput, file Upload) (int64, error) {
	return addDocument(ctx, s, actor, supplierID, &in, file, "supplier_agreements", EntityAgreement,
		func(tx *db.Tx) (id int64, err error) {
			signed, expires := in.dates()
			err = tx.QueryRow(ctx, `INSERT INTO supplier_agreements (organisation_id, supplier_id, signed_on, expires_on, notes)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, tx.OrgID, supplierID, signed, expires, in.Notes).Scan(&id)
			return id, err
		}, in.summary)
}

// UpdateAgreement changes an agreement; a new document replaces the stored
// one, no document keeps it. A stale version is a conflict. EditSuppliers.
func (s *Service) UpdateAgreement(ctx context.Context, actor authz.Principal, id int64, in AgreementInput, file Upload) error {
	return updateDocument(ctx, s, actor, id, &in, file, "supplier_agreements", EntityAgreement,
		func(tx *db.Tx) (Agreement, error) { return getAgreement(ctx, tx, id) },
		func(a Agreement) stored { return stored{a.SupplierName, a.Input(), a.Doc} },
		func(tx *db.Tx) (pgconn.CommandTag, error) {
			signed, expires := in.dates()
			return tx.Exec(ctx, `UPDATE supplier_agreements SET signed_on = $4, expires_on = $5, notes = $6, version = version + 1, updated_at = $7
			WHERE organisation_id = $1 AND id = $2 AND version = $3`, tx.OrgID, id, in.Version, signed, expires, in.Notes, tx.Now)
		}, in.summary)
}

// summary is the audit summary of an agreement with supplier, what happened to it.
func (in *AgreementInput) summary(supplier, what string) string {
	_, expires := in.dates()
	return "Verwerkersovereenkomst met " + supplier + " " + what + expiresText(expires)
}

// AddReport records an assurance report of a supplier. EditSuppliers.
func (s *Service) AddReport(ctx context.Context, actor authz.Principal, supplierID int64, in ReportInput, file Upload) (int64, error) {
	return addDocument(ctx, s, actor, supplierID, &in, file, "supplier_reports", EntityReport,
		func(tx *db.Tx) (id int64, err error) {
			err = tx.QueryRow(ctx, `INSERT INTO supplier_reports (organisation_id, supplier_id, kind, period_from, period_to, expires_on, notes)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, tx.OrgID, supplierID, in.Kind, optDate(in.PeriodFrom), optDate(in.PeriodTo),
				optDate(in.ExpiresOn), in.Notes).Scan(&id)
			return id, err
		}, in.summary)
}

// UpdateReport changes a report, like UpdateAgreement. EditSuppliers.
func (s *Service) UpdateReport(ctx context.Context, actor authz.Principal, id int64, in ReportInput, file Upload) error {
	return updateDocument(ctx, s, actor, id, &in, file, "supplier_reports", EntityReport,
		func(tx *db.Tx) (Report, error) { return getReport(ctx, tx, id) },
		func(x Report) stored { return stored{x.SupplierName, x.Input(), x.Doc} },
		func(tx *db.Tx) (pgconn.CommandTag, error) {
			return tx.Exec(ctx, `UPDATE supplier_reports SET kind = $4, period_from = $5, period_to = $6, expires_on = $7, notes = $8,
			version = version + 1, updated_at = $9 WHERE organisation_id = $1 AND id = $2 AND version = $3`,
				tx.OrgID, id, in.Version, in.Kind, optDate(in.PeriodFrom), optDate(in.PeriodTo), optDate(in.ExpiresOn), in.Notes, tx.Now)
		}, in.summary)
}

// summary is the audit summary of a report of supplier, what happened to it.
func (in *ReportInput) summary(supplier, what string) string {
	return in.Kind.Label() + " van " + supplier + " " + what + expiresText(optDate(in.ExpiresOn))
}

// docInput is the input of a document form: an AgreementInput or a
// ReportInput, checked on its own.
type docInput[In any] interface {
	*In
	Validate() apperr.Validation
}

// stored is what the audit trail says of a stored document row.
type stored struct {
	supplier string
	fields   any
	doc      Document
}

// addDocument is the shape of adding an agreement or a report: the input's
// and the file's own rules, then in one transaction the supplier, the row
// (insert), its document and the audit event (summary names the supplier
// and "vastgelegd").
func addDocument[In any, P docInput[In]](ctx context.Context, s *Service, actor authz.Principal, supplierID int64, in P, file Upload,
	table, entity string, insert func(tx *db.Tx) (int64, error), summary func(supplier, what string) string) (int64, error) {
	if err := actor.Require(authz.EditSuppliers); err != nil {
		return 0, err
	}
	v := in.Validate()
	doc, hasDoc := file.check(v)
	if err := v.Err(); err != nil {
		return 0, err
	}
	var id int64
	err := s.DB.WriteAs(ctx, actor, authz.EditSuppliers, func(tx *db.Tx) error {
		sup, err := getSupplier(ctx, tx, supplierID)
		if err != nil {
			return err
		}
		if id, err = insert(tx); err != nil {
			return err
		}
		if hasDoc {
			if err := storeDocument(ctx, tx, table, id, doc, file.Content); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Create, Entity: entity, EntityID: id,
			Summary: summary(sup.Name, "vastgelegd"),
			After:   auditDoc{Supplier: sup.Name, Fields: *in, Document: doc}})
	})
	return id, db.MapError(err, nil)
}

// updateDocument is the shape of changing an agreement or a report: the
// input's and the file's own rules, then in one transaction the stored row
// (load, told by tell), the versioned change (no row touched: someone else
// saved first), a new document if one was uploaded and the audit event.
func updateDocument[In, D any, P docInput[In]](ctx context.Context, s *Service, actor authz.Principal, id int64, in P, file Upload,
	table, entity string, load func(tx *db.Tx) (D, error), tell func(D) stored, change func(tx *db.Tx) (pgconn.CommandTag, error),
	summary func(supplier, what string) string) error {
	if err := actor.Require(authz.EditSuppliers); err != nil {
		return err
	}
	v := in.Validate()
	doc, hasDoc := file.check(v)
	if err := v.Err(); err != nil {
		return err
	}
	err := s.DB.WriteAs(ctx, actor, authz.EditSuppliers, func(tx *db.Tx) error {
		x, err := load(tx)
		if err != nil {
			return err
		}
		before := tell(x)
		tag, err := change(tx)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return apperr.Stale()
		}
		after := before.doc
		if hasDoc {
			if err := storeDocument(ctx, tx, table, id, doc, file.Content); err != nil {
				return err
			}
			after = doc
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: entity, EntityID: id,
			Summary: summary(before.supplier, "gewijzigd"),
			Before:  auditDoc{Supplier: before.supplier, Fields: before.fields, Document: before.doc},
			After:   auditDoc{Supplier: before.supplier, Fields: *in, Document: after}})
	})
	return db.MapError(err, nil)
}

// storeDocument sets the document of a row of table (one of the two
// document tables, never user input).
func storeDocument(ctx context.Context, tx *db.Tx, table string, id int64, d Document, content []byte) error {
	_, err := tx.Exec(ctx, `UPDATE `+table+` SET filename = $3, content_type = $4, size_bytes = $5, sha256 = $6, content = $7,
		uploaded_by = nullif($8::bigint, 0), uploaded_at = $9 WHERE organisation_id = $1 AND id = $2`,
		tx.OrgID, id, d.Filename, d.ContentType, d.Size, d.SHA256, content, tx.UserID, tx.Now)
	if err != nil {
		return fmt.Errorf("store document of %s %d: %w", table, id, err)
	}
	return nil
}

func expiresText(d *time.Time) string {
	if d == nil {
		return ""
	}
	return " (geldig tot " + d.Format("02-01-2006") + ")"
}

// AgreementFile returns the document of an agreement. ViewSuppliers.
func (s *Service) AgreementFile(ctx context.Context, actor authz.Principal, id int64) (Document, []byte, error) {
	return s.file(ctx, actor, "supplier_agreements", id)
}

// ReportFile returns the document of a report. ViewSuppliers.
func (s *Service) ReportFile(ctx context.Context, actor authz.Principal, id int64) (Document, []byte, error) {
	return s.file(ctx, actor, "supplier_reports", id)
}

func (s *Service) file(ctx context.Context, actor authz.Principal, table string, id int64) (d Document, content []byte, err error) {
	err = s.DB.ReadAs(ctx, actor, authz.ViewSuppliers, func(tx *db.Tx) error {
		err := tx.QueryRow(ctx, `SELECT filename, content_type, size_bytes, sha256, content FROM `+table+`
			WHERE organisation_id = $1 AND id = $2 AND content IS NOT NULL`, tx.OrgID, id).
			Scan(&d.Filename, &d.ContentType, &d.Size, &d.SHA256, &content)
		if db.IsNoRows(err) {
			return apperr.NotFoundf("Dit document bestaat niet (meer).")
		}
		return err
	})
	return d, content, err
}

// Expiring is the page of expired and soon-expiring agreements and reports:
// per supplier its current agreement, per supplier and type its newest report.
type Expiring struct {
	Agreements []Agreement
	Reports    []Report
	Today      time.Time
	Until      time.Time // today + SoonDays
}

// ExpiringSoon lists what has expired or expires within SoonDays, the
// earliest first. ViewSuppliers.
func (s *Service) ExpiringSoon(ctx context.Context, actor authz.Principal) (x Expiring, err error) {
	x.Today = s.today()
	x.Until = x.Today.AddDate(0, 0, SoonDays)
	err = s.DB.ReadBatchAs(ctx, actor, authz.ViewSuppliers, func(b *db.Batch) error {
		b.Queue(`SELECT * FROM (SELECT DISTINCT ON (g.supplier_id) `+agreementSelect[len("SELECT "):]+`
			WHERE g.organisation_id = $1
			ORDER BY g.supplier_id, g.expires_on DESC NULLS FIRST, g.signed_on DESC, g.id DESC) x
			WHERE x.expires_on <= $2 ORDER BY x.expires_on, lower(x.name), x.id`, actor.OrgID, x.Until).
			Query(func(rows pgx.Rows) (err error) {
				x.Agreements, err = pgx.CollectRows(rows, scanAgreement)
				return err
			})
		b.Queue(`SELECT * FROM (SELECT DISTINCT ON (r.supplier_id, r.kind) `+reportSelect[len("SELECT "):]+`
			WHERE r.organisation_id = $1
			ORDER BY r.supplier_id, r.kind, r.expires_on DESC, r.id DESC) x
			WHERE x.expires_on <= $2 ORDER BY x.expires_on, lower(x.name), x.id`, actor.OrgID, x.Until).
			Query(func(rows pgx.Rows) (err error) {
				x.Reports, err = pgx.CollectRows(rows, scanReport)
				return err
			})
		return nil
	})
	if err != nil {
		return x, fmt.Errorf("expiring agreements and reports: %w", err)
	}
	return x, nil
}
