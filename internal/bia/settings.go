package bia

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
)

// ScaleChange is one entry of the scales' history.
type ScaleChange struct {
	At     time.Time
	By     string
	Scales Scales
}

// Settings is the settings page: scales (with their version), impact areas
// and the history of the scales.
type Settings struct {
	Scales  Scales
	Version int // 0 while the default scales hold
	Areas   []Area
	History []ScaleChange
}

// Settings reads the settings page. ConfigureRisk.
func (s *Service) Settings(ctx context.Context, actor authz.Principal) (st Settings, err error) {
	err = s.DB.ReadAs(ctx, actor, authz.ConfigureRisk, func(tx *db.Tx) error {
		if st.Scales, err = LoadScales(ctx, tx); err != nil {
			return err
		}
		if st.Version, err = settingsVersion(ctx, tx); err != nil {
			return err
		}
		if st.Areas, err = loadAreas(ctx, tx); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT changed_at, changed_by_name, scales FROM bia_scale_changes
			WHERE organisation_id = $1 ORDER BY changed_at DESC, id DESC LIMIT 50`, tx.OrgID)
		if err != nil {
			return err
		}
		st.History, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (ScaleChange, error) {
			var c ScaleChange
			var raw []byte
			if err := r.Scan(&c.At, &c.By, &raw); err != nil {
				return c, err
			}
			err := json.Unmarshal(raw, &c.Scales)
			return c, err
		})
		return err
	})
	return st, err
}

func settingsVersion(ctx context.Context, tx *db.Tx) (int, error) {
	var v int
	err := tx.QueryRow(ctx, `SELECT coalesce((SELECT version FROM bia_settings WHERE organisation_id = $1), 0)`, tx.OrgID).Scan(&v)
	return v, err
}

// inUse counts, per aspect, the BIAs, answers and overrides that use a rank
// above max.
func inUse(ctx context.Context, tx *db.Tx, a Aspect, maxRank int) (bias, overrides int, err error) {
	col := map[Aspect]string{Availability: "availability", Integrity: "integrity", Confidentiality: "confidentiality"}[a]
	err = tx.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM process_bias b WHERE b.organisation_id = $1 AND (b.`+col+` > $3
			OR EXISTS (SELECT 1 FROM bia_answers x WHERE x.organisation_id = b.organisation_id AND x.process_id = b.process_id AND x.aspect = $2 AND x.level > $3))),
		(SELECT count(*) FROM application_classifications c WHERE c.organisation_id = $1 AND c.`+col+` > $3)`,
		tx.OrgID, string(a), maxRank).Scan(&bias, &overrides)
	return bias, overrides, err
}

// SaveScales replaces the organisation's scales. A scale may not shrink
// below a level still in use by a BIA (result or answer) or an override:
// that is refused on the first level that would disappear. The stored BIAs'
// BBN and "DPIA nodig" follow the new scales at once.
func (s *Service) SaveScales(ctx context.Context, actor authz.Principal, in ScaleInput) error {
	return s.DB.WriteChecked(ctx, actor, authz.ConfigureRisk, in.Validate, func(tx *db.Tx) error {
		before, err := LoadScales(ctx, tx)
		if err != nil {
			return err
		}
		v := apperr.Validation{}
		for i, a := range Aspects {
			n := len(in.Scales[i].Levels)
			if n >= before[i].Highest() {
				continue
			}
			bias, overrides, err := inUse(ctx, tx, a, n)
			if err != nil {
				return err
			}
			if bias+overrides > 0 {
				v.Add(LevelField(a, n+1), fmt.Sprintf("Niveau %s van %s is nog in gebruik (%d BIA's, %d applicaties met een verhoging). Pas die eerst aan; daarna kan de schaal kleiner.",
					before[i].Name(n+1), a.lower(), bias, overrides))
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		var ct int64
		if in.Version == 0 {
			tag, err := tx.Exec(ctx, `INSERT INTO bia_settings (organisation_id, updated_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`, tx.OrgID, tx.Now)
			if err != nil {
				return err
			}
			ct = tag.RowsAffected()
		} else {
			tag, err := tx.Exec(ctx, `UPDATE bia_settings SET version = version + 1, updated_at = $3 WHERE organisation_id = $1 AND version = $2`, tx.OrgID, in.Version, tx.Now)
			if err != nil {
				return err
			}
			ct = tag.RowsAffected()
		}
		if ct == 0 {
			return apperr.Stale()
		}
		if _, err := tx.Exec(ctx, `DELETE FROM bia_scale_levels WHERE organisation_id = $1`, tx.OrgID); err != nil {
			return err
		}
		var aspects, names []string
		var ranks, bbns []int
		for _, sc := range in.Scales {
			for _, l := range sc.Levels {
				aspects, ranks, names, bbns = append(aspects, string(sc.Aspect)), append(ranks, l.Rank), append(names, l.Name), append(bbns, l.BBN)
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO bia_scale_levels (organisation_id, aspect, rank, name, bbn)
			SELECT $1, u.aspect, u.rank, u.name, u.bbn FROM unnest($2::text[], $3::int[], $4::text[], $5::int[]) u(aspect, rank, name, bbn)`,
			tx.OrgID, aspects, ranks, names, bbns); err != nil {
			return db.MapError(err, nil)
		}
		raw, err := json.Marshal(in.Scales)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO bia_scale_changes (organisation_id, scales, changed_by, changed_by_name, changed_at) VALUES ($1, $2, $3, $4, $5)`,
			tx.OrgID, raw, actor.UserID, actor.Name, tx.Now); err != nil {
			return err
		}
		n, err := rederive(ctx, tx, in.Scales)
		if err != nil {
			return err
		}
		summary := "Classificatieschalen gewijzigd: " + scalesText(in.Scales)
		if n > 0 {
			summary += fmt.Sprintf(" (BBN of DPIA nodig van %d BIA's bijgewerkt)", n)
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: "bia_settings", EntityID: tx.OrgID, Summary: summary, Before: before, After: in.Scales})
	})
}

// scalesText is "B: laag/midden/hoog; I: …".
func scalesText(s Scales) string {
	parts := make([]string, len(s))
	for i, sc := range s {
		names := make([]string, len(sc.Levels))
		for j, l := range sc.Levels {
			names[j] = l.Name + " (BBN" + strconv.Itoa(l.BBN) + ")"
		}
		parts[i] = Aspects[i].Label()[:1] + ": " + strings.Join(names, " / ")
	}
	return strings.Join(parts, "; ")
}

// rederive recomputes the BBN and "DPIA nodig" of every stored BIA for new
// scales and returns how many changed.
func rederive(ctx context.Context, tx *db.Tx, scales Scales) (int, error) {
	//nolint:rowserrcheck // pgx.ForEachRow checks rows.Err
	rows, err := tx.Query(ctx, `SELECT process_id, coalesce(availability, 0), coalesce(integrity, 0), coalesce(confidentiality, 0),
		personal_data, special_categories, dpia_needed, coalesce(bbn, 0) FROM process_bias WHERE organisation_id = $1`, tx.OrgID)
	if err != nil {
		return 0, err
	}
	var ids []int64
	var bbns []int
	var dpias []bool
	var id int64
	var l Levels
	var personal, special, dpia bool
	var bbn int
	if _, err := pgx.ForEachRow(rows, []any{&id, &l[0], &l[1], &l[2], &personal, &special, &dpia, &bbn}, func() error {
		nb, nd := BBN(scales, l), DPIANeeded(personal, special, l[2], scales.Of(Confidentiality))
		if nb != bbn || nd != dpia {
			ids, bbns, dpias = append(ids, id), append(bbns, nb), append(dpias, nd)
		}
		return nil
	}); err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, nil
	}
	_, err = tx.Exec(ctx, `UPDATE process_bias b SET bbn = nullif(u.bbn, 0), dpia_needed = u.dpia, version = b.version + 1
		FROM unnest($2::bigint[], $3::int[], $4::bool[]) u(id, bbn, dpia)
		WHERE b.organisation_id = $1 AND b.process_id = u.id`, tx.OrgID, ids, bbns, dpias)
	return len(ids), err
}

var areaConstraints = map[string]db.FieldError{
	"bia_impact_areas_name_key": {Field: "name", Message: "Er bestaat al een impactgebied met deze naam."},
}

// CreateArea adds an impact area (active, at the end of the list).
func (s *Service) CreateArea(ctx context.Context, actor authz.Principal, in AreaInput) (int64, error) {
	var id int64
	err := s.DB.WriteChecked(ctx, actor, authz.ConfigureRisk, in.Validate, func(tx *db.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO bia_impact_areas (organisation_id, name, description, sort_order)
			SELECT $1, $2, $3, coalesce(max(sort_order), 0) + 10 FROM bia_impact_areas WHERE organisation_id = $1 RETURNING id`,
			tx.OrgID, in.Name, in.Description).Scan(&id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Create, Entity: "bia_settings", EntityID: id,
			Summary: "Impactgebied " + in.Name + " toegevoegd", After: in})
	})
	return id, db.MapError(err, areaConstraints)
}

// UpdateArea renames, describes, (de)activates an impact area. A deactivated
// area is no longer asked; BIAs keep their answers until they are saved again.
func (s *Service) UpdateArea(ctx context.Context, actor authz.Principal, id int64, in AreaInput) error {
	err := s.DB.WriteChecked(ctx, actor, authz.ConfigureRisk, in.Validate, func(tx *db.Tx) error {
		var before Area
		err := tx.QueryRow(ctx, `SELECT id, name, description, active, sort_order, version FROM bia_impact_areas WHERE organisation_id = $1 AND id = $2`,
			tx.OrgID, id).Scan(&before.ID, &before.Name, &before.Description, &before.Active, &before.SortOrder, &before.Version)
		if db.IsNoRows(err) {
			return apperr.NotFoundf("Dit impactgebied bestaat niet (meer).")
		}
		if err != nil {
			return err
		}
		ct, err := tx.Exec(ctx, `UPDATE bia_impact_areas SET name = $4, description = $5, active = $6, version = version + 1
			WHERE organisation_id = $1 AND id = $2 AND version = $3`, tx.OrgID, id, in.Version, in.Name, in.Description, in.Active)
		if err != nil {
			return err
		}
		if ct.RowsAffected() == 0 {
			return apperr.Stale()
		}
		state := "actief"
		if !in.Active {
			state = "niet actief"
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: "bia_settings", EntityID: id,
			Summary: "Impactgebied " + in.Name + " gewijzigd (" + state + ")", Before: before, After: in})
	})
	return db.MapError(err, areaConstraints)
}
