package compliance

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/catalogue"
	"github.com/baken-nl/baken/internal/db"
)

// CarryOverResult says what CarryOver did. The numbers are BIO2 controls in
// catalogue order.
type CarryOverResult struct {
	Carried  int // BIO2 controls that got a status from BIO 1.04
	Skipped  int // BIO2 controls left alone because they already had a status
	Evidence int // evidence copied to the carried controls

	CarriedNumbers []string
	SkippedNumbers []string
}

// carryOverSQL computes, for each BIO2 control that a BIO 1.04 control with a
// status maps to, the status it inherits, and inserts it where the BIO2
// control has no status yet. One statement, whatever the number of controls.
//
// Several BIO 1.04 controls mapping to one BIO2 control are combined
// conservatively. Sources that are not applicable (or have the status
// 'niet van toepassing') only count when all sources are; the others decide:
//   - status: the least favourable (niet gestart < in uitvoering < geïmplementeerd);
//   - opzet, bestaan, werking: the least favourable (nee < onbekend < deels < ja);
//   - maturity: the lowest, and none when one of them was not assessed;
//   - last and next review: the earliest;
//   - justification: all of them, each after its source number;
//   - owner: the first source (in catalogue order) that has one.
//
// The notes start with "Overgenomen van BIO 1.04 <numbers>" and keep the
// notes of every source. The row is marked needs_review: it stays ‘te
// beoordelen’ until the CISO confirms it.
const carryOverSQL = `
WITH src AS (
	SELECT m.to_item_id AS target, f.number, f.sort_key, s.applicable AND s.status <> 'niet_van_toepassing' AS app,
	       s.justification, s.owner_department_id, s.status, s.opzet, s.bestaan, s.werking, s.maturity, s.notes,
	       s.last_review, s.next_review
	FROM control_statuses s
	JOIN catalogue_items f ON f.id = s.item_id AND f.framework_id = $2
	JOIN catalogue_mappings m ON m.from_item_id = f.id
	JOIN catalogue_items t ON t.id = m.to_item_id AND t.framework_id = $3
	WHERE s.organisation_id = $1
),
grp AS (
	SELECT target, bool_or(app) AS applicable, count(*) AS n,
	       array_agg(number ORDER BY sort_key) AS sources,
	       (array_agg(owner_department_id ORDER BY app DESC, sort_key) FILTER (WHERE owner_department_id IS NOT NULL))[1] AS owner,
	       string_agg(CASE WHEN n_all > 1 THEN number || ': ' ELSE '' END || notes, E'\n\n' ORDER BY sort_key) FILTER (WHERE notes <> '') AS notes
	FROM (SELECT *, count(*) OVER (PARTITION BY target) AS n_all FROM src) x
	GROUP BY target
),
agg AS (
	SELECT g.target, g.applicable, g.sources, g.owner,
	       CASE WHEN g.applicable
	            THEN (ARRAY['niet_gestart', 'in_uitvoering', 'geimplementeerd'])[min(array_position(ARRAY['niet_gestart', 'in_uitvoering', 'geimplementeerd'], s.status))]
	            ELSE 'niet_van_toepassing' END AS status,
	       (ARRAY['nee', 'onbekend', 'deels', 'ja'])[min(array_position(ARRAY['nee', 'onbekend', 'deels', 'ja'], s.opzet))] AS opzet,
	       (ARRAY['nee', 'onbekend', 'deels', 'ja'])[min(array_position(ARRAY['nee', 'onbekend', 'deels', 'ja'], s.bestaan))] AS bestaan,
	       (ARRAY['nee', 'onbekend', 'deels', 'ja'])[min(array_position(ARRAY['nee', 'onbekend', 'deels', 'ja'], s.werking))] AS werking,
	       CASE WHEN count(*) = count(s.maturity) THEN min(s.maturity) END AS maturity,
	       min(s.last_review) AS last_review, min(s.next_review) AS next_review,
	       string_agg(CASE WHEN g.n > 1 THEN s.number || ': ' ELSE '' END || s.justification, E'\n' ORDER BY s.sort_key)
	           FILTER (WHERE s.justification <> '') AS justification,
	       'Overgenomen van BIO 1.04 ' || array_to_string(g.sources, ', ')
	           || CASE WHEN g.n > 1 THEN ' (de minst gunstige status en het laagste volwassenheidsniveau zijn aangehouden)' ELSE '' END
	           || '; te beoordelen door de CISO.'
	           || coalesce(E'\n\n' || g.notes, '') AS notes
	FROM grp g JOIN src s ON s.target = g.target AND s.app = g.applicable
	GROUP BY g.target, g.applicable, g.sources, g.owner, g.n, g.notes
),
ins AS (
	INSERT INTO control_statuses (organisation_id, item_id, applicable, justification, owner_department_id, status, opzet, bestaan, werking,
		maturity, notes, last_review, next_review, needs_review, updated_by, updated_at)
	SELECT $1, a.target, a.applicable,
	       coalesce(a.justification, CASE WHEN a.applicable THEN '' ELSE 'Niet van toepassing volgens BIO 1.04 ' || array_to_string(a.sources, ', ') || '.' END),
	       a.owner, a.status, a.opzet, a.bestaan, a.werking, a.maturity, left(a.notes, 8000), a.last_review, a.next_review,
	       true, nullif($4::bigint, 0), now()
	FROM agg a
	WHERE NOT EXISTS (SELECT 1 FROM control_statuses x WHERE x.organisation_id = $1 AND x.item_id = a.target)
	ON CONFLICT (organisation_id, item_id) DO NOTHING
	RETURNING item_id
)
SELECT a.target, t.number, a.sources, a.status, coalesce(a.maturity, 0), coalesce(a.owner, 0), (i.item_id IS NOT NULL)
FROM agg a
JOIN catalogue_items t ON t.id = a.target
LEFT JOIN ins i ON i.item_id = a.target
ORDER BY t.sort_key`

// carryOverEvidenceSQL copies the current evidence of the BIO 1.04 sources
// (with a status) to the BIO2 controls carried over in this run ($3). The
// copy keeps content, link, checksum, uploader and upload time; its title
// says where it came from.
const carryOverEvidenceSQL = `
INSERT INTO evidence (organisation_id, item_id, kind, title, url, filename, content_type, size_bytes, sha256, content, uploaded_by, uploaded_at)
SELECT e.organisation_id, m.to_item_id, e.kind, e.title || ' (uit BIO 1.04 ' || f.number || ')', e.url, e.filename, e.content_type,
       e.size_bytes, e.sha256, e.content, e.uploaded_by, e.uploaded_at
FROM evidence e
JOIN catalogue_items f ON f.id = e.item_id AND f.framework_id = $2
JOIN control_statuses s ON s.organisation_id = e.organisation_id AND s.item_id = e.item_id
JOIN catalogue_mappings m ON m.from_item_id = f.id
WHERE e.organisation_id = $1 AND e.removed_at IS NULL AND m.to_item_id = ANY($3::bigint[])
ORDER BY m.to_item_id, f.sort_key, e.uploaded_at, e.id
RETURNING item_id`

// CarryOver carries the organisation's BIO 1.04 implementation over to BIO2:
// for every BIO2 control that a BIO 1.04 control with a status maps to
// (ISO/IEC 27002:2022 Annex B), and that has no status of its own yet, it
// stores the combined status (see carryOverSQL), owner and notes, marked ‘te
// beoordelen’, and copies the current evidence of the sources. Existing BIO2
// statuses are never changed, and neither is their evidence, so a second run
// carries nothing new. Only the CISO may do this.
func (s *Service) CarryOver(ctx context.Context, actor authz.Principal) (CarryOverResult, error) {
	var res CarryOverResult
	if !actor.Can(authz.ManageCatalogue) {
		return res, apperr.Forbiddenf("Alleen de CISO kan de status van BIO 1.04 overnemen naar BIO2.")
	}
	err := s.DB.Write(ctx, db.ScopeOf(actor), func(tx *db.Tx) error {
		res = CarryOverResult{}
		var oldID, newID *int64
		if err := tx.QueryRow(ctx, `
			SELECT (SELECT id FROM frameworks WHERE organisation_id IS NULL AND code = $1),
			       (SELECT id FROM frameworks WHERE organisation_id IS NULL AND code = $2)`,
			catalogue.CodeBIO104, catalogue.CodeBIO2).Scan(&oldID, &newID); err != nil {
			return err
		}
		if oldID == nil || newID == nil {
			return fmt.Errorf("carry over: built-in frameworks %s and %s are not installed", catalogue.CodeBIO104, catalogue.CodeBIO2)
		}

		type target struct {
			id       int64
			number   string
			sources  []string
			status   Status
			maturity int
			owner    int64
			carried  bool
		}
		rows, err := tx.Query(ctx, carryOverSQL, actor.OrgID, *oldID, *newID, actor.UserID)
		if err != nil {
			return fmt.Errorf("carry over statuses: %w", err)
		}
		targets, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (target, error) {
			var t target
			err := r.Scan(&t.id, &t.number, &t.sources, &t.status, &t.maturity, &t.owner, &t.carried)
			return t, err
		})
		if err != nil {
			return fmt.Errorf("carry over statuses: %w", err)
		}
		var carried []target
		var ids []int64
		for _, t := range targets {
			if t.carried {
				carried = append(carried, t)
				ids = append(ids, t.id)
				res.CarriedNumbers = append(res.CarriedNumbers, t.number)
			} else {
				res.SkippedNumbers = append(res.SkippedNumbers, t.number)
			}
		}
		res.Carried, res.Skipped = len(res.CarriedNumbers), len(res.SkippedNumbers)

		evidence := map[int64]int{}
		if len(ids) > 0 {
			rows, err := tx.Query(ctx, carryOverEvidenceSQL, actor.OrgID, *oldID, ids)
			if err != nil {
				return fmt.Errorf("carry over evidence: %w", err)
			}
			copied, err := pgx.CollectRows(rows, pgx.RowTo[int64])
			if err != nil {
				return fmt.Errorf("carry over evidence: %w", err)
			}
			for _, id := range copied {
				evidence[id]++
			}
			res.Evidence = len(copied)

			// One event per control, so its history shows where the status came from.
			events := make([]audit.Event, len(carried))
			for i, t := range carried {
				summary := fmt.Sprintf("Status overgenomen van BIO 1.04 %s: %s (te beoordelen)", strings.Join(t.sources, ", "), t.status.Label())
				if n := evidence[t.id]; n > 0 {
					summary += fmt.Sprintf("; %d %s gekopieerd", n, Plural(n, "bewijsstuk", "bewijsstukken"))
				}
				events[i] = audit.Event{Action: audit.Update, Entity: "control", EntityID: t.id, Summary: summary,
					After: map[string]any{"from": t.sources, "status": t.status, "maturity": t.maturity,
						"owner_department_id": t.owner, "needs_review": true, "evidence_copied": evidence[t.id]}}
			}
			if err := audit.RecordAll(ctx, tx, events); err != nil {
				return fmt.Errorf("record carry-over per control: %w", err)
			}
		}

		return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: "catalogue", EntityID: *newID,
			Summary: fmt.Sprintf("Status van BIO 1.04 overgenomen naar BIO2: %d %s overgenomen, %d overgeslagen (hadden al een status), %d %s gekopieerd",
				res.Carried, Plural(res.Carried, "maatregel", "maatregelen"), res.Skipped, res.Evidence, Plural(res.Evidence, "bewijsstuk", "bewijsstukken")),
			After: map[string]any{"carried": res.CarriedNumbers, "skipped": res.SkippedNumbers, "evidence_copied": res.Evidence}})
	})
	if err != nil {
		return CarryOverResult{}, err
	}
	return res, nil
}

// Plural picks the Dutch singular or plural form for n.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
