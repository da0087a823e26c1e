package incident

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/nl"
	"github.com/baken-nl/baken/internal/plan"
)

// RetentionYears is the retention period of an incident (BIO2 5.28.01):
// at least three years after it was closed. An incident that is not closed
// is still being handled and has no end of retention. The database refuses
// to delete an incident earlier (trigger incidents_retention, 0020).
const RetentionYears = 3

// RetainedUntil is the end of the retention period of an incident closed at
// closed; nil when it is not closed.
func RetainedUntil(closed *time.Time) *time.Time {
	if closed == nil {
		return nil
	}
	t := closed.AddDate(RetentionYears, 0, 0)
	return &t
}

// Purgeable reports whether an incident with this status and moment of
// closing may be purged at now.
func Purgeable(status string, closed *time.Time, now time.Time) bool {
	end := RetainedUntil(closed)
	return status == StatusClosed && end != nil && !end.After(now)
}

// PurgeRow is an incident past its retention period, as the beheerder's
// page lists it: number, category and dates, not its content.
type PurgeRow struct {
	ID           int64
	Number       int
	Category     string
	DiscoveredAt time.Time
	CreatedAt    time.Time
	ClosedAt     time.Time
	Attachments  int
}

// NumberText is the follow-up number.
func (r PurgeRow) NumberText() string { return Number(r.Number) }

// CategoryText is the main category's label, or "Niet ingedeeld".
func (r PurgeRow) CategoryText() string {
	if r.Category == "" {
		return "Niet ingedeeld"
	}
	return CategoryLabel(r.Category)
}

// RetainedUntil is the end of the retention period.
func (r PurgeRow) RetainedUntil() time.Time { return r.ClosedAt.AddDate(RetentionYears, 0, 0) }

const purgeSelect = `SELECT i.id, i.number, coalesce(i.category, ''), i.discovered_at, i.created_at, i.closed_at,
	(SELECT count(*) FROM incident_attachments a WHERE a.organisation_id = i.organisation_id AND a.incident_id = i.id)
	FROM incidents i
	WHERE i.organisation_id = $1 AND i.status = 'gesloten' AND i.closed_at IS NOT NULL AND i.closed_at <= $2`

func purgeRows(ctx context.Context, tx *db.Tx, tail string, args ...any) ([]PurgeRow, error) {
	rows, err := tx.Query(ctx, purgeSelect+tail, append([]any{tx.OrgID, tx.Now.AddDate(-RetentionYears, 0, 0)}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("incidents past retention: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[PurgeRow])
}

// PastRetention lists the closed incidents whose retention period has
// passed, oldest closing first. PurgeIncidents (the beheerder).
func (s *Service) PastRetention(ctx context.Context, actor authz.Principal) (rows []PurgeRow, err error) {
	err = s.DB.ReadAs(ctx, actor, authz.PurgeIncidents, func(tx *db.Tx) error {
		rows, err = purgeRows(ctx, tx, ` ORDER BY i.closed_at, i.id`)
		return err
	})
	return rows, err
}

// PurgeSelection reads the selected incidents for the confirmation page;
// a selected incident that is not (or no longer) past its retention period
// is refused with its number or as not found. PurgeIncidents.
func (s *Service) PurgeSelection(ctx context.Context, actor authz.Principal, ids []int64) (rows []PurgeRow, err error) {
	err = s.DB.ReadAs(ctx, actor, authz.PurgeIncidents, func(tx *db.Tx) error {
		rows, err = selection(ctx, tx, ids, false)
		return err
	})
	return rows, err
}

var errNothingSelected = func() error {
	v := apperr.Validation{}
	v.Add("ids", "Kies een of meer incidenten om te verwijderen.")
	return v.Err()
}()

// selection reads and checks the selected incidents, locked for a purge.
func selection(ctx context.Context, tx *db.Tx, ids []int64, lock bool) ([]PurgeRow, error) {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	if len(ids) == 0 {
		return nil, errNothingSelected
	}
	tail := ` AND i.id = ANY($3) ORDER BY i.closed_at, i.id`
	if lock {
		tail += ` FOR UPDATE OF i`
	}
	rows, err := purgeRows(ctx, tx, tail, ids)
	if err != nil {
		return nil, err
	}
	if len(rows) == len(ids) {
		return rows, nil
	}
	// Name the incidents that are still within their retention period.
	var early []string
	//nolint:rowserrcheck // pgx.ForEachRow checks rows.Err
	r, err := tx.Query(ctx, `SELECT number, closed_at FROM incidents WHERE organisation_id = $1 AND id = ANY($2)
		AND NOT (status = 'gesloten' AND closed_at IS NOT NULL AND closed_at <= $3) ORDER BY number`,
		tx.OrgID, ids, tx.Now.AddDate(-RetentionYears, 0, 0))
	if err != nil {
		return nil, fmt.Errorf("incidents within retention: %w", err)
	}
	var number int
	var closed *time.Time
	if _, err := pgx.ForEachRow(r, []any{&number, &closed}, func() error {
		if end := RetainedUntil(closed); end != nil {
			early = append(early, Number(number)+" (bewaren tot "+nl.Local(*end).Format("02-01-2006")+")")
		} else {
			early = append(early, Number(number)+" (nog niet gesloten)")
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if len(early) == 0 {
		return nil, errNotFound
	}
	return nil, apperr.Conflictf("De bewaartermijn van drie jaar na het sluiten is nog niet voorbij voor %s. Dit incident kan nog niet worden verwijderd.",
		joinDutch(early))
}

func joinDutch(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	out := items[0]
	for _, s := range items[1 : len(items)-1] {
		out += ", " + s
	}
	return out + " en " + items[len(items)-1]
}

// purgeRecord is what the audit trail keeps of a purged incident: its
// number and dates, not its content.
type purgeRecord struct {
	Number      string `json:"nummer"`
	Discovered  string `json:"ontdekt"`
	Reported    string `json:"gemeld"`
	Closed      string `json:"gesloten"`
	Retained    string `json:"bewaartermijn_tot"`
	Attachments int    `json:"bijlagen"`
}

// Purge removes incidents past their retention period with everything
// linked to them: timeline, links to applications and processes,
// attachments (by the database's cascades) and the links of plan actions
// (the actions stay). One audit event per incident keeps its number and
// dates. All or nothing: one incident within its retention refuses the
// purge. PurgeIncidents (the beheerder).
func (s *Service) Purge(ctx context.Context, actor authz.Principal, ids []int64) (n int, err error) {
	err = s.DB.WriteAs(ctx, actor, authz.PurgeIncidents, func(tx *db.Tx) error {
		rows, err := selection(ctx, tx, ids, true)
		if err != nil {
			return err
		}
		ids := make([]int64, len(rows))
		events := make([]audit.Event, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
			events[i] = audit.Event{Action: audit.Delete, Entity: Entity, EntityID: r.ID,
				Summary: fmt.Sprintf("Incident %s verwijderd na de bewaartermijn", r.NumberText()),
				Before: purgeRecord{Number: r.NumberText(), Discovered: utc(r.DiscoveredAt), Reported: utc(r.CreatedAt),
					Closed: utc(r.ClosedAt), Retained: utc(r.RetainedUntil()), Attachments: r.Attachments}}
		}
		if _, err := plan.UnlinkTargetsTx(ctx, tx, KindIncident, ids); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM incidents WHERE organisation_id = $1 AND id = ANY($2)`, tx.OrgID, ids)
		if err != nil {
			return db.MapError(err, map[string]db.FieldError{
				"incidents_retention": {Message: "De bewaartermijn van een van de incidenten is nog niet voorbij; er is niets verwijderd."},
			})
		}
		n = int(tag.RowsAffected())
		return audit.RecordAll(ctx, tx, events)
	})
	return n, err
}

func utc(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// ---- the reporter's details ----

// RemoveReporter removes the reporter's details from an incident on their
// request, before the retention period ends: the name and the link to the
// account, also on the attachments they sent. The incident stays; the
// timeline says so and the audit trail records it (without the name). The
// reporter no longer finds the report under their own reports.
// RemoveIncidentReporter (the CISO), with the incident's version.
func (s *Service) RemoveReporter(ctx context.Context, actor authz.Principal, id int64, version int) error {
	return s.DB.WriteAs(ctx, actor, authz.RemoveIncidentReporter, func(tx *db.Tx) error {
		cur, err := load(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if version != cur.Version {
			return apperr.Stale()
		}
		if cur.ReporterID == 0 && cur.ReporterName == "" {
			return apperr.Conflictf("De gegevens van de melder van dit incident zijn al verwijderd.")
		}
		if _, err := tx.Exec(ctx, `UPDATE incidents SET reporter_id = NULL, reporter_name = '', reporter_removed_at = $3,
			updated_at = $3, version = version + 1 WHERE organisation_id = $1 AND id = $2`, tx.OrgID, id, tx.Now); err != nil {
			return db.MapError(err, nil)
		}
		if _, err := tx.Exec(ctx, `UPDATE incident_attachments SET uploaded_by = NULL, uploaded_by_name = ''
			WHERE organisation_id = $1 AND incident_id = $2 AND by_reporter`, tx.OrgID, id); err != nil {
			return db.MapError(err, nil)
		}
		if err := addEntry(ctx, tx, actor, id, tx.Now, "notitie", ReporterRemovedText); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: Entity, EntityID: id,
			Summary: fmt.Sprintf("Incident %s: meldergegevens verwijderd", cur.NumberText()),
			Before:  map[string]string{"melder": "vastgelegd"}, After: map[string]string{"melder": "verwijderd"}})
	})
}

// ReporterRemovedText is the timeline's entry of the removal.
const ReporterRemovedText = "Meldergegevens verwijderd op verzoek van de melder."

// retentionFacts adds to an incident's page what this part knows: the
// attachments (for who sees the whole incident), the removal of the
// reporter's details and the end of retention. At most two queries.
func retentionFacts(ctx context.Context, tx *db.Tx, actor authz.Principal, p *Page, full bool) error {
	if err := tx.QueryRow(ctx, `SELECT closed_at, reporter_removed_at, (SELECT count(*) FROM incident_attachments a
		WHERE a.organisation_id = i.organisation_id AND a.incident_id = i.id)
		FROM incidents i WHERE i.organisation_id = $1 AND i.id = $2`, tx.OrgID, p.ID).
		Scan(&p.ClosedAt, &p.ReporterRemovedAt, &p.AttachmentCount); err != nil {
		return fmt.Errorf("incident retention: %w", err)
	}
	p.RetainedUntil = RetainedUntil(p.ClosedAt)
	p.ShowAttachments = full
	p.CanAttach = full && canHandle(actor, p.DepartmentID, p.HandlerID) && p.Status != StatusClosed
	p.CanRemoveReporter = actor.Can(authz.RemoveIncidentReporter) && p.ReporterRemovedAt == nil &&
		(p.ReporterID != 0 || p.ReporterName != "")
	if !p.ShowAttachments {
		return nil
	}
	var err error
	p.Attachments, err = attachmentsOf(ctx, tx, p.ID, false)
	return err
}
