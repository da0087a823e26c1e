package bia

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
)

// ApplicationClass is an application's classification: derived per aspect
// from its processes (which process sets it), the override and the result.
type ApplicationClass struct {
	ApplicationID   int64
	ApplicationName string
	Scales          Scales
	Sources         []Source
	Derived         Derived
	Override        Levels
	Rationale       [3]string
	Version         int // 0: no override stored yet
	CanEdit         bool
	departments     []int64
}

// Effective is the classification that holds.
func (c ApplicationClass) Effective() Levels { return Effective(c.Derived.Levels, c.Override) }

// Names are the names of the effective levels.
func (c ApplicationClass) Names() [3]string {
	e := c.Effective()
	return [3]string{c.Scales[0].Name(e[0]), c.Scales[1].Name(e[1]), c.Scales[2].Name(e[2])}
}

func canEditApplication(actor authz.Principal, departments []int64) bool {
	if !actor.Can(authz.EditBIA) {
		return false
	}
	if actor.Has(authz.CISO) {
		return true
	}
	for _, d := range departments {
		if canEditDepartment(actor, d) {
			return true
		}
	}
	return false
}

func loadApplication(ctx context.Context, tx *db.Tx, appID int64) (ApplicationClass, error) {
	var c ApplicationClass
	err := tx.QueryRow(ctx, `SELECT a.id, a.name, coalesce(ac.availability, 0), coalesce(ac.integrity, 0), coalesce(ac.confidentiality, 0),
		coalesce(ac.availability_rationale, ''), coalesce(ac.integrity_rationale, ''), coalesce(ac.confidentiality_rationale, ''), coalesce(ac.version, 0)
		FROM applications a
		LEFT JOIN application_classifications ac ON ac.organisation_id = a.organisation_id AND ac.application_id = a.id
		WHERE a.organisation_id = $1 AND a.id = $2`, tx.OrgID, appID).Scan(&c.ApplicationID, &c.ApplicationName,
		&c.Override[0], &c.Override[1], &c.Override[2], &c.Rationale[0], &c.Rationale[1], &c.Rationale[2], &c.Version)
	if db.IsNoRows(err) {
		return c, apperr.NotFoundf("Deze applicatie bestaat niet (meer).")
	}
	if err != nil {
		return c, fmt.Errorf("load application %d: %w", appID, err)
	}
	//nolint:rowserrcheck // pgx.ForEachRow checks rows.Err
	rows, err := tx.Query(ctx, `SELECT p.id, p.name, p.department_id,
		coalesce(b.availability, 0), coalesce(b.integrity, 0), coalesce(b.confidentiality, 0)
		FROM application_processes ap
		JOIN processes p ON p.id = ap.process_id AND p.organisation_id = ap.organisation_id
		LEFT JOIN process_bias b ON b.organisation_id = p.organisation_id AND b.process_id = p.id
		WHERE ap.organisation_id = $1 AND ap.application_id = $2
		ORDER BY lower(p.name), p.id`, tx.OrgID, appID)
	if err != nil {
		return c, fmt.Errorf("processes of application %d: %w", appID, err)
	}
	var src Source
	var dept int64
	if _, err := pgx.ForEachRow(rows, []any{&src.ProcessID, &src.ProcessName, &dept, &src.Levels[0], &src.Levels[1], &src.Levels[2]}, func() error {
		c.Sources = append(c.Sources, src)
		c.departments = append(c.departments, dept)
		return nil
	}); err != nil {
		return c, fmt.Errorf("processes of application %d: %w", appID, err)
	}
	c.Derived = Classify(c.Sources)
	c.Scales, err = LoadScales(ctx, tx)
	return c, err
}

// Application is the classification of an application. ViewRisks.
func (s *Service) Application(ctx context.Context, actor authz.Principal, appID int64) (c ApplicationClass, err error) {
	c, err = db.Load(ctx, s.DB, actor, authz.ViewRisks, func(tx *db.Tx) (ApplicationClass, error) {
		return loadApplication(ctx, tx, appID)
	})
	c.CanEdit = err == nil && canEditApplication(actor, c.departments)
	return c, err
}

// OverrideForm is Application for the override form: EditBIA, scoped.
func (s *Service) OverrideForm(ctx context.Context, actor authz.Principal, appID int64) (ApplicationClass, error) {
	return editableApplication.form(ctx, s.DB, actor, appID)
}

// SaveOverride stores the upward override of an application's classification.
func (s *Service) SaveOverride(ctx context.Context, actor authz.Principal, appID int64, in OverrideInput) error {
	return editableApplication.write(ctx, s.DB, actor, appID, func(tx *db.Tx, c ApplicationClass) error {
		if err := in.Check(c.Scales, c.Derived.Levels).Err(); err != nil {
			return err
		}
		args := []any{tx.OrgID, appID, in.Version, nullRank(in.Levels[0]), nullRank(in.Levels[1]), nullRank(in.Levels[2]),
			in.Rationale[0], in.Rationale[1], in.Rationale[2], tx.Now}
		sql := `UPDATE application_classifications SET availability = $4, integrity = $5, confidentiality = $6,
			availability_rationale = $7, integrity_rationale = $8, confidentiality_rationale = $9, updated_at = $10, version = version + 1
			WHERE organisation_id = $1 AND application_id = $2 AND version = $3`
		if in.Version == 0 {
			sql = `INSERT INTO application_classifications (organisation_id, application_id, availability, integrity, confidentiality,
				availability_rationale, integrity_rationale, confidentiality_rationale, updated_at)
				SELECT $1, $2, $4::smallint, $5::smallint, $6::smallint, $7, $8, $9, $10 WHERE $3::int = 0 ON CONFLICT DO NOTHING`
		}
		ct, err := tx.Exec(ctx, sql, args...)
		if err != nil {
			return db.MapError(err, nil)
		}
		if ct.RowsAffected() == 0 {
			return apperr.Stale()
		}
		after := c
		after.Override = in.Levels
		return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: "application", EntityID: appID,
			Summary: fmt.Sprintf("Classificatie van applicatie %s handmatig bijgesteld: %s", c.ApplicationName, levelText(c.Scales, after.Effective())),
			Before:  overrideJSON(c.Scales, c.Override, c.Rationale), After: overrideJSON(c.Scales, in.Levels, in.Rationale)})
	})
}

func overrideJSON(scales Scales, l Levels, rationale [3]string) map[string]string {
	m := map[string]string{}
	for i, a := range Aspects {
		if l[i] > 0 {
			m["verhoging "+a.lower()] = scales[i].Name(l[i]) + " (" + rationale[i] + ")"
		}
	}
	return m
}

func nullRank(r int) any {
	if r == 0 {
		return nil
	}
	return r
}
