package risk

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/links"
	"github.com/baken-nl/baken/internal/nl"
	"github.com/baken-nl/baken/internal/plan"
)

// Decision kinds and outcomes (risk_decisions.kind, .outcome).
const (
	DecisionTreatmentPlan = "treatment_plan"
	DecisionResidualRisk  = "residual_risk"
	DecisionAccepted      = "accepted"
	DecisionRejected      = "rejected"
)

// DecisionKindLabel is the Dutch name of a decision kind.
func DecisionKindLabel(k string) string {
	switch k {
	case DecisionTreatmentPlan:
		return "Behandelplan"
	case DecisionResidualRisk:
		return "Restrisico"
	}
	return k
}

// DecisionOutcomeLabel is the Dutch name of an outcome.
func DecisionOutcomeLabel(kind, o string) string {
	switch {
	case o == DecisionAccepted && kind == DecisionTreatmentPlan:
		return "Goedgekeurd"
	case o == DecisionAccepted:
		return "Geaccepteerd"
	case o == DecisionRejected:
		return "Afgewezen"
	}
	return o
}

// Queue reasons.
const (
	QueueNew     = "nieuw"
	QueueChanged = "gewijzigd na besluit"
	QueueExpired = "acceptatie verlopen"
	QueueRefused = "restrisico afgewezen"
)

// DecisionRisk is one risk as the decisions read it, with the last
// decision on its residual risk.
type DecisionRisk struct {
	ID                 int64
	Threat             string
	Description        string
	AnalysisID         int64
	AnalysisTitle      string
	AnalysisStatus     string
	DepartmentID       int64
	DepartmentName     string
	SubmittedBy        int64
	SubmittedByName    string
	OwnerID            int64
	OwnerName          string
	Affects            [3]bool
	InherentLikelihood int
	InherentImpact     int
	ResidualLikelihood int
	ResidualImpact     int
	Treatment          string
	TreatmentText      string
	Controls           []int64
	ControlCodes       []string
	SubjectKind        string     // the analysis's subject kind (SubjectProcess, …)
	NextReview         *time.Time // the analysis's next review date
	Cost               *plan.Money
	Level              int // residual level on the matrix, 0 when not scored
	Fingerprint        string
	Last               *Decision // the last residual-risk decision
	LastAccepted       *Decision // the last acceptance of the residual risk
}

// Decision is a stored decision on a risk.
type Decision struct {
	ID          int64
	RiskID      int64
	Kind        string
	Outcome     string
	Rationale   string
	DecidedBy   string
	Body        string
	DecidedOn   time.Time
	ValidUntil  *time.Time
	Level       int
	Fingerprint string
}

// DecisionFingerprint is what is material to a decision: the residual level,
// the treatment and the sorted ids of the controls the risk relies on. A risk
// whose fingerprint differs from its last acceptance is back in the queue.
func DecisionFingerprint(level int, treatment string, controls []int64) string {
	ids := controls
	if !slices.IsSorted(ids) {
		ids = slices.Clone(controls)
		slices.Sort(ids)
	}
	// "niveau=3;behandeling=verminderen;maatregelen=12,40", built in one buffer.
	b := make([]byte, 0, 48+len(treatment)+8*len(ids))
	b = append(b, "niveau="...)
	b = strconv.AppendInt(b, int64(level), 10)
	b = append(b, ";behandeling="...)
	b = append(b, treatment...)
	b = append(b, ";maatregelen="...)
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(b)
}

// QueueReason says why a risk needs a decision, "" when it has a current
// acceptance. today is the calendar day (nl.Date).
func (r DecisionRisk) QueueReason(today time.Time) string {
	switch {
	case r.LastAccepted == nil:
		return QueueNew
	case r.Last != nil && r.Last.ID != r.LastAccepted.ID:
		return QueueRefused
	case r.LastAccepted.Fingerprint != r.Fingerprint:
		return QueueChanged
	case r.LastAccepted.ValidUntil == nil || r.LastAccepted.ValidUntil.Before(today):
		return QueueExpired
	}
	return ""
}

// Rejected reports whether the last decision on the residual risk rejected it.
func (r DecisionRisk) Rejected() bool {
	return r.Last != nil && r.Last.Outcome == DecisionRejected
}

// ReasonText is reason as shown, with "restrisico afgewezen" added when the
// last decision rejected the risk ("nieuw, restrisico afgewezen": rejected,
// never accepted).
func (r DecisionRisk) ReasonText(reason string) string {
	if r.Rejected() && reason != QueueRefused {
		return reason + ", " + QueueRefused
	}
	return reason
}

// queueReason is why r is in the decision queue, "" when it is not: the
// queue holds the scored residual risks of submitted analyses above the
// appetite (limit) without a current acceptance. The queue, the page of a
// risk and the risk register all ask this.
func queueReason(r DecisionRisk, limit int, today time.Time) string {
	if r.Level == 0 || r.Level <= limit || !submitted(r.AnalysisStatus) {
		return ""
	}
	return r.QueueReason(today)
}

// decisionRiskSQL reads risks with their analysis, controls and last
// residual-risk decision and acceptance; $2 narrows to one risk (0: all),
// $3 to analyses that were submitted (ingediend, vastgesteld).
var decisionRiskSQL = strings.Replace(decisionRiskQuery, "{controls}", decisionControlsSubqueries, 1)

// decisionRiskBatchSQL is decisionRiskSQL without the controls, which a
// batch reads for all its risks in one more query (riskControlsSQL): the
// subqueries per risk scan the catalogue once per risk under a generic plan.
var decisionRiskBatchSQL = strings.Replace(decisionRiskQuery, "{controls}", `'{}'::bigint[], '{}'::text[]`, 1)

// decisionControlsSubqueries are the ids of a risk's controls (by id) and
// their numbers (in catalogue order).
const decisionControlsSubqueries = `coalesce((SELECT array_agg(rc.item_id ORDER BY rc.item_id) FROM risk_controls rc
	                 WHERE rc.organisation_id = r.organisation_id AND rc.risk_id = r.id), '{}'),
	       coalesce((SELECT array_agg(ci.number ORDER BY ci.sort_key) FROM risk_controls rc JOIN catalogue_items ci ON ci.id = rc.item_id
	                 WHERE rc.organisation_id = r.organisation_id AND rc.risk_id = r.id), '{}')`

// riskControlsSQL reads the controls of the organisation's ($1) risks ($2:
// one risk, 0: all) with their numbers, per risk in catalogue order.
const riskControlsSQL = `SELECT rc.risk_id, rc.item_id, ci.number FROM risk_controls rc JOIN catalogue_items ci ON ci.id = rc.item_id
	WHERE rc.organisation_id = $1 AND ($2 = 0 OR rc.risk_id = $2) ORDER BY rc.risk_id, ci.sort_key, ci.id`

const decisionRiskQuery = `
	SELECT r.id, r.threat, r.description, a.id, a.title, a.status, a.department_id, d.name,
	       coalesce(a.submitted_by, 0), coalesce(su.name, ''), coalesce(r.owner_id, 0), coalesce(ou.name, ''),
	       r.affects_availability, r.affects_integrity, r.affects_confidentiality,
	       coalesce(r.inherent_likelihood, 0), coalesce(r.inherent_impact, 0),
	       coalesce(r.residual_likelihood, 0), coalesce(r.residual_impact, 0),
	       coalesce(r.treatment, ''), r.treatment_description,
	       {controls},
	       a.subject_kind, a.next_review, r.estimated_cost::text,
	       l.id, l.kind, l.outcome, l.rationale, l.decided_by_name, l.decided_by_body, l.decided_on, l.valid_until, l.residual_level, l.fingerprint,
	       k.id, k.kind, k.outcome, k.rationale, k.decided_by_name, k.decided_by_body, k.decided_on, k.valid_until, k.residual_level, k.fingerprint
	FROM risks r
	JOIN risk_analyses a ON a.organisation_id = r.organisation_id AND a.id = r.analysis_id
	JOIN departments d ON d.organisation_id = a.organisation_id AND d.id = a.department_id
	LEFT JOIN users su ON su.id = a.submitted_by
	LEFT JOIN users ou ON ou.id = r.owner_id
	LEFT JOIN LATERAL (SELECT * FROM risk_decisions x WHERE x.organisation_id = r.organisation_id AND x.risk_id = r.id
	                   AND x.kind = 'residual_risk' ORDER BY x.created_at DESC, x.id DESC LIMIT 1) l ON true
	LEFT JOIN LATERAL (SELECT * FROM risk_decisions x WHERE x.organisation_id = r.organisation_id AND x.risk_id = r.id
	                   AND x.kind = 'residual_risk' AND x.outcome = 'accepted' ORDER BY x.created_at DESC, x.id DESC LIMIT 1) k ON true
	WHERE r.organisation_id = $1 AND ($2 = 0 OR r.id = $2) AND (NOT $3 OR a.status IN ('ingediend', 'vastgesteld'))
	ORDER BY a.title, a.id, r.id`

type decisionNullable struct {
	id                                              *int64
	kind, outcome, rationale, by, body, fingerprint *string
	on, until                                       *time.Time
	level                                           *int16
}

func (n *decisionNullable) targets() []any {
	return []any{&n.id, &n.kind, &n.outcome, &n.rationale, &n.by, &n.body, &n.on, &n.until, &n.level, &n.fingerprint}
}

func (n *decisionNullable) decision(riskID int64) *Decision {
	if n.id == nil {
		return nil
	}
	d := &Decision{ID: *n.id, RiskID: riskID, Kind: *n.kind, Outcome: *n.outcome, Rationale: *n.rationale, DecidedBy: *n.by,
		Body: *n.body, DecidedOn: *n.on, ValidUntil: n.until, Fingerprint: *n.fingerprint}
	if n.level != nil {
		d.Level = int(*n.level)
	}
	return d
}

// decisionState reads what decisions on risks weigh: the matrix, the
// current appetite (nil: none) and the decision risks (riskID 0: all; see
// decisionRisks).
func decisionState(ctx context.Context, tx *db.Tx, riskID int64, submittedOnly bool) (m Matrix, a *Appetite, rs []DecisionRisk, err error) {
	if m, err = appetiteMatrix(ctx, tx); err != nil {
		return m, nil, nil, err
	}
	if a, err = appetiteCurrent(ctx, tx); err != nil {
		return m, nil, nil, err
	}
	rs, err = decisionRisks(ctx, tx, m, riskID, submittedOnly)
	return m, a, rs, err
}

func decisionRisks(ctx context.Context, tx *db.Tx, m Matrix, riskID int64, submittedOnly bool) ([]DecisionRisk, error) {
	rows, err := tx.Query(ctx, decisionRiskSQL, tx.OrgID, riskID, submittedOnly)
	if err != nil {
		return nil, fmt.Errorf("load risks for decisions: %w", err)
	}
	return scanDecisionRisks(rows, m, nil)
}

// decisionStateBatch is what decisionState reads, read in a batch
// (queueDecisionState).
type decisionStateBatch struct {
	Matrix   Matrix
	Appetite *Appetite // nil: none recorded
	Risks    []DecisionRisk
}

// queueDecisionState queues decisionState's three queries in b. The risks'
// levels follow from the matrix, whose callback runs before theirs (a
// batch runs its callbacks in order).
func queueDecisionState(b *db.Batch, riskID int64, submittedOnly bool, st *decisionStateBatch) {
	queueMatrix(b, &st.Matrix)
	queueAppetiteCurrent(b, &st.Appetite)
	queueDecisionRisks(b, &st.Matrix, riskID, submittedOnly, &st.Risks)
}

// queueDecisionRisks is decisionRisks in a batch, on the matrix *m as it
// is when the rows arrive: the controls of all risks in one query, then the
// risks (their fingerprints need the controls).
func queueDecisionRisks(b *db.Batch, m *Matrix, riskID int64, submittedOnly bool, out *[]DecisionRisk) {
	controls := map[int64]*riskControls{}
	b.Queue(riskControlsSQL, b.Scope.OrgID, riskID).Query(func(rows pgx.Rows) error {
		var risk, id int64
		var number string
		_, err := pgx.ForEachRow(rows, []any{&risk, &id, &number}, func() error {
			c := controls[risk]
			if c == nil {
				c = &riskControls{}
				controls[risk] = c
			}
			c.ids, c.codes = append(c.ids, id), append(c.codes, number)
			return nil
		})
		if err != nil {
			return fmt.Errorf("load controls of risks: %w", err)
		}
		for _, c := range controls {
			slices.Sort(c.ids) // the ids by id, the numbers in catalogue order
		}
		return nil
	})
	b.Queue(decisionRiskBatchSQL, b.Scope.OrgID, riskID, submittedOnly).Query(func(rows pgx.Rows) (err error) {
		if *out, err = scanDecisionRisks(rows, *m, controls); err != nil {
			return fmt.Errorf("load risks for decisions: %w", err)
		}
		return nil
	})
}

// riskControls are a risk's controls: ids in id order, numbers in
// catalogue order (as decisionControlsSubqueries reads them).
type riskControls struct {
	ids   []int64
	codes []string
}

// scanDecisionRisks reads the rows of decisionRiskSQL, every row into the
// same scan targets (one set for all rows, not one per row), with the levels
// on m. With controls (decisionRiskBatchSQL), the risks' controls come from
// there.
func scanDecisionRisks(rows pgx.Rows, m Matrix, controls map[int64]*riskControls) ([]DecisionRisk, error) {
	defer rows.Close()
	var out []DecisionRisk
	var r DecisionRisk
	var il, ii, rl, ri int16
	var last, acc decisionNullable
	var cost *string
	targets := []any{&r.ID, &r.Threat, &r.Description, &r.AnalysisID, &r.AnalysisTitle, &r.AnalysisStatus, &r.DepartmentID, &r.DepartmentName,
		&r.SubmittedBy, &r.SubmittedByName, &r.OwnerID, &r.OwnerName, &r.Affects[0], &r.Affects[1], &r.Affects[2],
		&il, &ii, &rl, &ri, &r.Treatment, &r.TreatmentText, &r.Controls, &r.ControlCodes, &r.SubjectKind, &r.NextReview, &cost}
	targets = append(append(targets, last.targets()...), acc.targets()...)
	for rows.Next() {
		// Every scanned column is overwritten by the row (arrays and
		// pointers into fresh values); what follows from them is reset.
		if err := rows.Scan(targets...); err != nil {
			return nil, err
		}
		if controls != nil {
			// As the subqueries read them: empty, not nil, without controls.
			r.Controls, r.ControlCodes = []int64{}, []string{}
			if c := controls[r.ID]; c != nil {
				r.Controls, r.ControlCodes = c.ids, c.codes
			}
		}
		r.Cost = nil
		if cost != nil {
			var err error
			if r.Cost, err = plan.ParseMoney(*cost); err != nil {
				return nil, err
			}
		}
		r.InherentLikelihood, r.InherentImpact, r.ResidualLikelihood, r.ResidualImpact = int(il), int(ii), int(rl), int(ri)
		r.Level = m.LevelOf(r.ResidualLikelihood, r.ResidualImpact)
		r.Fingerprint = DecisionFingerprint(r.Level, r.Treatment, r.Controls)
		r.Last, r.LastAccepted = last.decision(r.ID), acc.decision(r.ID)
		out = append(out, r)
	}
	return out, rows.Err()
}

// QueueItem is a risk in the decision queue.
type QueueItem struct {
	DecisionRisk
	Appetite int
	Reason   string
}

// QueuePage is the decision queue.
type QueuePage struct {
	Matrix    Matrix
	Appetite  *Appetite
	Items     []QueueItem
	CanDecide bool
}

// decisionAppetiteFor is the appetite for a risk, 0 without a recorded
// appetite (every scored risk then needs a decision).
func decisionAppetiteFor(a *Appetite, r DecisionRisk) int {
	if a == nil {
		return 0
	}
	return a.For(r.Affects)
}

// Queue lists the risks of submitted analyses whose residual level is above
// the appetite and that have no current acceptance, with the reason.
// Computed on read: an expired acceptance is never written.
func (s *DecisionService) Queue(ctx context.Context, actor authz.Principal) (p QueuePage, err error) {
	// The matrix, the appetite and the risks in one round trip.
	var st decisionStateBatch
	err = s.DB.ReadBatchAs(ctx, actor, authz.ViewRisks, func(b *db.Batch) error {
		queueDecisionState(b, 0, true, &st)
		return nil
	})
	p.Matrix, p.Appetite = st.Matrix, st.Appetite
	p.CanDecide = actor.Can(authz.DecideRisks)
	if err != nil {
		return p, err
	}
	p.Items = st.queue(s.today())
	return p, nil
}

// queue is the decision queue on day today: the risks of st waiting for a
// decision, with their appetite and reason.
func (st *decisionStateBatch) queue(today time.Time) []QueueItem {
	var items []QueueItem
	for _, r := range st.Risks {
		limit := decisionAppetiteFor(st.Appetite, r)
		if reason := queueReason(r, limit, today); reason != "" {
			items = append(items, QueueItem{DecisionRisk: r, Appetite: limit, Reason: reason})
		}
	}
	return items
}

// DecisionsWaiting counts the decision queue inside another page's batch
// (the start page of directie and college): Queue adds its reads to the
// batch, Count gives the number after it ran.
type DecisionsWaiting struct{ st decisionStateBatch }

// Queue adds the reads of the queue to b (one query each: matrix, appetite,
// risks and their controls).
func (w *DecisionsWaiting) Queue(b *db.Batch) { queueDecisionState(b, 0, true, &w.st) }

// Count is the number of risks waiting for a decision on the calendar day of
// now.
func (w *DecisionsWaiting) Count(now time.Time) int { return len(w.st.queue(nl.Date(now))) }

// DecisionPage is the page of one risk: its state, its decisions and what
// the actor may do.
type DecisionPage struct {
	Matrix        Matrix
	Risk          DecisionRisk
	Appetite      int
	HasAppetite   bool
	AboveAppetite bool
	Reason        string // queue reason, "" when not in the queue
	Body          string // who decides: college at the highest level, else directie
	History       []Decision
	CanDecide     bool   // directie/college, and not refused below
	Refusal       string // why the actor may not decide, shown instead of the form
	CanAccept     bool   // afdelingsmanager: acceptance within the appetite
	Today         time.Time
	// Incidents are the incidents of the last twelve months with the risk's
	// threat, for readers with ViewIncidents.
	Incidents []links.Target
}

// Decision is the page of one risk (ViewRisks); another organisation's risk is not found.
func (s *DecisionService) Decision(ctx context.Context, actor authz.Principal, riskID int64) (p DecisionPage, err error) {
	err = s.DB.ReadAs(ctx, actor, authz.ViewRisks, func(tx *db.Tx) error {
		if p, err = decisionPageTx(ctx, tx, actor, riskID, s.today()); err != nil {
			return err
		}
		if p.History, err = decisionHistory(ctx, tx, riskID); err != nil {
			return err
		}
		p.Incidents, err = recentIncidents(ctx, tx, actor, riskID)
		return err
	})
	return p, err
}

func decisionPageTx(ctx context.Context, tx *db.Tx, actor authz.Principal, riskID int64, today time.Time) (DecisionPage, error) {
	var p DecisionPage
	m, a, rs, err := decisionState(ctx, tx, riskID, false)
	p.Matrix = m
	if err != nil {
		return p, err
	}
	if len(rs) == 0 {
		return p, apperr.NotFoundf("Dit risico bestaat niet (meer).")
	}
	p.Risk, p.HasAppetite, p.Today = rs[0], a != nil, today
	p.Appetite = decisionAppetiteFor(a, p.Risk)
	p.AboveAppetite = p.Risk.Level > p.Appetite
	p.Reason = queueReason(p.Risk, p.Appetite, p.Today)
	p.Body = decisionBody(p.Matrix, p.Risk.Level)
	if actor.Can(authz.DecideRisks) {
		p.Refusal = decisionRefusal(actor, p.Matrix, p.Risk)
		p.CanDecide = p.Refusal == ""
	}
	p.CanAccept = withinAppetiteRefusal(actor, p) == nil
	return p, nil
}

func submitted(status string) bool { return status == "ingediend" || status == "vastgesteld" }

// decisionBody is the body that decides on a risk of a level: the college at
// the matrix's highest level, below it the directie.
func decisionBody(m Matrix, level int) string {
	if level >= m.Highest() {
		return "college"
	}
	return "directie"
}

// decisionRefusal is why actor (directie or college) may not decide on r, ""
// when they may: segregation of duties (not the submitter of the analysis,
// not the owner of the risk) and the body the level requires.
func decisionRefusal(actor authz.Principal, m Matrix, r DecisionRisk) string {
	switch {
	case !submitted(r.AnalysisStatus):
		return "Over dit risico kan nog niet worden besloten: de risicoanalyse is nog niet ingediend."
	case r.Level == 0:
		return "Over dit risico kan nog niet worden besloten: het restrisico is nog niet gescoord."
	case r.SubmittedBy != 0 && r.SubmittedBy == actor.UserID:
		return "U hebt deze risicoanalyse zelf ingediend. Scheiding van functies: iemand anders besluit over de risico's ervan."
	case r.OwnerID != 0 && r.OwnerID == actor.UserID:
		return "U bent zelf eigenaar van dit risico. Scheiding van functies: iemand anders besluit erover."
	case decisionBody(m, r.Level) == "college" && !actor.Has(authz.College):
		return "Dit risico heeft het hoogste risiconiveau (" + m.LevelName(r.Level) + "): alleen het college van B&W besluit erover."
	}
	return ""
}

// actorBody is the body in which actor decides: the college if they hold
// that role, else the directie.
func actorBody(actor authz.Principal) string {
	if actor.Has(authz.College) {
		return "college"
	}
	return "directie"
}

func decisionHistory(ctx context.Context, tx *db.Tx, riskID int64) ([]Decision, error) {
	rows, err := tx.Query(ctx, `SELECT id, risk_id, kind, outcome, rationale, coalesce(nullif(decided_by_name, ''), 'Onbekend'), decided_by_body,
		decided_on, valid_until, coalesce(residual_level, 0), fingerprint
		FROM risk_decisions WHERE organisation_id = $1 AND risk_id = $2 ORDER BY created_at DESC, id DESC LIMIT 100`, tx.OrgID, riskID)
	if err != nil {
		return nil, fmt.Errorf("load decisions: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Decision, error) {
		var d Decision
		var l int16
		err := row.Scan(&d.ID, &d.RiskID, &d.Kind, &d.Outcome, &d.Rationale, &d.DecidedBy, &d.Body, &d.DecidedOn, &d.ValidUntil, &l, &d.Fingerprint)
		d.Level = int(l)
		return d, err
	})
}

// MaxAcceptanceYears bounds how long an acceptance of a residual risk may
// be valid: BIO2 allows acceptance only as temporary, and the longest review
// cycle of the default matrix is three years.
const MaxAcceptanceYears = 3

// DecisionInput is the decision form.
type DecisionInput struct {
	Kind       string
	Outcome    string
	Rationale  string
	ValidUntil string
	Seen       string // the fingerprint of the risk as the decider saw it
}

// Validate checks the form; today is the calendar day. An acceptance of a
// residual risk is always temporary: it needs a valid-until date that is
// not in the past.
func (in DecisionInput) Validate(today time.Time) apperr.Validation {
	v := apperr.Validation{}
	if in.Kind != DecisionTreatmentPlan && in.Kind != DecisionResidualRisk {
		v.Add("kind", "Kies waarover u besluit: het behandelplan of het restrisico.")
	}
	if in.Outcome != DecisionAccepted && in.Outcome != DecisionRejected {
		v.Add("outcome", "Kies het besluit: accepteren (goedkeuren) of afwijzen.")
	}
	r := in.Rationale
	v.Text("rationale", &r, 4000, "Vul de onderbouwing van het besluit in.", "De onderbouwing mag hoogstens 4000 tekens hebben.")
	acceptance := in.Kind == DecisionResidualRisk && in.Outcome == DecisionAccepted
	switch d, ok := nl.ParseDate(in.ValidUntil); {
	case strings.TrimSpace(in.ValidUntil) == "":
		if acceptance {
			v.Add("valid_until", "Vul in tot wanneer de acceptatie geldt: een restrisico wordt altijd tijdelijk geaccepteerd.")
		}
	case !ok:
		v.Add("valid_until", nl.InvalidDate("Geldig tot"))
	case d.Before(today):
		v.Add("valid_until", "De datum ‘Geldig tot’ ligt in het verleden. Kies vandaag of een latere datum.")
	case d.After(today.AddDate(MaxAcceptanceYears, 0, 0)):
		v.Add("valid_until", fmt.Sprintf("Een acceptatie is altijd tijdelijk: kies een datum ‘Geldig tot’ binnen %d jaar, uiterlijk %s.",
			MaxAcceptanceYears, today.AddDate(MaxAcceptanceYears, 0, 0).Format("02-01-2006")))
	}
	return v
}

// Decide records a decision of directie or college on a risk, with its
// frozen snapshot and fingerprint and an audit event, in one transaction.
func (s *DecisionService) Decide(ctx context.Context, actor authz.Principal, riskID int64, in DecisionInput) error {
	return s.DB.WriteAs(ctx, actor, authz.DecideRisks, func(tx *db.Tx) error {
		p, err := decisionLockedPage(ctx, tx, actor, riskID, s.today())
		if err != nil {
			return err
		}
		if err := in.Validate(p.Today).Err(); err != nil {
			return err
		}
		if p.Refusal != "" {
			return apperr.Forbiddenf("%s", p.Refusal)
		}
		if in.Seen != p.Risk.Fingerprint {
			return apperr.Stale() // the risk changed since the page was shown
		}
		return decisionInsert(ctx, tx, actor, p, in, actorBody(actor))
	})
}

// AcceptWithinAppetite records the acceptance by an afdelingsmanager of a
// residual risk at or below the appetite, for an analysis of their own
// afdeling. Above the appetite it is refused, whatever the form says.
func (s *DecisionService) AcceptWithinAppetite(ctx context.Context, actor authz.Principal, riskID int64, in DecisionInput) error {
	if err := actor.Require(authz.EditRisks); err != nil {
		return err
	}
	in.Kind, in.Outcome = DecisionResidualRisk, DecisionAccepted
	return s.DB.WriteAs(ctx, actor, authz.EditRisks, func(tx *db.Tx) error {
		p, err := decisionLockedPage(ctx, tx, actor, riskID, s.today())
		if err != nil {
			return err
		}
		if err := withinAppetiteRefusal(actor, p); err != nil {
			return err
		}
		if err := in.Validate(p.Today).Err(); err != nil {
			return err
		}
		if in.Seen != p.Risk.Fingerprint {
			return apperr.Stale()
		}
		return decisionInsert(ctx, tx, actor, p, in, "afdelingsmanager")
	})
}

// withinAppetiteRefusal: only the afdelingsmanager of the analysis's
// afdeling, only for a scored residual risk at or below a recorded appetite.
func withinAppetiteRefusal(actor authz.Principal, p DecisionPage) error {
	switch {
	case !actor.Can(authz.EditRisks) || !slices.Contains(actor.Departments(authz.Afdelingsmanager), p.Risk.DepartmentID):
		return apperr.Forbiddenf("Alleen de afdelingsmanager van de afdeling van de risicoanalyse accepteert een restrisico binnen de risicobereidheid.")
	case !submitted(p.Risk.AnalysisStatus) || p.Risk.Level == 0:
		return apperr.Forbiddenf("Een restrisico wordt geaccepteerd nadat de risicoanalyse is ingediend en het restrisico is gescoord.")
	case !p.HasAppetite:
		return apperr.Forbiddenf("Er is nog geen risicobereidheid vastgesteld: over dit restrisico besluit de directie.")
	case p.AboveAppetite:
		return apperr.Forbiddenf("Dit restrisico (%s) ligt boven de risicobereidheid (%s): daarover besluit de %s, niet de afdelingsmanager.",
			p.Matrix.LevelName(p.Risk.Level), p.Matrix.LevelName(p.Appetite), AppetiteBodyLabel(p.Body))
	}
	return nil
}

// decisionLockedPage loads the risk for a decision, locking it so that a
// concurrent change of the risk waits for the decision (or vice versa).
func decisionLockedPage(ctx context.Context, tx *db.Tx, actor authz.Principal, riskID int64, today time.Time) (DecisionPage, error) {
	var one int
	err := tx.QueryRow(ctx, `SELECT 1 FROM risks WHERE organisation_id = $1 AND id = $2 FOR UPDATE`, tx.OrgID, riskID).Scan(&one)
	if db.IsNoRows(err) {
		return DecisionPage{}, apperr.NotFoundf("Dit risico bestaat niet (meer).")
	}
	if err != nil {
		return DecisionPage{}, fmt.Errorf("lock risk %d: %w", riskID, err)
	}
	return decisionPageTx(ctx, tx, actor, riskID, today)
}

// DecisionSnapshot is the frozen copy of the risk as it was decided (the
// snapshot column of risk_decisions; the demo data writes it too).
type DecisionSnapshot struct {
	Threat             string   `json:"dreiging"`
	Description        string   `json:"beschrijving,omitempty"`
	Analysis           string   `json:"risicoanalyse"`
	AnalysisID         int64    `json:"risicoanalyse_id"`
	Department         string   `json:"afdeling"`
	Owner              string   `json:"eigenaar,omitempty"`
	InherentLikelihood int      `json:"bruto_kans"`
	InherentImpact     int      `json:"bruto_impact"`
	ResidualLikelihood int      `json:"netto_kans"`
	ResidualImpact     int      `json:"netto_impact"`
	ResidualLevel      string   `json:"restrisico"`
	Appetite           string   `json:"risicobereidheid"`
	Treatment          string   `json:"behandeling,omitempty"`
	TreatmentText      string   `json:"behandelplan,omitempty"`
	Controls           []string `json:"maatregelen"`
}

func decisionInsert(ctx context.Context, tx *db.Tx, actor authz.Principal, p DecisionPage, in DecisionInput, body string) error {
	r := p.Risk
	snap := DecisionSnapshot{Threat: r.Threat, Description: r.Description, Analysis: r.AnalysisTitle, AnalysisID: r.AnalysisID,
		Department: r.DepartmentName, Owner: r.OwnerName, InherentLikelihood: r.InherentLikelihood, InherentImpact: r.InherentImpact,
		ResidualLikelihood: r.ResidualLikelihood, ResidualImpact: r.ResidualImpact, ResidualLevel: p.Matrix.LevelName(r.Level),
		Appetite: p.Matrix.LevelName(p.Appetite), Treatment: r.Treatment, TreatmentText: r.TreatmentText, Controls: r.ControlCodes}
	if snap.Controls == nil {
		snap.Controls = []string{}
	}
	raw, err := json.Marshal(snap)
	if err != nil {
		return err
	}
	var until *time.Time
	if d, ok := nl.ParseDate(in.ValidUntil); ok {
		until = &d
	}
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO risk_decisions (organisation_id, risk_id, kind, outcome, rationale, decided_by, decided_by_name,
		decided_by_body, decided_on, valid_until, residual_level, fingerprint, snapshot, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, nullif($11, 0), $12, $13, $14) RETURNING id`,
		tx.OrgID, r.ID, in.Kind, in.Outcome, strings.TrimSpace(in.Rationale), actor.UserID, actor.Name, body, p.Today, until,
		r.Level, r.Fingerprint, raw, tx.Now).Scan(&id); err != nil {
		return db.MapError(err, map[string]db.FieldError{
			"risk_decisions_valid_until_check": {Field: "valid_until", Message: "Vul in tot wanneer de acceptatie geldt (niet vóór vandaag)."},
		})
	}
	summary := fmt.Sprintf("%s van risico ‘%s’ %s door %s", DecisionKindLabel(in.Kind), r.Threat,
		strings.ToLower(DecisionOutcomeLabel(in.Kind, in.Outcome)), strings.ToLower(AppetiteBodyLabel(body)))
	if until != nil {
		summary += ", geldig tot " + until.Format("02-01-2006")
	}
	after := map[string]any{"besluit": DecisionKindLabel(in.Kind), "uitkomst": DecisionOutcomeLabel(in.Kind, in.Outcome),
		"onderbouwing": strings.TrimSpace(in.Rationale), "orgaan": AppetiteBodyLabel(body), "restrisico": snap.ResidualLevel}
	if until != nil {
		after["geldig_tot"] = until.Format("02-01-2006")
	}
	return audit.Record(ctx, tx, audit.Event{Action: audit.Create, Entity: "risk_decision", EntityID: id, Summary: summary, After: after})
}

// DecisionRegisterItem is a risk whose last decision on its residual risk is
// an acceptance, flagged when it expired or the risk changed since.
type DecisionRegisterItem struct {
	DecisionRisk
	Expired bool
	Changed bool
}

// DecisionRegister is the register of temporarily accepted risks.
type DecisionRegister struct {
	Matrix Matrix
	Items  []DecisionRegisterItem
}

// Register lists every risk with an accepted residual risk (ViewRisks).
func (s *DecisionService) Register(ctx context.Context, actor authz.Principal) (g DecisionRegister, err error) {
	// The matrix and the risks in one round trip.
	var all []DecisionRisk
	err = s.DB.ReadBatchAs(ctx, actor, authz.ViewRisks, func(b *db.Batch) error {
		queueMatrix(b, &g.Matrix)
		queueDecisionRisks(b, &g.Matrix, 0, false, &all)
		return nil
	})
	if err != nil {
		return g, err
	}
	today := s.today()
	for _, r := range all {
		a := r.LastAccepted
		if a == nil || r.Last == nil || r.Last.ID != a.ID {
			continue // never accepted, or rejected since
		}
		g.Items = append(g.Items, DecisionRegisterItem{DecisionRisk: r,
			Expired: a.ValidUntil == nil || a.ValidUntil.Before(today),
			Changed: a.Fingerprint != r.Fingerprint})
	}
	return g, nil
}
