package risk

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/bia"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/links"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/plan"
)

// AnalysisService is the part of the risk domain that holds the risk
// analyses and their risks: the guided flow of the afdelingsmanager and the
// CISO's review.
type AnalysisService struct {
	DB  *db.DB
	Now func() time.Time // the clock of "today" (time.Now when nil; tests move it)
}

func (s *AnalysisService) today() time.Time { return today(s.Now) }

// Option is a choice of a form: Value is what the form sends.
type Option struct{ Value, Label string }

// Analysis is a stored risk analysis with the names a page shows.
type Analysis struct {
	ID            int64
	Title         string
	SubjectKind   string
	SubjectID     int64
	SubjectName   string // the named subject, or the item's name
	DepartmentID  int64
	Department    string
	OwnerID       int64
	Owner         string
	Helpers       []int64
	HelperNames   []string
	Status        string
	Scope         string
	ReviewComment string
	AnalysisDate  *time.Time
	NextReview    *time.Time
	SubmittedBy   string
	SubmittedAt   *time.Time
	EstablishedBy string
	EstablishedAt *time.Time
	Version       int
}

// Subject is the analysis's subject as the form encodes it.
func (a Analysis) Subject() Subject { return Subject{Kind: a.SubjectKind, ID: a.SubjectID} }

// SubjectPath is the page of the subject, "" for a named one.
func (a Analysis) SubjectPath() string { return SubjectPath(a.SubjectKind, a.SubjectID) }

// Input is the form state of the stored analysis.
func (a Analysis) Input() AnalysisInput {
	in := AnalysisInput{Title: a.Title, Subject: a.Subject().String(), DepartmentID: a.DepartmentID, OwnerID: a.OwnerID,
		Helpers: a.Helpers, Scope: a.Scope, Version: a.Version}
	if a.Subject().Named() {
		in.SubjectName = a.SubjectName
	}
	if a.AnalysisDate != nil {
		in.AnalysisDate = a.AnalysisDate.Format("2006-01-02")
	}
	return in
}

// Overdue reports whether the next review date has passed.
func (a Analysis) Overdue(today time.Time) bool {
	return a.NextReview != nil && a.NextReview.Before(today)
}

// AnalysisRisk is a risk of an analysis with its scores' levels, controls
// and treatment actions.
type AnalysisRisk struct {
	ID            int64
	ThreatCode    string
	Threat        string
	Description   string
	Affects       [3]bool
	InherentL     int
	InherentI     int
	InherentLevel int
	Treatment     string
	TreatmentText string
	Cost          *plan.Money
	ResidualL     int
	ResidualI     int
	ResidualLevel int
	OwnerID       int64
	Owner         string
	Controls      []links.Target
	Actions       []links.Target
	Version       int
}

// RiskInput is the form state of step 2.
func (r AnalysisRisk) RiskInput() RiskInput {
	return RiskInput{ThreatCode: r.ThreatCode, Threat: r.Threat, Description: r.Description, Affects: r.Affects,
		Likelihood: r.InherentL, Impact: r.InherentI, Version: r.Version}
}

// TreatmentInput is the form state of step 3.
func (r AnalysisRisk) TreatmentInput() TreatmentInput {
	in := TreatmentInput{Treatment: r.Treatment, TreatmentText: r.TreatmentText, Likelihood: r.ResidualL, Impact: r.ResidualI,
		OwnerID: r.OwnerID, Version: r.Version}
	if r.Cost != nil {
		in.Cost = r.Cost.Plain()
	}
	for _, c := range r.Controls {
		in.Controls = append(in.Controls, c.TargetID)
	}
	return in
}

// AffectsText is "B, I, V" for the aspects the risk touches.
func (r AnalysisRisk) AffectsText() string {
	var out []string
	for i, a := range []string{"B", "I", "V"} {
		if r.Affects[i] {
			out = append(out, a)
		}
	}
	return strings.Join(out, ", ")
}

// AnalysisPage is the page of one analysis: the summary of the guided flow.
type AnalysisPage struct {
	Matrix   Matrix
	Analysis Analysis
	Risks    []AnalysisRisk
	// Hidden is the number of risks the reader may not see (the FG sees the
	// privacy-relevant ones).
	Hidden    int
	BIA       *bia.Summary // the BIA of the process, for a process's analysis
	Highest   int          // highest residual level
	Problems  []string     // what stops submitting, in Dutch
	CanEdit   bool         // the owner's side, in concept
	CanSubmit bool
	CanReview bool // the CISO, when submitted
	CanReopen bool // start a new round of an established analysis
	Today     time.Time
	appetite  *Appetite
	decisions map[int64]riskDecisions // the bestuur's last decisions per risk
}

// DecidedBy names who must decide on a risk's residual level: "" at or
// below the risk appetite (the afdelingsmanager accepts it), else the
// directie or, at the matrix's highest level, the college. Without a
// recorded appetite every scored risk goes to the bestuur.
func (p AnalysisPage) DecidedBy(r AnalysisRisk) string {
	if r.ResidualLevel == 0 {
		return ""
	}
	limit := 0
	if p.appetite != nil {
		limit = p.appetite.For(r.Affects)
	}
	if r.ResidualLevel <= limit {
		return ""
	}
	return decisionBody(p.Matrix, r.ResidualLevel)
}

// Decision says what the bestuur decided on a risk above the appetite, as
// a text and a badge tone: a current acceptance ("Geaccepteerd door de
// directie tot 30-06-2027", ok), a rejection (danger), an acceptance that
// no longer holds (warn); "" when it was never decided.
func (p AnalysisPage) Decision(r AnalysisRisk) (text, tone string) {
	d, ok := p.decisions[r.ID]
	if !ok {
		return "", ""
	}
	ids := make([]int64, len(r.Controls))
	for i, c := range r.Controls {
		ids[i] = c.TargetID
	}
	dr := DecisionRisk{Last: d.last, LastAccepted: d.accepted, Fingerprint: DecisionFingerprint(r.ResidualLevel, r.Treatment, ids)}
	if dr.Rejected() {
		return "Afgewezen door " + AppetiteBodyPhrase(d.last.Body) + " op " + d.last.DecidedOn.Format("02-01-2006") + ": behandel het risico opnieuw", "danger"
	}
	switch dr.QueueReason(p.Today) {
	case "":
		return "Geaccepteerd door " + AppetiteBodyPhrase(d.accepted.Body) + " tot " + d.accepted.ValidUntil.Format("02-01-2006"), "ok"
	case QueueChanged:
		return "Gewijzigd na de acceptatie: wacht op een nieuw besluit", "warn"
	case QueueExpired:
		return "Acceptatie verlopen: wacht op een nieuw besluit", "warn"
	}
	return "", ""
}

// riskDecisions are a risk's last residual-risk decision and its last
// acceptance (the same one when the last decision accepted it).
type riskDecisions struct{ last, accepted *Decision }

// analysisDecisions reads, in one query, the last residual-risk decision and
// the last acceptance of each risk of analysis id.
func analysisDecisions(ctx context.Context, tx *db.Tx, id int64) (map[int64]riskDecisions, error) {
	rows, err := tx.Query(ctx, `
		SELECT DISTINCT ON (x.risk_id, x.outcome = 'accepted') x.risk_id, x.id, x.outcome, x.decided_by_body, x.decided_on, x.valid_until, x.fingerprint
		FROM risk_decisions x JOIN risks r ON r.organisation_id = x.organisation_id AND r.id = x.risk_id
		WHERE x.organisation_id = $1 AND r.analysis_id = $2 AND x.kind = 'residual_risk'
		ORDER BY x.risk_id, x.outcome = 'accepted', x.created_at DESC, x.id DESC`, tx.OrgID, id)
	if err != nil {
		return nil, fmt.Errorf("decisions of analysis %d: %w", id, err)
	}
	out := map[int64]riskDecisions{}
	_, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (struct{}, error) {
		d := &Decision{Kind: DecisionResidualRisk}
		if err := r.Scan(&d.RiskID, &d.ID, &d.Outcome, &d.Body, &d.DecidedOn, &d.ValidUntil, &d.Fingerprint); err != nil {
			return struct{}{}, err
		}
		x := out[d.RiskID]
		if d.Outcome == DecisionAccepted {
			x.accepted = d
		}
		if x.last == nil || d.ID > x.last.ID {
			x.last = d
		}
		out[d.RiskID] = x
		return struct{}{}, nil
	})
	return out, err
}

// AnalysisFilter narrows the list of analyses.
type AnalysisFilter struct {
	Status       string
	DepartmentID int64
	SubjectKind  string
	Overdue      bool
}

// AnalysisList is the list page.
type AnalysisList struct {
	Matrix      Matrix
	Rows        []AnalysisRow
	Total       int
	Departments []Option
	CanCreate   bool
	Today       time.Time
}

// AnalysisRow is one analysis in the list.
type AnalysisRow struct {
	Analysis
	Risks   int
	Highest int
}

const analysisSQL = `
	SELECT a.id, a.title, a.subject_kind, coalesce(a.subject_id, 0), a.subject_name, a.department_id, d.name,
	       coalesce(a.owner_id, 0), coalesce(ou.name, ''),
	       coalesce((SELECT array_agg(h.user_id ORDER BY h.user_id) FROM risk_analysis_helpers h WHERE h.analysis_id = a.id), '{}'),
	       coalesce((SELECT array_agg(hu.name ORDER BY h.user_id) FROM risk_analysis_helpers h JOIN users hu ON hu.id = h.user_id WHERE h.analysis_id = a.id), '{}'),
	       a.status, a.scope, a.review_comment, a.analysis_date, a.next_review,
	       coalesce(su.name, ''), a.submitted_at, coalesce(eu.name, ''), a.established_at, a.version`

const analysisFrom = `
	FROM risk_analyses a
	JOIN departments d ON d.organisation_id = a.organisation_id AND d.id = a.department_id
	LEFT JOIN users ou ON ou.id = a.owner_id
	LEFT JOIN users su ON su.id = a.submitted_by
	LEFT JOIN users eu ON eu.id = a.established_by`

func analysisTargets(a *Analysis) []any {
	return []any{&a.ID, &a.Title, &a.SubjectKind, &a.SubjectID, &a.SubjectName, &a.DepartmentID, &a.Department, &a.OwnerID, &a.Owner,
		&a.Helpers, &a.HelperNames, &a.Status, &a.Scope, &a.ReviewComment, &a.AnalysisDate, &a.NextReview,
		&a.SubmittedBy, &a.SubmittedAt, &a.EstablishedBy, &a.EstablishedAt, &a.Version}
}

// subjectIDs are the ids of the item subjects of as per kind: what
// nameSubjects names.
func subjectIDs(as []*Analysis) map[string][]int64 {
	ids := map[string][]int64{}
	for _, a := range as {
		if !a.Subject().Named() {
			ids[a.SubjectKind] = append(ids[a.SubjectKind], a.SubjectID)
		}
	}
	return ids
}

// queueSubjectNames is nameSubjects in a batch: the labels per kind land
// in the returned map once the batch has run (setSubjectNames).
func queueSubjectNames(b *db.Batch, ids map[string][]int64) (map[string]*[]links.Target, error) {
	out := map[string]*[]links.Target{}
	for kind, list := range ids {
		if _, ok := links.Lookup(kind); !ok {
			continue
		}
		ts := new([]links.Target)
		if err := links.QueueTargets(b, kind, list, ts); err != nil {
			return nil, fmt.Errorf("name %s subjects: %w", kind, err)
		}
		out[kind] = ts
	}
	return out, nil
}

// setSubjectNames names the item subjects of as by the labels of their kinds.
func setSubjectNames(as []*Analysis, labels map[string]*[]links.Target) {
	for kind, ts := range labels {
		names := map[int64]string{}
		for _, t := range *ts {
			names[t.TargetID] = t.Text()
		}
		for _, a := range as {
			if a.SubjectKind == kind {
				a.SubjectName = names[a.SubjectID]
			}
		}
	}
}

// nameSubjects fills the names of item subjects from their domains' link
// kinds: one query per kind present, whatever the number of analyses.
func nameSubjects(ctx context.Context, tx *db.Tx, as []*Analysis) error {
	ids := subjectIDs(as)
	for kind, list := range ids {
		k, ok := links.Lookup(kind)
		if !ok {
			continue
		}
		ts, err := k.Targets(ctx, tx, list)
		if err != nil {
			return fmt.Errorf("name %s subjects: %w", kind, err)
		}
		names := map[int64]string{}
		for _, t := range ts {
			names[t.TargetID] = t.Text()
		}
		for _, a := range as {
			if a.SubjectKind == kind {
				a.SubjectName = names[a.SubjectID]
			}
		}
	}
	return nil
}

// List reads the analyses (ViewRisks) with their number of risks and
// highest residual level: the matrix, the page and the afdelingen in one
// batch, then the names of the subjects, one query per subject kind shown,
// in a second (none when the page shows no process, application or
// supplier).
func (s *AnalysisService) List(ctx context.Context, actor authz.Principal, f AnalysisFilter, p listing.Params) (l AnalysisList, err error) {
	l.Today = s.today()
	l.CanCreate = actor.Can(authz.EditRisks)
	err = s.DB.ReadBatchAs(ctx, actor, authz.ViewRisks, func(b *db.Batch) error {
		queueMatrix(b, &l.Matrix)
		// One subquery of the risks per analysis: their scores, whose
		// number is the number of risks.
		b.Queue(analysisSQL+`,
			       coalesce((SELECT array_agg(coalesce(r.residual_likelihood, 0) * 100 + coalesce(r.residual_impact, 0)) FROM risks r WHERE r.analysis_id = a.id), '{}'),
			       count(*) OVER ()`+analysisFrom+`
			WHERE a.organisation_id = $1 AND ($2 = '' OR a.status = $2) AND ($3 = 0 OR a.department_id = $3)
			  AND ($4 = '' OR a.subject_kind = $4) AND (NOT $5 OR a.next_review < $6)
			ORDER BY (a.status = 'vastgesteld'), a.next_review NULLS FIRST, lower(a.title), a.id
			LIMIT $7 OFFSET $8`, b.Scope.OrgID, f.Status, f.DepartmentID, f.SubjectKind, f.Overdue, l.Today, p.Limit(), p.Offset()).
			Query(func(rows pgx.Rows) error {
				if err := scanAnalysisRows(rows, l.Matrix, &l.Rows, &l.Total); err != nil {
					return fmt.Errorf("list analyses: %w", err)
				}
				return nil
			})
		queueDepartmentOptions(b, &l.Departments)
		return nil
	})
	if err != nil {
		return l, err
	}
	ptrs := make([]*Analysis, len(l.Rows))
	for i := range l.Rows {
		ptrs[i] = &l.Rows[i].Analysis
	}
	ids := subjectIDs(ptrs)
	if len(ids) == 0 {
		return l, nil
	}
	var labels map[string]*[]links.Target
	err = s.DB.ReadBatchAs(ctx, actor, authz.ViewRisks, func(b *db.Batch) (err error) {
		labels, err = queueSubjectNames(b, ids)
		return err
	})
	if err != nil {
		return l, err
	}
	setSubjectNames(ptrs, labels)
	return l, nil
}

// scanAnalysisRows reads the rows of the list into *out, every row into the
// same scan targets, with the number of risks and the highest residual
// level on m from the risks' scores, and the total of every row
// (count(*) OVER ()) into *total.
func scanAnalysisRows(rows pgx.Rows, m Matrix, out *[]AnalysisRow, total *int) error {
	defer rows.Close()
	var x AnalysisRow
	var scores []int32
	targets := append(analysisTargets(&x.Analysis), &scores, total)
	for rows.Next() {
		if err := rows.Scan(targets...); err != nil {
			return err
		}
		x.Risks, x.Highest = len(scores), 0
		for _, sc := range scores {
			x.Highest = max(x.Highest, m.LevelOf(int(sc/100), int(sc%100)))
		}
		*out = append(*out, x)
	}
	return rows.Err()
}

// ---- scope ----

// editableDepartments are the afdelingen whose analyses the actor edits: nil
// means all (the CISO).
func editableDepartments(actor authz.Principal) (all bool, depts []int64) {
	if !actor.Can(authz.EditRisks) {
		return false, nil
	}
	if actor.Has(authz.CISO) {
		return true, nil
	}
	return false, append(actor.Departments(authz.Afdelingsmanager), actor.Departments(authz.DSPO)...)
}

// MayStartIn reports whether the actor may start an analysis owned by the
// afdeling (the process page offers it only then).
func MayStartIn(actor authz.Principal, deptID int64) bool {
	all, depts := editableDepartments(actor)
	return all || slices.Contains(depts, deptID)
}

// mayEdit: the CISO everywhere, a manager or DSPO in their afdelingen, and
// a helper of the analysis.
func mayEdit(actor authz.Principal, a Analysis) bool {
	all, depts := editableDepartments(actor)
	return all || slices.Contains(depts, a.DepartmentID) || (actor.Can(authz.EditRisks) && slices.Contains(a.Helpers, actor.UserID))
}

var errAnalysisScope = apperr.Forbiddenf("U mag alleen risicoanalyses van uw eigen afdeling(en) wijzigen, of analyses waarbij u helper bent.")

func errNotConcept(a Analysis) error {
	return apperr.Forbiddenf("Deze risicoanalyse is %s en kan niet meer worden gewijzigd. De CISO kan haar terugzetten naar concept.", strings.ToLower(AnalysisStatusLabel(a.Status)))
}

// ---- one analysis ----

var analysisRecord = db.Record{SQL: analysisSQL + analysisFrom + ` WHERE a.organisation_id = $1 AND a.id = $2`, LockOf: "a",
	NotFound: apperr.NotFoundf("Deze risicoanalyse bestaat niet (meer)."), What: "analysis"}

func loadAnalysis(ctx context.Context, tx *db.Tx, id int64, lock bool) (Analysis, error) {
	var a Analysis
	if err := analysisRecord.Scan(ctx, tx, id, lock, analysisTargets(&a)...); err != nil {
		return a, err
	}
	err := nameSubjects(ctx, tx, []*Analysis{&a})
	return a, err
}

func loadRisks(ctx context.Context, tx *db.Tx, m Matrix, analysisID, riskID int64) ([]AnalysisRisk, error) {
	rows, err := tx.Query(ctx, `
		SELECT r.id, r.threat_code, r.threat, r.description, r.affects_availability, r.affects_integrity, r.affects_confidentiality,
		       coalesce(r.inherent_likelihood, 0), coalesce(r.inherent_impact, 0), coalesce(r.treatment, ''), r.treatment_description,
		       r.estimated_cost::text, coalesce(r.residual_likelihood, 0), coalesce(r.residual_impact, 0),
		       coalesce(r.owner_id, 0), coalesce(u.name, ''), r.version,
		       coalesce((SELECT array_agg(ci.id ORDER BY ci.sort_key) FROM risk_controls rc JOIN catalogue_items ci ON ci.id = rc.item_id WHERE rc.risk_id = r.id), '{}'),
		       coalesce((SELECT array_agg(ci.number ORDER BY ci.sort_key) FROM risk_controls rc JOIN catalogue_items ci ON ci.id = rc.item_id WHERE rc.risk_id = r.id), '{}'),
		       coalesce((SELECT array_agg(ci.title ORDER BY ci.sort_key) FROM risk_controls rc JOIN catalogue_items ci ON ci.id = rc.item_id WHERE rc.risk_id = r.id), '{}')
		FROM risks r LEFT JOIN users u ON u.id = r.owner_id
		WHERE r.organisation_id = $1 AND r.analysis_id = $2 AND ($3 = 0 OR r.id = $3)
		ORDER BY r.id`, tx.OrgID, analysisID, riskID)
	if err != nil {
		return nil, fmt.Errorf("load risks: %w", err)
	}
	rs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (AnalysisRisk, error) {
		var r AnalysisRisk
		var il, ii, rl, ri int16
		var cost *string
		var ids []int64
		var numbers, titles []string
		err := row.Scan(&r.ID, &r.ThreatCode, &r.Threat, &r.Description, &r.Affects[0], &r.Affects[1], &r.Affects[2],
			&il, &ii, &r.Treatment, &r.TreatmentText, &cost, &rl, &ri, &r.OwnerID, &r.Owner, &r.Version, &ids, &numbers, &titles)
		if err != nil {
			return r, err
		}
		r.InherentL, r.InherentI, r.ResidualL, r.ResidualI = int(il), int(ii), int(rl), int(ri)
		r.InherentLevel, r.ResidualLevel = m.LevelOf(r.InherentL, r.InherentI), m.LevelOf(r.ResidualL, r.ResidualI)
		if cost != nil {
			if r.Cost, err = plan.ParseMoney(*cost); err != nil {
				return r, err
			}
		}
		for i, id := range ids {
			r.Controls = append(r.Controls, links.Target{Kind: plan.KindControl, TargetID: id, Label: numbers[i], Title: titles[i]})
		}
		return r, nil
	})
	if err != nil {
		return nil, fmt.Errorf("load risks: %w", err)
	}
	ids := make([]int64, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	actions, err := plan.Addressing(ctx, tx, KindRisk, ids)
	if err != nil {
		return nil, fmt.Errorf("treatment actions: %w", err)
	}
	for i := range rs {
		rs[i].Actions = actions[rs[i].ID]
	}
	return rs, nil
}

// Analysis is the page of one analysis (ViewRisks): its risks, the BIA of
// its process, what stops submitting it and what the actor may do. A
// fixed number of queries, whatever the number of risks.
func (s *AnalysisService) Analysis(ctx context.Context, actor authz.Principal, id int64) (p AnalysisPage, err error) {
	p.Today = s.today()
	err = s.DB.ReadAs(ctx, actor, authz.ViewRisks, func(tx *db.Tx) error {
		return analysisPageTx(ctx, tx, actor, id, &p)
	})
	return p, err
}

func analysisPageTx(ctx context.Context, tx *db.Tx, actor authz.Principal, id int64, p *AnalysisPage) error {
	var err error
	if p.Matrix, err = appetiteMatrix(ctx, tx); err != nil {
		return err
	}
	if p.Analysis, err = loadAnalysis(ctx, tx, id, false); err != nil {
		return err
	}
	if p.appetite, err = appetiteCurrent(ctx, tx); err != nil {
		return err
	}
	all, err := loadRisks(ctx, tx, p.Matrix, id, 0)
	if err != nil {
		return err
	}
	if p.decisions, err = analysisDecisions(ctx, tx, id); err != nil {
		return err
	}
	privacy := privacyOnly(actor)
	for _, r := range all {
		if privacy && !r.Affects[2] {
			p.Hidden++
			continue
		}
		p.Risks = append(p.Risks, r)
		p.Highest = max(p.Highest, r.ResidualLevel)
	}
	if p.Analysis.SubjectKind == SubjectProcess {
		sum, err := bia.SummaryTx(ctx, tx, p.Analysis.SubjectID)
		if err != nil && apperr.CodeOf(err) != apperr.NotFound {
			return err
		}
		if err == nil {
			p.BIA = &sum
		}
	}
	p.Problems = submitProblems(all)
	editable := mayEdit(actor, p.Analysis)
	p.CanEdit = editable && p.Analysis.Status == StatusConcept
	p.CanSubmit = p.CanEdit && len(p.Problems) == 0
	p.CanReview = actor.Can(authz.ReviewRisks) && p.Analysis.Status == StatusSubmitted
	p.CanReopen = editable && p.Analysis.Status == StatusEstablished
	return nil
}

// submitProblems lists what must be filled in before submitting.
func submitProblems(rs []AnalysisRisk) []string {
	if len(rs) == 0 {
		return []string{"Voeg ten minste één risico toe."}
	}
	var out []string
	for i, r := range rs {
		if missing := r.Incomplete(); len(missing) > 0 {
			out = append(out, fmt.Sprintf("Risico %d (%s): vul nog in: %s.", i+1, r.Threat, strings.Join(missing, ", ")))
		}
	}
	return out
}

// ---- the form of step 1 ----

// AnalysisForm is what the form of step 1 offers.
type AnalysisForm struct {
	Analysis    *Analysis // nil for a new analysis
	Subjects    []Option
	Departments []Option
	Owners      []Option
	Helpers     []Option
	BIA         *bia.Summary // of the process the analysis starts from
}

// NewAnalysis is the empty form, started from a subject when given (the
// manager of a process starts from its BIA): title, afdeling and owner
// follow from the process.
func (s *AnalysisService) NewAnalysis(ctx context.Context, actor authz.Principal, from Subject) (in AnalysisInput, f AnalysisForm, err error) {
	if err := actor.Require(authz.EditRisks); err != nil {
		return in, f, err
	}
	in.AnalysisDate = s.today().Format("2006-01-02")
	err = s.DB.ReadAs(ctx, actor, authz.EditRisks, func(tx *db.Tx) error {
		if f, err = analysisForm(ctx, tx, actor); err != nil {
			return err
		}
		// With one afdeling to choose from, it is chosen; a manager of it is
		// the owner.
		if len(f.Departments) == 1 {
			in.DepartmentID, _ = strconv.ParseInt(f.Departments[0].Value, 10, 64)
			if slices.Contains(actor.Departments(authz.Afdelingsmanager), in.DepartmentID) {
				in.OwnerID = actor.UserID
			}
		}
		if from.Kind == "" {
			return nil
		}
		in.Subject = from.String()
		if from.Kind != SubjectProcess {
			return nil
		}
		var name string
		err := tx.QueryRow(ctx, `SELECT name, department_id, coalesce(owner_id, 0) FROM processes WHERE organisation_id = $1 AND id = $2`,
			tx.OrgID, from.ID).Scan(&name, &in.DepartmentID, &in.OwnerID)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.NotFoundf("Dit proces bestaat niet (meer).")
		}
		if err != nil {
			return err
		}
		in.Title = "Risicoanalyse " + name
		sum, err := bia.SummaryTx(ctx, tx, from.ID)
		if err == nil {
			f.BIA = &sum
		}
		return nil
	})
	return in, f, err
}

// EditAnalysis is the form of a stored analysis (its owner's side, in concept).
func (s *AnalysisService) EditAnalysis(ctx context.Context, actor authz.Principal, id int64) (f AnalysisForm, err error) {
	err = s.DB.ReadAs(ctx, actor, authz.EditRisks, func(tx *db.Tx) error {
		a, err := loadAnalysis(ctx, tx, id, false)
		if err != nil {
			return err
		}
		if err := editable(actor, a); err != nil {
			return err
		}
		f, err = analysisForm(ctx, tx, actor)
		f.Analysis = &a
		return err
	})
	return f, err
}

// AnalysisFormFor is the form again after an error: for a new analysis (id 0) or a stored one.
func (s *AnalysisService) AnalysisFormFor(ctx context.Context, actor authz.Principal, id int64) (AnalysisForm, error) {
	if id != 0 {
		return s.EditAnalysis(ctx, actor, id)
	}
	_, f, err := s.NewAnalysis(ctx, actor, Subject{})
	return f, err
}

func editable(actor authz.Principal, a Analysis) error {
	if !mayEdit(actor, a) {
		return errAnalysisScope
	}
	if a.Status != StatusConcept {
		return errNotConcept(a)
	}
	return nil
}

func analysisForm(ctx context.Context, tx *db.Tx, actor authz.Principal) (f AnalysisForm, err error) {
	all, depts := editableDepartments(actor)
	// A manager or DSPO is offered the processes of their own afdelingen
	// only (applications and suppliers have no afdeling).
	var own map[int64]bool
	if !all {
		own = map[int64]bool{}
		rows, err := tx.Query(ctx, `SELECT id FROM processes WHERE organisation_id = $1 AND department_id = ANY($2)`, tx.OrgID, depts)
		if err != nil {
			return f, err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return f, err
		}
		for _, id := range ids {
			own[id] = true
		}
	}
	for _, kind := range []string{SubjectProcess, SubjectApplication, SubjectSupplier} {
		k, ok := links.Lookup(kind)
		if !ok {
			continue // suppliers are registered by their own domain
		}
		cs, err := k.Choices(ctx, tx)
		if err != nil {
			return f, fmt.Errorf("subject choices: %w", err)
		}
		for _, c := range cs {
			if kind == SubjectProcess && own != nil && !own[c.ID] {
				continue
			}
			f.Subjects = append(f.Subjects, Option{Subject{Kind: kind, ID: c.ID}.String(), SubjectKindLabel(kind) + ": " + c.Label})
		}
	}
	f.Subjects = append(f.Subjects, Option{SubjectProject, "Project of wijziging (naam hieronder)"}, Option{SubjectTheme, "Organisatiebreed thema (naam hieronder)"})
	if all {
		depts = nil
	} else if depts == nil {
		depts = []int64{}
	}
	if f.Departments, err = departmentOptions(ctx, tx, depts); err != nil {
		return f, err
	}
	if f.Owners, err = managerOptions(ctx, tx); err != nil {
		return f, err
	}
	f.Helpers, err = usersWithRoles(ctx, tx, authz.DSPO, authz.CISO)
	return f, err
}

// departmentOptionsSQL lists the organisation's ($1) afdelingen, only
// those in $2 unless it is NULL.
const departmentOptionsSQL = `SELECT id::text, name FROM departments WHERE organisation_id = $1 AND ($2::bigint[] IS NULL OR id = ANY($2))
		ORDER BY lower(name)`

// queueDepartmentOptions is departmentOptions of every afdeling in a batch.
func queueDepartmentOptions(b *db.Batch, out *[]Option) {
	b.Queue(departmentOptionsSQL, b.Scope.OrgID, []int64(nil)).Query(func(rows pgx.Rows) (err error) {
		*out, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Option])
		return err
	})
}

// departmentOptions lists the organisation's afdelingen, only those in ids
// unless ids is nil.
func departmentOptions(ctx context.Context, tx *db.Tx, ids []int64) ([]Option, error) {
	rows, err := tx.Query(ctx, departmentOptionsSQL, tx.OrgID, ids)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Option])
}

// managerOptions are the afdelingsmanagers with their afdelingen: the
// owner of an analysis is a manager of its afdeling.
func managerOptions(ctx context.Context, tx *db.Tx) ([]Option, error) {
	rows, err := tx.Query(ctx, `SELECT u.id::text, u.name || ' – ' || string_agg(d.name, ', ' ORDER BY lower(d.name)) FROM users u
		JOIN role_assignments ra ON ra.user_id = u.id AND ra.organisation_id = $1 AND ra.role = 'afdelingsmanager'
		JOIN departments d ON d.organisation_id = ra.organisation_id AND d.id = ra.department_id
		WHERE u.active GROUP BY u.id, u.name ORDER BY lower(u.name), u.id`, tx.OrgID)
	if err != nil {
		return nil, fmt.Errorf("managers: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Option])
}

func usersWithRoles(ctx context.Context, tx *db.Tx, roles ...authz.Role) ([]Option, error) {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	rows, err := tx.Query(ctx, `SELECT u.id, u.name, array_agg(DISTINCT ra.role ORDER BY ra.role) FROM users u
		JOIN role_assignments ra ON ra.user_id = u.id AND ra.organisation_id = $1 AND ra.role = ANY($2)
		WHERE u.active GROUP BY u.id, u.name ORDER BY lower(u.name), u.id`, tx.OrgID, names)
	if err != nil {
		return nil, fmt.Errorf("users with roles: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Option, error) {
		var id int64
		var name string
		var held []string
		if err := row.Scan(&id, &name, &held); err != nil {
			return Option{}, err
		}
		labels := make([]string, len(held))
		for i, r := range held {
			labels[i] = authz.Role(r).Label()
		}
		return Option{Value: itoa(id), Label: name + " – " + strings.Join(labels, ", ")}, nil
	})
}

// ---- writing step 1 ----

// checkAnalysisRefs checks that subject, afdeling, owner and helpers belong
// to the organisation and are allowed; for a process the afdeling is the
// process's own.
func checkAnalysisRefs(ctx context.Context, tx *db.Tx, actor authz.Principal, in *AnalysisInput, v apperr.Validation) error {
	sub := in.subject
	if sub.Kind == SubjectProcess {
		err := tx.QueryRow(ctx, `SELECT department_id FROM processes WHERE organisation_id = $1 AND id = $2`, tx.OrgID, sub.ID).Scan(&in.DepartmentID)
		if errors.Is(err, pgx.ErrNoRows) {
			v.Add("subject", "Kies een proces van deze organisatie.")
		} else if err != nil {
			return err
		}
	} else if !sub.Named() && sub.Kind != "" {
		k, ok := links.Lookup(sub.Kind)
		found := 0
		if ok {
			ts, err := k.Targets(ctx, tx, []int64{sub.ID})
			if err != nil {
				return err
			}
			found = len(ts)
		}
		if found == 0 {
			v.Add("subject", "Kies een onderwerp van deze organisatie.")
		}
	}
	if !sub.Named() {
		in.SubjectName = ""
	}
	if in.DepartmentID != 0 {
		all, depts := editableDepartments(actor)
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM departments WHERE organisation_id = $1 AND id = $2)`, tx.OrgID, in.DepartmentID).Scan(&ok); err != nil {
			return err
		}
		switch {
		case !ok:
			v.Add("department_id", "Kies een afdeling van deze organisatie.")
		case !all && !slices.Contains(depts, in.DepartmentID):
			field := "department_id"
			if sub.Kind == SubjectProcess {
				field = "subject"
			}
			v.Add(field, "U kunt alleen een risicoanalyse maken voor uw eigen afdeling(en).")
		}
	}
	if in.OwnerID != 0 && in.DepartmentID != 0 {
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM role_assignments WHERE organisation_id = $1 AND user_id = $2
			AND role = 'afdelingsmanager' AND department_id = $3)`, tx.OrgID, in.OwnerID, in.DepartmentID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			v.Add("owner_id", "Kies als eigenaar een afdelingsmanager van de afdeling van de analyse: die blijft verantwoordelijk voor de risico's.")
		}
	}
	if err := checkUsers(ctx, tx, v, "helpers", in.Helpers, "Kies als helpers een DSPO of CISO van deze organisatie.", authz.DSPO, authz.CISO); err != nil {
		return err
	}
	return v.Err()
}

// checkUsers: every non-zero id is a user holding one of roles here.
func checkUsers(ctx context.Context, tx *db.Tx, v apperr.Validation, field string, ids []int64, msg string, roles ...authz.Role) error {
	var want []int64
	for _, id := range ids {
		if id != 0 {
			want = append(want, id)
		}
	}
	if len(want) == 0 {
		return nil
	}
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(DISTINCT user_id) FROM role_assignments WHERE organisation_id = $1 AND user_id = ANY($2) AND role = ANY($3)`,
		tx.OrgID, want, names).Scan(&n); err != nil {
		return err
	}
	slices.Sort(want)
	if n != len(slices.Compact(want)) {
		v.Add(field, msg)
	}
	return nil
}

func nullable(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func setHelpers(ctx context.Context, tx *db.Tx, id int64, helpers []int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM risk_analysis_helpers WHERE organisation_id = $1 AND analysis_id = $2`, tx.OrgID, id); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO risk_analysis_helpers (organisation_id, analysis_id, user_id)
		SELECT DISTINCT $1::bigint, $2::bigint, unnest($3::bigint[])`, tx.OrgID, id, helpers)
	return err
}

// analysisAudit is what the trail keeps of step 1.
func analysisAudit(in AnalysisInput) map[string]any {
	return map[string]any{"titel": in.Title, "onderwerp": in.Subject, "naam": in.SubjectName, "afdeling": in.DepartmentID,
		"eigenaar": in.OwnerID, "helpers": in.Helpers, "afbakening": in.Scope, "datum": in.AnalysisDate}
}

// CreateAnalysis saves step 1 of a new analysis, in concept.
func (s *AnalysisService) CreateAnalysis(ctx context.Context, actor authz.Principal, in AnalysisInput) (id int64, err error) {
	if err := actor.Require(authz.EditRisks); err != nil {
		return 0, err
	}
	v := in.Validate()
	err = s.DB.WriteAs(ctx, actor, authz.EditRisks, func(tx *db.Tx) error {
		if err := checkAnalysisRefs(ctx, tx, actor, &in, v); err != nil {
			return err
		}
		sub := in.subject
		var subjectID *int64
		if !sub.Named() {
			subjectID = &sub.ID
		}
		if err := tx.QueryRow(ctx, `INSERT INTO risk_analyses (organisation_id, title, subject_kind, subject_id, subject_name, department_id,
			owner_id, scope, analysis_date) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			tx.OrgID, in.Title, sub.Kind, subjectID, in.SubjectName, in.DepartmentID, nullable(in.OwnerID), in.Scope, in.date).Scan(&id); err != nil {
			return err
		}
		if err := setHelpers(ctx, tx, id, in.Helpers); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Create, Entity: "risk_analysis", EntityID: id,
			Summary: "Risicoanalyse " + in.Title + " aangemaakt", After: analysisAudit(in)})
	})
	return id, db.MapError(err, nil)
}

// UpdateAnalysis saves step 1 of a stored analysis; a stale version is a conflict.
func (s *AnalysisService) UpdateAnalysis(ctx context.Context, actor authz.Principal, id int64, in AnalysisInput) error {
	if err := actor.Require(authz.EditRisks); err != nil {
		return err
	}
	v := in.Validate()
	err := s.DB.WriteAs(ctx, actor, authz.EditRisks, func(tx *db.Tx) error {
		a, err := loadAnalysis(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := editable(actor, a); err != nil {
			return err
		}
		if err := checkAnalysisRefs(ctx, tx, actor, &in, v); err != nil {
			return err
		}
		if a.Version != in.Version {
			return apperr.Stale()
		}
		sub := in.subject
		var subjectID *int64
		if !sub.Named() {
			subjectID = &sub.ID
		}
		if _, err := tx.Exec(ctx, `UPDATE risk_analyses SET title = $3, subject_kind = $4, subject_id = $5, subject_name = $6,
			department_id = $7, owner_id = $8, scope = $9, analysis_date = $10, version = version + 1, updated_at = $11
			WHERE organisation_id = $1 AND id = $2`, tx.OrgID, id, in.Title, sub.Kind, subjectID, in.SubjectName, in.DepartmentID,
			nullable(in.OwnerID), in.Scope, in.date, tx.Now); err != nil {
			return err
		}
		if err := setHelpers(ctx, tx, id, in.Helpers); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: "risk_analysis", EntityID: id,
			Summary: "Risicoanalyse " + in.Title + " gewijzigd", Before: analysisAudit(a.Input()), After: analysisAudit(in)})
	})
	return db.MapError(err, nil)
}

// ---- risks: steps 2 and 3 ----

// RiskForm is what the forms of steps 2 and 3 show.
type RiskForm struct {
	Matrix   Matrix
	Analysis Analysis
	Risk     *AnalysisRisk // nil for a new risk
	Owners   []Option
	Controls []links.Choice
}

// RiskFormData loads the form of a risk (riskID 0: a new one) of an analysis
// the actor may edit.
func (s *AnalysisService) RiskFormData(ctx context.Context, actor authz.Principal, analysisID, riskID int64) (f RiskForm, err error) {
	err = s.DB.ReadAs(ctx, actor, authz.EditRisks, func(tx *db.Tx) error {
		if f.Matrix, err = appetiteMatrix(ctx, tx); err != nil {
			return err
		}
		if f.Analysis, err = loadAnalysis(ctx, tx, analysisID, false); err != nil {
			return err
		}
		if err := editable(actor, f.Analysis); err != nil {
			return err
		}
		if riskID != 0 {
			rs, err := loadRisks(ctx, tx, f.Matrix, analysisID, riskID)
			if err != nil {
				return err
			}
			if len(rs) == 0 {
				return apperr.NotFoundf("Dit risico bestaat niet (meer).")
			}
			f.Risk = &rs[0]
		}
		if f.Owners, err = usersWithRoles(ctx, tx, authz.Afdelingsmanager, authz.CISO, authz.DSPO); err != nil {
			return err
		}
		k, ok := links.Lookup(plan.KindControl)
		if ok {
			f.Controls, err = k.Choices(ctx, tx)
		}
		return err
	})
	return f, err
}

// lockedForRisk loads the analysis for a write on its risks.
func lockedForRisk(ctx context.Context, tx *db.Tx, actor authz.Principal, analysisID int64) (Analysis, Matrix, error) {
	m, err := appetiteMatrix(ctx, tx)
	if err != nil {
		return Analysis{}, m, err
	}
	a, err := loadAnalysis(ctx, tx, analysisID, true)
	if err != nil {
		return a, m, err
	}
	return a, m, editable(actor, a)
}

func riskAudit(in RiskInput) map[string]any {
	return map[string]any{"dreiging": in.Threat, "catalogus": in.ThreatCode, "omschrijving": in.Description,
		"aspecten": in.Affects, "kans": in.Likelihood, "impact": in.Impact}
}

func nullRank(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

// AddRisk adds a risk to an analysis in concept (step 2).
func (s *AnalysisService) AddRisk(ctx context.Context, actor authz.Principal, analysisID int64, in RiskInput) (id int64, err error) {
	err = s.DB.WriteAs(ctx, actor, authz.EditRisks, func(tx *db.Tx) error {
		a, m, err := lockedForRisk(ctx, tx, actor, analysisID)
		if err != nil {
			return err
		}
		if err := in.Validate(m).Err(); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO risks (organisation_id, analysis_id, threat_code, threat, description, affects_availability,
			affects_integrity, affects_confidentiality, inherent_likelihood, inherent_impact, owner_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`, tx.OrgID, analysisID, in.ThreatCode, in.Threat, in.Description,
			in.Affects[0], in.Affects[1], in.Affects[2], nullRank(in.Likelihood), nullRank(in.Impact), nullable(a.OwnerID)).Scan(&id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Create, Entity: "risk", EntityID: id,
			Summary: "Risico " + in.Threat + " toegevoegd aan " + a.Title, After: riskAudit(in)})
	})
	return id, db.MapError(err, nil)
}

func lockedRisk(ctx context.Context, tx *db.Tx, m Matrix, analysisID, riskID int64) (AnalysisRisk, error) {
	if _, err := tx.Exec(ctx, `SELECT 1 FROM risks WHERE organisation_id = $1 AND id = $2 FOR UPDATE`, tx.OrgID, riskID); err != nil {
		return AnalysisRisk{}, err
	}
	rs, err := loadRisks(ctx, tx, m, analysisID, riskID)
	if err != nil {
		return AnalysisRisk{}, err
	}
	if len(rs) == 0 {
		return AnalysisRisk{}, apperr.NotFoundf("Dit risico bestaat niet (meer).")
	}
	return rs[0], nil
}

// writeRisk is the frame of every change to a stored risk: the permission,
// the analysis and the risk locked (the analysis editable by the actor, in
// concept), then fn, in one transaction.
func (s *AnalysisService) writeRisk(ctx context.Context, actor authz.Principal, analysisID, riskID int64,
	fn func(tx *db.Tx, a Analysis, m Matrix, r AnalysisRisk) error) error {
	err := s.DB.WriteAs(ctx, actor, authz.EditRisks, func(tx *db.Tx) error {
		a, m, err := lockedForRisk(ctx, tx, actor, analysisID)
		if err != nil {
			return err
		}
		r, err := lockedRisk(ctx, tx, m, analysisID, riskID)
		if err != nil {
			return err
		}
		return fn(tx, a, m, r)
	})
	return db.MapError(err, nil)
}

// UpdateRisk saves step 2 of a stored risk.
func (s *AnalysisService) UpdateRisk(ctx context.Context, actor authz.Principal, analysisID, riskID int64, in RiskInput) error {
	return s.writeRisk(ctx, actor, analysisID, riskID, func(tx *db.Tx, a Analysis, m Matrix, r AnalysisRisk) error {
		if err := in.Validate(m).Err(); err != nil {
			return err
		}
		if r.Version != in.Version {
			return apperr.Stale()
		}
		if _, err := tx.Exec(ctx, `UPDATE risks SET threat_code = $3, threat = $4, description = $5, affects_availability = $6,
			affects_integrity = $7, affects_confidentiality = $8, inherent_likelihood = $9, inherent_impact = $10,
			version = version + 1, updated_at = $11 WHERE organisation_id = $1 AND id = $2`, tx.OrgID, riskID, in.ThreatCode, in.Threat,
			in.Description, in.Affects[0], in.Affects[1], in.Affects[2], nullRank(in.Likelihood), nullRank(in.Impact), tx.Now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: "risk", EntityID: riskID,
			Summary: "Risico " + in.Threat + " gewijzigd in " + a.Title, Before: riskAudit(r.RiskInput()), After: riskAudit(in)})
	})
}

func treatmentAudit(m Matrix, in TreatmentInput) map[string]any {
	return map[string]any{"behandeling": TreatmentLabel(in.Treatment), "toelichting": in.TreatmentText, "kosten": in.Cost,
		"restrisico": m.LevelName(m.LevelOf(in.Likelihood, in.Impact)), "kans": in.Likelihood, "impact": in.Impact,
		"eigenaar": in.OwnerID, "maatregelen": in.Controls}
}

// UpdateTreatment saves step 3 of a risk: its treatment, existing controls
// and residual risk, and adds the new treatment action to the plan, all in
// one transaction.
func (s *AnalysisService) UpdateTreatment(ctx context.Context, actor authz.Principal, analysisID, riskID int64, in TreatmentInput) error {
	return s.writeRisk(ctx, actor, analysisID, riskID, func(tx *db.Tx, a Analysis, m Matrix, r AnalysisRisk) error {
		in.inherent = r.InherentLevel
		v := in.Validate(m)
		if in.actionDue != nil && *in.actionDue < s.today().Format("2006-01-02") {
			v.Add("action_due", "De deadline van de behandelactie ligt in het verleden. Kies vandaag of een latere datum.")
		}
		slices.Sort(in.Controls)
		in.Controls = slices.Compact(in.Controls)
		if k, ok := links.Lookup(plan.KindControl); ok && len(in.Controls) > 0 {
			found, err := k.Targets(ctx, tx, in.Controls)
			if err != nil {
				return err
			}
			if len(found) != len(in.Controls) {
				v.Add("control_ids", "Kies alleen maatregelen uit het normenkader van deze organisatie.")
			}
		}
		if err := checkUsers(ctx, tx, v, "owner_id", []int64{in.OwnerID}, "Kies als risico-eigenaar een gebruiker van deze organisatie.",
			authz.Afdelingsmanager, authz.CISO, authz.DSPO); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if r.Version != in.Version {
			return apperr.Stale()
		}
		var treatment *string
		if in.Treatment != "" {
			treatment = &in.Treatment
		}
		var cost *int64
		if in.cost != nil {
			c := int64(*in.cost)
			cost = &c
		}
		if _, err := tx.Exec(ctx, `UPDATE risks SET treatment = $3, treatment_description = $4, estimated_cost = $5::bigint::numeric / 100,
			residual_likelihood = $6, residual_impact = $7, owner_id = $8, version = version + 1, updated_at = $9
			WHERE organisation_id = $1 AND id = $2`, tx.OrgID, riskID, treatment, in.TreatmentText, cost,
			nullRank(in.Likelihood), nullRank(in.Impact), nullable(in.OwnerID), tx.Now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM risk_controls WHERE organisation_id = $1 AND risk_id = $2`, tx.OrgID, riskID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO risk_controls (organisation_id, risk_id, item_id) SELECT $1, $2, unnest($3::bigint[])`,
			tx.OrgID, riskID, in.Controls); err != nil {
			return err
		}
		if in.ActionTitle != "" {
			due := ""
			if in.actionDue != nil {
				due = *in.actionDue
			}
			_, err := plan.CreateTx(ctx, tx, plan.Input{Title: in.ActionTitle, Description: "Behandelactie voor het risico ‘" + r.Threat + "’ uit " + a.Title + ".",
				OwnerUserID: in.OwnerID, OwnerDepartmentID: a.DepartmentID, DueDate: due, Status: plan.Planned, Priority: plan.Medium,
				Links: map[string][]int64{KindRisk: {riskID}}})
			if err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: "risk", EntityID: riskID,
			Summary: "Behandeling van risico " + r.Threat + " vastgelegd in " + a.Title, Before: treatmentAudit(m, r.TreatmentInput()), After: treatmentAudit(m, in)})
	})
}

// DeleteRisk removes a risk from an analysis in concept, unless a decision
// was recorded on it (decisions are kept).
func (s *AnalysisService) DeleteRisk(ctx context.Context, actor authz.Principal, analysisID, riskID int64, version int) error {
	return s.writeRisk(ctx, actor, analysisID, riskID, func(tx *db.Tx, a Analysis, _ Matrix, r AnalysisRisk) error {
		if r.Version != version {
			return apperr.Stale()
		}
		var decided bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM risk_decisions WHERE organisation_id = $1 AND risk_id = $2)`, tx.OrgID, riskID).Scan(&decided); err != nil {
			return err
		}
		if decided {
			return apperr.Conflictf("Over dit risico is een besluit vastgelegd; het blijft daarom bewaard. Pas het risico aan in plaats van het te verwijderen.")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM risks WHERE organisation_id = $1 AND id = $2`, tx.OrgID, riskID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Delete, Entity: "risk", EntityID: riskID,
			Summary: "Risico " + r.Threat + " verwijderd uit " + a.Title, Before: riskAudit(r.RiskInput())})
	})
}

// ---- status: submit, review, reopen ----

// Submit hands an analysis in concept to the CISO; every risk must be
// complete. The submitter is recorded: they cannot decide on its risks.
func (s *AnalysisService) Submit(ctx context.Context, actor authz.Principal, id int64, version int) error {
	return s.DB.WriteAs(ctx, actor, authz.EditRisks, func(tx *db.Tx) error {
		a, m, err := lockedForRisk(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if a.Version != version {
			return apperr.Stale()
		}
		rs, err := loadRisks(ctx, tx, m, id, 0)
		if err != nil {
			return err
		}
		if problems := submitProblems(rs); len(problems) > 0 {
			return &apperr.Error{Code: apperr.Invalid, Message: "De analyse is nog niet compleet. " + strings.Join(problems, " ")}
		}
		return setStatus(ctx, tx, a, StatusSubmitted, "", "Risicoanalyse "+a.Title+" ingediend", `submitted_by = $5, submitted_at = $6,
			analysis_date = coalesce(analysis_date, $6::timestamptz::date)`, actor.UserID, tx.Now)
	})
}

// setStatus moves an analysis to status with a comment and extra SET
// clauses ($5 and on are extra's arguments) and records the audit event.
func setStatus(ctx context.Context, tx *db.Tx, a Analysis, status, comment, summary, extra string, args ...any) error {
	q := `UPDATE risk_analyses SET status = $3, review_comment = $4, version = version + 1, updated_at = now()`
	if extra != "" {
		q += ", " + extra
	}
	q += ` WHERE organisation_id = $1 AND id = $2`
	if _, err := tx.Exec(ctx, q, append([]any{tx.OrgID, a.ID, status, comment}, args...)...); err != nil {
		return err
	}
	return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: "risk_analysis", EntityID: a.ID, Summary: summary,
		Before: map[string]string{"status": AnalysisStatusLabel(a.Status)},
		After:  map[string]string{"status": AnalysisStatusLabel(status), "commentaar": comment}})
}

// Review is the CISO's verdict on a submitted analysis: establish it (the
// next review date follows from its highest residual level) or send it back
// to concept with a comment.
func (s *AnalysisService) Review(ctx context.Context, actor authz.Principal, id int64, establish bool, in ReviewInput) error {
	if err := actor.Require(authz.ReviewRisks); err != nil {
		return err
	}
	if err := in.Validate(!establish).Err(); err != nil {
		return err
	}
	today := s.today()
	return s.DB.WriteAs(ctx, actor, authz.ReviewRisks, func(tx *db.Tx) error {
		m, err := appetiteMatrix(ctx, tx)
		if err != nil {
			return err
		}
		a, err := loadAnalysis(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if a.Status != StatusSubmitted {
			return apperr.Conflictf("Deze risicoanalyse is niet (meer) ingediend; ze is %s.", strings.ToLower(AnalysisStatusLabel(a.Status)))
		}
		if a.Version != in.Version {
			return apperr.Stale()
		}
		if !establish {
			return setStatus(ctx, tx, a, StatusConcept, in.Comment, "Risicoanalyse "+a.Title+" teruggezet naar concept", "")
		}
		rs, err := loadRisks(ctx, tx, m, id, 0)
		if err != nil {
			return err
		}
		highest := 0
		for _, r := range rs {
			highest = max(highest, r.ResidualLevel)
		}
		next := NextReview(m, highest, today)
		return setStatus(ctx, tx, a, StatusEstablished, in.Comment, "Risicoanalyse "+a.Title+" vastgesteld, herziening uiterlijk "+next.Format("02-01-2006"),
			`established_by = $5, established_at = $6, next_review = $7`, actor.UserID, tx.Now, next)
	})
}

// Reopen starts a new round of an established analysis (the periodic
// review, or a change of the subject): back to concept, its risks and
// decisions kept. A material change after that sends accepted risks back to
// the decision queue.
func (s *AnalysisService) Reopen(ctx context.Context, actor authz.Principal, id int64, version int) error {
	return s.DB.WriteAs(ctx, actor, authz.EditRisks, func(tx *db.Tx) error {
		a, err := loadAnalysis(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !mayEdit(actor, a) {
			return errAnalysisScope
		}
		if a.Status != StatusEstablished {
			return apperr.Conflictf("Alleen een vastgestelde risicoanalyse kan opnieuw worden geopend.")
		}
		if a.Version != version {
			return apperr.Stale()
		}
		return setStatus(ctx, tx, a, StatusConcept, "", "Risicoanalyse "+a.Title+" heropend voor herziening", "")
	})
}

// itoa is for the handlers' redirect paths.
func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// RiskPath is the page of a risk within its analysis.
func RiskPath(analysisID, riskID int64) string {
	return "/risicoanalyses/" + itoa(analysisID) + "/risicos/" + itoa(riskID)
}
