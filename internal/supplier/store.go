package supplier

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/links"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/nl"
)

// Service is the supplier register. Every method takes the acting principal
// and is scoped to its organisation.
type Service struct {
	DB *db.DB
	// Now is the clock for "today" (time.Now when nil; tests fix it).
	Now func() time.Time
}

func (s *Service) today() time.Time {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	return nl.Date(now())
}

// Supplier is one supplier or ketenpartner.
type Supplier struct {
	ID           int64
	Name         string
	Kind         Kind
	Services     string
	ContactName  string
	ContactEmail string
	ContactPhone string
	Notes        string
	Version      int
}

// Input is the supplier as its form shows it.
func (x Supplier) Input() Input {
	return Input{Name: x.Name, Kind: x.Kind, Services: x.Services, ContactName: x.ContactName, ContactEmail: x.ContactEmail,
		ContactPhone: x.ContactPhone, Notes: x.Notes, Version: x.Version}
}

// ListItem is a row of the supplier list: with the number of applications
// and the expiry of the current verwerkersovereenkomst.
type ListItem struct {
	ID              int64
	Name            string
	Kind            Kind
	Services        string
	Applications    int
	HasAgreement    bool
	AgreementExpiry *time.Time // nil with HasAgreement: for an indefinite term
}

// AgreementState is the expiry state of the current agreement.
func (x ListItem) AgreementState(today time.Time) Expiry { return ExpiryOf(x.AgreementExpiry, today) }

// Filters are the list's filters: soort narrows to one kind.
var Filters = listing.Filters{{Name: "soort", Kind: listing.Enum, Values: listing.Strings(KindSet.Values()), Column: "s.kind"}}

// Filter narrows the list: the Filters read from a query string.
type Filter = listing.Filter

// ListPage is one page of the list with its total.
type ListPage struct {
	Items []ListItem
	Total int
	Today time.Time
}

// Sorts whitelists the sortable columns of the list.
var Sorts = map[string]string{
	"name":         "lower(s.name)",
	"kind":         "s.kind",
	"applications": "apps",
	"agreement":    "ag.expires_on",
}

// AppRef is an application the supplier delivers.
type AppRef struct {
	ID   int64
	Name string
}

// Detail is everything the supplier page shows.
type Detail struct {
	Supplier
	Applications []AppRef
	Agreements   []Agreement
	Reports      []Report
	Risks        []links.Target
	Today        time.Time
}

var constraints = map[string]db.FieldError{
	"suppliers_lower_name_key": {Field: "name", Message: "Er bestaat al een leverancier met deze naam."},
}

const supplierSelect = `SELECT id, name, kind, services, contact_name, contact_email, contact_phone, notes, version FROM suppliers`

func getSupplier(ctx context.Context, tx *db.Tx, id int64) (Supplier, error) {
	return db.One[Supplier](ctx, tx, "supplier", id, "Deze leverancier bestaat niet (meer).", supplierSelect+` WHERE organisation_id = $1 AND id = $2`, tx.OrgID, id)
}

// Get loads one supplier. ViewSuppliers.
func (s *Service) Get(ctx context.Context, actor authz.Principal, id int64) (Supplier, error) {
	return db.Load(ctx, s.DB, actor, authz.ViewSuppliers, func(tx *db.Tx) (Supplier, error) {
		return getSupplier(ctx, tx, id)
	})
}

// List reads one page of suppliers and the total, in one round trip.
func (s *Service) List(ctx context.Context, actor authz.Principal, f Filter, p listing.Params) (lp ListPage, err error) {
	cond, fargs := f.Where(3)
	where := ` WHERE s.organisation_id = $1
		AND ($2 = '' OR s.name ILIKE '%' || $2 || '%' OR s.services ILIKE '%' || $2 || '%')` + cond
	args := append([]any{actor.OrgID, p.Query}, fargs...)
	n := len(args)
	lp.Today = s.today()
	err = s.DB.ReadBatchAs(ctx, actor, authz.ViewSuppliers, func(b *db.Batch) error {
		b.Queue(`SELECT count(*) FROM suppliers s`+where, args...).
			QueryRow(func(row pgx.Row) error { return row.Scan(&lp.Total) })
		b.Queue(`SELECT s.id, s.name, s.kind, s.services, apps, ag.id IS NOT NULL, ag.expires_on
			FROM suppliers s
			CROSS JOIN LATERAL (SELECT count(*) AS apps FROM applications a WHERE a.organisation_id = s.organisation_id AND a.supplier_id = s.id) n
			LEFT JOIN LATERAL (`+currentAgreement+`) ag ON true`+where+`
			ORDER BY `+p.OrderBy(Sorts)+`, s.id LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2), append(args, p.Limit(), p.Offset())...).
			Query(func(rows pgx.Rows) (err error) {
				lp.Items, err = pgx.CollectRows(rows, pgx.RowToStructByPos[ListItem])
				return err
			})
		return nil
	})
	if err != nil {
		return lp, fmt.Errorf("list suppliers: %w", err)
	}
	return lp, nil
}

// currentAgreement selects the current agreement of supplier s: the one
// with the latest expiry, an indefinite one first.
const currentAgreement = `SELECT g.id, g.expires_on FROM supplier_agreements g
	WHERE g.organisation_id = s.organisation_id AND g.supplier_id = s.id
	ORDER BY g.expires_on DESC NULLS FIRST, g.signed_on DESC, g.id DESC LIMIT 1`

// Detail reads the supplier page: the supplier, its applications, its
// agreements and reports (newest first, the current ones marked) and the
// risks whose analysis is about it. ViewSuppliers.
func (s *Service) Detail(ctx context.Context, actor authz.Principal, id int64) (x Detail, err error) {
	x.Today = s.today()
	err = s.DB.ReadAs(ctx, actor, authz.ViewSuppliers, func(tx *db.Tx) error {
		if x.Supplier, err = getSupplier(ctx, tx, id); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT id, name FROM applications WHERE organisation_id = $1 AND supplier_id = $2 ORDER BY lower(name), id`, tx.OrgID, id)
		if err != nil {
			return err
		}
		if x.Applications, err = pgx.CollectRows(rows, pgx.RowToStructByPos[AppRef]); err != nil {
			return fmt.Errorf("applications of supplier %d: %w", id, err)
		}
		if x.Agreements, err = listAgreements(ctx, tx, `g.supplier_id = $2`, id); err != nil {
			return err
		}
		if x.Reports, err = listReports(ctx, tx, `r.supplier_id = $2`, id); err != nil {
			return err
		}
		markCurrent(x.Agreements, x.Reports)
		x.Risks, err = links.To(ctx, tx, KindSupplier, id)
		return err
	})
	// What links here, each kind only for who may see it (risks for the
	// readers of the risk register, incidents for those of the register).
	x.Risks = links.Visible(actor, x.Risks)
	return x, err
}

// markCurrent marks the first agreement (they come in current-first order)
// and the first report of each type.
func markCurrent(agreements []Agreement, reports []Report) {
	if len(agreements) > 0 {
		agreements[0].Current = true
	}
	seen := map[ReportKind]bool{}
	for i := range reports {
		if !seen[reports[i].Kind] {
			reports[i].Current, seen[reports[i].Kind] = true, true
		}
	}
}

// Create adds a supplier. EditSuppliers.
func (s *Service) Create(ctx context.Context, actor authz.Principal, in Input) (int64, error) {
	var id int64
	err := s.DB.WriteChecked(ctx, actor, authz.EditSuppliers, in.Validate, func(tx *db.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO suppliers (organisation_id, name, kind, services, contact_name, contact_email, contact_phone, notes)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			tx.OrgID, in.Name, in.Kind, in.Services, in.ContactName, in.ContactEmail, in.ContactPhone, in.Notes).Scan(&id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Create, Entity: EntitySupplier, EntityID: id,
			Summary: in.Kind.Label() + " " + in.Name + " aangemaakt", After: in})
	})
	return id, db.MapError(err, constraints)
}

// Update changes a supplier; a stale version is a conflict. EditSuppliers.
func (s *Service) Update(ctx context.Context, actor authz.Principal, id int64, in Input) error {
	err := s.DB.WriteChecked(ctx, actor, authz.EditSuppliers, in.Validate, func(tx *db.Tx) error {
		before, err := getSupplier(ctx, tx, id)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE suppliers SET name = $4, kind = $5, services = $6, contact_name = $7, contact_email = $8,
			contact_phone = $9, notes = $10, version = version + 1, updated_at = $11
			WHERE organisation_id = $1 AND id = $2 AND version = $3`,
			tx.OrgID, id, in.Version, in.Name, in.Kind, in.Services, in.ContactName, in.ContactEmail, in.ContactPhone, in.Notes, tx.Now)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return apperr.Stale()
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: EntitySupplier, EntityID: id,
			Summary: in.Kind.Label() + " " + in.Name + " gewijzigd", Before: before.Input(), After: in})
	})
	return db.MapError(err, constraints)
}

// Audit entities of the register.
const (
	EntitySupplier  = "supplier"
	EntityAgreement = "supplier_agreement"
	EntityReport    = "supplier_report"
)
