package bia

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/links"
)

// LoadScales reads the organisation's scales (the default for an aspect
// without rows).
func LoadScales(ctx context.Context, tx *db.Tx) (Scales, error) {
	//nolint:rowserrcheck // pgx.ForEachRow checks rows.Err
	rows, err := tx.Query(ctx, `SELECT aspect, rank, name, bbn FROM bia_scale_levels WHERE organisation_id = $1 ORDER BY aspect, rank`, tx.OrgID)
	if err != nil {
		return Scales{}, fmt.Errorf("load scales: %w", err)
	}
	var got [3][]Level
	var aspect string
	var l Level
	if _, err := pgx.ForEachRow(rows, []any{&aspect, &l.Rank, &l.Name, &l.BBN}, func() error {
		if i := Aspect(aspect).Index(); i >= 0 {
			got[i] = append(got[i], l)
		}
		return nil
	}); err != nil {
		return Scales{}, fmt.Errorf("load scales: %w", err)
	}
	s := DefaultScales()
	for i := range got {
		if len(got[i]) > 0 {
			s[i].Levels = got[i]
		}
	}
	return s, nil
}

func loadAreas(ctx context.Context, tx *db.Tx) ([]Area, error) {
	rows, err := tx.Query(ctx, `SELECT id, name, description, active, sort_order, version FROM bia_impact_areas
		WHERE organisation_id = $1 ORDER BY sort_order, lower(name), id`, tx.OrgID)
	if err != nil {
		return nil, fmt.Errorf("load impact areas: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Area])
}

func activeAreas(all []Area) []Area {
	var out []Area
	for _, a := range all {
		if a.Active {
			out = append(out, a)
		}
	}
	return out
}

// summarySQL selects a process with its afdeling and its BIA, if any.
const summarySQL = `
	SELECT p.id, p.name, p.department_id, d.name, b.process_id IS NOT NULL,
	       coalesce(b.availability, 0), coalesce(b.integrity, 0), coalesce(b.confidentiality, 0),
	       coalesce(b.bbn, 0), coalesce(b.personal_data, false), coalesce(b.special_categories, false),
	       coalesce(b.dpia_needed, false), coalesce(b.version, 0), coalesce(b.notes, ''), coalesce(u.name, ''), b.assessed_at
	FROM processes p
	JOIN departments d ON d.id = p.department_id
	LEFT JOIN process_bias b ON b.organisation_id = p.organisation_id AND b.process_id = p.id
	LEFT JOIN users u ON u.id = b.assessed_by
	WHERE p.organisation_id = $1 AND p.id = $2`

func loadProcess(ctx context.Context, tx *db.Tx, processID int64) (ProcessBIA, error) {
	var x ProcessBIA
	var at *time.Time
	err := tx.QueryRow(ctx, summarySQL, tx.OrgID, processID).Scan(&x.ProcessID, &x.ProcessName, &x.DepartmentID, &x.DepartmentName, &x.Assessed,
		&x.Levels[0], &x.Levels[1], &x.Levels[2], &x.BBN, &x.PersonalData, &x.SpecialCategories, &x.DPIANeeded, &x.Version, &x.Notes, &x.AssessedBy, &at)
	if db.IsNoRows(err) {
		return x, apperr.NotFoundf("Dit proces bestaat niet (meer).")
	}
	if err != nil {
		return x, fmt.Errorf("load BIA of process %d: %w", processID, err)
	}
	if at != nil {
		x.AssessedAt = *at
	}
	return x, nil
}

func (x *Summary) name(scales Scales) {
	for i := range x.Names {
		x.Names[i] = scales[i].Name(x.Levels[i])
	}
}

// ForProcess is the read API for other domains: the BIA summary of a process
// with the level names (Assessed false when it has none). ViewRisks.
func (s *Service) ForProcess(ctx context.Context, actor authz.Principal, processID int64) (Summary, error) {
	return db.Load(ctx, s.DB, actor, authz.ViewRisks, func(tx *db.Tx) (Summary, error) {
		return SummaryTx(ctx, tx, processID)
	})
}

// SummaryTx is ForProcess inside another domain's transaction.
func SummaryTx(ctx context.Context, tx *db.Tx, processID int64) (Summary, error) {
	x, err := loadProcess(ctx, tx, processID)
	if err != nil {
		return Summary{}, err
	}
	scales, err := LoadScales(ctx, tx)
	if err != nil {
		return Summary{}, err
	}
	x.name(scales)
	return x.Summary, nil
}

// Process is the BIA of a process with its answers, scales, areas and the
// applications that use it. ViewRisks.
func (s *Service) Process(ctx context.Context, actor authz.Principal, processID int64) (x ProcessBIA, err error) {
	x, err = db.Load(ctx, s.DB, actor, authz.ViewRisks, func(tx *db.Tx) (ProcessBIA, error) {
		return processBIA(ctx, tx, processID)
	})
	x.CanEdit = err == nil && canEditDepartment(actor, x.DepartmentID)
	return x, err
}

func processBIA(ctx context.Context, tx *db.Tx, processID int64) (ProcessBIA, error) {
	x, err := loadProcess(ctx, tx, processID)
	if err != nil {
		return x, err
	}
	if x.Scales, err = LoadScales(ctx, tx); err != nil {
		return x, err
	}
	x.name(x.Scales)
	all, err := loadAreas(ctx, tx)
	if err != nil {
		return x, err
	}
	for i := range x.Answers {
		x.Answers[i] = map[int64]int{}
	}
	//nolint:rowserrcheck // pgx.ForEachRow checks rows.Err
	rows, err := tx.Query(ctx, `SELECT area_id, aspect, level FROM bia_answers WHERE organisation_id = $1 AND process_id = $2`, tx.OrgID, processID)
	if err != nil {
		return x, err
	}
	var areaID int64
	var aspect string
	var level int
	if _, err := pgx.ForEachRow(rows, []any{&areaID, &aspect, &level}, func() error {
		if i := Aspect(aspect).Index(); i >= 0 {
			x.Answers[i][areaID] = level
		}
		return nil
	}); err != nil {
		return x, fmt.Errorf("load answers: %w", err)
	}
	for _, a := range all {
		answered := false
		for i := range x.Answers {
			_, ok := x.Answers[i][a.ID]
			answered = answered || ok
		}
		if a.Active || answered {
			x.Areas = append(x.Areas, a)
		}
	}
	x.Derived = x.Levels
	//nolint:rowserrcheck // pgx.ForEachRow checks rows.Err
	rows, err = tx.Query(ctx, `SELECT aspect, derived, rationale FROM bia_raises WHERE organisation_id = $1 AND process_id = $2`, tx.OrgID, processID)
	if err != nil {
		return x, err
	}
	var derived int
	var rationale string
	if _, err := pgx.ForEachRow(rows, []any{&aspect, &derived, &rationale}, func() error {
		if i := Aspect(aspect).Index(); i >= 0 {
			x.Derived[i], x.Rationale[i] = derived, rationale
		}
		return nil
	}); err != nil {
		return x, fmt.Errorf("load raises: %w", err)
	}
	x.Applications, err = appsOfProcess(ctx, tx, processID)
	return x, err
}

// appsOfProcess lists the applications that use a process with their derived
// levels (the highest of all their processes) and overrides.
func appsOfProcess(ctx context.Context, tx *db.Tx, processID int64) ([]AppLevels, error) {
	rows, err := tx.Query(ctx, `
		SELECT a.id, a.name,
		       coalesce(max(pb.availability), 0), coalesce(max(pb.integrity), 0), coalesce(max(pb.confidentiality), 0),
		       coalesce(ac.availability, 0), coalesce(ac.integrity, 0), coalesce(ac.confidentiality, 0)
		FROM applications a
		JOIN application_processes mine ON mine.application_id = a.id AND mine.process_id = $2
		JOIN application_processes ap ON ap.application_id = a.id
		LEFT JOIN process_bias pb ON pb.organisation_id = a.organisation_id AND pb.process_id = ap.process_id
		LEFT JOIN application_classifications ac ON ac.organisation_id = a.organisation_id AND ac.application_id = a.id
		WHERE a.organisation_id = $1
		GROUP BY a.id, a.name, ac.availability, ac.integrity, ac.confidentiality
		ORDER BY lower(a.name), a.id`, tx.OrgID, processID)
	if err != nil {
		return nil, fmt.Errorf("applications of process %d: %w", processID, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (AppLevels, error) {
		var a AppLevels
		err := r.Scan(&a.ID, &a.Name, &a.Derived[0], &a.Derived[1], &a.Derived[2], &a.Override[0], &a.Override[1], &a.Override[2])
		return a, err
	})
}

// Linked lists what links to a process or application (risk analyses,
// DPIAs, … as they register as sources of links). ViewStructure.
func (s *Service) Linked(ctx context.Context, actor authz.Principal, kind string, id int64) (out []links.Target, err error) {
	out, err = db.Load(ctx, s.DB, actor, authz.ViewStructure, func(tx *db.Tx) ([]links.Target, error) {
		return links.To(ctx, tx, kind, id)
	})
	return links.Visible(actor, out), err
}
