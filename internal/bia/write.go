package bia

import (
	"context"
	"fmt"
	"strings"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
)

// auditBIA is the BIA as the audit trail stores it.
type auditBIA struct {
	Availability      string            `json:"beschikbaarheid"`
	Integrity         string            `json:"integriteit"`
	Confidentiality   string            `json:"vertrouwelijkheid"`
	Raised            map[string]string `json:"verhoogd,omitempty"`
	PersonalData      bool              `json:"persoonsgegevens"`
	SpecialCategories bool              `json:"bijzondere_persoonsgegevens"`
	DPIANeeded        bool              `json:"dpia_nodig"`
	BBN               int               `json:"bbn"`
	Notes             string            `json:"toelichting,omitempty"`
}

func auditOf(scales Scales, final Levels, rationale [3]string, personal, special, dpia bool, bbn int, notes string) auditBIA {
	a := auditBIA{Availability: scales[0].Name(final[0]), Integrity: scales[1].Name(final[1]), Confidentiality: scales[2].Name(final[2]),
		PersonalData: personal, SpecialCategories: special, DPIANeeded: dpia, BBN: bbn, Notes: notes}
	for i, r := range rationale {
		if r != "" {
			if a.Raised == nil {
				a.Raised = map[string]string{}
			}
			a.Raised[Aspects[i].lower()] = r
		}
	}
	return a
}

// FormData is what the BIA form needs: the current BIA, the scales and the
// impact areas. EditBIA, scoped to the actor's afdelingen.
func (s *Service) FormData(ctx context.Context, actor authz.Principal, processID int64) (ProcessBIA, error) {
	return editableBIA.form(ctx, s.DB, actor, processID)
}

// Save stores the BIA of a process, derives its levels, updates the result in
// process_bias and records the BIA and every application whose classification
// changed by it in the audit trail, all in one transaction.
func (s *Service) Save(ctx context.Context, actor authz.Principal, processID int64, in Input) error {
	return editableBIA.write(ctx, s.DB, actor, processID, func(tx *db.Tx, cur ProcessBIA) error {
		active := activeAreas(cur.Areas)
		out, v := in.Evaluate(cur.Scales, active)
		if err := v.Err(); err != nil {
			return err
		}
		var rows int64
		if in.Version == 0 {
			ct, err := tx.Exec(ctx, `INSERT INTO process_bias (organisation_id, process_id, availability, integrity, confidentiality,
				personal_data, special_categories, dpia_needed, bbn, notes, assessed_by, assessed_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) ON CONFLICT DO NOTHING`,
				tx.OrgID, processID, out.Final[0], out.Final[1], out.Final[2], in.PersonalData, in.SpecialCategories, out.DPIA, out.BBN, in.Notes, actor.UserID, tx.Now)
			if err != nil {
				return db.MapError(err, nil)
			}
			rows = ct.RowsAffected()
		} else {
			ct, err := tx.Exec(ctx, `UPDATE process_bias SET availability = $4, integrity = $5, confidentiality = $6, personal_data = $7,
				special_categories = $8, dpia_needed = $9, bbn = $10, notes = $11, assessed_by = $12, assessed_at = $13, updated_at = $13, version = version + 1
				WHERE organisation_id = $1 AND process_id = $2 AND version = $3`,
				tx.OrgID, processID, in.Version, out.Final[0], out.Final[1], out.Final[2], in.PersonalData, in.SpecialCategories, out.DPIA, out.BBN, in.Notes, actor.UserID, tx.Now)
			if err != nil {
				return db.MapError(err, nil)
			}
			rows = ct.RowsAffected()
		}
		if rows == 0 {
			return apperr.Stale()
		}
		if err := replaceAnswers(ctx, tx, processID, in, out, active); err != nil {
			return err
		}
		var before any
		if cur.Assessed {
			before = auditOf(cur.Scales, cur.Levels, cur.Rationale, cur.PersonalData, cur.SpecialCategories, cur.DPIANeeded, cur.BBN, cur.Notes)
		}
		after := auditOf(cur.Scales, out.Final, in.Rationale, in.PersonalData, in.SpecialCategories, out.DPIA, out.BBN, in.Notes)
		action, verb := audit.Update, "gewijzigd"
		if !cur.Assessed {
			action, verb = audit.Create, "vastgelegd"
		}
		summary := fmt.Sprintf("BIA van proces %s %s: %s", cur.ProcessName, verb, levelText(cur.Scales, out.Final))
		if out.DPIA {
			summary += ", DPIA nodig"
		}
		if err := audit.Record(ctx, tx, audit.Event{Action: action, Entity: "bia", EntityID: processID, Summary: summary, Before: before, After: after}); err != nil {
			return err
		}
		return recordAppChanges(ctx, tx, cur.Scales, cur.Applications, processID, "de BIA van proces "+cur.ProcessName)
	})
}

// levelText is "B hoog, I midden, V laag".
func levelText(scales Scales, l Levels) string {
	parts := make([]string, len(Aspects))
	for i, a := range Aspects {
		parts[i] = a.Label()[:1] + " " + scales[i].Name(l[i])
	}
	return strings.Join(parts, ", ")
}

// recordAppChanges compares the applications' classification before (given)
// and now, and records an event for each application whose effective
// classification changed.
func recordAppChanges(ctx context.Context, tx *db.Tx, scales Scales, before []AppLevels, processID int64, cause string) error {
	now, err := appsOfProcess(ctx, tx, processID)
	if err != nil {
		return err
	}
	old := map[int64]Levels{}
	for _, a := range before {
		old[a.ID] = a.Effective()
	}
	var events []audit.Event
	for _, a := range now {
		was, eff := old[a.ID], a.Effective()
		if was == eff {
			continue
		}
		events = append(events, audit.Event{Action: audit.Update, Entity: "application", EntityID: a.ID,
			Summary: fmt.Sprintf("Classificatie van applicatie %s gewijzigd door %s: %s", a.Name, cause, levelText(scales, eff)),
			Before:  classificationJSON(scales, was), After: classificationJSON(scales, eff)})
	}
	return audit.RecordAll(ctx, tx, events)
}

func classificationJSON(scales Scales, l Levels) map[string]string {
	return map[string]string{"beschikbaarheid": scales[0].Name(l[0]), "integriteit": scales[1].Name(l[1]), "vertrouwelijkheid": scales[2].Name(l[2])}
}

func replaceAnswers(ctx context.Context, tx *db.Tx, processID int64, in Input, out Outcome, areas []Area) error {
	if _, err := tx.Exec(ctx, `DELETE FROM bia_answers WHERE organisation_id = $1 AND process_id = $2`, tx.OrgID, processID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM bia_raises WHERE organisation_id = $1 AND process_id = $2`, tx.OrgID, processID); err != nil {
		return err
	}
	var areaIDs []int64
	var aspects []string
	var levels []int
	for i, a := range Aspects {
		for _, ar := range areas {
			areaIDs, aspects, levels = append(areaIDs, ar.ID), append(aspects, string(a)), append(levels, in.Answers[i][ar.ID])
		}
	}
	if len(areaIDs) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO bia_answers (organisation_id, process_id, area_id, aspect, level)
			SELECT $1, $2, u.area, u.aspect, u.level FROM unnest($3::bigint[], $4::text[], $5::int[]) u(area, aspect, level)`,
			tx.OrgID, processID, areaIDs, aspects, levels); err != nil {
			return fmt.Errorf("store answers: %w", err)
		}
	}
	for i, a := range Aspects {
		if out.Final[i] > out.Derived[i] {
			if _, err := tx.Exec(ctx, `INSERT INTO bia_raises (organisation_id, process_id, aspect, derived, rationale) VALUES ($1, $2, $3, $4, $5)`,
				tx.OrgID, processID, string(a), out.Derived[i], in.Rationale[i]); err != nil {
				return fmt.Errorf("store raise: %w", err)
			}
		}
	}
	return nil
}
