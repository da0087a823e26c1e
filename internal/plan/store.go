package plan

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/nl"
	"github.com/baken-nl/baken/internal/org"
)

// Service reads and changes the plan. Every method is scoped to one organisation.
type Service struct {
	DB  *db.DB
	Now func() time.Time // nil: time.Now
}

// Today is the current date in Dutch local time.
func (s *Service) Today() time.Time {
	if s.Now == nil {
		return Today(time.Now())
	}
	return Today(s.Now())
}

// Entity is the entity name of actions in the audit trail.
const Entity = "action"

// Sorts whitelists the sortable columns of the action list.
var Sorts = map[string]string{
	"due":        "a.due_date",
	"title":      "a.title",
	"owner":      "coalesce(u.name, d.name)",
	"department": "d.name",
	"status":     "array_position(ARRAY['gepland', 'in_uitvoering', 'gereed', 'vervallen'], a.status)",
	"priority":   "array_position(ARRAY['hoog', 'midden', 'laag'], a.priority)",
	"cost":       "a.estimated_cost",
}

// DefaultSort is the sort key of the list: the nearest deadline first.
const DefaultSort = "due"

// Filter narrows the action list.
type Filter struct {
	Year         int   // by due date; 0: all years
	DepartmentID int64 // owner afdeling; 0: all
	Status       Status
	Overdue      bool // only open actions past their deadline
	Query        string
	// Mine: only the actions owned by OwnerUserID or by one of OwnerDepartments
	// (the user's own afdelingen); see MineFor.
	Mine             bool
	OwnerUserID      int64
	OwnerDepartments []int64
}

// MineFor narrows f to the actions of p: owned by p or by an afdeling p
// manages (afdelingsmanager, DSPO), as the BIO list's "mijn" does.
func (f Filter) MineFor(p authz.Principal) Filter {
	f.Mine, f.OwnerUserID = true, p.UserID
	f.OwnerDepartments = append(append([]int64{}, p.Departments(authz.Afdelingsmanager)...), p.Departments(authz.DSPO)...)
	return f
}

// where is the WHERE clause of a filter; $1 is the organisation.
func (f Filter) where(orgID int64, today time.Time) (string, []any) {
	const w = ` WHERE a.organisation_id = $1
		AND ($2 = 0 OR a.due_date >= make_date($2, 1, 1) AND a.due_date < make_date($2 + 1, 1, 1))
		AND ($3 = 0 OR a.owner_department_id = $3)
		AND ($4 = '' OR a.status = $4)
		AND (NOT $5 OR (a.status IN ('gepland', 'in_uitvoering') AND a.due_date < $6::date))
		AND ($7 = '' OR a.title ILIKE '%' || $7 || '%' OR a.description ILIKE '%' || $7 || '%')
		AND (NOT $8 OR a.owner_user_id = $9 OR a.owner_department_id = ANY($10::bigint[]))`
	depts := f.OwnerDepartments
	if depts == nil {
		depts = []int64{}
	}
	return w, []any{orgID, f.Year, f.DepartmentID, string(f.Status), f.Overdue, today, f.Query, f.Mine, f.OwnerUserID, depts}
}

// QueueCount adds the number of actions matching f to b: the same WHERE as
// the list, so a count on the home page equals the length of the list it
// links to.
func QueueCount(b *db.Batch, f Filter, today time.Time, n *int) {
	where, args := f.where(b.Scope.OrgID, today)
	b.Queue(`SELECT count(*) FROM plan_actions a`+where, args...).QueryRow(func(row pgx.Row) error { return row.Scan(n) })
}

const actionSelect = `
	SELECT a.id, a.title, a.description, coalesce(a.owner_user_id, 0), coalesce(u.name, ''),
	       coalesce(a.owner_department_id, 0), coalesce(d.name, ''), a.due_date, a.status, a.priority,
	       (a.estimated_cost * 100)::bigint, a.progress, a.progress_note, a.version` + actionFrom

// actionFrom is the FROM of the action list (the sorts name u and d).
const actionFrom = `
	FROM plan_actions a
	LEFT JOIN users u ON u.id = a.owner_user_id
	LEFT JOIN departments d ON d.id = a.owner_department_id`

func scanAction(r pgx.CollectableRow) (Action, error) {
	var a Action
	var cents *int64
	err := r.Scan(&a.ID, &a.Title, &a.Description, &a.OwnerUserID, &a.OwnerUserName, &a.OwnerDepartmentID, &a.OwnerDepartmentName,
		&a.DueDate, &a.Status, &a.Priority, &cents, &a.Progress, &a.ProgressNote, &a.Version)
	if cents != nil {
		m := Money(*cents)
		a.EstimatedCost = &m
	}
	return a, err
}

// ListPage is everything the plan's list page shows, read in one snapshot
// with a fixed number of queries whatever the page size: a page of actions
// matching f with their links, the total count, the totals per status and
// the years to filter on.
type ListPage struct {
	Actions []Action
	Total   int
	Totals  Totals
	Years   []int
	// Departments are the afdelingen the filter offers.
	Departments []org.Option
}

// List reads the list page for actor in two round trips: the count, the
// page, the stored links of the page's actions, the totals, the years and
// the afdelingen of the filter in one batch, then the labels of the links,
// one query per kind linked, in a second (none when the page links to
// nothing).
func (s *Service) List(ctx context.Context, actor authz.Principal, f Filter, p listing.Params) (lp ListPage, err error) {
	var stored []storedLink
	err = s.DB.ReadBatchAs(ctx, actor, authz.ViewPlan, func(b *db.Batch) error {
		where, args := f.where(b.Scope.OrgID, s.Today())
		page := where + ` ORDER BY ` + p.OrderBy(Sorts) + ` NULLS LAST, a.id LIMIT $11 OFFSET $12`
		args = append(args, p.Limit(), p.Offset())
		b.Queue(`SELECT count(*) FROM plan_actions a`+where, args[:10]...).QueryRow(func(row pgx.Row) error { return row.Scan(&lp.Total) })
		b.Queue(actionSelect+page, args...).
			Query(func(rows pgx.Rows) (err error) {
				lp.Actions, err = pgx.CollectRows(rows, scanAction)
				return err
			})
		// The links of the same page, in the same snapshot.
		b.Queue(`SELECT l.action_id, l.target_kind, l.target_id FROM plan_action_links l
			WHERE l.organisation_id = $1 AND l.action_id IN (SELECT a.id`+actionFrom+page+`)`, args...).
			Query(func(rows pgx.Rows) (err error) {
				stored, err = scanStoredLinks(rows)
				return err
			})
		s.queueTotals(b, f, &lp.Totals)
		s.queueYears(b, &lp.Years)
		org.QueueDepartmentOptions(b, &lp.Departments)
		return nil
	})
	if err != nil || len(stored) == 0 {
		return lp, err
	}
	g := groupLinks(stored)
	err = s.DB.ReadBatchAs(ctx, actor, authz.ViewPlan, func(b *db.Batch) error { return g.queue(b) })
	if err != nil {
		return lp, err
	}
	perAction := g.perAction()
	for i := range lp.Actions {
		lp.Actions[i].Links = perAction[lp.Actions[i].ID]
	}
	return lp, nil
}

// All returns every action matching f in the order of p, without paging (for exports).
func (s *Service) All(ctx context.Context, orgID int64, f Filter, p listing.Params) ([]Action, error) {
	var list []Action
	err := s.DB.Read(ctx, db.Scope{OrgID: orgID}, func(tx *db.Tx) error {
		where, args := f.where(orgID, s.Today())
		var err error
		list, err = s.list(ctx, tx, where+` ORDER BY `+p.OrderBy(Sorts)+` NULLS LAST, a.id`, args)
		return err
	})
	return list, err
}

func (s *Service) list(ctx context.Context, q *db.Tx, tail string, args []any) ([]Action, error) {
	rows, err := q.Query(ctx, actionSelect+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("list actions: %w", err)
	}
	list, err := pgx.CollectRows(rows, scanAction)
	if err != nil {
		return nil, fmt.Errorf("list actions: %w", err)
	}
	return list, withLinks(ctx, q, list)
}

// withLinks fills in the links of the actions (a fixed number of queries).
func withLinks(ctx context.Context, tx *db.Tx, list []Action) error {
	ids := make([]int64, len(list))
	for i, a := range list {
		ids[i] = a.ID
	}
	links, err := loadLinks(ctx, tx, tx.OrgID, ids)
	if err != nil {
		return err
	}
	for i := range list {
		list[i].Links = links[list[i].ID]
	}
	return nil
}

// Totals summarise the actions matching a filter: the jaarplan.
type Totals struct {
	Count     int
	PerStatus map[Status]int
	Overdue   int
	Cost      Money // sum of the estimated costs of actions not cancelled (no estimate counts as 0)
	Costed    int   // actions with an estimate
}

// queueTotals counts the actions matching f per status, the overdue ones
// and their total estimated cost.
func (s *Service) queueTotals(b *db.Batch, f Filter, t *Totals) {
	where, args := f.where(b.Scope.OrgID, s.Today())
	*t = Totals{PerStatus: map[Status]int{}}
	b.Queue(`
		SELECT a.status, count(*),
		       count(*) FILTER (WHERE a.status IN ('gepland', 'in_uitvoering') AND a.due_date < $6::date),
		       -- a cancelled action costs nothing
		       coalesce(sum(a.estimated_cost * 100) FILTER (WHERE a.status <> 'vervallen'), 0)::bigint,
		       count(a.estimated_cost) FILTER (WHERE a.status <> 'vervallen')
		FROM plan_actions a`+where+` GROUP BY a.status`, args...).Query(func(rows pgx.Rows) error {
		var (
			status             Status
			n, overdue, costed int
			cents              int64
		)
		_, err := pgx.ForEachRow(rows, []any{&status, &n, &overdue, &cents, &costed}, func() error {
			t.PerStatus[status] = n
			t.Count += n
			t.Overdue += overdue
			t.Cost += Money(cents)
			t.Costed += costed
			return nil
		})
		if err != nil {
			return fmt.Errorf("plan totals: %w", err)
		}
		return nil
	})
}

// queueYears lists the years that have actions (by due date) and the current year, ascending.
func (s *Service) queueYears(b *db.Batch, years *[]int) {
	b.Queue(`
		SELECT y FROM (
			SELECT DISTINCT extract(year FROM due_date)::int AS y FROM plan_actions WHERE organisation_id = $1 AND due_date IS NOT NULL
			UNION SELECT $2::int
		) t ORDER BY y`, b.Scope.OrgID, s.Today().Year()).Query(func(rows pgx.Rows) (err error) {
		*years, err = pgx.CollectRows(rows, pgx.RowTo[int])
		return err
	})
}

// Get loads one action of the organisation with its links.
func (s *Service) Get(ctx context.Context, orgID, id int64) (Action, error) {
	var a Action
	err := s.DB.Read(ctx, db.Scope{OrgID: orgID}, func(tx *db.Tx) error {
		var err error
		a, err = get(ctx, tx, orgID, id)
		return err
	})
	return a, err
}

func get(ctx context.Context, q *db.Tx, orgID, id int64) (Action, error) {
	rows, err := q.Query(ctx, actionSelect+` WHERE a.organisation_id = $1 AND a.id = $2`, orgID, id)
	if err != nil {
		return Action{}, fmt.Errorf("get action %d: %w", id, err)
	}
	a, err := pgx.CollectExactlyOneRow(rows, scanAction)
	if db.IsNoRows(err) {
		return a, apperr.NotFoundf("Deze actie bestaat niet (meer).")
	}
	if err != nil {
		return a, fmt.Errorf("get action %d: %w", id, err)
	}
	links, err := loadLinks(ctx, q, orgID, []int64{id})
	a.Links = links[id]
	return a, err
}

// Input is the form for an action. Dates and amounts stay text, so a form
// with an error shows exactly what the user typed.
type Input struct {
	Title             string             `json:"title"`
	Description       string             `json:"description"`
	OwnerUserID       int64              `json:"owner_user_id"`
	OwnerDepartmentID int64              `json:"owner_department_id"`
	DueDate           string             `json:"-"` // yyyy-mm-dd (also dd-mm-jjjj) or ""
	Status            Status             `json:"status"`
	Priority          Priority           `json:"priority"`
	EstimatedCost     string             `json:"-"` // "1.234,50", "1234.50" or ""
	Links             map[string][]int64 `json:"-"` // target ids per link kind
	Version           int                `json:"-"`
}

// InputOf is the form state of a stored action.
func InputOf(a Action) Input {
	in := Input{Title: a.Title, Description: a.Description, OwnerUserID: a.OwnerUserID, OwnerDepartmentID: a.OwnerDepartmentID,
		Status: a.Status, Priority: a.Priority, Links: a.TargetIDs(), Version: a.Version}
	if a.DueDate != nil {
		in.DueDate = a.DueDate.Format("2006-01-02")
	}
	if a.EstimatedCost != nil {
		in.EstimatedCost = a.EstimatedCost.Plain()
	}
	return in
}

// record is the state of an action as written to the audit trail.
type record struct {
	Title             string             `json:"title"`
	Description       string             `json:"description"`
	OwnerUserID       int64              `json:"owner_user_id"`
	OwnerDepartmentID int64              `json:"owner_department_id"`
	DueDate           *string            `json:"due_date"`
	Status            Status             `json:"status"`
	Priority          Priority           `json:"priority"`
	EstimatedCost     *Money             `json:"estimated_cost"`
	Links             map[string][]int64 `json:"links"`
}

func recordOf(a Action) record {
	r := record{a.Title, a.Description, a.OwnerUserID, a.OwnerDepartmentID, nil, a.Status, a.Priority, a.EstimatedCost, a.TargetIDs()}
	if a.DueDate != nil {
		d := a.DueDate.Format("2006-01-02")
		r.DueDate = &d
	}
	return r
}

// validate checks the input on its own and returns the parsed values.
func (in *Input) validate() (record, apperr.Validation) {
	v := apperr.Validation{}
	in.DueDate, in.EstimatedCost = strings.TrimSpace(in.DueDate), strings.TrimSpace(in.EstimatedCost)
	v.Text("title", &in.Title, 200, "Vul de titel in.", "Titel is te lang (maximaal 200 tekens).")
	v.Text("description", &in.Description, 4000, "", "Omschrijving is te lang (maximaal 4000 tekens).")
	if in.OwnerUserID == 0 && in.OwnerDepartmentID == 0 {
		v.Add("owner_user_id", "Kies een eigenaar: een persoon, een afdeling of allebei.")
	}
	rec := record{Title: in.Title, Description: in.Description, OwnerUserID: in.OwnerUserID, OwnerDepartmentID: in.OwnerDepartmentID,
		Status: in.Status, Priority: in.Priority, Links: map[string][]int64{}}
	if in.DueDate != "" {
		d, ok := nl.ParseDate(in.DueDate)
		switch {
		case !ok:
			v.Add("due_date", nl.InvalidDate("Deadline"))
		case d.Year() < 2000 || d.Year() > 2100:
			v.Add("due_date", "Kies een deadline tussen 2000 en 2100.")
		default:
			s := d.Format("2006-01-02")
			rec.DueDate = &s
		}
	}
	if !slices.Contains(Statuses, in.Status) {
		v.Add("status", "Kies een status.")
	}
	if !PrioritySet.Valid(in.Priority) {
		v.Add("priority", "Kies een prioriteit.")
	}
	cost, err := ParseMoney(in.EstimatedCost)
	switch {
	case err != nil:
		v.Add("estimated_cost", "Vul de geschatte kosten in als bedrag in euro, bijvoorbeeld 1.234,50.")
	case cost != nil && *cost < 0:
		v.Add("estimated_cost", "De geschatte kosten kunnen niet negatief zijn.")
	case cost != nil && *cost > maxMoney:
		v.Add("estimated_cost", "De geschatte kosten zijn te hoog (maximaal "+maxMoney.String()+").")
	}
	rec.EstimatedCost = cost
	for kind, ids := range in.Links {
		if _, ok := KindOf(kind); !ok {
			v.Add("links", "Onbekend soort koppeling.")
			continue
		}
		ids = slices.Clone(ids)
		slices.Sort(ids)
		ids = slices.Compact(ids)
		if len(ids) > 0 {
			rec.Links[kind] = ids
		}
	}
	return rec, v
}

// checkRefs checks that the owner, the afdeling and the linked targets belong
// to the organisation; the messages join those of validate.
func checkRefs(ctx context.Context, tx *db.Tx, orgID int64, rec record, v apperr.Validation) error {
	for _, ref := range []struct {
		id           int64
		field, sql   string
		notFoundText string
	}{
		{rec.OwnerUserID, "owner_user_id", `SELECT 1 FROM role_assignments WHERE organisation_id = $1 AND user_id = $2`,
			"Kies een eigenaar uit de gebruikers van deze organisatie."},
		{rec.OwnerDepartmentID, "owner_department_id", `SELECT 1 FROM departments WHERE organisation_id = $1 AND id = $2`,
			"Kies een afdeling van deze organisatie."},
	} {
		if ref.id == 0 {
			continue
		}
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (`+ref.sql+`)`, orgID, ref.id).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			v.Add(ref.field, ref.notFoundText)
		}
	}
	for kind, ids := range rec.Links {
		found, err := Targets(ctx, tx, kind, ids)
		if err != nil {
			return err
		}
		if len(found) != len(ids) {
			k, _ := KindOf(kind)
			v.Add(k.Field, "Kies alleen "+strings.ToLower(k.Label)+" uit het normenkader van deze organisatie.")
		}
	}
	return v.Err()
}

func setLinks(ctx context.Context, tx *db.Tx, orgID, actionID int64, links map[string][]int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM plan_action_links WHERE organisation_id = $1 AND action_id = $2`, orgID, actionID); err != nil {
		return err
	}
	for _, k := range LinkKinds() {
		ids := links[k.Name]
		if len(ids) == 0 {
			continue
		}
		if _, err := tx.Exec(ctx, `INSERT INTO plan_action_links (organisation_id, action_id, target_kind, target_id)
			SELECT $1, $2, $3, unnest($4::bigint[])`, orgID, actionID, k.Name, ids); err != nil {
			return err
		}
	}
	return nil
}

// costArg is the amount in cents; the SQL divides by 100 (exact in numeric).
func costArg(m *Money) *int64 {
	if m == nil {
		return nil
	}
	c := int64(*m)
	return &c
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func writeAudit(ctx context.Context, tx *db.Tx, actor authz.Principal, action string, id int64, summary string, before, after any) error {
	return audit.Record(ctx, tx, audit.Event{Action: action, Entity: Entity, EntityID: id, Summary: summary, Before: before, After: after})
}

// Create adds an action with its links.
func (s *Service) Create(ctx context.Context, actor authz.Principal, in Input) (int64, error) {
	var id int64
	err := s.DB.WriteAs(ctx, actor, authz.EditPlan, func(tx *db.Tx) (err error) {
		id, err = CreateTx(ctx, tx, in)
		return err
	})
	return id, db.MapError(err, nil)
}

// CreateTx adds an action with its links inside another domain's
// transaction, with the same checks and audit event as Create: a risk's
// treatment actions become actions of the plan this way. The caller has
// checked its own permission.
func CreateTx(ctx context.Context, tx *db.Tx, in Input) (int64, error) {
	rec, v := in.validate()
	if err := checkRefs(ctx, tx, tx.OrgID, rec, v); err != nil {
		return 0, err
	}
	var id int64
	err := tx.QueryRow(ctx, `
		INSERT INTO plan_actions (organisation_id, title, description, owner_user_id, owner_department_id, due_date, status, priority, estimated_cost)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::bigint::numeric / 100) RETURNING id`,
		tx.OrgID, rec.Title, rec.Description, nullID(rec.OwnerUserID), nullID(rec.OwnerDepartmentID), rec.DueDate, rec.Status, rec.Priority, costArg(rec.EstimatedCost)).Scan(&id)
	if err != nil {
		return 0, err
	}
	if err := setLinks(ctx, tx, tx.OrgID, id, rec.Links); err != nil {
		return 0, err
	}
	return id, audit.Record(ctx, tx, audit.Event{Action: audit.Create, Entity: Entity, EntityID: id, Summary: "Actie " + rec.Title + " aangemaakt", After: rec})
}

// Update changes an action; a stale version is a conflict.
func (s *Service) Update(ctx context.Context, actor authz.Principal, id int64, in Input) error {
	if err := actor.Require(authz.EditPlan); err != nil {
		return err
	}
	rec, v := in.validate()
	err := s.DB.Write(ctx, db.ScopeOf(actor), func(tx *db.Tx) error {
		before, err := get(ctx, tx, actor.OrgID, id)
		if err != nil {
			return err
		}
		if err := checkRefs(ctx, tx, actor.OrgID, rec, v); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `
			UPDATE plan_actions SET title = $4, description = $5, owner_user_id = $6, owner_department_id = $7, due_date = $8,
				status = $9, priority = $10, estimated_cost = $11::bigint::numeric / 100, version = version + 1, updated_at = now(),
				progress = CASE WHEN $9 = 'gereed' THEN 100 ELSE progress END
			WHERE organisation_id = $1 AND id = $2 AND version = $3`,
			actor.OrgID, id, in.Version, rec.Title, rec.Description, nullID(rec.OwnerUserID), nullID(rec.OwnerDepartmentID), rec.DueDate,
			rec.Status, rec.Priority, costArg(rec.EstimatedCost))
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return apperr.Stale()
		}
		if err := setLinks(ctx, tx, actor.OrgID, id, rec.Links); err != nil {
			return err
		}
		return writeAudit(ctx, tx, actor, audit.Update, id, "Actie "+rec.Title+" gewijzigd", recordOf(before), rec)
	})
	return db.MapError(err, nil)
}

// Delete removes an action and its links.
func (s *Service) Delete(ctx context.Context, actor authz.Principal, id int64) error {
	return s.DB.WriteAs(ctx, actor, authz.EditPlan, func(tx *db.Tx) error {
		before, err := get(ctx, tx, actor.OrgID, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM plan_actions WHERE organisation_id = $1 AND id = $2`, actor.OrgID, id); err != nil {
			return db.MapError(err, nil)
		}
		return writeAudit(ctx, tx, actor, audit.Delete, id, "Actie "+before.Title+" verwijderd", recordOf(before), nil)
	})
}
