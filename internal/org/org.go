// Package org holds the structure of an organisation: its afdelingen, the
// processes they own and the applications those processes use.
package org

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/listing"
)

// Service reads and changes the organisation structure. Every method is
// scoped to the organisation of the acting principal.
type Service struct {
	DB *db.DB
}

// Option is a choice in a select list.
type Option struct {
	ID   int64
	Name string
}

// Options reads a select list: sql returns id and name.
func Options(ctx context.Context, tx *db.Tx, sql string, args ...any) ([]Option, error) {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Option])
}

// QueueMembers adds the select list of members (see Members) to b.
func QueueMembers(b *db.Batch, out *[]Option) {
	b.Queue(membersSQL, b.Scope.OrgID).Query(func(rows pgx.Rows) (err error) {
		*out, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Option])
		return err
	})
}

const membersSQL = `
		SELECT u.id, u.name FROM users u
		WHERE u.active AND EXISTS (SELECT 1 FROM role_assignments r WHERE r.user_id = u.id AND r.organisation_id = $1)
		ORDER BY u.name`

// Members lists the users holding a role in the organisation (owner and manager choices).
func (s *Service) Members(ctx context.Context, actor authz.Principal) ([]Option, error) {
	return readOptions(ctx, s.DB, actor, "members", membersSQL)
}

// responsibleWhere is who may be an afdeling's manager or a process's
// owner: an afdelingsmanager, the directie or the CISO of the organisation
// ($1) — not the FG, the auditor or the college, whose independence it would
// cost — or whoever already is one (so an edit keeps what was stored).
const responsibleWhere = `u.active AND (
		EXISTS (SELECT 1 FROM role_assignments r WHERE r.user_id = u.id AND r.organisation_id = $1
		        AND r.role IN ('afdelingsmanager', 'directie', 'ciso'))
		OR u.id IN (SELECT manager_id FROM departments WHERE organisation_id = $1)
		OR u.id IN (SELECT owner_id FROM processes WHERE organisation_id = $1))`

// Responsibles lists who may be an afdeling's manager or a process's owner
// (the structure forms' choices).
func (s *Service) Responsibles(ctx context.Context, actor authz.Principal) ([]Option, error) {
	return readOptions(ctx, s.DB, actor, "responsibles", `SELECT u.id, u.name FROM users u WHERE `+responsibleWhere+` ORDER BY u.name`)
}

// responsible reports whether userID may be an afdeling's manager or a
// process's owner (Responsibles).
func responsible(ctx context.Context, tx *db.Tx, orgID, userID int64) (bool, error) {
	var ok bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = $2 AND `+responsibleWhere+`)`, orgID, userID).Scan(&ok)
	return ok, err
}

// DepartmentOptions lists the afdelingen for select lists.
func (s *Service) DepartmentOptions(ctx context.Context, actor authz.Principal) ([]Option, error) {
	return readOptions(ctx, s.DB, actor, "departments", departmentOptionsSQL)
}

// QueueDepartmentOptions queues the afdelingen for select lists
// (DepartmentOptions) in another domain's batch: a page that offers them
// next to its own rows reads both in one round trip. The options are in
// *out once the batch has run.
func QueueDepartmentOptions(b *db.Batch, out *[]Option) {
	queueOptions(b, departmentOptionsSQL, out)
}

func queueOptions(b *db.Batch, sql string, out *[]Option) {
	b.Queue(sql, b.Scope.OrgID).Query(func(rows pgx.Rows) (err error) {
		*out, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Option])
		return err
	})
}

// ProcessOptions lists the processes for select lists.
func (s *Service) ProcessOptions(ctx context.Context, actor authz.Principal) ([]Option, error) {
	return readOptions(ctx, s.DB, actor, "processes", processOptionsSQL)
}

const (
	departmentOptionsSQL = `SELECT id, name FROM departments WHERE organisation_id = $1 ORDER BY name`
	processOptionsSQL    = `SELECT id, name FROM processes WHERE organisation_id = $1 ORDER BY name`
)

// readOptions runs a select-list query ($1 is the organisation). Every role
// may read the names: they appear in forms of other domains too.
func readOptions(ctx context.Context, d *db.DB, actor authz.Principal, what, sql string) (opts []Option, err error) {
	err = d.ReadBatchAs(ctx, actor, authz.ViewHome, func(b *db.Batch) error {
		queueOptions(b, sql, &opts)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", what, err)
	}
	return opts, nil
}

// nameAndDescription trims and checks the name and description every item
// of the structure has.
func nameAndDescription(name, description *string) apperr.Validation {
	*name, *description = strings.TrimSpace(*name), strings.TrimSpace(*description)
	v := apperr.Validation{}
	v.NamedLine("name", *name, "de naam", true, 200)
	v.Named("description", *description, "de omschrijving", false, 4000)
	return v
}

func record(ctx context.Context, tx *db.Tx, action, entity string, id int64, summary string, before, after any) error {
	return audit.Record(ctx, tx, audit.Event{Action: action, Entity: entity, EntityID: id, Summary: summary, Before: before, After: after})
}

// ListPage is one page of a list with its total count and the choices of its
// filter, read in one snapshot and one round trip.
type ListPage[T any] struct {
	Items   []T
	Total   int
	Choices []Option // for the list's filter (afdelingen, processen); nil when it has none
}

// listRows reads one page of a list and the total count, both with the same
// filter arguments, and (when choicesSQL is set, $1 the organisation) the
// filter's choices: one batch.
func listRows[T any](ctx context.Context, d *db.DB, actor authz.Principal, what, countSQL, pageSQL string, args []any, p listing.Params, choicesSQL string) (lp ListPage[T], err error) {
	err = d.ReadBatchAs(ctx, actor, authz.ViewStructure, func(b *db.Batch) error {
		b.Queue(countSQL, args...).QueryRow(func(row pgx.Row) error { return row.Scan(&lp.Total) })
		b.Queue(pageSQL, append(args, p.Limit(), p.Offset())...).Query(func(rows pgx.Rows) (err error) {
			lp.Items, err = pgx.CollectRows(rows, pgx.RowToStructByPos[T])
			return err
		})
		if choicesSQL != "" {
			b.Queue(choicesSQL, b.Scope.OrgID).Query(func(rows pgx.Rows) (err error) {
				lp.Choices, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Option])
				return err
			})
		}
		return nil
	})
	if err != nil {
		return lp, fmt.Errorf("list %s: %w", what, err)
	}
	return lp, nil
}

// kind names what the structure's writes of one entity are about.
type kind struct {
	entity      string // audit entity: "department"
	noun        string // Dutch, for the summary: "Afdeling"
	table       string // "departments"
	constraints map[string]db.FieldError
	columns     []string // the columns an insert and an update set, in the order of their values
}

var (
	departments = kind{entity: "department", noun: "Afdeling", table: "departments", constraints: departmentConstraints,
		columns: []string{"name", "description", "manager_id"}}
	processes = kind{entity: "process", noun: "Proces", table: "processes", constraints: processConstraints,
		columns: []string{"name", "description", "department_id", "owner_id"}}
	applications = kind{entity: "application", noun: "Applicatie", table: "applications", constraints: applicationConstraints,
		columns: []string{"name", "supplier_id", "hosting", "description"}}
)

// insert adds a row of k in the organisation with values for k's columns
// and returns its id.
func (k kind) insert(ctx context.Context, tx *db.Tx, orgID int64, values ...any) (id int64, err error) {
	params := make([]string, len(values))
	for i := range values {
		params[i] = fmt.Sprintf("$%d", i+2)
	}
	err = tx.QueryRow(ctx, `INSERT INTO `+k.table+` (organisation_id, `+strings.Join(k.columns, ", ")+`) VALUES ($1, `+
		strings.Join(params, ", ")+`) RETURNING id`, append([]any{orgID}, values...)...).Scan(&id)
	return id, err
}

// change sets k's columns of row id to values when its version is still
// version (no row touched: someone else saved first).
func (k kind) change(ctx context.Context, tx *db.Tx, orgID, id int64, version int, values ...any) (pgconn.CommandTag, error) {
	set := make([]string, len(k.columns))
	for i, c := range k.columns {
		set[i] = fmt.Sprintf("%s = $%d", c, i+4)
	}
	return tx.Exec(ctx, `UPDATE `+k.table+` SET `+strings.Join(set, ", ")+`, version = version + 1, updated_at = now()
		WHERE organisation_id = $1 AND id = $2 AND version = $3`, append([]any{orgID, id, version}, values...)...)
}

// write is one create or update of the structure: the item's name as saved,
// the input's own rules and the check of its references inside the
// transaction (nil: none).
type write struct {
	kind
	name  string
	rules apperr.Validation
	refs  func(tx *db.Tx) error
}

// valid is w's input's own rules.
func (w write) valid() apperr.Validation { return w.rules }

// checkRefs runs w's check of the references, when it has one.
func (w write) checkRefs(tx *db.Tx) error {
	if w.refs == nil {
		return nil
	}
	return w.refs(tx)
}

// create is the shape every structure create shares: the input's own rules,
// then in one transaction the check of the references, the insert (which
// returns the new id) and its audit event.
func (s *Service) create(ctx context.Context, actor authz.Principal, w write, in any, insert func(tx *db.Tx) (int64, error)) (int64, error) {
	var id int64
	// A refusal comes before anything about the input is said.
	err := s.DB.WriteChecked(ctx, actor, authz.EditStructure, w.valid, func(tx *db.Tx) error {
		if err := w.checkRefs(tx); err != nil {
			return err
		}
		var err error
		if id, err = insert(tx); err != nil {
			return err
		}
		return record(ctx, tx, audit.Create, w.entity, id, w.noun+" "+w.name+" aangemaakt", nil, in)
	})
	return id, db.MapError(err, w.constraints)
}

// update is the shape every structure update shares: the input's own rules,
// then in one transaction the stored state, the check of the references, the
// versioned change (no row touched: someone else saved first) and the audit
// event with before and after.
func update[T any](ctx context.Context, s *Service, actor authz.Principal, w write, id int64, in any,
	load func(tx *db.Tx) (T, error), change func(tx *db.Tx) (pgconn.CommandTag, error)) error {
	err := s.DB.WriteChecked(ctx, actor, authz.EditStructure, w.valid, func(tx *db.Tx) error {
		before, err := load(tx)
		if err != nil {
			return err
		}
		if err := w.checkRefs(tx); err != nil {
			return err
		}
		tag, err := change(tx)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return apperr.Stale()
		}
		return record(ctx, tx, audit.Update, w.entity, id, w.noun+" "+w.name+" gewijzigd", before, in)
	})
	return db.MapError(err, w.constraints)
}

// remove is the shape every structure delete shares: in one transaction the
// stored state, the check of what still depends on it (check may be nil),
// the delete and the audit event with the state before.
func remove[T any](ctx context.Context, s *Service, actor authz.Principal, k kind, id int64,
	load func(tx *db.Tx) (T, error), name func(T) string, check func(tx *db.Tx, before T) error) error {
	return s.DB.WriteAs(ctx, actor, authz.EditStructure, func(tx *db.Tx) error {
		before, err := load(tx)
		if err != nil {
			return err
		}
		if check != nil {
			if err := check(tx, before); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM `+k.table+` WHERE organisation_id = $1 AND id = $2`, actor.OrgID, id); err != nil {
			return db.MapError(err, nil)
		}
		return record(ctx, tx, audit.Delete, k.entity, id, k.noun+" "+name(before)+" verwijderd", before, nil)
	})
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// Counts are the sizes of the organisation structure, for the home page.
type Counts struct {
	Departments  int
	Processes    int
	Applications int
}

// Counts returns the structure sizes in one query.
func (s *Service) Counts(ctx context.Context, actor authz.Principal) (c Counts, err error) {
	err = s.DB.ReadBatchAs(ctx, actor, authz.ViewHome, func(b *db.Batch) error {
		QueueCounts(b, &c)
		return nil
	})
	if err != nil {
		return c, fmt.Errorf("count structure: %w", err)
	}
	return c, nil
}

// QueueCounts adds the structure sizes (one query) to b.
func QueueCounts(b *db.Batch, c *Counts) {
	b.Queue(`SELECT
		(SELECT count(*) FROM departments WHERE organisation_id = $1),
		(SELECT count(*) FROM processes WHERE organisation_id = $1),
		(SELECT count(*) FROM applications WHERE organisation_id = $1)`, b.Scope.OrgID).
		QueryRow(func(row pgx.Row) error { return row.Scan(&c.Departments, &c.Processes, &c.Applications) })
}

// Contact is someone to turn to: a name and an e-mail address.
type Contact struct {
	Name  string
	Email string
}

// QueueBeheerders adds the active users with the role functioneel beheerder
// in the organisation to b: whom a medewerker asks for access.
func QueueBeheerders(b *db.Batch, out *[]Contact) {
	b.Queue(`SELECT u.name, u.email FROM users u
		WHERE u.active AND EXISTS (SELECT 1 FROM role_assignments r WHERE r.user_id = u.id AND r.organisation_id = $1 AND r.role = 'beheerder')
		ORDER BY u.name`, b.Scope.OrgID).Query(func(rows pgx.Rows) (err error) {
		*out, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Contact])
		return err
	})
}
