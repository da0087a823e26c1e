package org

import (
	"context"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/nl"
)

// Department is an afdeling.
type Department struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	Description  string `json:"description"`
	ManagerID    int64  `json:"manager_id"`
	ManagerName  string `json:"-"`
	Version      int    `json:"-"`
	ProcessCount int    `json:"-"`
}

// DepartmentSorts whitelists the sortable columns of the afdelingen list.
var DepartmentSorts = map[string]string{"name": "lower(d.name)", "manager": "lower(m.name)", "processes": "process_count"}

var departmentConstraints = map[string]db.FieldError{
	"departments_name_key":       {Field: "name", Message: "Er bestaat al een afdeling met deze naam."},
	"departments_lower_name_key": {Field: "name", Message: "Er bestaat al een afdeling met deze naam."},
}

// ListDepartments lists afdelingen with their manager and process count.
func (s *Service) ListDepartments(ctx context.Context, actor authz.Principal, p listing.Params) (ListPage[Department], error) {
	const where = ` WHERE d.organisation_id = $1 AND ($2 = '' OR d.name ILIKE '%' || $2 || '%')`
	return listRows[Department](ctx, s.DB, actor, "departments", `SELECT count(*) FROM departments d`+where, `
		SELECT d.id, d.name, d.description, coalesce(d.manager_id, 0), coalesce(m.name, ''), d.version,
		       (SELECT count(*) FROM processes p WHERE p.department_id = d.id) AS process_count
		FROM departments d LEFT JOIN users m ON m.id = d.manager_id`+where+`
		ORDER BY `+p.OrderBy(DepartmentSorts)+` NULLS LAST, d.id LIMIT $3 OFFSET $4`,
		[]any{actor.OrgID, p.Query}, p, "")
}

// GetDepartment loads one afdeling of the organisation.
func (s *Service) GetDepartment(ctx context.Context, actor authz.Principal, id int64) (Department, error) {
	return db.Load(ctx, s.DB, actor, authz.ViewStructure, func(tx *db.Tx) (Department, error) {
		return getDepartment(ctx, tx, tx.OrgID, id)
	})
}

func getDepartment(ctx context.Context, q *db.Tx, orgID, id int64) (Department, error) {
	return db.One[Department](ctx, q, "department", id, "Deze afdeling bestaat niet (meer).", `
		SELECT d.id, d.name, d.description, coalesce(d.manager_id, 0), coalesce(m.name, ''), d.version,
		       (SELECT count(*) FROM processes p WHERE p.department_id = d.id)
		FROM departments d LEFT JOIN users m ON m.id = d.manager_id
		WHERE d.organisation_id = $1 AND d.id = $2`, orgID, id)
}

// DepartmentInput is the form for an afdeling.
type DepartmentInput struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	ManagerID   int64  `json:"manager_id"`
	Version     int    `json:"-"`
}

// Validate checks the input on its own (trimming it), before any database access.
func (in *DepartmentInput) Validate() apperr.Validation {
	v := nameAndDescription(&in.Name, &in.Description)
	return v
}

// departmentWrite is a create or update of an afdeling: its manager must be
// a member of the organisation.
func (s *Service) departmentWrite(ctx context.Context, actor authz.Principal, in *DepartmentInput) write {
	rules := in.Validate()
	return write{kind: departments, name: in.Name, rules: rules, refs: func(tx *db.Tx) error { return s.checkManager(ctx, tx, actor.OrgID, *in) }}
}

func (s *Service) checkManager(ctx context.Context, tx *db.Tx, orgID int64, in DepartmentInput) error {
	if in.ManagerID == 0 {
		return nil
	}
	ok, err := responsible(ctx, tx, orgID, in.ManagerID)
	if err != nil {
		return err
	}
	if !ok {
		return (apperr.Validation{"manager_id": "Kies als manager een afdelingsmanager, de directie of de CISO van deze organisatie."}).Err()
	}
	return nil
}

// CreateDepartment adds an afdeling.
func (s *Service) CreateDepartment(ctx context.Context, actor authz.Principal, in DepartmentInput) (int64, error) {
	w := s.departmentWrite(ctx, actor, &in) // trims in
	return s.create(ctx, actor, w, in, func(tx *db.Tx) (int64, error) {
		return departments.insert(ctx, tx, actor.OrgID, in.Name, in.Description, nullID(in.ManagerID))
	})
}

// UpdateDepartment changes an afdeling; a stale version is a conflict.
func (s *Service) UpdateDepartment(ctx context.Context, actor authz.Principal, id int64, in DepartmentInput) error {
	w := s.departmentWrite(ctx, actor, &in) // trims in
	return update(ctx, s, actor, w, id, in,
		func(tx *db.Tx) (Department, error) { return getDepartment(ctx, tx, actor.OrgID, id) },
		func(tx *db.Tx) (pgconn.CommandTag, error) {
			return departments.change(ctx, tx, actor.OrgID, id, in.Version, in.Name, in.Description, nullID(in.ManagerID))
		})
}

// DeleteDepartment removes an afdeling that has no processes left.
func (s *Service) DeleteDepartment(ctx context.Context, actor authz.Principal, id int64) error {
	return remove(ctx, s, actor, departments, id,
		func(tx *db.Tx) (Department, error) { return getDepartment(ctx, tx, actor.OrgID, id) }, func(x Department) string { return x.Name },
		func(tx *db.Tx, before Department) error {
			if before.ProcessCount > 0 {
				return apperr.Conflictf("Afdeling %s heeft nog %s. Verplaats of verwijder die eerst.", before.Name, nl.Count(before.ProcessCount, "proces", "processen"))
			}
			// Roles scoped to this afdeling would silently disappear with it.
			var roles int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM role_assignments WHERE organisation_id = $1 AND department_id = $2`, actor.OrgID, id).Scan(&roles); err != nil {
				return err
			}
			if roles > 0 {
				return apperr.Conflictf("Aan afdeling %s zijn nog %d rollen (afdelingsmanager of DSPO) gekoppeld. Trek die eerst in bij Gebruikers.", before.Name, roles)
			}
			return nil
		})
}
