package seed

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/bia"
	"github.com/baken-nl/baken/internal/db"
)

// biaProfile is the demo BIA of a process: levels (1 laag, 2 midden, 3 hoog)
// per aspect before any raise, the privacy flags, and an optional raise.
type biaProfile struct {
	levels            bia.Levels
	personal, special bool
	raise             bia.Levels // 0: no raise
	rationale         string
}

// biaProfiles are the demo BIAs by process name; other processes get
// laag/midden/laag without personal data.
var biaProfiles = map[string]biaProfile{
	"Aanvraag reisdocumenten":      {levels: bia.Levels{2, 3, 3}, personal: true},
	"Aanvraag rijbewijzen":         {levels: bia.Levels{2, 3, 2}, personal: true},
	"Verhuizingen en BRP-mutaties": {levels: bia.Levels{2, 3, 3}, personal: true},
	"Burgerlijke stand":            {levels: bia.Levels{2, 3, 2}, personal: true},
	"Verkiezingen": {levels: bia.Levels{2, 3, 1}, raise: bia.Levels{3, 0, 0},
		rationale: "Op de verkiezingsdag is elke uitval direct zichtbaar en niet te herstellen; de Kieswet laat geen uitstel toe."},
	"Bijstandsverlening":        {levels: bia.Levels{3, 3, 3}, personal: true, special: true},
	"Wmo-maatwerkvoorzieningen": {levels: bia.Levels{2, 3, 3}, personal: true, special: true},
	"Jeugdhulp":                 {levels: bia.Levels{2, 3, 3}, personal: true, special: true},
	"Schuldhulpverlening":       {levels: bia.Levels{2, 2, 3}, personal: true, special: true},
	"Leerplicht":                {levels: bia.Levels{1, 2, 2}, personal: true},
	"Omgevingsvergunningen":     {levels: bia.Levels{2, 2, 1}},
	"Toezicht en handhaving":    {levels: bia.Levels{1, 2, 2}, personal: true},
	"WOZ-waardering":            {levels: bia.Levels{1, 3, 1}},
	"Heffing en invordering":    {levels: bia.Levels{2, 3, 2}, personal: true},
	"Kwijtschelding":            {levels: bia.Levels{1, 2, 3}, personal: true},
	"Crediteurenadministratie":  {levels: bia.Levels{2, 3, 1}},
	"Salarisadministratie":      {levels: bia.Levels{2, 3, 3}, personal: true, special: true},
	"Werving en selectie":       {levels: bia.Levels{1, 2, 2}, personal: true},
	"In- en uitdienst (IDU)":    {levels: bia.Levels{2, 2, 2}, personal: true},
	"Identiteits- en toegangsbeheer": {levels: bia.Levels{3, 3, 2}, raise: bia.Levels{0, 0, 3},
		rationale: "Wie dit proces beheerst, heeft toegang tot alle systemen van de gemeente."},
	"Back-up en herstel":       {levels: bia.Levels{3, 3, 2}},
	"Klantcontact (KCC)":       {levels: bia.Levels{3, 1, 2}, personal: true},
	"Klachtafhandeling":        {levels: bia.Levels{1, 2, 2}, personal: true},
	"Klantcontact":             {levels: bia.Levels{2, 1, 2}, personal: true},
	"ICT-beheer":               {levels: bia.Levels{3, 2, 2}},
	"Financiële administratie": {levels: bia.Levels{2, 3, 1}},
}

var defaultProfile = biaProfile{levels: bia.Levels{1, 2, 1}}

// seedBIAs gives every demo process of every organisation without a BIA one,
// with answers per active impact area: the first area carries the level, the
// others the lowest level.
func seedBIAs(ctx context.Context, tx *db.Tx) error {
	rows, err := tx.Query(ctx, `SELECT id FROM organisations ORDER BY id`)
	if err != nil {
		return err
	}
	orgs, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	for _, orgID := range orgs {
		if err := tx.Enter(ctx, orgID); err != nil {
			return err
		}
		if err := seedOrgBIAs(ctx, tx); err != nil {
			return fmt.Errorf("seed BIAs of organisation %d: %w", orgID, err)
		}
	}
	return nil
}

func seedOrgBIAs(ctx context.Context, tx *db.Tx) error {
	rows, err := tx.Query(ctx, `SELECT p.id, p.name, coalesce(d.manager_id, 0) FROM processes p JOIN departments d ON d.id = p.department_id
		WHERE p.organisation_id = $1 AND NOT EXISTS (SELECT 1 FROM process_bias b WHERE b.organisation_id = p.organisation_id AND b.process_id = p.id)
		ORDER BY p.id`, tx.OrgID)
	if err != nil {
		return err
	}
	type proc struct {
		id      int64
		name    string
		manager int64
	}
	procs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (proc, error) {
		var p proc
		err := r.Scan(&p.id, &p.name, &p.manager)
		return p, err
	})
	if err != nil || len(procs) == 0 {
		return err
	}
	rows, err = tx.Query(ctx, `SELECT id FROM bia_impact_areas WHERE organisation_id = $1 AND active ORDER BY sort_order, id`, tx.OrgID)
	if err != nil {
		return err
	}
	areas, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(areas) == 0 {
		return err
	}
	scales := bia.DefaultScales()
	for _, p := range procs {
		prof, ok := biaProfiles[p.name]
		if !ok {
			prof = defaultProfile
		}
		final := bia.Effective(prof.levels, prof.raise)
		dpia := bia.DPIANeeded(prof.personal, prof.special, final.Of(bia.Confidentiality), scales.Of(bia.Confidentiality))
		var manager any
		if p.manager != 0 {
			manager = p.manager
		}
		if _, err := tx.Exec(ctx, `INSERT INTO process_bias (organisation_id, process_id, availability, integrity, confidentiality,
			personal_data, special_categories, dpia_needed, bbn, assessed_by, assessed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, '2026-03-15 10:00+01')`,
			tx.OrgID, p.id, final[0], final[1], final[2], prof.personal, prof.special, dpia, bia.BBN(scales, final), manager); err != nil {
			return fmt.Errorf("BIA of %s: %w", p.name, err)
		}
		for i, a := range bia.Aspects {
			for j, area := range areas {
				level := 1
				if int64(j) == (p.id+int64(i))%int64(len(areas)) {
					level = prof.levels[i]
				}
				if _, err := tx.Exec(ctx, `INSERT INTO bia_answers (organisation_id, process_id, area_id, aspect, level) VALUES ($1, $2, $3, $4, $5)`,
					tx.OrgID, p.id, area, string(a), level); err != nil {
					return err
				}
			}
			if prof.raise[i] > prof.levels[i] {
				if _, err := tx.Exec(ctx, `INSERT INTO bia_raises (organisation_id, process_id, aspect, derived, rationale) VALUES ($1, $2, $3, $4, $5)`,
					tx.OrgID, p.id, string(a), prof.levels[i], prof.rationale); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
