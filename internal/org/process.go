package org

import (
	"context"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/links"
	"github.com/baken-nl/baken/internal/listing"
)

// Process is a business process owned by an afdeling.
type Process struct {
	ID               int64  `json:"id"`
	Name             string `json:"name"`
	Description      string `json:"description"`
	DepartmentID     int64  `json:"department_id"`
	DepartmentName   string `json:"-"`
	OwnerID          int64  `json:"owner_id"`
	OwnerName        string `json:"-"`
	Version          int    `json:"-"`
	ApplicationCount int    `json:"-"`
}

// ProcessSorts whitelists the sortable columns of the process list.
var ProcessSorts = map[string]string{"name": "lower(p.name)", "department": "lower(d.name)", "owner": "lower(o.name)", "applications": "application_count"}

var processConstraints = map[string]db.FieldError{
	"processes_name_key":       {Field: "name", Message: "Er bestaat al een proces met deze naam."},
	"processes_lower_name_key": {Field: "name", Message: "Er bestaat al een proces met deze naam."},
}

// ProcessFilter narrows the process list.
type ProcessFilter struct {
	DepartmentID int64
}

const processSelect = `
	SELECT p.id, p.name, p.description, p.department_id, d.name, coalesce(p.owner_id, 0), coalesce(o.name, ''), p.version,
	       (SELECT count(*) FROM application_processes ap WHERE ap.process_id = p.id) AS application_count
	FROM processes p
	JOIN departments d ON d.id = p.department_id
	LEFT JOIN users o ON o.id = p.owner_id`

// ListProcesses lists processes with afdeling, owner and number of applications.
func (s *Service) ListProcesses(ctx context.Context, actor authz.Principal, f ProcessFilter, p listing.Params) (ListPage[Process], error) {
	const where = ` WHERE p.organisation_id = $1 AND ($2::bigint = 0 OR p.department_id = $2)
		AND ($3 = '' OR p.name ILIKE '%' || $3 || '%' OR p.description ILIKE '%' || $3 || '%')`
	return listRows[Process](ctx, s.DB, actor, "processes", `SELECT count(*) FROM processes p`+where,
		processSelect+where+` ORDER BY `+p.OrderBy(ProcessSorts)+` NULLS LAST, p.id LIMIT $4 OFFSET $5`,
		[]any{actor.OrgID, f.DepartmentID, p.Query}, p, departmentOptionsSQL)
}

// GetProcess loads one process of the organisation.
func (s *Service) GetProcess(ctx context.Context, actor authz.Principal, id int64) (Process, error) {
	return db.Load(ctx, s.DB, actor, authz.ViewStructure, func(tx *db.Tx) (Process, error) {
		return getProcess(ctx, tx, tx.OrgID, id)
	})
}

func getProcess(ctx context.Context, q *db.Tx, orgID, id int64) (Process, error) {
	return db.One[Process](ctx, q, "process", id, "Dit proces bestaat niet (meer).", processSelect+` WHERE p.organisation_id = $1 AND p.id = $2`, orgID, id)
}

// ProcessInput is the form for a process.
type ProcessInput struct {
	Name         string `json:"name"`
	Description  string `json:"description"`
	DepartmentID int64  `json:"department_id"`
	OwnerID      int64  `json:"owner_id"`
	Version      int    `json:"-"`
}

// Validate checks the input on its own (trimming it), before any database access.
func (in *ProcessInput) Validate() apperr.Validation {
	v := nameAndDescription(&in.Name, &in.Description)
	if in.DepartmentID == 0 {
		v.Add("department_id", "Kies de afdeling die eigenaar is van dit proces.")
	}
	return v
}

// processWrite is a create or update of a process: its afdeling and owner
// must belong to the organisation.
func (s *Service) processWrite(ctx context.Context, actor authz.Principal, in *ProcessInput) write {
	rules := in.Validate()
	return write{kind: processes, name: in.Name, rules: rules, refs: func(tx *db.Tx) error { return s.checkProcessRefs(ctx, tx, actor.OrgID, *in) }}
}

func (s *Service) checkProcessRefs(ctx context.Context, tx *db.Tx, orgID int64, in ProcessInput) error {
	v := apperr.Validation{}
	if _, err := getDepartment(ctx, tx, orgID, in.DepartmentID); err != nil {
		if apperr.CodeOf(err) != apperr.NotFound {
			return err
		}
		v.Add("department_id", "Kies een afdeling van deze organisatie.")
	}
	if in.OwnerID != 0 {
		ok, err := responsible(ctx, tx, orgID, in.OwnerID)
		if err != nil {
			return err
		}
		if !ok {
			v.Add("owner_id", "Kies als eigenaar een afdelingsmanager, de directie of de CISO van deze organisatie.")
		}
	}
	return v.Err()
}

// CreateProcess adds a process.
func (s *Service) CreateProcess(ctx context.Context, actor authz.Principal, in ProcessInput) (int64, error) {
	w := s.processWrite(ctx, actor, &in) // trims in
	return s.create(ctx, actor, w, in, func(tx *db.Tx) (int64, error) {
		return processes.insert(ctx, tx, actor.OrgID, in.Name, in.Description, in.DepartmentID, nullID(in.OwnerID))
	})
}

// UpdateProcess changes a process; a stale version is a conflict.
func (s *Service) UpdateProcess(ctx context.Context, actor authz.Principal, id int64, in ProcessInput) error {
	w := s.processWrite(ctx, actor, &in) // trims in
	return update(ctx, s, actor, w, id, in,
		func(tx *db.Tx) (Process, error) { return getProcess(ctx, tx, actor.OrgID, id) },
		func(tx *db.Tx) (pgconn.CommandTag, error) {
			return processes.change(ctx, tx, actor.OrgID, id, in.Version, in.Name, in.Description, in.DepartmentID, nullID(in.OwnerID))
		})
}

// DeleteProcess removes a process (and its links to applications).
func (s *Service) DeleteProcess(ctx context.Context, actor authz.Principal, id int64) error {
	return remove(ctx, s, actor, processes, id,
		func(tx *db.Tx) (Process, error) { return getProcess(ctx, tx, actor.OrgID, id) }, func(x Process) string { return x.Name },
		func(tx *db.Tx, before Process) error {
			return links.Deletable(ctx, tx, KindProcess, id, "Proces "+before.Name)
		})
}
