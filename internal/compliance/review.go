package compliance

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/db"
)

// Change is one field of a control's status that differs between two
// states, with Dutch labels and values: "Status: Niet gestart → Geïmplementeerd".
type Change struct {
	Field  string // the key in the audit record, e.g. "status"
	Label  string // "Status"
	Before string // "Niet gestart"
	After  string // "Geïmplementeerd"
	// Short is the new value for a one-line summary ("3" for a maturity);
	// empty for free text, which a summary only names.
	Short string
}

// FieldLabels names the fields of a control's status record (the JSON keys
// of statusRecord) in Dutch, in form order.
var FieldLabels = []struct{ Key, Label string }{
	{"applicable", "Van toepassing"},
	{"justification", "Onderbouwing"},
	{"justifying_analysis_id", "Onderbouwende risicoanalyse"},
	{"owner_department_id", "Eigenaar"},
	{"status", "Status"},
	{"opzet", "Opzet"},
	{"bestaan", "Bestaan"},
	{"werking", "Werking"},
	{"maturity", "Volwassenheid"},
	{"notes", "Toelichting"},
	{"last_review", "Laatste beoordeling"},
	{"next_review", "Volgende beoordeling"},
}

// FieldLabel is the Dutch label of a status record field, "" if unknown.
func FieldLabel(key string) string {
	for _, f := range FieldLabels {
		if f.Key == key {
			return f.Label
		}
	}
	return ""
}

// ValueLabel is the Dutch label of a coded value of a status record field
// (status, opzet/bestaan/werking, maturity) as decoded from JSON; ok is false
// for other fields, which show as they are.
func ValueLabel(key string, v any) (string, bool) {
	switch key {
	case "status":
		if s, ok := v.(string); ok && StatusSet.Valid(Status(s)) {
			return Status(s).Label(), true
		}
	case "opzet", "bestaan", "werking":
		if s, ok := v.(string); ok && AnswerSet.Valid(Answer(s)) {
			return Answer(s).Label(), true
		}
	case "maturity":
		if n, ok := v.(float64); ok {
			return MaturityLabel(int(n)), true
		}
		if v == nil {
			return MaturityLabel(0), true
		}
	}
	return "", false
}

const noValue = "—"

// analysisValue names a justifying analysis by its number (its title is
// on the control page).
func analysisValue(id int64) string {
	if id == 0 {
		return noValue
	}
	return "risicoanalyse nr. " + strconv.FormatInt(id, 10)
}

func textValue(s string) string {
	if s == "" {
		return noValue
	}
	return s
}

func dateValue(t *time.Time) string {
	if t == nil {
		return noValue
	}
	return t.Format("02-01-2006")
}

func yesNo(b bool) string {
	if b {
		return "Ja"
	}
	return "Nee"
}

// diff lists the fields in which b differs from a, in form order. owner
// names an afdeling by id (0: no owner).
func diff(a, b statusRecord, owner func(int64) string) []Change {
	var out []Change
	add := func(key string, changed bool, before, after, short string) {
		if changed {
			out = append(out, Change{Field: key, Label: FieldLabel(key), Before: before, After: after, Short: short})
		}
	}
	ownerName := func(id int64) string {
		if id == 0 {
			return noValue
		}
		return owner(id)
	}
	add("applicable", a.Applicable != b.Applicable, yesNo(a.Applicable), yesNo(b.Applicable), yesNo(b.Applicable))
	add("justification", a.Justification != b.Justification, textValue(a.Justification), textValue(b.Justification), "")
	if a.Analysis != b.Analysis {
		add("justifying_analysis_id", true, analysisValue(a.Analysis), analysisValue(b.Analysis), "")
	}
	if a.OwnerDeptID != b.OwnerDeptID { // names only when needed
		add("owner_department_id", true, ownerName(a.OwnerDeptID), ownerName(b.OwnerDeptID), ownerName(b.OwnerDeptID))
	}
	add("status", a.Status != b.Status, a.Status.Label(), b.Status.Label(), b.Status.Label())
	add("opzet", a.Opzet != b.Opzet, a.Opzet.Label(), b.Opzet.Label(), b.Opzet.Label())
	add("bestaan", a.Bestaan != b.Bestaan, a.Bestaan.Label(), b.Bestaan.Label(), b.Bestaan.Label())
	add("werking", a.Werking != b.Werking, a.Werking.Label(), b.Werking.Label(), b.Werking.Label())
	short := "niet bepaald"
	if b.Maturity > 0 {
		short = strconv.Itoa(b.Maturity)
	}
	add("maturity", a.Maturity != b.Maturity, MaturityLabel(a.Maturity), MaturityLabel(b.Maturity), short)
	add("notes", a.Notes != b.Notes, textValue(a.Notes), textValue(b.Notes), "")
	last, next := dateValue(b.LastReview), dateValue(b.NextReview)
	add("last_review", dateValue(a.LastReview) != last, dateValue(a.LastReview), last, last)
	add("next_review", dateValue(a.NextReview) != next, dateValue(a.NextReview), next, next)
	return out
}

// untouched is the state of a control the organisation has not worked on:
// what the list shows for it, and what a carry-over starts from.
func untouched() statusRecord {
	return statusRecord{Applicable: true, Status: NotStarted, Opzet: Unknown, Bestaan: Unknown, Werking: Unknown}
}

// decodeRecord reads a full status record from an audit event's JSON; ok is
// false for other shapes (a review, a carry-over, an evidence event).
func decodeRecord(raw []byte) (statusRecord, bool) {
	if len(raw) == 0 {
		return statusRecord{}, false
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal(raw, &keys) != nil {
		return statusRecord{}, false
	}
	for _, f := range FieldLabels {
		// The justifying analysis came later (and is left out when empty):
		// older events without it are still full records.
		if _, ok := keys[f.Key]; !ok && f.Key != "justifying_analysis_id" {
			return statusRecord{}, false
		}
	}
	var r statusRecord
	if json.Unmarshal(raw, &r) != nil {
		return statusRecord{}, false
	}
	return r, true
}

// ChangedFields names the fields an audit event of a control changed
// ("Status", "Volwassenheid"); nil when the event does not hold two full
// status records (a review, a carry-over, evidence).
func ChangedFields(before, after []byte) []string {
	a, okA := decodeRecord(before)
	b, okB := decodeRecord(after)
	if !okA || !okB {
		return nil
	}
	var out []string
	for _, c := range diff(a, b, func(int64) string { return "" }) {
		out = append(out, c.Label)
	}
	return out
}

// ReviewDiff lists what changed in c since its last review by the CISO: the
// state at the last review (the state before the first change recorded after
// it in the audit trail) against the current state. No change recorded since
// the review: nil. One query, whatever the number of events; the afdeling
// owning the control at the review is named in the same query.
func ReviewDiff(ctx context.Context, q *db.Tx, orgID int64, c Control) ([]Change, error) {
	if c.Version == 0 {
		return nil, nil
	}
	var (
		before    []byte
		ownerName string
	)
	// A review (and a CISO's own change) sets reviewed_at to its
	// transaction's time, the time its audit event carries too: the events
	// after it are the changes waiting for review.
	err := q.QueryRow(ctx, `
		SELECT a.before, coalesce(d.name, '') FROM audit_events a
		LEFT JOIN control_statuses s ON s.organisation_id = a.organisation_id AND s.item_id = a.entity_id
		LEFT JOIN departments d ON d.organisation_id = a.organisation_id
		     AND d.id = CASE WHEN jsonb_typeof(a.before->'owner_department_id') = 'number' THEN (a.before->>'owner_department_id')::bigint END
		WHERE a.organisation_id = $1 AND a.entity = 'control' AND a.entity_id = $2
		  AND (s.reviewed_at IS NULL OR a.occurred_at > s.reviewed_at)
		ORDER BY a.id LIMIT 1`, orgID, c.ItemID).Scan(&before, &ownerName)
	if db.IsNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("review diff of control %d: %w", c.ItemID, err)
	}
	base, ok := decodeRecord(before)
	if !ok {
		// The first change had no previous state (a carry-over): it started
		// from an untouched control.
		base = untouched()
	}
	names := map[int64]string{c.OwnerDeptID: c.OwnerDeptName, base.OwnerDeptID: ownerName}
	return diff(base, recordOf(c), func(id int64) string {
		if n := names[id]; n != "" {
			return n
		}
		return "Verwijderde afdeling"
	}), nil
}

// HistoryEntry is an event of a control's history with the fields it changed.
type HistoryEntry struct {
	audit.Entry
	Fields []string // Dutch labels; nil for events that are not a status change
}
