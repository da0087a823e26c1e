// Package audit keeps the append-only audit trail. Every write of domain data
// records an Event in the same transaction as the write itself, so the trail
// and the data can never disagree.
package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
)

type ctxKey struct{}

// WithRequestID stores the request id so events can be traced to log lines.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, ctxKey{}, id)
}

// RequestID returns the request id stored by WithRequestID.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}

// Event is one entry of the audit trail. Its organisation and actor are
// those of the transaction's scope (no organisation: a login; no user: the
// system, i.e. seed or CLI).
type Event struct {
	Action   string
	Entity   string
	EntityID int64
	Summary  string
	Before   any // marshalled to JSON; nil for creates
	After    any // marshalled to JSON; nil for deletes
}

// Actions used across the portal.
const (
	Create = "create"
	Update = "update"
	Delete = "delete"
	Login  = "login"
)

// Record writes e within tx, the transaction of the change it describes.
func Record(ctx context.Context, tx *db.Tx, e Event) error {
	before, err := marshal(e.Before)
	if err != nil {
		return err
	}
	after, err := marshal(e.After)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO audit_events (organisation_id, actor_id, actor_name, action, entity, entity_id, summary, before, after, request_id)
		VALUES (nullif($1, 0), nullif($2::bigint, 0), (SELECT name FROM users WHERE id = $2), $3, $4, nullif($5, 0), $6, $7, $8, $9)`,
		tx.OrgID, tx.UserID, e.Action, e.Entity, e.EntityID, e.Summary, before, after, RequestID(ctx))
	if err != nil {
		return fmt.Errorf("record audit event %s %s: %w", e.Action, e.Entity, err)
	}
	return nil
}

// RecordAll writes many events of one organisation and actor in one
// statement (a bulk change records one event per item).
func RecordAll(ctx context.Context, tx *db.Tx, events []Event) error {
	if len(events) == 0 {
		return nil
	}
	n := len(events)
	orgs, actors, ids := make([]int64, n), make([]int64, n), make([]int64, n)
	actions, entities, summaries := make([]string, n), make([]string, n), make([]string, n)
	befores, afters := make([]*string, n), make([]*string, n)
	for i, e := range events {
		orgs[i], actors[i], ids[i] = tx.OrgID, tx.UserID, e.EntityID
		actions[i], entities[i], summaries[i] = e.Action, e.Entity, e.Summary
		for _, x := range []struct {
			v   any
			dst **string
		}{{e.Before, &befores[i]}, {e.After, &afters[i]}} {
			b, err := marshal(x.v)
			if err != nil {
				return err
			}
			if b != nil {
				s := string(b)
				*x.dst = &s
			}
		}
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO audit_events (organisation_id, actor_id, actor_name, action, entity, entity_id, summary, before, after, request_id)
		SELECT nullif(x.org, 0), nullif(x.actor, 0), u.name, x.action, x.entity, nullif(x.id, 0), x.summary, x.before::jsonb, x.after::jsonb, $9
		FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[])
		     AS x(org, actor, action, entity, id, summary, before, after)
		LEFT JOIN users u ON u.id = x.actor`,
		orgs, actors, actions, entities, ids, summaries, befores, afters, RequestID(ctx))
	if err != nil {
		return fmt.Errorf("record %d audit events: %w", n, err)
	}
	return nil
}

func marshal(v any) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("marshal audit state: %w", err)
	}
	return b, nil
}

// Entry is an audit event as shown in the trail.
type Entry struct {
	ID         int64
	OccurredAt time.Time
	ActorName  string
	Action     string
	Entity     string
	EntityID   int64
	Summary    string
	Before     []byte
	After      []byte
	RequestID  string
}

// ActionLabel is the Dutch label of the event's action.
func (e Entry) ActionLabel() string { return ActionLabel(e.Action) }

// ActionLabel translates an action to Dutch.
func ActionLabel(a string) string {
	switch a {
	case Create:
		return "aangemaakt"
	case Update:
		return "gewijzigd"
	case Delete:
		return "verwijderd"
	case Login:
		return "ingelogd"
	}
	return a
}

// EntityLabel translates an entity name to Dutch.
func EntityLabel(e string) string {
	switch e {
	case "user":
		return "Gebruiker"
	case "role":
		return "Rol"
	case "department":
		return "Afdeling"
	case "process":
		return "Proces"
	case "application":
		return "Applicatie"
	case "organisation":
		return "Organisatie"
	case "control":
		return "BIO-maatregel"
	case "evidence":
		return "Bewijs"
	case "catalogue":
		return "Normenkader"
	case "action":
		return "Actie (plan)"
	case "bia":
		return "BIA"
	case "bia_settings":
		return "BIA-instellingen"
	case "risk_appetite":
		return "Risicobereidheid"
	case "risk_decision":
		return "Besluit over risico"
	case "risk_analysis":
		return "Risicoanalyse"
	case "risk":
		return "Risico"
	case "risk_matrix":
		return "Risicomatrix"
	case "supplier":
		return "Leverancier"
	case "supplier_agreement":
		return "Verwerkersovereenkomst"
	case "supplier_report":
		return "Assurancerapport"
	case "dpia":
		return "DPIA"
	case "incident":
		return "Incident"
	case "meldloket":
		return "Meldloket"
	case "incident_cbw_settings":
		return "Cbw-termijnen (incidenten)"
	}
	return e
}

// Entities lists the entity names that can be filtered on.
var Entities = []string{"user", "role", "department", "process", "application", "organisation", "control", "evidence", "catalogue", "action"}

// restricted names, per entity, the action a reader of the trail needs to
// see its events: the trail of an incident or a risk is not for every
// beheerder. Domains add theirs with Restrict.
var restricted = map[string]authz.Action{}

// Restrict makes the events of entities visible in the trail only to who
// may perform action (a domain calls it from an init function).
func Restrict(action authz.Action, entities ...string) {
	for _, e := range entities {
		restricted[e] = action
	}
}

// HiddenFor lists the entities whose events the actor may not see.
func HiddenFor(actor authz.Principal) []string {
	out := []string{}
	for e, a := range restricted {
		if !actor.Can(a) {
			out = append(out, e)
		}
	}
	return out
}

// Filter selects entries of the trail.
type Filter struct {
	Entity  string
	Hidden  []string // entities left out (HiddenFor the reader)
	ActorID int64
	From    time.Time // inclusive; zero means no bound
	Until   time.Time // exclusive; zero means no bound
	Query   string    // matched against the summary
	Limit   int
	Offset  int
}

// visible selects the events an organisation sees: its own, plus the events
// outside any organisation (logins, own password changes) of users who hold a
// role in it.
const visible = `(a.organisation_id = $1 OR (a.organisation_id IS NULL AND a.actor_id IN
	(SELECT r.user_id FROM role_assignments r WHERE r.organisation_id = $1)))`

// Page is one page of the trail with the total number of matching events.
type Page struct {
	Entries []Entry
	Total   int
}

// QueueList adds the page of the trail matching f to b (the batch's
// organisation), newest first; out is filled when the batch has run.
func QueueList(b *db.Batch, f Filter, out *Page) {
	const where = `
		WHERE ` + visible + `
		  AND ($2 = '' OR a.entity = $2)
		  AND ($3::bigint = 0 OR a.actor_id = $3)
		  AND ($4::timestamptz IS NULL OR a.occurred_at >= $4)
		  AND ($5::timestamptz IS NULL OR a.occurred_at < $5)
		  AND ($6 = '' OR a.summary ILIKE '%' || $6 || '%')
		  AND a.entity <> ALL($7::text[])`
	hidden := f.Hidden
	if hidden == nil {
		hidden = []string{}
	}
	args := []any{b.Scope.OrgID, f.Entity, f.ActorID, nullTime(f.From), nullTime(f.Until), f.Query, hidden}
	b.Queue(`SELECT count(*) FROM audit_events a`+where, args...).QueryRow(func(row pgx.Row) error { return row.Scan(&out.Total) })
	b.Queue(`
		SELECT a.id, a.occurred_at, coalesce(a.actor_name, 'Systeem'), a.action, a.entity, coalesce(a.entity_id, 0),
		       a.summary, a.before, a.after, a.request_id
		FROM audit_events a`+where+`
		ORDER BY a.occurred_at DESC, a.id DESC
		LIMIT $8 OFFSET $9`, append(args, f.Limit, f.Offset)...).Query(func(rows pgx.Rows) (err error) {
		out.Entries, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Entry, error) {
			var e Entry
			err := r.Scan(&e.ID, &e.OccurredAt, &e.ActorName, &e.Action, &e.Entity, &e.EntityID, &e.Summary, &e.Before, &e.After, &e.RequestID)
			return e, err
		})
		return err
	})
}

// Get returns one entry of the organisation's trail, not one of the hidden
// entities (those are not found).
func Get(ctx context.Context, tx *db.Tx, orgID, id int64, hidden []string) (Entry, error) {
	if hidden == nil {
		hidden = []string{}
	}
	var e Entry
	err := tx.QueryRow(ctx, `
		SELECT a.id, a.occurred_at, coalesce(a.actor_name, 'Systeem'), a.action, a.entity, coalesce(a.entity_id, 0),
		       a.summary, a.before, a.after, a.request_id
		FROM audit_events a
		WHERE `+visible+` AND a.id = $2 AND a.entity <> ALL($3::text[])`, orgID, id, hidden).
		Scan(&e.ID, &e.OccurredAt, &e.ActorName, &e.Action, &e.Entity, &e.EntityID, &e.Summary, &e.Before, &e.After, &e.RequestID)
	if errors.Is(err, pgx.ErrNoRows) {
		return e, apperr.NotFoundf("Deze gebeurtenis bestaat niet.")
	}
	return e, err
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
