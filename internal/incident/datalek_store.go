package incident

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/nl"
)

// DatalekTrack is what the incident page shows of a datalek beyond the
// decision on notifying the AP: the facts for the AP's form, the
// aanvullende meldingen and the FG's advice.
type DatalekTrack struct {
	Facts     Facts
	FollowUps []Note // oldest first
	Advices   []Note // newest first
	CanAdvise bool   // the reader is the FG
}

var errNoDatalek = apperr.Conflictf("Dit incident is geen datalek. Geef eerst in de classificatie aan dat er persoonsgegevens bij betrokken zijn.")

const factsSQL = `SELECT nature, person_groups, person_groups_other, persons_min, persons_max, records_count,
	data_categories, data_other, special_categories, consequences, consequences_text, measures_taken, measures_planned,
	encrypted, encryption_note, subjects_informed, subjects_informed_on, subjects_how, subjects_not_reason,
	cross_border, cross_border_note, version, updated_by_name, updated_at
	FROM incident_datalek_facts WHERE organisation_id = $1 AND incident_id = $2`

// loadFacts reads the facts of a datalek; none stored is Facts{} (version 0).
func loadFacts(ctx context.Context, tx *db.Tx, id int64) (Facts, error) {
	var f Facts
	err := tx.QueryRow(ctx, factsSQL, tx.OrgID, id).Scan(&f.Nature, &f.PersonGroups, &f.PersonGroupsOther, &f.PersonsMin, &f.PersonsMax,
		&f.Records, &f.DataCategories, &f.DataOther, &f.SpecialCategories, &f.Consequences, &f.ConsequencesText, &f.MeasuresTaken,
		&f.MeasuresPlanned, &f.Encrypted, &f.EncryptionNote, &f.SubjectsInformed, &f.InformedOn, &f.SubjectsHow, &f.SubjectsNotReason,
		&f.CrossBorder, &f.CrossBorderNote, &f.Version, &f.UpdatedBy, &f.UpdatedAt)
	if db.IsNoRows(err) {
		return Facts{}, nil
	}
	if err != nil {
		return f, fmt.Errorf("datalek facts of %d: %w", id, err)
	}
	return f, nil
}

// notes reads the aanvullende meldingen (oldest first) and the FG's
// advices (newest first) of a datalek, in one query.
func notes(ctx context.Context, tx *db.Tx, id int64) (followUps, advices []Note, err error) {
	rows, err := tx.Query(ctx, `SELECT kind, noted_on, text, author_name FROM incident_datalek_notes
		WHERE organisation_id = $1 AND incident_id = $2 ORDER BY noted_on, id`, tx.OrgID, id)
	if err != nil {
		return nil, nil, fmt.Errorf("datalek notes: %w", err)
	}
	type row struct {
		Kind string
		Note
	}
	all, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (row, error) {
		var x row
		err := r.Scan(&x.Kind, &x.On, &x.Text, &x.AuthorName)
		return x, err
	})
	for _, x := range all {
		if x.Kind == NoteAdvice {
			advices = append([]Note{x.Note}, advices...)
		} else {
			followUps = append(followUps, x.Note)
		}
	}
	return followUps, advices, err
}

// datalekTrack fills the page's datalek track: two queries for a
// datalek, none for another incident.
func datalekTrack(ctx context.Context, tx *db.Tx, actor authz.Principal, p *Page) (err error) {
	if !p.PersonalData {
		return nil
	}
	t := &p.Track
	t.CanAdvise = actor.Can(authz.AdviseDatalek)
	if t.Facts, err = loadFacts(ctx, tx, p.ID); err != nil {
		return err
	}
	t.FollowUps, t.Advices, err = notes(ctx, tx, p.ID)
	return err
}

// FactsPage is the form of a datalek's facts.
type FactsPage struct {
	Incident
	Facts Facts
}

// FactsForm reads a datalek with its facts for the handler's form.
// HandleIncidents, in scope; datalekken only.
func (s *Service) FactsForm(ctx context.Context, actor authz.Principal, id int64) (p FactsPage, err error) {
	err = s.DB.ReadAs(ctx, actor, authz.HandleIncidents, func(tx *db.Tx) error {
		if p.Incident, err = load(ctx, tx, id, false); err != nil {
			return err
		}
		if err := inHandlerScope(actor, p.Incident); err != nil {
			return err
		}
		if !p.PersonalData {
			return apperr.NotFoundf("Dit incident is geen datalek; er zijn geen gegevens voor de AP.")
		}
		p.Facts, err = loadFacts(ctx, tx, id)
		return err
	})
	return p, err
}

func inHandlerScope(actor authz.Principal, x Incident) error {
	if !scopeOf(actor).sees(x.DepartmentID, x.PersonalData, x.Impact, x.HandlerID) {
		return errNotFound
	}
	if !canHandle(actor, x.DepartmentID, x.HandlerID) {
		return errHandleScope
	}
	return nil
}

// factsAudit is the facts as the audit trail stores them.
func factsAudit(f Facts) map[string]string {
	d := BuildDraft("", Incident{}, f, nil)
	out := map[string]string{}
	for _, sec := range d.Sections[2:] {
		for _, it := range sec.Items {
			if it.Value != notYet {
				out[it.Label] = it.Value
			}
		}
	}
	out["Aard van de inbreuk"] = strings.Join(Labels(Natures, f.Nature), "; ")
	return out
}

// SaveFacts stores the facts of a datalek for the AP's form, with the
// version check (409 when someone else saved them meanwhile).
// HandleIncidents, in scope; datalekken only, not when closed.
func (s *Service) SaveFacts(ctx context.Context, actor authz.Principal, id int64, in FactsInput) error {
	return s.handle(ctx, actor, id, func(tx *db.Tx, cur Incident) error {
		v := in.Validate()
		if in.facts.InformedOn != nil {
			notFutureDay(v, "informed_on", "De datum waarop de betrokkenen zijn geïnformeerd", *in.facts.InformedOn, tx.Now)
		}
		if err := v.Err(); err != nil {
			return err
		}
		if !cur.PersonalData {
			return errNoDatalek
		}
		if cur.Status == StatusClosed {
			return apperr.Conflictf("Dit incident is gesloten; de gegevens voor de AP liggen vast.")
		}
		before, err := loadFacts(ctx, tx, id)
		if err != nil {
			return err
		}
		if in.Version != before.Version {
			return apperr.Stale()
		}
		f := in.facts
		args := []any{tx.OrgID, id, f.Nature, f.PersonGroups, f.PersonGroupsOther, f.PersonsMin, f.PersonsMax, f.Records,
			f.DataCategories, f.DataOther, f.SpecialCategories, f.Consequences, f.ConsequencesText, f.MeasuresTaken, f.MeasuresPlanned,
			f.Encrypted, f.EncryptionNote, f.SubjectsInformed, f.InformedOn, f.SubjectsHow, f.SubjectsNotReason,
			f.CrossBorder, f.CrossBorderNote, actor.Name, tx.Now, in.Version}
		sql := `UPDATE incident_datalek_facts SET nature = $3, person_groups = $4, person_groups_other = $5, persons_min = $6,
			persons_max = $7, records_count = $8, data_categories = $9, data_other = $10, special_categories = $11, consequences = $12,
			consequences_text = $13, measures_taken = $14, measures_planned = $15, encrypted = $16, encryption_note = $17,
			subjects_informed = $18, subjects_informed_on = $19, subjects_how = $20, subjects_not_reason = $21, cross_border = $22,
			cross_border_note = $23, updated_by_name = $24, updated_at = $25, version = version + 1
			WHERE organisation_id = $1 AND incident_id = $2 AND version = $26`
		if in.Version == 0 {
			sql = `INSERT INTO incident_datalek_facts (organisation_id, incident_id, nature, person_groups, person_groups_other,
				persons_min, persons_max, records_count, data_categories, data_other, special_categories, consequences,
				consequences_text, measures_taken, measures_planned, encrypted, encryption_note, subjects_informed,
				subjects_informed_on, subjects_how, subjects_not_reason, cross_border, cross_border_note, updated_by_name, updated_at)
				SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25
				WHERE $26::integer = 0
				ON CONFLICT (organisation_id, incident_id) DO NOTHING`
		}
		ct, err := tx.Exec(ctx, sql, args...)
		if err != nil {
			return db.MapError(err, map[string]db.FieldError{
				"incident_datalek_facts_persons_range": {Field: "persons_max", Message: "Het maximale aantal betrokkenen is kleiner dan het minimale."},
				"incident_datalek_facts_informed_on":   {Field: "informed_on", Message: "Vul de datum alleen in als de betrokkenen zijn geïnformeerd (kies dan 'Ja')."},
			})
		}
		if ct.RowsAffected() == 0 {
			return apperr.Stale()
		}
		after, err := loadFacts(ctx, tx, id)
		if err != nil {
			return err
		}
		var beforeAudit any
		if before.Filled() {
			beforeAudit = factsAudit(before)
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: Entity, EntityID: id,
			Summary: fmt.Sprintf("Incident %s: gegevens voor de AP-melding bijgewerkt", cur.NumberText()),
			Before:  beforeAudit, After: factsAudit(after)})
	})
}

// Concept assembles the draft of the notification to the AP. ViewIncidents,
// in the reader's scope; datalekken only.
func (s *Service) Concept(ctx context.Context, actor authz.Principal, id int64) (d Draft, err error) {
	sc := scopeOf(actor)
	err = s.DB.ReadAs(ctx, actor, authz.ViewIncidents, func(tx *db.Tx) error {
		x, err := load(ctx, tx, id, false)
		if err != nil {
			return err
		}
		if !sc.sees(x.DepartmentID, x.PersonalData, x.Impact, x.HandlerID) {
			return errViewScope
		}
		if !x.PersonalData {
			return apperr.NotFoundf("Dit incident is geen datalek; er is geen melding aan de AP.")
		}
		f, err := loadFacts(ctx, tx, id)
		if err != nil {
			return err
		}
		fus, _, err := notes(ctx, tx, id)
		if err != nil {
			return err
		}
		x.ReporterName = ""
		d = BuildDraft(actor.OrgName, x, f, fus)
		return nil
	})
	return d, err
}

// addNote stores a note of a datalek with its timeline entry and audit
// event.
func addNote(ctx context.Context, tx *db.Tx, actor authz.Principal, cur Incident, in NoteInput, entryKind, what string) error {
	if _, err := tx.Exec(ctx, `INSERT INTO incident_datalek_notes (organisation_id, incident_id, kind, noted_on, text, author_id, author_name, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, tx.OrgID, cur.ID, in.Kind, in.on, in.Text, actor.UserID, actor.Name, tx.Now); err != nil {
		return db.MapError(err, nil)
	}
	day := in.on.Format("02-01-2006")
	if err := addEntry(ctx, tx, actor, cur.ID, tx.Now, entryKind, what+" ("+day+"): "+in.Text); err != nil {
		return err
	}
	return audit.Record(ctx, tx, audit.Event{Action: audit.Create, Entity: Entity, EntityID: cur.ID,
		Summary: fmt.Sprintf("Incident %s: %s vastgelegd", cur.NumberText(), strings.ToLower(what[:1])+what[1:]),
		After:   map[string]string{"datum": day, "tekst": in.Text}})
}

// AddFollowUp records an aanvullende melding to the AP, with a timeline
// entry. HandleIncidents, in scope; only after the notification, not when
// closed.
func (s *Service) AddFollowUp(ctx context.Context, actor authz.Principal, id int64, in NoteInput) error {
	return s.handle(ctx, actor, id, func(tx *db.Tx, cur Incident) error {
		in.Kind = NoteFollowUp
		v := in.Validate()
		notFutureDay(v, "sent_on", "De datum van de aanvullende melding", in.on, tx.Now)
		if cur.APNotifiedAt != nil && !in.on.IsZero() && in.on.Before(nl.Date(*cur.APNotifiedAt)) {
			v.Add("sent_on", "De aanvullende melding ligt voor de melding bij de AP.")
		}
		if err := v.Err(); err != nil {
			return err
		}
		switch {
		case !cur.PersonalData:
			return errNoDatalek
		case cur.APDecision != APNotify:
			return apperr.Conflictf("Een aanvullende melding volgt op een melding bij de AP. Leg eerst vast dat het datalek is gemeld.")
		case cur.Status == StatusClosed:
			return apperr.Conflictf("Dit incident is gesloten; er komen geen aanvullende meldingen meer bij.")
		}
		return addNote(ctx, tx, actor, cur, in, "contact", "Aanvullende melding aan de AP")
	})
}

// Advise records the FG's advice on a datalek, with a timeline entry and an
// audit event; a later advice adds to the earlier ones. AdviseDatalek (the
// FG only), datalekken only.
func (s *Service) Advise(ctx context.Context, actor authz.Principal, id int64, in NoteInput) error {
	return s.DB.WriteAs(ctx, actor, authz.AdviseDatalek, func(tx *db.Tx) error {
		cur, err := load(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !scopeOf(actor).sees(cur.DepartmentID, cur.PersonalData, cur.Impact, cur.HandlerID) {
			return errNotFound
		}
		in.Kind = NoteAdvice
		v := in.Validate()
		notFutureDay(v, "advised_on", "De datum van het advies", in.on, tx.Now)
		if err := v.Err(); err != nil {
			return err
		}
		if !cur.PersonalData {
			return errNoDatalek
		}
		return addNote(ctx, tx, actor, cur, in, "notitie", "Advies van de FG")
	})
}
