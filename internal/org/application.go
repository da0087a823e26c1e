package org

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/enum"
	"github.com/baken-nl/baken/internal/links"
	"github.com/baken-nl/baken/internal/listing"
)

// Hosting is where an application runs.
type Hosting string

// HostingSet holds the hosting models in display order.
var HostingSet = enum.Of(
	enum.V[Hosting]("on-premises", "Eigen rekencentrum (on-premises)", ""),
	enum.V[Hosting]("private-cloud", "Private cloud", ""),
	enum.V[Hosting]("public-cloud", "Public cloud", ""),
	enum.V[Hosting]("saas", "SaaS bij leverancier", ""),
	enum.V[Hosting]("extern", "Extern beheerd (gemeenschappelijke regeling/ketenpartner)", ""),
)

// Label is the Dutch label of the hosting model.
func (h Hosting) Label() string { return HostingSet.Label(h) }

// Application is an information system used by processes.
type Application struct {
	ID           int64    `json:"id"`
	Name         string   `json:"name"`
	SupplierID   int64    `json:"supplier_id"`
	Supplier     string   `json:"supplier"` // the linked supplier's name
	Hosting      Hosting  `json:"hosting"`
	Description  string   `json:"description"`
	Version      int      `json:"-"`
	ProcessIDs   []int64  `json:"process_ids"`
	ProcessNames []string `json:"-"`
}

// ApplicationSorts whitelists the sortable columns of the application list.
var ApplicationSorts = map[string]string{"name": "lower(a.name)", "supplier": "lower(s.name)", "hosting": "a.hosting", "processes": "(SELECT count(*) FROM application_processes c WHERE c.application_id = a.id)"}

var applicationConstraints = map[string]db.FieldError{
	"applications_name_key":       {Field: "name", Message: "Er bestaat al een applicatie met deze naam."},
	"applications_lower_name_key": {Field: "name", Message: "Er bestaat al een applicatie met deze naam."},
	"applications_supplier_fkey":  {Field: "supplier_id", Message: "Kies een leverancier uit het leveranciersregister van deze organisatie."},
}

// ApplicationFilter narrows the application list.
type ApplicationFilter struct {
	ProcessID int64
	Hosting   Hosting
}

const applicationSelect = `
	SELECT a.id, a.name, coalesce(a.supplier_id, 0), coalesce(s.name, ''), a.hosting, a.description, a.version,
	       coalesce(array_agg(p.id ORDER BY p.name) FILTER (WHERE p.id IS NOT NULL), '{}') AS process_ids,
	       coalesce(array_agg(p.name ORDER BY p.name) FILTER (WHERE p.id IS NOT NULL), '{}') AS process_names
	FROM applications a
	LEFT JOIN application_processes ap ON ap.application_id = a.id
	LEFT JOIN processes p ON p.id = ap.process_id
	LEFT JOIN suppliers s ON s.id = a.supplier_id`

// ListApplications lists applications with the processes that use them:
// the count, the page, the processes of the page's applications and the
// filter's processes in one batch. The processes come in one query for the
// whole page (the page's ids as a subquery, the same filter and order),
// grouped per application here, not in a subquery per application: under
// the pool's generic plans that subquery scanned the links and processes
// once per row.
func (s *Service) ListApplications(ctx context.Context, actor authz.Principal, f ApplicationFilter, p listing.Params) (lp ListPage[Application], err error) {
	// The supplier's name is joined from the register (internal/supplier) for
	// the column, the sort and the search.
	const from = ` FROM applications a LEFT JOIN suppliers s ON s.id = a.supplier_id`
	const where = ` WHERE a.organisation_id = $1
		AND ($2::bigint = 0 OR EXISTS (SELECT 1 FROM application_processes x WHERE x.application_id = a.id AND x.process_id = $2))
		AND ($3 = '' OR a.hosting = $3)
		AND ($4 = '' OR a.name ILIKE '%' || $4 || '%' OR s.name ILIKE '%' || $4 || '%')`
	page := from + where + ` ORDER BY ` + p.OrderBy(ApplicationSorts) + `, a.id LIMIT $5 OFFSET $6`
	args := []any{actor.OrgID, f.ProcessID, string(f.Hosting), p.Query}
	pageArgs := append(slices.Clone(args), p.Limit(), p.Offset())
	err = s.DB.ReadBatchAs(ctx, actor, authz.ViewStructure, func(b *db.Batch) error {
		b.Queue(`SELECT count(*)`+from+where, args...).QueryRow(func(row pgx.Row) error { return row.Scan(&lp.Total) })
		b.Queue(`SELECT a.id, a.name, coalesce(a.supplier_id, 0), coalesce(s.name, ''), a.hosting, a.description, a.version`+page, pageArgs...).
			Query(func(rows pgx.Rows) error {
				var x Application
				_, err := pgx.ForEachRow(rows, []any{&x.ID, &x.Name, &x.SupplierID, &x.Supplier, &x.Hosting, &x.Description, &x.Version}, func() error {
					x.ProcessIDs, x.ProcessNames = []int64{}, []string{}
					lp.Items = append(lp.Items, x)
					return nil
				})
				return err
			})
		// The processes of the same page, in the same snapshot, by name.
		b.Queue(`SELECT ap.application_id, p.id, p.name FROM application_processes ap JOIN processes p ON p.id = ap.process_id
			WHERE ap.organisation_id = $1 AND ap.application_id IN (SELECT a.id`+page+`)
			ORDER BY ap.application_id, p.name`, pageArgs...).
			Query(func(rows pgx.Rows) error {
				at := make(map[int64]int, len(lp.Items))
				for i, x := range lp.Items {
					at[x.ID] = i
				}
				var app, id int64
				var name string
				_, err := pgx.ForEachRow(rows, []any{&app, &id, &name}, func() error {
					if i, ok := at[app]; ok {
						lp.Items[i].ProcessIDs = append(lp.Items[i].ProcessIDs, id)
						lp.Items[i].ProcessNames = append(lp.Items[i].ProcessNames, name)
					}
					return nil
				})
				return err
			})
		queueOptions(b, processOptionsSQL, &lp.Choices)
		return nil
	})
	if err != nil {
		return lp, fmt.Errorf("list applications: %w", err)
	}
	return lp, nil
}

// GetApplication loads one application of the organisation.
func (s *Service) GetApplication(ctx context.Context, actor authz.Principal, id int64) (Application, error) {
	return db.Load(ctx, s.DB, actor, authz.ViewStructure, func(tx *db.Tx) (Application, error) {
		return getApplication(ctx, tx, tx.OrgID, id)
	})
}

func getApplication(ctx context.Context, q *db.Tx, orgID, id int64) (Application, error) {
	return db.One[Application](ctx, q, "application", id, "Deze applicatie bestaat niet (meer).", applicationSelect+` WHERE a.organisation_id = $1 AND a.id = $2 GROUP BY a.id, s.id`, orgID, id)
}

// ApplicationInput is the form for an application.
type ApplicationInput struct {
	Name        string  `json:"name"`
	SupplierID  int64   `json:"supplier_id"`
	Hosting     Hosting `json:"hosting"`
	Description string  `json:"description"`
	ProcessIDs  []int64 `json:"process_ids"`
	Version     int     `json:"-"`
}

// Validate checks the input on its own (trimming it), before any database access.
func (in *ApplicationInput) Validate() apperr.Validation {
	v := nameAndDescription(&in.Name, &in.Description)
	if !HostingSet.Valid(in.Hosting) {
		v.Add("hosting", "Kies hoe de applicatie wordt gehost.")
	}
	slices.Sort(in.ProcessIDs)
	in.ProcessIDs = slices.Compact(in.ProcessIDs)
	return v
}

func (s *Service) setProcesses(ctx context.Context, tx *db.Tx, orgID, appID int64, ids []int64) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM processes WHERE organisation_id = $1 AND id = ANY($2)`, orgID, ids).Scan(&n); err != nil {
		return err
	}
	if n != len(ids) {
		return (apperr.Validation{"process_ids": "Kies alleen processen van deze organisatie."}).Err()
	}
	if _, err := tx.Exec(ctx, `DELETE FROM application_processes WHERE organisation_id = $1 AND application_id = $2`, orgID, appID); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO application_processes (organisation_id, application_id, process_id) SELECT $1, $2, unnest($3::bigint[])`, orgID, appID, ids)
	return err
}

// CreateApplication adds an application and links it to processes.
func (s *Service) CreateApplication(ctx context.Context, actor authz.Principal, in ApplicationInput) (int64, error) {
	rules := in.Validate()
	w := write{kind: applications, name: in.Name, rules: rules}
	return s.create(ctx, actor, w, in, func(tx *db.Tx) (id int64, err error) {
		if id, err = applications.insert(ctx, tx, actor.OrgID, in.Name, nullID(in.SupplierID), in.Hosting, in.Description); err != nil {
			return 0, err
		}
		return id, s.setProcesses(ctx, tx, actor.OrgID, id, in.ProcessIDs)
	})
}

// UpdateApplication changes an application; a stale version is a conflict.
func (s *Service) UpdateApplication(ctx context.Context, actor authz.Principal, id int64, in ApplicationInput) error {
	rules := in.Validate()
	w := write{kind: applications, name: in.Name, rules: rules}
	return update(ctx, s, actor, w, id, in,
		func(tx *db.Tx) (Application, error) { return getApplication(ctx, tx, actor.OrgID, id) },
		func(tx *db.Tx) (pgconn.CommandTag, error) {
			tag, err := applications.change(ctx, tx, actor.OrgID, id, in.Version, in.Name, nullID(in.SupplierID), in.Hosting, in.Description)
			if err != nil || tag.RowsAffected() == 0 {
				return tag, err
			}
			return tag, s.setProcesses(ctx, tx, actor.OrgID, id, in.ProcessIDs)
		})
}

// DeleteApplication removes an application.
func (s *Service) DeleteApplication(ctx context.Context, actor authz.Principal, id int64) error {
	return remove(ctx, s, actor, applications, id,
		func(tx *db.Tx) (Application, error) { return getApplication(ctx, tx, actor.OrgID, id) }, func(x Application) string { return x.Name },
		func(tx *db.Tx, before Application) error {
			return links.Deletable(ctx, tx, KindApplication, id, "Applicatie "+before.Name)
		})
}

// kindSupplier is the link kind of the supplier register (internal/supplier).
const kindSupplier = "supplier"

// SupplierOptions lists the organisation's suppliers for the application
// form, through the link registry: the register owns its SQL.
func (s *Service) SupplierOptions(ctx context.Context, actor authz.Principal) (opts []Option, err error) {
	err = s.DB.ReadAs(ctx, actor, authz.ViewStructure, func(tx *db.Tx) error {
		k, ok := links.Lookup(kindSupplier)
		if !ok {
			return nil
		}
		choices, err := k.Choices(ctx, tx)
		for _, c := range choices {
			opts = append(opts, Option{ID: c.ID, Name: c.Label})
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list suppliers: %w", err)
	}
	return opts, nil
}
