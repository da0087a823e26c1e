package incident

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/links"
	"github.com/baken-nl/baken/internal/org"
	"github.com/baken-nl/baken/internal/risk"
	"github.com/baken-nl/baken/internal/supplier"
)

// KindIncident is the link kind of incidents: plan actions address them
// (the improvement actions that follow from an incident, BIO2 5.27).
const KindIncident = "incident"

func init() {
	links.Register(links.Kind{
		Name: KindIncident, Order: 60, Field: "incident_ids", Label: "Incidenten", Singular: "incident", Path: "/incidenten",
		Hint:    "De incidenten waaruit deze actie voortkomt.",
		View:    authz.ViewIncidents,
		Query:   incidentTargets,
		Choices: incidentChoices,
	})
	// Incidents point at the applications, processes and suppliers they
	// touch: those pages list them.
	links.RegisterSource(links.Source{Name: KindIncident, To: incidentsTouching})
	risk.RegisterThreatIncidents(RecentForThreat)
}

// touchColumns are the columns of incident_links per kind of affected item.
var touchColumns = map[string]string{org.KindApplication: "application_id", org.KindProcess: "process_id", supplier.KindSupplier: "supplier_id"}

// incidentsTouching lists the incidents linked to an application, process
// or supplier, newest first, by number only (the incident page checks the
// reader's scope): one query.
func incidentsTouching(ctx context.Context, tx *db.Tx, kind string, id int64) ([]links.Target, error) {
	col, ok := touchColumns[kind]
	if !ok {
		return nil, nil
	}
	return links.Query(ctx, tx, incidentRow, `SELECT i.id, i.number, '' FROM incidents i
		JOIN incident_links l ON l.organisation_id = i.organisation_id AND l.incident_id = i.id
		WHERE i.organisation_id = $1 AND l.`+col+` = $2 ORDER BY i.number DESC, i.id`, id)
}

// incidentTargets labels incidents by their number only: the plan's readers
// need not see every incident's title; the incident page checks the scope.
var incidentTargets = links.TargetQuery{Row: incidentRow, SQL: `SELECT id, number, '' FROM incidents WHERE organisation_id = $1 AND id = ANY($2)
		ORDER BY number, id`}

// incidentRow reads a row of the incident's id, number and title (or ”) as
// a target labelled by its number.
func incidentRow(r pgx.CollectableRow) (links.Target, error) {
	t := links.Target{Kind: KindIncident}
	var n int
	err := r.Scan(&t.TargetID, &n, &t.Title)
	t.Label = Number(n)
	return t, err
}

func incidentChoices(ctx context.Context, tx *db.Tx) ([]links.Choice, error) {
	return links.Query(ctx, tx, func(r pgx.CollectableRow) (links.Choice, error) {
		var c links.Choice
		var n int
		var st string
		err := r.Scan(&c.ID, &n, &c.Label, &st)
		c.Label = Number(n) + " " + c.Label
		c.Group = StatusLabel(st)
		return c, err
	}, `SELECT id, number, title, status FROM incidents WHERE organisation_id = $1
		ORDER BY array_position($2::text[], status), number DESC, id`, statusOrder)
}

// statusOrder are the statuses in their order, for grouping by status in SQL.
var statusOrder = func() []string {
	out := make([]string, len(Statuses))
	for i, s := range Statuses {
		out[i] = s.Value
	}
	return out
}()

// CategoriesForThreat are the incident categories whose incidents show up
// as the threat of the catalogue with code.
func CategoriesForThreat(code string) []string {
	var out []string
	for _, c := range Categories {
		if slices.Contains(risk.ThreatCodesFor(c.Value), code) {
			out = append(out, c.Value)
		}
	}
	return out
}

// RecentWindow is how far back the risk page looks for incidents of a threat.
const RecentWindow = 12 // months

// RecentForThreat lists the incidents of the last twelve months whose
// category maps to the threat with code, within what actor may see: one
// query, none when no category maps to it. The risk decision page shows them.
func RecentForThreat(ctx context.Context, tx *db.Tx, actor authz.Principal, code string) ([]links.Target, error) {
	cats := CategoriesForThreat(code)
	if len(cats) == 0 || !actor.Can(authz.ViewIncidents) {
		return nil, nil
	}
	since := tx.Now.AddDate(0, -RecentWindow, 0)
	sc := scopeOf(actor)
	args := append([]any{cats, since}, sc.args()...)
	ts, err := links.Query(ctx, tx, incidentRow, `SELECT i.id, i.number, i.title FROM incidents i
		WHERE i.organisation_id = $1 AND i.category = ANY($2) AND i.discovered_at >= $3 AND `+scopeSQL(4)+`
		ORDER BY i.discovered_at DESC, i.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("recent incidents for threat %s: %w", code, err)
	}
	return ts, nil
}
