package incident

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/nl"
)

// CbwView is the Cbw track and the report to the IBD / CSIRT of one
// incident, as its page shows them.
type CbwView struct {
	Significant bool
	MarkedBy    string
	MarkedAt    *time.Time
	Sent        [cbwReports]*time.Time
	Refs        [cbwReports]string
	Terms       [cbwReports]TermState // computed with Settings at the moment of reading
	Settings    CbwSettings
	CsirtAt     *time.Time
	CsirtRef    string
}

// Input is the stored state as the Cbw form.
func (c CbwView) Input(version int) CbwInput {
	in := CbwInput{Significant: c.Significant, Version: version}
	for i := range c.Sent {
		if c.Sent[i] != nil {
			in.SentAt[i] = InputValue(*c.Sent[i])
		}
		in.Reference[i] = c.Refs[i]
	}
	return in
}

// CsirtInput is the stored report to the IBD / CSIRT as its form.
func (c CbwView) CsirtInput(version int) CsirtInput {
	in := CsirtInput{Reference: c.CsirtRef, Version: version}
	if c.CsirtAt != nil {
		in.ReportedAt = InputValue(*c.CsirtAt)
	}
	return in
}

// settingsColumns are the configured terms of settings row s; every column
// is NULL when the organisation never saved them (scanSettings fills the
// defaults).
const settingsColumns = `s.early_start, s.early_amount, s.early_unit, s.notification_start, s.notification_amount, s.notification_unit,
	s.final_start, s.final_amount, s.final_unit, s.version, s.updated_by_name, s.updated_at`

// settingsRow receives settingsColumns.
type settingsRow struct {
	start     [cbwReports]*string
	amount    [cbwReports]*int
	unit      [cbwReports]*string
	version   *int
	updatedBy *string
	updatedAt *time.Time
}

func (r *settingsRow) dest() []any {
	return []any{&r.start[0], &r.amount[0], &r.unit[0], &r.start[1], &r.amount[1], &r.unit[1],
		&r.start[2], &r.amount[2], &r.unit[2], &r.version, &r.updatedBy, &r.updatedAt}
}

func (r *settingsRow) settings() CbwSettings {
	s := DefaultCbwSettings()
	if r.version == nil {
		return s
	}
	for i := range s.Terms {
		s.Terms[i] = Term{Start: *r.start[i], Amount: *r.amount[i], Unit: *r.unit[i]}
	}
	s.Version, s.UpdatedBy, s.UpdatedAt = *r.version, *r.updatedBy, r.updatedAt
	return s
}

const cbwColumns = `i.cbw_significant, i.cbw_marked_by_name, i.cbw_marked_at,
	i.cbw_early_warning_at, i.cbw_early_warning_ref, i.cbw_notification_at, i.cbw_notification_ref,
	i.cbw_final_report_at, i.cbw_final_report_ref, i.csirt_reported_at, i.csirt_reference`

func (c *CbwView) dest() []any {
	return []any{&c.Significant, &c.MarkedBy, &c.MarkedAt, &c.Sent[0], &c.Refs[0], &c.Sent[1], &c.Refs[1],
		&c.Sent[2], &c.Refs[2], &c.CsirtAt, &c.CsirtRef}
}

// loadCbw reads the Cbw track and the CSIRT report of incident id with the
// organisation's terms, in one query, and computes the terms at now.
func loadCbw(ctx context.Context, tx *db.Tx, id int64, discovered, now time.Time) (CbwView, error) {
	var c CbwView
	var s settingsRow
	err := tx.QueryRow(ctx, `SELECT `+cbwColumns+`, `+settingsColumns+`
		FROM incidents i LEFT JOIN incident_cbw_settings s ON s.organisation_id = i.organisation_id
		WHERE i.organisation_id = $1 AND i.id = $2`, tx.OrgID, id).Scan(append(c.dest(), s.dest()...)...)
	if db.IsNoRows(err) {
		return c, errNotFound
	}
	if err != nil {
		return c, fmt.Errorf("load cbw of incident %d: %w", id, err)
	}
	c.Settings = s.settings()
	c.Terms = CbwStates(c.Settings, discovered, c.Sent, c.Refs, now)
	return c, nil
}

// queueCbwList adds to the register's batch the Cbw state of the rows of the
// page (the same filter, order and page as the rows), one query for the whole
// page, and gives each significant incident its badge.
func queueCbwList(b *db.Batch, where string, args []any, p listing.Params, lp *ListPage, now time.Time) {
	b.Queue(`SELECT i.id, i.discovered_at, `+cbwColumns+`, `+settingsColumns+`
		FROM incidents i LEFT JOIN incident_cbw_settings s ON s.organisation_id = i.organisation_id`+where+`
		ORDER BY i.discovered_at DESC, i.id DESC LIMIT $11 OFFSET $12`, append(args, p.Limit(), p.Offset())...).
		Query(func(rows pgx.Rows) error {
			badges := map[int64]*CbwBadge{}
			for rows.Next() {
				var id int64
				var discovered time.Time
				var c CbwView
				var s settingsRow
				if err := rows.Scan(append([]any{&id, &discovered}, append(c.dest(), s.dest()...)...)...); err != nil {
					return err
				}
				if c.Significant {
					b := CbwSummary(CbwStates(s.settings(), discovered, c.Sent, c.Refs, now))
					badges[id] = &b
				}
			}
			if err := rows.Err(); err != nil {
				return err
			}
			for i := range lp.Rows {
				if b := badges[lp.Rows[i].ID]; b != nil {
					lp.Rows[i].Cbw = b
					lp.ShowCbw = true
				}
			}
			return nil
		})
}

// auditCbw is the Cbw track and the CSIRT report as the audit trail stores
// them.
type auditCbw struct {
	Number      string            `json:"nummer"`
	Significant bool              `json:"significant_incident_cbw"`
	Sent        map[string]string `json:"verzonden,omitempty"`
	References  map[string]string `json:"kenmerken,omitempty"`
	Csirt       string            `json:"gemeld_aan_ibd_csirt,omitempty"`
	CsirtRef    string            `json:"kenmerk_ibd_csirt,omitempty"`
}

func auditOfCbw(number string, c CbwView) auditCbw {
	a := auditCbw{Number: number, Significant: c.Significant, Sent: map[string]string{}, References: map[string]string{}, CsirtRef: c.CsirtRef}
	for i, r := range CbwReports {
		if c.Sent[i] != nil {
			a.Sent[r.Label] = c.Sent[i].UTC().Format(time.RFC3339)
		}
		if c.Refs[i] != "" {
			a.References[r.Label] = c.Refs[i]
		}
	}
	if c.CsirtAt != nil {
		a.Csirt = c.CsirtAt.UTC().Format(time.RFC3339)
	}
	return a
}

func momentText(t time.Time) string { return nl.Local(t).Format("02-01-2006 15:04") }

func sameMoment(a, b *time.Time) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Equal(*b))
}

// checkMoment refuses a recorded moment in the future or before the incident
// was discovered.
func checkMoment(v apperr.Validation, field, what string, t *time.Time, discovered, now time.Time) {
	if t == nil {
		return
	}
	notFuture(v, field, what, *t, now)
	if t.Before(discovered) {
		v.Add(field, what+" ligt voor de ontdekking van het incident ("+momentText(discovered)+").")
	}
}

// openCbw opens an incident for a change of its Cbw or CSIRT data by actor:
// locked and in scope (handled), the input valid (validate, which may check
// against the incident), the version the form carried current; with the
// stored Cbw state.
func openCbw(ctx context.Context, tx *db.Tx, actor authz.Principal, id int64, version int,
	validate func(cur Incident) apperr.Validation) (Incident, CbwView, error) {
	cur, err := handled(ctx, tx, actor, id)
	if err != nil {
		return cur, CbwView{}, err
	}
	if err := validate(cur).Err(); err != nil {
		return cur, CbwView{}, err
	}
	if version != cur.Version {
		return cur, CbwView{}, apperr.Stale()
	}
	before, err := loadCbw(ctx, tx, id, cur.DiscoveredAt, tx.Now)
	return cur, before, err
}

// SaveCbw marks the incident as a significant incident under the Cbw (or
// not) and records when its reports were sent, with a timeline entry per
// change and an audit event. HandleIncidents, in scope; version check.
func (s *Service) SaveCbw(ctx context.Context, actor authz.Principal, id int64, in CbwInput) error {
	return s.DB.WriteAs(ctx, actor, authz.HandleIncidents, func(tx *db.Tx) error {
		cur, before, err := openCbw(ctx, tx, actor, id, in.Version, func(cur Incident) apperr.Validation {
			v := in.Validate()
			for i, r := range CbwReports {
				checkMoment(v, sentField(i), "Het moment van verzending van "+r.Lower, in.sent[i], cur.DiscoveredAt, tx.Now)
			}
			return v
		})
		if err != nil {
			return err
		}
		var changes []string
		if in.Significant != before.Significant {
			if in.Significant {
				changes = append(changes, "aangemerkt als significant incident (Cbw)")
			} else {
				changes = append(changes, "niet langer aangemerkt als significant incident (Cbw)")
			}
		}
		for i, r := range CbwReports {
			switch {
			case sameMoment(in.sent[i], before.Sent[i]) && in.Reference[i] == before.Refs[i]:
			case in.sent[i] == nil:
				changes = append(changes, strings.ToLower(r.Label)+" niet meer als verzonden vastgelegd")
			default:
				text := strings.ToLower(r.Label) + " verzonden op " + momentText(*in.sent[i])
				if in.Reference[i] != "" {
					text += " (kenmerk " + in.Reference[i] + ")"
				}
				changes = append(changes, text)
			}
		}
		if len(changes) == 0 {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE incidents SET cbw_significant = $3,
			cbw_marked_by_name = CASE WHEN $3 AND NOT cbw_significant THEN $4 WHEN $3 THEN cbw_marked_by_name ELSE '' END,
			cbw_marked_at = CASE WHEN $3 AND NOT cbw_significant THEN $5 WHEN $3 THEN cbw_marked_at END,
			cbw_early_warning_at = $6, cbw_early_warning_ref = $7, cbw_notification_at = $8, cbw_notification_ref = $9,
			cbw_final_report_at = $10, cbw_final_report_ref = $11, updated_at = $5, version = version + 1
			WHERE organisation_id = $1 AND id = $2`, tx.OrgID, id, in.Significant, actor.Name, tx.Now,
			in.sent[0], in.Reference[0], in.sent[1], in.Reference[1], in.sent[2], in.Reference[2]); err != nil {
			return db.MapError(err, map[string]db.FieldError{
				"incidents_cbw_only_significant": {Field: "cbw_significant", Message: "Alleen een significant incident heeft Cbw-meldingen."},
				"incidents_cbw_order":            {Field: sentField(Notification), Message: "Leg de meldingen vast in hun volgorde: vroegtijdige waarschuwing, incidentmelding, eindrapport."},
			})
		}
		text := "Cbw: " + strings.Join(changes, "; ") + "."
		if err := addEntry(ctx, tx, actor, id, tx.Now, "besluit", text); err != nil {
			return err
		}
		after, err := loadCbw(ctx, tx, id, cur.DiscoveredAt, tx.Now)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: Entity, EntityID: id,
			Summary: fmt.Sprintf("Incident %s %s", cur.NumberText(), text),
			Before:  auditOfCbw(cur.NumberText(), before), After: auditOfCbw(cur.NumberText(), after)})
	})
}

// SaveCsirt records when the incident was reported to the IBD / CSIRT, with
// its reference (both empty: not reported), for every incident.
// HandleIncidents, in scope; version check.
func (s *Service) SaveCsirt(ctx context.Context, actor authz.Principal, id int64, in CsirtInput) error {
	return s.DB.WriteAs(ctx, actor, authz.HandleIncidents, func(tx *db.Tx) error {
		cur, before, err := openCbw(ctx, tx, actor, id, in.Version, func(cur Incident) apperr.Validation {
			v := in.Validate()
			checkMoment(v, "csirt_reported_at", "Het moment van de melding aan de IBD / CSIRT", in.reported, cur.DiscoveredAt, tx.Now)
			return v
		})
		if err != nil {
			return err
		}
		if sameMoment(in.reported, before.CsirtAt) && in.Reference == before.CsirtRef {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE incidents SET csirt_reported_at = $3, csirt_reference = $4, updated_at = $5, version = version + 1
			WHERE organisation_id = $1 AND id = $2`, tx.OrgID, id, in.reported, in.Reference, tx.Now); err != nil {
			return db.MapError(err, map[string]db.FieldError{
				"incidents_csirt_reference_needs_date": {Field: "csirt_reported_at", Message: "Vul in wanneer het incident aan de IBD / CSIRT is gemeld."},
			})
		}
		text := "Melding aan de IBD / CSIRT niet meer vastgelegd."
		if in.reported != nil {
			text = "Gemeld aan de IBD / CSIRT op " + momentText(*in.reported)
			if in.Reference != "" {
				text += " (kenmerk " + in.Reference + ")"
			}
			text += "."
		}
		if err := addEntry(ctx, tx, actor, id, tx.Now, "contact", text); err != nil {
			return err
		}
		after := before
		after.CsirtAt, after.CsirtRef = in.reported, in.Reference
		return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: Entity, EntityID: id,
			Summary: fmt.Sprintf("Incident %s: %s", cur.NumberText(), strings.TrimSuffix(text, ".")),
			Before:  auditOfCbw(cur.NumberText(), before), After: auditOfCbw(cur.NumberText(), after)})
	})
}

// ---- the configuration ----

// CbwSettingsPage is the CISO's page of the terms.
type CbwSettingsPage struct {
	Settings CbwSettings
	Now      time.Time // for the examples
}

// CbwSettingsOf reads the organisation's terms (the defaults when never
// saved). ConfigureIncidents.
func (s *Service) CbwSettingsOf(ctx context.Context, actor authz.Principal) (p CbwSettingsPage, err error) {
	err = s.DB.ReadAs(ctx, actor, authz.ConfigureIncidents, func(tx *db.Tx) error {
		p.Now = tx.Now
		p.Settings, err = readSettings(ctx, tx)
		return err
	})
	return p, err
}

// readSettings reads the organisation's terms; a concurrent change is
// caught by the version in SaveCbwSettings's upsert.
func readSettings(ctx context.Context, tx *db.Tx) (CbwSettings, error) {
	var r settingsRow
	if err := tx.QueryRow(ctx, `SELECT `+settingsColumns+` FROM (SELECT $1::bigint AS organisation_id) o
		LEFT JOIN incident_cbw_settings s ON s.organisation_id = o.organisation_id`, tx.OrgID).Scan(r.dest()...); err != nil {
		return CbwSettings{}, fmt.Errorf("read cbw settings: %w", err)
	}
	return r.settings(), nil
}

type auditSettings map[string]string

func auditOfSettings(s CbwSettings) auditSettings {
	a := auditSettings{}
	for i, r := range CbwReports {
		a[r.Label] = s.Terms[i].Text()
	}
	return a
}

// SaveCbwSettings stores the organisation's terms, with the version check
// (0: the defaults, never saved) and an audit event. ConfigureIncidents.
func (s *Service) SaveCbwSettings(ctx context.Context, actor authz.Principal, in CbwSettingsInput) error {
	return s.DB.WriteAs(ctx, actor, authz.ConfigureIncidents, func(tx *db.Tx) error {
		if err := in.Validate().Err(); err != nil {
			return err
		}
		cur, err := readSettings(ctx, tx)
		if err != nil {
			return err
		}
		if in.Version != cur.Version {
			return apperr.Stale()
		}
		t := in.terms
		args := []any{tx.OrgID, t[0].Start, t[0].Amount, t[0].Unit, t[1].Start, t[1].Amount, t[1].Unit,
			t[2].Start, t[2].Amount, t[2].Unit, actor.Name, tx.Now, in.Version}
		ct, err := tx.Exec(ctx, `INSERT INTO incident_cbw_settings AS s (organisation_id, early_start, early_amount, early_unit,
			notification_start, notification_amount, notification_unit, final_start, final_amount, final_unit, updated_by_name, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
			ON CONFLICT (organisation_id) DO UPDATE SET early_start = $2, early_amount = $3, early_unit = $4,
			notification_start = $5, notification_amount = $6, notification_unit = $7, final_start = $8, final_amount = $9, final_unit = $10,
			updated_by_name = $11, updated_at = $12, version = s.version + 1
			WHERE s.version = $13`, args...)
		if err != nil {
			return db.MapError(err, nil)
		}
		if ct.RowsAffected() == 0 {
			return apperr.Stale()
		}
		next := cur
		next.Terms = t
		return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: SettingsEntity, EntityID: tx.OrgID,
			Summary: "Termijnen van de Cbw-meldingen gewijzigd", Before: auditOfSettings(cur), After: auditOfSettings(next)})
	})
}
