package privacy

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/links"
	"github.com/baken-nl/baken/internal/nl"
	"github.com/baken-nl/baken/internal/org"
	"github.com/baken-nl/baken/internal/risk"
)

// Service is the privacy domain: the DPIA register.
type Service struct {
	DB *db.DB
}

// Entity is the audit trail's name of a DPIA.
const Entity = "dpia"

// DPIA is one DPIA as the pages show it.
type DPIA struct {
	ID                int64
	Title             string
	Processing        string
	DepartmentID      int64
	DepartmentName    string
	Status            string
	DSPOID            int64
	DSPOName          string
	Purpose           string
	Subjects          string
	Risks             string
	Measures          string
	Advice            string
	AdvisedOn         *time.Time
	AdvisedBy         string
	Decision          string
	DecisionRationale string
	DecidedOn         *time.Time
	DecidedBy         string
	DecidedByBody     string
	CreatedBy         string
	Version           int
	CreatedAt         time.Time
	UpdatedAt         time.Time
	ProcessIDs        []int64
	RiskIDs           []int64
	Processes         []links.Target // labelled by the structure
	RiskLinks         []links.Target // labelled by the risk domain
}

// StatusLabel is the Dutch label of the DPIA's status.
func (d DPIA) StatusLabel() string { return StatusLabel(d.Status) }

const dpiaSQL = `
	SELECT p.id, p.title, p.processing, p.department_id, d.name, p.status, coalesce(p.dspo_id, 0), coalesce(du.name, ''),
	       p.purpose, p.subjects, p.risks, p.measures,
	       p.advice, p.advised_on, p.advised_by_name,
	       coalesce(p.decision, ''), p.decision_rationale, p.decided_on, p.decided_by_name, coalesce(p.decided_by_body, ''),
	       coalesce(cu.name, ''), p.version, p.created_at, p.updated_at,
	       coalesce((SELECT array_agg(x.process_id ORDER BY x.process_id) FROM dpia_processes x
	                 WHERE x.organisation_id = p.organisation_id AND x.dpia_id = p.id), '{}'),
	       coalesce((SELECT array_agg(x.risk_id ORDER BY x.risk_id) FROM dpia_risks x
	                 WHERE x.organisation_id = p.organisation_id AND x.dpia_id = p.id), '{}')
	FROM dpias p
	JOIN departments d ON d.organisation_id = p.organisation_id AND d.id = p.department_id
	LEFT JOIN users du ON du.id = p.dspo_id
	LEFT JOIN users cu ON cu.id = p.created_by
	WHERE p.organisation_id = $1 AND p.id = $2`

var (
	errNotFound = apperr.NotFoundf("Deze DPIA bestaat niet (meer).")
	dpiaRecord  = db.Record{SQL: dpiaSQL, LockOf: "p", NotFound: errNotFound, What: "DPIA"}
)

// loadDPIA reads one DPIA with its links labelled; lock takes the row for
// the rest of a write transaction.
func loadDPIA(ctx context.Context, tx *db.Tx, id int64, lock bool) (DPIA, error) {
	var d DPIA
	err := dpiaRecord.Scan(ctx, tx, id, lock, &d.ID, &d.Title, &d.Processing, &d.DepartmentID, &d.DepartmentName, &d.Status,
		&d.DSPOID, &d.DSPOName, &d.Purpose, &d.Subjects, &d.Risks, &d.Measures, &d.Advice, &d.AdvisedOn, &d.AdvisedBy,
		&d.Decision, &d.DecisionRationale, &d.DecidedOn, &d.DecidedBy, &d.DecidedByBody, &d.CreatedBy, &d.Version,
		&d.CreatedAt, &d.UpdatedAt, &d.ProcessIDs, &d.RiskIDs)
	if err != nil {
		return d, err
	}
	err = links.LabelAll(ctx, tx, links.Labelled{Kind: org.KindProcess, IDs: d.ProcessIDs, Out: &d.Processes},
		links.Labelled{Kind: risk.KindRisk, IDs: d.RiskIDs, Out: &d.RiskLinks})
	return d, err
}

// ---- list ----

// ListFilter narrows the register.
type ListFilter struct {
	Status       string
	DepartmentID int64
}

// ListRow is one DPIA in the register.
type ListRow struct {
	ID             int64
	Title          string
	DepartmentName string
	Status         string
	DSPOName       string
	UpdatedAt      time.Time
	Processes      []string
}

// StatusLabel is the Dutch label of the row's status.
func (r ListRow) StatusLabel() string { return StatusLabel(r.Status) }

// NeededProcess is a process whose BIA says a DPIA is needed and that no
// DPIA covers.
type NeededProcess struct {
	ID             int64
	Name           string
	DepartmentID   int64
	DepartmentName string
}

// ListPage is what the register page shows.
type ListPage struct {
	Rows        []ListRow
	Needed      []NeededProcess
	Departments []org.Option // the afdelingen the reader sees DPIAs of
	CanCreate   bool
}

const listSQL = `
	SELECT p.id, p.title, d.name, p.status, coalesce(u.name, ''), p.updated_at,
	       coalesce((SELECT array_agg(pr.name ORDER BY lower(pr.name), pr.id) FROM dpia_processes x
	                 JOIN processes pr ON pr.organisation_id = x.organisation_id AND pr.id = x.process_id
	                 WHERE x.organisation_id = p.organisation_id AND x.dpia_id = p.id), '{}')
	FROM dpias p
	JOIN departments d ON d.organisation_id = p.organisation_id AND d.id = p.department_id
	LEFT JOIN users u ON u.id = p.dspo_id
	WHERE p.organisation_id = $1 AND ($2::bigint[] IS NULL OR p.department_id = ANY($2))
	  AND ($3 = '' OR p.status = $3) AND ($4::bigint = 0 OR p.department_id = $4)
	ORDER BY array_position(ARRAY['concept', 'bij_fg', 'advies_ontvangen', 'besloten'], p.status), lower(p.title), p.id`

// neededSQL: processes with "DPIA nodig" in their BIA that no DPIA links to.
const neededSQL = `
	SELECT pr.id, pr.name, d.id, d.name
	FROM process_bias b
	JOIN processes pr ON pr.organisation_id = b.organisation_id AND pr.id = b.process_id
	JOIN departments d ON d.organisation_id = pr.organisation_id AND d.id = pr.department_id
	WHERE b.organisation_id = $1 AND b.dpia_needed AND ($2::bigint[] IS NULL OR pr.department_id = ANY($2))
	  AND ($3::bigint = 0 OR pr.department_id = $3)
	  AND NOT EXISTS (SELECT 1 FROM dpia_processes x WHERE x.organisation_id = b.organisation_id AND x.process_id = b.process_id)
	ORDER BY lower(d.name), lower(pr.name), pr.id`

const departmentsSQL = `SELECT id, name FROM departments WHERE organisation_id = $1 AND ($2::bigint[] IS NULL OR id = ANY($2)) ORDER BY name`

// List reads the register, the processes that need a DPIA and have none,
// and the afdelingen for the filter, in one round trip. ViewPrivacy; an
// afdelingsmanager or DSPO sees their own afdelingen only.
func (s *Service) List(ctx context.Context, actor authz.Principal, f ListFilter) (p ListPage, err error) {
	scope := viewDepartments(actor)
	err = s.DB.ReadBatchAs(ctx, actor, authz.ViewPrivacy, func(b *db.Batch) error {
		b.Queue(listSQL, b.Scope.OrgID, scope, f.Status, f.DepartmentID).Query(func(rows pgx.Rows) (err error) {
			p.Rows, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (ListRow, error) {
				var x ListRow
				err := r.Scan(&x.ID, &x.Title, &x.DepartmentName, &x.Status, &x.DSPOName, &x.UpdatedAt, &x.Processes)
				return x, err
			})
			return err
		})
		b.Queue(neededSQL, b.Scope.OrgID, scope, f.DepartmentID).Query(func(rows pgx.Rows) (err error) {
			p.Needed, err = pgx.CollectRows(rows, pgx.RowToStructByPos[NeededProcess])
			return err
		})
		b.Queue(departmentsSQL, b.Scope.OrgID, scope).Query(func(rows pgx.Rows) (err error) {
			p.Departments, err = pgx.CollectRows(rows, pgx.RowToStructByPos[org.Option])
			return err
		})
		return nil
	})
	p.CanCreate = actor.Can(authz.EditDPIA) && (actor.Has(authz.CISO) || len(actor.Departments(authz.DSPO)) > 0)
	return p, err
}

// ---- show ----

// Page is the page of one DPIA: its fields, advice, decision, links and
// history, and what the reader may do.
type Page struct {
	DPIA
	History   []audit.Entry
	CanEdit   bool // edit the concept, move it to the FG or back
	CanAdvise bool // the FG, while the DPIA is with the FG
	CanDecide bool // directie or the afdeling's manager, once advised
	Today     time.Time
}

// Get reads one DPIA for its page. Another organisation's DPIA is not
// found; a DPIA of an afdeling the reader may not see is refused.
func (s *Service) Get(ctx context.Context, actor authz.Principal, id int64) (p Page, err error) {
	err = s.DB.ReadAs(ctx, actor, authz.ViewPrivacy, func(tx *db.Tx) error {
		if p.DPIA, err = loadDPIA(ctx, tx, id, false); err != nil {
			return err
		}
		if !canView(actor, p.DepartmentID) {
			return errViewScope
		}
		p.Today = nl.Date(tx.Now)
		p.History, err = history(ctx, tx, id)
		return err
	})
	if err != nil {
		return p, err
	}
	p.CanEdit = canEdit(actor, p.DepartmentID) && p.Status != StatusDecided
	p.CanAdvise = actor.Can(authz.AdviseDPIA) && p.Status == StatusAtFG
	p.CanDecide = canDecide(actor, p.DepartmentID) && p.Status == StatusAdvised
	return p, nil
}

// history lists the DPIA's events of the audit trail, newest first.
func history(ctx context.Context, tx *db.Tx, id int64) ([]audit.Entry, error) {
	rows, err := tx.Query(ctx, `
		SELECT a.id, a.occurred_at, coalesce(a.actor_name, 'Systeem'), a.action, a.entity, coalesce(a.entity_id, 0),
		       a.summary, a.before, a.after, a.request_id
		FROM audit_events a
		WHERE a.organisation_id = $1 AND a.entity = $2 AND a.entity_id = $3
		ORDER BY a.occurred_at DESC, a.id DESC LIMIT 100`, tx.OrgID, Entity, id)
	if err != nil {
		return nil, fmt.Errorf("DPIA history: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (audit.Entry, error) {
		var e audit.Entry
		err := r.Scan(&e.ID, &e.OccurredAt, &e.ActorName, &e.Action, &e.Entity, &e.EntityID, &e.Summary, &e.Before, &e.After, &e.RequestID)
		return e, err
	})
}

// ---- form ----

// FormData is what the DPIA form offers.
type FormData struct {
	DPIA        *DPIA        // the stored DPIA; nil for a new one
	Departments []org.Option // the afdelingen the actor may draft for
	DSPOs       []org.Option // users holding the DSPO role
	Processes   []links.Choice
	Risks       []links.Choice
}

// Form reads what the form needs; id 0 is a new DPIA. EditDPIA, scoped to
// the actor's afdelingen.
func (s *Service) Form(ctx context.Context, actor authz.Principal, id int64) (f FormData, err error) {
	err = s.DB.ReadAs(ctx, actor, authz.EditDPIA, func(tx *db.Tx) error {
		if id != 0 {
			d, err := loadDPIA(ctx, tx, id, false)
			if err != nil {
				return err
			}
			if !canEdit(actor, d.DepartmentID) {
				return errEditScope
			}
			f.DPIA = &d
		}
		scope := draftScope(actor)
		if f.Departments, err = org.Options(ctx, tx, departmentsSQL, tx.OrgID, scope); err != nil {
			return err
		}
		if f.DSPOs, err = org.Options(ctx, tx, dspoSQL, tx.OrgID); err != nil {
			return err
		}
		if f.Processes, err = links.ChoicesOf(ctx, tx, org.KindProcess); err != nil {
			return err
		}
		if scope != nil {
			f.Processes = inDepartments(f.Processes, f.Departments)
		}
		f.Risks, err = links.ChoicesOf(ctx, tx, risk.KindRisk)
		return err
	})
	return f, err
}

const dspoSQL = `SELECT u.id, u.name FROM users u
	WHERE u.active AND EXISTS (SELECT 1 FROM role_assignments r WHERE r.user_id = u.id AND r.organisation_id = $1 AND r.role = 'dspo')
	ORDER BY u.name, u.id`

// ---- writes ----

// auditDPIA is a DPIA as the audit trail stores it.
type auditDPIA struct {
	Title      string   `json:"titel"`
	Processing string   `json:"verwerking,omitempty"`
	Department string   `json:"afdeling"`
	Status     string   `json:"status"`
	DSPO       string   `json:"dspo,omitempty"`
	Processes  []string `json:"processen"`
	Risks      []string `json:"risicos,omitempty"`
	Purpose    string   `json:"doel_en_noodzaak,omitempty"`
	Subjects   string   `json:"betrokkenen_en_gegevens,omitempty"`
	RiskText   string   `json:"risicos_voor_betrokkenen,omitempty"`
	Measures   string   `json:"maatregelen,omitempty"`
	Advice     string   `json:"advies,omitempty"`
	AdvisedOn  string   `json:"advies_datum,omitempty"`
	AdvisedBy  string   `json:"advies_door,omitempty"`
	Decision   string   `json:"besluit,omitempty"`
	Rationale  string   `json:"onderbouwing,omitempty"`
	DecidedOn  string   `json:"besluit_datum,omitempty"`
	DecidedBy  string   `json:"besluit_door,omitempty"`
}

func auditOf(d DPIA) auditDPIA {
	a := auditDPIA{Title: d.Title, Processing: d.Processing, Department: d.DepartmentName, Status: StatusLabel(d.Status), DSPO: d.DSPOName,
		Processes: []string{}, Purpose: d.Purpose, Subjects: d.Subjects, RiskText: d.Risks, Measures: d.Measures,
		Advice: d.Advice, AdvisedOn: dateText(d.AdvisedOn), AdvisedBy: d.AdvisedBy, Rationale: d.DecisionRationale,
		DecidedOn: dateText(d.DecidedOn), DecidedBy: d.DecidedBy}
	for _, p := range d.Processes {
		a.Processes = append(a.Processes, p.Label)
	}
	for _, r := range d.RiskLinks {
		a.Risks = append(a.Risks, r.Label)
	}
	if d.Decision != "" {
		a.Decision = DecisionLabel(d.Decision)
	}
	return a
}

func dateText(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format("02-01-2006")
}

// record writes the event of a change, with the DPIA as it is now.
func record(ctx context.Context, tx *db.Tx, action string, id int64, before any, summary string) error {
	now, err := loadDPIA(ctx, tx, id, false)
	if err != nil {
		return err
	}
	return audit.Record(ctx, tx, audit.Event{Action: action, Entity: Entity, EntityID: id,
		Summary: fmt.Sprintf("DPIA ‘%s’ %s", now.Title, summary), Before: before, After: auditOf(now)})
}

// checkRefs checks the afdeling, DSPO, processes and risks of the input
// against the organisation, reporting each as a field error.
// draftScope is the afdelingen whose processes actor may put in a DPIA: nil
// for the CISO (every afdeling), else those where actor is DSPO.
func draftScope(actor authz.Principal) []int64 {
	if actor.Has(authz.CISO) {
		return nil
	}
	return append([]int64{}, actor.Departments(authz.DSPO)...)
}

func checkRefs(ctx context.Context, tx *db.Tx, actor authz.Principal, in Input) error {
	v := apperr.Validation{}
	var deptOK, dspoOK bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM departments WHERE organisation_id = $1 AND id = $2),
		$3::bigint = 0 OR EXISTS (SELECT 1 FROM role_assignments WHERE organisation_id = $1 AND user_id = $3 AND role = 'dspo')`,
		tx.OrgID, in.DepartmentID, in.DSPOID).Scan(&deptOK, &dspoOK); err != nil {
		return fmt.Errorf("check DPIA references: %w", err)
	}
	if !deptOK {
		v.Add("department_id", "Deze afdeling bestaat niet (meer). Kies een afdeling uit de lijst.")
	}
	if !dspoOK {
		v.Add("dspo_id", "Kies als opsteller een gebruiker met de rol DSPO.")
	}
	procs, err := links.Label(ctx, tx, org.KindProcess, in.ProcessIDs)
	if err != nil {
		return err
	}
	if len(procs) != len(in.ProcessIDs) {
		v.Add("process_ids", "Een van de gekozen processen bestaat niet (meer). Kies processen uit de lijst.")
	} else if scope := draftScope(actor); scope != nil && len(in.ProcessIDs) > 0 {
		var outside bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM processes WHERE organisation_id = $1 AND id = ANY($2) AND NOT department_id = ANY($3))`,
			tx.OrgID, in.ProcessIDs, scope).Scan(&outside); err != nil {
			return fmt.Errorf("check DPIA processes: %w", err)
		}
		if outside {
			v.Add("process_ids", "Kies processen van uw eigen afdelingen. Een DPIA over processen van andere afdelingen stelt de CISO op of de DSPO van die afdeling.")
		}
	}
	risks, err := links.Label(ctx, tx, risk.KindRisk, in.RiskIDs)
	if err != nil {
		return err
	}
	if len(risks) != len(in.RiskIDs) {
		v.Add("risk_ids", "Een van de gekozen risico's bestaat niet (meer). Kies risico's uit de lijst.")
	}
	return v.Err()
}

func replaceLinks(ctx context.Context, tx *db.Tx, id int64, in Input) error {
	if _, err := tx.Exec(ctx, `DELETE FROM dpia_processes WHERE organisation_id = $1 AND dpia_id = $2`, tx.OrgID, id); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM dpia_risks WHERE organisation_id = $1 AND dpia_id = $2`, tx.OrgID, id); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO dpia_processes (organisation_id, dpia_id, process_id) SELECT $1, $2, unnest($3::bigint[])`,
		tx.OrgID, id, in.ProcessIDs); err != nil {
		return db.MapError(err, nil)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO dpia_risks (organisation_id, dpia_id, risk_id) SELECT $1, $2, unnest($3::bigint[])`,
		tx.OrgID, id, in.RiskIDs); err != nil {
		return db.MapError(err, nil)
	}
	return nil
}

// drafted checks the form on its own and that actor drafts for its afdeling.
func (in *Input) drafted(actor authz.Principal) error {
	if err := in.Validate().Err(); err != nil {
		return err
	}
	if !canEdit(actor, in.DepartmentID) {
		return errEditScope
	}
	return nil
}

// Create stores a new DPIA as a concept; the DSPO is the creator unless
// another DSPO is chosen. EditDPIA, for the actor's own afdelingen.
func (s *Service) Create(ctx context.Context, actor authz.Principal, in Input) (id int64, err error) {
	err = s.DB.WriteAs(ctx, actor, authz.EditDPIA, func(tx *db.Tx) error {
		if err := in.drafted(actor); err != nil {
			return err
		}
		if err := checkRefs(ctx, tx, actor, in); err != nil {
			return err
		}
		dspo := cmp.Or(in.DSPOID, actor.UserID)
		if err := tx.QueryRow(ctx, `INSERT INTO dpias (organisation_id, title, processing, department_id, dspo_id, purpose, subjects,
			risks, measures, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
			tx.OrgID, in.Title, in.Processing, in.DepartmentID, dspo, in.Purpose, in.Subjects, in.Risks, in.Measures, actor.UserID, tx.Now).Scan(&id); err != nil {
			return db.MapError(err, nil)
		}
		if err := replaceLinks(ctx, tx, id, in); err != nil {
			return err
		}
		return record(ctx, tx, audit.Create, id, nil, "aangemaakt (concept)")
	})
	return id, err
}

// Update changes a concept. EditDPIA, for the actor's own afdelingen (the
// current one and the new one).
func (s *Service) Update(ctx context.Context, actor authz.Principal, id int64, in Input) error {
	check := func(time.Time) error { return in.drafted(actor) }
	return s.change(ctx, actor, authz.EditDPIA, id, canEdit, errEditScope, check, in.Version, func(tx *db.Tx, cur DPIA) error {
		if cur.Status != StatusConcept {
			return errNotConcept
		}
		if err := checkRefs(ctx, tx, actor, in); err != nil {
			return err
		}
		dspo := cmp.Or(in.DSPOID, cur.DSPOID)
		ct, err := tx.Exec(ctx, `UPDATE dpias SET title = $4, processing = $5, department_id = $6, dspo_id = nullif($7, 0), purpose = $8,
			subjects = $9, risks = $10, measures = $11, updated_at = $12, version = version + 1
			WHERE organisation_id = $1 AND id = $2 AND version = $3`,
			tx.OrgID, id, in.Version, in.Title, in.Processing, in.DepartmentID, dspo, in.Purpose, in.Subjects, in.Risks, in.Measures, tx.Now)
		if err != nil {
			return db.MapError(err, nil)
		}
		if ct.RowsAffected() == 0 {
			return apperr.Stale()
		}
		if err := replaceLinks(ctx, tx, id, in); err != nil {
			return err
		}
		return record(ctx, tx, audit.Update, id, auditOf(cur), "gewijzigd")
	})
}

// change runs a change of the DPIA id in a write transaction (action): it
// loads and locks the DPIA, checks that actor may change it (may, else the
// refusal), that the input passes check (given today) and was made against
// the current version, then applies fn.
func (s *Service) change(ctx context.Context, actor authz.Principal, action authz.Action, id int64, may func(authz.Principal, int64) bool,
	refusal error, check func(today time.Time) error, version int, fn func(tx *db.Tx, cur DPIA) error) error {
	return s.DB.WriteAs(ctx, actor, action, func(tx *db.Tx) error {
		cur, err := loadDPIA(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !may(actor, cur.DepartmentID) {
			return refusal
		}
		if err := check(nl.Date(tx.Now)); err != nil {
			return err
		}
		if version != cur.Version {
			return apperr.Stale()
		}
		return fn(tx, cur)
	})
}

var errNotConcept = apperr.Conflictf("Alleen een concept-DPIA kan worden gewijzigd. Zet de DPIA eerst terug naar concept.")

// SetStatus puts a concept before the FG, or a DPIA that is not decided yet
// back to concept (the advice then lapses; the trail keeps it). EditDPIA,
// for the actor's own afdelingen.
func (s *Service) SetStatus(ctx context.Context, actor authz.Principal, id int64, in StatusInput) error {
	check := func(time.Time) error { return in.Validate().Err() }
	return s.change(ctx, actor, authz.EditDPIA, id, canEdit, errEditScope, check, in.Version, func(tx *db.Tx, cur DPIA) error {
		var summary string
		switch {
		case in.To == StatusAtFG && cur.Status != StatusConcept:
			return apperr.Conflictf("Deze DPIA is al voorgelegd aan de FG (status: %s).", StatusLabel(cur.Status))
		case in.To == StatusAtFG:
			if err := cur.incomplete().Err(); err != nil {
				return err
			}
			summary = "voorgelegd aan de FG voor advies"
		case cur.Status == StatusDecided:
			return apperr.Conflictf("Over deze DPIA is besloten: zij kan niet meer terug naar concept. Stel zo nodig een nieuwe DPIA op.")
		case cur.Status == StatusConcept:
			return apperr.Conflictf("Deze DPIA is al een concept.")
		default:
			summary = "teruggezet naar concept"
			if cur.Advice != "" {
				summary += "; het advies van de FG vervalt"
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE dpias SET status = $3, updated_at = $4, version = version + 1,
			advice = CASE WHEN $3 = 'concept' THEN '' ELSE advice END,
			advised_on = CASE WHEN $3 = 'concept' THEN NULL ELSE advised_on END,
			advised_by = CASE WHEN $3 = 'concept' THEN NULL ELSE advised_by END,
			advised_by_name = CASE WHEN $3 = 'concept' THEN '' ELSE advised_by_name END
			WHERE organisation_id = $1 AND id = $2`, tx.OrgID, id, in.To, tx.Now); err != nil {
			return db.MapError(err, nil)
		}
		return record(ctx, tx, audit.Update, id, auditOf(cur), summary)
	})
}

// step is a move of a DPIA along its track after the FG: the action (an
// actor without it is refused with roleRefusal, whatever the route allows),
// who may take it (else refusal), the status the DPIA must have (else a
// conflict saying wrongStatus, its %s the current status).
type step struct {
	action      authz.Action
	roleRefusal error
	may         func(authz.Principal, int64) bool
	refusal     error
	from        string
	wrongStatus string
}

var (
	adviceStep = step{authz.AdviseDPIA, errAdviseRole, canView, errViewScope, StatusAtFG,
		"De FG geeft advies over een DPIA die aan de FG is voorgelegd; deze DPIA heeft de status %s."}
	decisionStep = step{authz.DecideDPIA, errDecideScope, canDecide, errDecideScope, StatusAdvised,
		"Over een DPIA wordt besloten nadat de FG advies heeft gegeven; deze DPIA heeft de status %s."}
)

// advance takes st on DPIA id with the input's validate (given the day) and
// version: fn stores it.
func (s *Service) advance(ctx context.Context, actor authz.Principal, st step, id int64, validate func(today time.Time) apperr.Validation,
	version int, fn func(tx *db.Tx, cur DPIA) error) error {
	if !actor.Can(st.action) {
		return st.roleRefusal
	}
	check := func(today time.Time) error { return validate(today).Err() }
	return s.change(ctx, actor, st.action, id, st.may, st.refusal, check, version, func(tx *db.Tx, cur DPIA) error {
		if cur.Status != st.from {
			return apperr.Conflictf(st.wrongStatus, StatusLabel(cur.Status))
		}
		return fn(tx, cur)
	})
}

// Advise records the FG's advice on a DPIA that is with the FG. Only a user
// with the FG role may, whatever the route allows.
func (s *Service) Advise(ctx context.Context, actor authz.Principal, id int64, in AdviceInput) error {
	return s.advance(ctx, actor, adviceStep, id, in.Validate, in.Version, func(tx *db.Tx, cur DPIA) error {
		on, _ := nl.ParseDate(in.AdvisedOn)
		if _, err := tx.Exec(ctx, `UPDATE dpias SET status = 'advies_ontvangen', advice = $3, advised_on = $4, advised_by = $5,
			advised_by_name = $6, updated_at = $7, version = version + 1 WHERE organisation_id = $1 AND id = $2`,
			tx.OrgID, id, in.Advice, on, actor.UserID, actor.Name, tx.Now); err != nil {
			return db.MapError(err, nil)
		}
		return record(ctx, tx, audit.Update, id, auditOf(cur), "van advies voorzien door de FG")
	})
}

// Decide records the decision on the FG's advice: follow it, or deviate
// with a rationale. The directie, or the manager of the DPIA's afdeling.
func (s *Service) Decide(ctx context.Context, actor authz.Principal, id int64, in DecisionInput) error {
	return s.advance(ctx, actor, decisionStep, id, in.Validate, in.Version, func(tx *db.Tx, cur DPIA) error {
		on, _ := nl.ParseDate(in.DecidedOn)
		if _, err := tx.Exec(ctx, `UPDATE dpias SET status = 'besloten', decision = $3, decision_rationale = $4, decided_on = $5,
			decided_by = $6, decided_by_name = $7, decided_by_body = $8, updated_at = $9, version = version + 1
			WHERE organisation_id = $1 AND id = $2`,
			tx.OrgID, id, in.Decision, in.Rationale, on, actor.UserID, actor.Name, decidingBody(actor), tx.Now); err != nil {
			return db.MapError(err, map[string]db.FieldError{
				"dpias_deviation_rationale_check": {Field: "rationale", Message: "Onderbouw waarom u afwijkt van het advies van de FG."},
			})
		}
		return record(ctx, tx, audit.Update, id, auditOf(cur), "besloten door de "+strings.ToLower(BodyLabel(decidingBody(actor)))+": "+strings.ToLower(DecisionLabel(in.Decision)))
	})
}

// QueueAwaitingAdvice adds to b the number of DPIAs waiting for the FG's
// advice (the FG's start page; the FG sees every DPIA).
func QueueAwaitingAdvice(b *db.Batch, n *int) {
	b.Queue(`SELECT count(*) FROM dpias WHERE organisation_id = $1 AND status = $2`, b.Scope.OrgID, StatusAtFG).
		QueryRow(func(row pgx.Row) error { return row.Scan(n) })
}

// inDepartments keeps the process choices of the afdelingen ds (a process
// choice's group is its afdeling's name, unique in the organisation).
func inDepartments(cs []links.Choice, ds []org.Option) []links.Choice {
	names := make(map[string]bool, len(ds))
	for _, d := range ds {
		names[d.Name] = true
	}
	out := cs[:0:0]
	for _, c := range cs {
		if names[c.Group] {
			out = append(out, c)
		}
	}
	return out
}
