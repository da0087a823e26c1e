package incident

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
	"github.com/baken-nl/baken/internal/enum"
	"github.com/baken-nl/baken/internal/links"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/nl"
	"github.com/baken-nl/baken/internal/org"
	"github.com/baken-nl/baken/internal/risk"
	"github.com/baken-nl/baken/internal/supplier"
)

// Service is the incidents domain.
type Service struct {
	DB *db.DB
	// Now is the clock of the countdowns (time.Now when nil; tests fix it).
	Now func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Incident is one incident as the pages show it.
type Incident struct {
	ID                 int64
	Number             int
	ReporterID         int64
	ReporterName       string // "" when the reader may not see it
	OccurredAt         *time.Time
	DiscoveredAt       time.Time
	Title              string
	Description        string
	Category           string
	Subcategory        string
	SubcategoryLabel   string
	Cause              string
	Impact             string
	Availability       bool
	Integrity          bool
	Confidentiality    bool
	DepartmentID       int64
	DepartmentName     string
	PersonalDataAnswer string
	PersonalData       bool
	HandlerID          int64
	HandlerName        string
	Status             string
	Evaluation         string
	APDecision         string
	APRationale        string
	APNotifiedAt       *time.Time
	APReference        string
	APDecidedBy        string
	APDecidedAt        *time.Time
	Version            int
	CreatedAt          time.Time
	UpdatedAt          time.Time
	ApplicationIDs     []int64
	ProcessIDs         []int64
	SupplierIDs        []int64
	ViaLoket           bool   // reported at the public meldloket
	ReporterEmail      string // given at the meldloket; "" when the reader may not see it
	Applications       []links.Target
	Processes          []links.Target
	Suppliers          []links.Target
}

// NumberText is the follow-up number, INC-0042.
func (x Incident) NumberText() string { return Number(x.Number) }

// StatusLabel is the Dutch label of the incident's status.
func (x Incident) StatusLabel() string { return StatusLabel(x.Status) }

// CategoryText is the category and subcategory, or "Nog niet ingedeeld".
func (x Incident) CategoryText() string {
	if x.Category == "" {
		return "Nog niet ingedeeld"
	}
	return CategoryLabel(x.Category) + " – " + x.SubcategoryLabel
}

// Aspects names the affected aspects: "B, V", or "–".
func (x Incident) Aspects() string { return aspects(x.Availability, x.Integrity, x.Confidentiality) }

func aspects(b, i, v bool) string {
	out := ""
	for _, a := range []struct {
		on bool
		l  string
	}{{b, "B"}, {i, "I"}, {v, "V"}} {
		if a.on {
			if out != "" {
				out += ", "
			}
			out += a.l
		}
	}
	if out == "" {
		return "–"
	}
	return out
}

const incidentSQL = `
	SELECT i.id, i.number, coalesce(i.reporter_id, 0), i.reporter_name, i.occurred_at, i.discovered_at, i.title, i.description,
	       coalesce(i.category, ''), coalesce(i.subcategory, ''), coalesce(c.label, ''), i.cause, coalesce(i.impact, ''),
	       i.affects_availability, i.affects_integrity, i.affects_confidentiality,
	       coalesce(i.department_id, 0), coalesce(d.name, ''), i.personal_data_answer, i.personal_data,
	       coalesce(i.handler_id, 0), coalesce(h.name, ''), i.status, i.evaluation,
	       coalesce(i.ap_decision, ''), i.ap_rationale, i.ap_notified_at, i.ap_reference, i.ap_decided_by_name, i.ap_decided_at,
	       i.version, i.created_at, i.updated_at, i.via_meldloket, i.reporter_email,
	       coalesce((SELECT array_agg(l.application_id ORDER BY l.application_id) FROM incident_links l
	                 WHERE l.organisation_id = i.organisation_id AND l.incident_id = i.id AND l.application_id IS NOT NULL), '{}'),
	       coalesce((SELECT array_agg(l.process_id ORDER BY l.process_id) FROM incident_links l
	                 WHERE l.organisation_id = i.organisation_id AND l.incident_id = i.id AND l.process_id IS NOT NULL), '{}'),
	       coalesce((SELECT array_agg(l.supplier_id ORDER BY l.supplier_id) FROM incident_links l
	                 WHERE l.organisation_id = i.organisation_id AND l.incident_id = i.id AND l.supplier_id IS NOT NULL), '{}')
	FROM incidents i
	LEFT JOIN incident_categories c ON c.organisation_id = i.organisation_id AND c.code = i.category AND c.subcategory = i.subcategory
	LEFT JOIN departments d ON d.organisation_id = i.organisation_id AND d.id = i.department_id
	LEFT JOIN users h ON h.id = i.handler_id
	WHERE i.organisation_id = $1 AND i.id = $2`

var incidentRecord = db.Record{SQL: incidentSQL, LockOf: "i", NotFound: errNotFound, What: "incident"}

// load reads one incident with its links labelled; lock takes the row for
// the rest of a write transaction.
func load(ctx context.Context, tx *db.Tx, id int64, lock bool) (Incident, error) {
	var x Incident
	err := incidentRecord.Scan(ctx, tx, id, lock, &x.ID, &x.Number, &x.ReporterID, &x.ReporterName, &x.OccurredAt, &x.DiscoveredAt,
		&x.Title, &x.Description, &x.Category, &x.Subcategory, &x.SubcategoryLabel, &x.Cause, &x.Impact,
		&x.Availability, &x.Integrity, &x.Confidentiality, &x.DepartmentID, &x.DepartmentName, &x.PersonalDataAnswer, &x.PersonalData,
		&x.HandlerID, &x.HandlerName, &x.Status, &x.Evaluation,
		&x.APDecision, &x.APRationale, &x.APNotifiedAt, &x.APReference, &x.APDecidedBy, &x.APDecidedAt, &x.Version, &x.CreatedAt, &x.UpdatedAt, &x.ViaLoket, &x.ReporterEmail, &x.ApplicationIDs, &x.ProcessIDs, &x.SupplierIDs)
	if err != nil {
		return x, err
	}
	err = links.LabelAll(ctx, tx, links.Labelled{Kind: org.KindApplication, IDs: x.ApplicationIDs, Out: &x.Applications},
		links.Labelled{Kind: org.KindProcess, IDs: x.ProcessIDs, Out: &x.Processes},
		links.Labelled{Kind: supplier.KindSupplier, IDs: x.SupplierIDs, Out: &x.Suppliers})
	return x, err
}

// ---- reporting ----

// ReportForm is what the report form offers.
type ReportForm struct {
	Applications []links.Choice
	Processes    []links.Choice
	Departments  []org.Option
	Now          time.Time
}

// ReportOptions reads the choices of the report form. ReportIncident.
func (s *Service) ReportOptions(ctx context.Context, actor authz.Principal) (f ReportForm, err error) {
	err = s.DB.ReadAs(ctx, actor, authz.ReportIncident, func(tx *db.Tx) error {
		f.Now = tx.Now
		if f.Applications, err = links.ChoicesOf(ctx, tx, org.KindApplication); err != nil {
			return err
		}
		if f.Processes, err = links.ChoicesOf(ctx, tx, org.KindProcess); err != nil {
			return err
		}
		f.Departments, err = org.Options(ctx, tx, `SELECT id, name FROM departments WHERE organisation_id = $1 ORDER BY name, id`, tx.OrgID)
		return err
	})
	return f, err
}

// Report stores a new report of the actor, status gemeld, and returns its
// id and follow-up number. ReportIncident: every role.
func (s *Service) Report(ctx context.Context, actor authz.Principal, in ReportInput) (id int64, number int, err error) {
	err = s.DB.WriteAs(ctx, actor, authz.ReportIncident, func(tx *db.Tx) error {
		v := in.Validate()
		if len(v) == 0 {
			notFuture(v, "discovered_at", "Het moment waarop u het opmerkte", in.discovered, tx.Now)
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := checkReportRefs(ctx, tx, in); err != nil {
			return err
		}
		if id, number, err = insertReport(ctx, tx, in, reporter{id: actor.UserID, name: actor.Name}); err != nil {
			return err
		}
		return reportAttachments(ctx, tx, actor, id, number, in.files)
	})
	return id, number, err
}

// reporter is who a report comes from: a user, or someone at the public
// meldloket (no user; the name and e-mail they gave, if any, and the hash of
// their follow-up code).
type reporter struct {
	id          int64 // 0: not a user
	name, email string
	viaLoket    bool
	followup    []byte
}

// insertReport stores a checked report with the next follow-up number of
// the organisation, its links and its audit event.
func insertReport(ctx context.Context, tx *db.Tx, in ReportInput, by reporter) (id int64, number int, err error) {
	// One number after the other per organisation: reports of one
	// organisation take their number one at a time.
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('incident_number'), $1::integer)`, tx.OrgID); err != nil {
		return 0, 0, fmt.Errorf("lock incident numbers: %w", err)
	}
	if err := tx.QueryRow(ctx, `INSERT INTO incidents (organisation_id, number, reporter_id, reporter_name, discovered_at, title, description,
		department_id, personal_data_answer, personal_data, created_at, updated_at, via_meldloket, reporter_email, followup_hash)
		SELECT $1, coalesce(max(number), 0) + 1, nullif($2::bigint, 0), $3, $4, $5, $6, nullif($7, 0), $8, $8 <> 'nee', $9, $9, $10, $11, $12
		FROM incidents WHERE organisation_id = $1 RETURNING id, number`,
		tx.OrgID, by.id, by.name, in.discovered, in.Title, in.Description, in.DepartmentID, in.PersonalData, tx.Now,
		by.viaLoket, by.email, by.followup).Scan(&id, &number); err != nil {
		return 0, 0, db.MapError(err, nil)
	}
	if err := insertLinks(ctx, tx, id, in.ApplicationID, in.ProcessID); err != nil {
		return 0, 0, err
	}
	now, err := load(ctx, tx, id, false)
	if err != nil {
		return 0, 0, err
	}
	summary := fmt.Sprintf("Incident %s gemeld: %s", Number(number), in.Title)
	if by.viaLoket {
		summary = fmt.Sprintf("Incident %s gemeld via het meldloket: %s", Number(number), in.Title)
	}
	return id, number, audit.Record(ctx, tx, audit.Event{Action: audit.Create, Entity: Entity, EntityID: id, Summary: summary, After: auditOf(now)})
}

func insertLinks(ctx context.Context, tx *db.Tx, id, applicationID, processID int64) error {
	if applicationID != 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO incident_links (organisation_id, incident_id, application_id) VALUES ($1, $2, $3)`,
			tx.OrgID, id, applicationID); err != nil {
			return db.MapError(err, nil)
		}
	}
	if processID != 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO incident_links (organisation_id, incident_id, process_id) VALUES ($1, $2, $3)`,
			tx.OrgID, id, processID); err != nil {
			return db.MapError(err, nil)
		}
	}
	return nil
}

// checkReportRefs checks the application, process and afdeling of a report
// against the organisation, reporting each as a field error.
func checkReportRefs(ctx context.Context, tx *db.Tx, in ReportInput) error {
	v := apperr.Validation{}
	for _, ref := range []struct {
		kind, field, msg string
		id               int64
	}{{org.KindApplication, "application_id", "Deze applicatie bestaat niet (meer). Kies een applicatie uit de lijst of laat het veld leeg.", in.ApplicationID},
		{org.KindProcess, "process_id", "Dit proces bestaat niet (meer). Kies een proces uit de lijst of laat het veld leeg.", in.ProcessID}} {
		if ref.id == 0 {
			continue
		}
		got, err := links.Label(ctx, tx, ref.kind, []int64{ref.id})
		if err != nil {
			return err
		}
		if len(got) != 1 {
			v.Add(ref.field, ref.msg)
		}
	}
	if in.DepartmentID != 0 && !departmentExists(ctx, tx, in.DepartmentID) {
		v.Add("department_id", "Deze afdeling bestaat niet (meer). Kies een afdeling uit de lijst of laat het veld leeg.")
	}
	return v.Err()
}

func departmentExists(ctx context.Context, tx *db.Tx, id int64) bool {
	var ok bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM departments WHERE organisation_id = $1 AND id = $2)`, tx.OrgID, id).Scan(&ok)
	return err == nil && ok
}

// MineRow is one of the reporter's own reports.
type MineRow struct {
	ID           int64
	Number       int
	Title        string
	DiscoveredAt time.Time
	Status       string
}

// NumberText is the follow-up number.
func (r MineRow) NumberText() string { return Number(r.Number) }

// StatusLabel is the Dutch label of the status.
func (r MineRow) StatusLabel() string { return StatusLabel(r.Status) }

// Mine lists the actor's own reports, newest first. ReportIncident.
func (s *Service) Mine(ctx context.Context, actor authz.Principal) (rows []MineRow, err error) {
	err = s.DB.ReadAs(ctx, actor, authz.ReportIncident, func(tx *db.Tx) error {
		r, err := tx.Query(ctx, `SELECT id, number, title, discovered_at, status FROM incidents
			WHERE organisation_id = $1 AND reporter_id = $2 ORDER BY created_at DESC, id DESC`, tx.OrgID, actor.UserID)
		if err != nil {
			return err
		}
		rows, err = pgx.CollectRows(r, pgx.RowToStructByPos[MineRow])
		return err
	})
	return rows, err
}

// OwnReport is what a reporter sees of their own report.
type OwnReport struct {
	ID           int64
	Number       int
	Title        string
	Description  string
	DiscoveredAt time.Time
	CreatedAt    time.Time
	Status       string
	Attachments  []Attachment // the ones sent with the report (names only)
}

// NumberText is the follow-up number.
func (r OwnReport) NumberText() string { return Number(r.Number) }

// StatusLabel is the Dutch label of the status.
func (r OwnReport) StatusLabel() string { return StatusLabel(r.Status) }

// Own reads one of the actor's own reports; another's report is not found.
// ReportIncident.
func (s *Service) Own(ctx context.Context, actor authz.Principal, id int64) (r OwnReport, err error) {
	err = s.DB.ReadAs(ctx, actor, authz.ReportIncident, func(tx *db.Tx) error {
		err := tx.QueryRow(ctx, `SELECT id, number, title, description, discovered_at, created_at, status FROM incidents
			WHERE organisation_id = $1 AND id = $2 AND reporter_id = $3`, tx.OrgID, id, actor.UserID).
			Scan(&r.ID, &r.Number, &r.Title, &r.Description, &r.DiscoveredAt, &r.CreatedAt, &r.Status)
		if db.IsNoRows(err) {
			return errNotFound
		}
		if err != nil {
			return err
		}
		r.Attachments, err = attachmentsOf(ctx, tx, id, true)
		return err
	})
	return r, err
}

// ---- the register ----

// ListFilter narrows the register.
type ListFilter struct {
	Status   string
	Category string
	Impact   string // laag, midden, hoog, or "geen" (not yet decided)
	Datalek  string // "ja", "nee"
}

// ListRow is one incident in the register.
type ListRow struct {
	ID             int64
	Number         int
	Title          string
	DiscoveredAt   time.Time
	Category       string
	Impact         string
	DepartmentName string
	PersonalData   bool
	Status         string
	ReporterName   string // "" when the reader may not see it
	ViaLoket       bool   // reported at the public meldloket
	Clock          *Clock // datalekken without a decision on notifying the AP
	APLabel        string // the decision on notifying the AP, when made
	APTone         string
	Cbw            *CbwBadge // significant incidents (Cbw): the most pressing report
}

// NumberText is the follow-up number.
func (r ListRow) NumberText() string { return Number(r.Number) }

// StatusLabel is the Dutch label of the status.
func (r ListRow) StatusLabel() string { return StatusLabel(r.Status) }

// ListPage is what the register page shows.
type ListPage struct {
	Rows          []ListRow
	Total         int
	ShowReporters bool // some rows show their reporter
	ShowCbw       bool // some rows are significant incidents (Cbw)
	// Scope says which incidents the reader sees when it is not all of
	// them ("" for the CISO and the auditor), so a short list is not taken
	// for the whole register.
	Scope string
}

const listSelect = `
	SELECT i.id, i.number, i.title, i.discovered_at, coalesce(i.category, ''), coalesce(i.impact, ''), coalesce(d.name, ''),
	       i.personal_data, i.status, i.reporter_name, coalesce(i.department_id, 0), coalesce(i.handler_id, 0),
	       coalesce(i.ap_decision, ''), i.ap_notified_at, i.via_meldloket
	FROM incidents i
	LEFT JOIN departments d ON d.organisation_id = i.organisation_id AND d.id = i.department_id`

func listWhere(orgID int64, sc scope, f ListFilter) (string, []any) {
	args := append([]any{orgID}, sc.args()...)
	args = append(args, f.Status, f.Category, f.Impact, f.Datalek)
	return ` WHERE i.organisation_id = $1 AND ` + scopeSQL(2) + `
	  AND ($7 = '' OR i.status = $7) AND ($8 = '' OR i.category = $8)
	  AND ($9 = '' OR i.impact = $9 OR ($9 = 'geen' AND i.impact IS NULL))
	  AND ($10 = '' OR i.personal_data = ($10 = 'ja'))`, args
}

// List reads a page of the register, newest discovery first, in one round
// trip. ViewIncidents, narrowed to the reader's scope.
func (s *Service) List(ctx context.Context, actor authz.Principal, f ListFilter, p listing.Params) (lp ListPage, err error) {
	sc := scopeOf(actor)
	lp.Scope = sc.describe()
	now := s.now()
	err = s.DB.ReadBatchAs(ctx, actor, authz.ViewIncidents, func(b *db.Batch) error {
		where, args := listWhere(b.Scope.OrgID, sc, f)
		b.Queue(`SELECT count(*) FROM incidents i`+where, args...).QueryRow(func(row pgx.Row) error { return row.Scan(&lp.Total) })
		b.Queue(listSelect+where+` ORDER BY i.discovered_at DESC, i.id DESC LIMIT $11 OFFSET $12`, append(args, p.Limit(), p.Offset())...).
			Query(func(rows pgx.Rows) (err error) {
				lp.Rows, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (ListRow, error) {
					var x ListRow
					var dept, handler int64
					var decision string
					var notified *time.Time
					if err := r.Scan(&x.ID, &x.Number, &x.Title, &x.DiscoveredAt, &x.Category, &x.Impact, &x.DepartmentName,
						&x.PersonalData, &x.Status, &x.ReporterName, &dept, &handler, &decision, &notified, &x.ViaLoket); err != nil {
						return x, err
					}
					if x.PersonalData {
						x.APLabel, x.APTone = APOutcome(x.DiscoveredAt, decision, notified)
					}
					if !sc.fullView(dept, x.PersonalData, handler) {
						x.ReporterName = ""
					} else {
						lp.ShowReporters = true
					}
					if x.PersonalData && x.APLabel == "" && x.Status != StatusClosed {
						c := DatalekClock(x.DiscoveredAt, now)
						x.Clock = &c
					}
					return x, nil
				})
				return err
			})
		queueCbwList(b, where, args, p, &lp, now)
		return nil
	})
	return lp, err
}

// ---- one incident ----

// TimelineEntry is one dated entry of the timeline.
type TimelineEntry struct {
	At         time.Time
	AuthorName string
	Kind       string
	Text       string
}

// KindLabel is the Dutch label of the entry's kind.
func (e TimelineEntry) KindLabel() string { return TimelineKindLabel(e.Kind) }

// Page is the page of one incident and what the reader may do.
type Page struct {
	Incident
	Timeline     []TimelineEntry
	Clock        *Clock // datalekken without a decision on notifying the AP
	APLabel      string // the decision on notifying the AP, when made
	APTone       string
	ShowReporter bool
	CanHandle    bool
	Next         string           // the status it may move to; "" when closed
	Threats      []string         // threats of the catalogue that show up as incidents of its category
	Categories   []CategoryOption // for the classification form
	Handlers     []org.Option
	Departments  []org.Option
	// The applications, processes and suppliers the classification offers.
	ApplicationChoices, ProcessChoices, SupplierChoices []links.Choice
	NeedsClassify                                       bool           // opgelost needs a category and impact first
	Actions                                             []links.Target // improvement actions in the plan that address the incident
	Risks                                               []links.Target // risks whose threat the category maps to (ShowRisks only)
	ShowRisks                                           bool           // the reader may see risks (ViewRisks)
	Cbw                                                 CbwView        // the Cbw track and the report to the IBD / CSIRT

	// Attachments, retention and the reporter's details (retention.go).
	Attachments       []Attachment // ShowAttachments only
	AttachmentCount   int
	ShowAttachments   bool // the reader sees the whole incident
	CanAttach         bool // the reader handles it and it is open
	ClosedAt          *time.Time
	RetainedUntil     *time.Time // end of the retention period; nil while open
	ReporterRemovedAt *time.Time
	CanRemoveReporter bool
	Track             DatalekTrack // datalekken: the facts for the AP, aanvullende meldingen, the FG's advice
}

// CategoryOption is a subcategory of the taxonomy as a form choice.
type CategoryOption struct {
	Code, Subcategory, Label string
}

// Value is the choice's form value, code:subcategory.
func (c CategoryOption) Value() string { return c.Code + ":" + c.Subcategory }

// Text is "Categorie – subcategorie".
func (c CategoryOption) Text() string { return CategoryLabel(c.Code) + " – " + c.Label }

// Get reads one incident for its page. Another organisation's incident is
// not found; one outside the reader's scope is refused. ViewIncidents.
func (s *Service) Get(ctx context.Context, actor authz.Principal, id int64) (p Page, err error) {
	sc := scopeOf(actor)
	err = s.DB.ReadAs(ctx, actor, authz.ViewIncidents, func(tx *db.Tx) error {
		if p.Incident, err = load(ctx, tx, id, false); err != nil {
			return err
		}
		x := p.Incident
		if !sc.sees(x.DepartmentID, x.PersonalData, x.Impact, x.HandlerID) {
			return errViewScope
		}
		if p.Timeline, err = timeline(ctx, tx, id); err != nil {
			return err
		}
		if err := followUp(ctx, tx, actor, &p); err != nil {
			return err
		}
		if err := retentionFacts(ctx, tx, actor, &p, sc.fullView(x.DepartmentID, x.PersonalData, x.HandlerID)); err != nil {
			return err
		}
		if p.Cbw, err = loadCbw(ctx, tx, id, x.DiscoveredAt, s.now()); err != nil {
			return err
		}
		if err := datalekTrack(ctx, tx, actor, &p); err != nil {
			return err
		}
		p.CanHandle = canHandle(actor, x.DepartmentID, x.HandlerID)
		if !p.CanHandle {
			return nil
		}
		if p.Categories, err = categories(ctx, tx); err != nil {
			return err
		}
		if p.Handlers, err = org.Options(ctx, tx, handlersSQL, tx.OrgID); err != nil {
			return err
		}
		var deptScope []int64
		if !actor.Has(authz.CISO) {
			deptScope = append([]int64{}, actor.Departments(authz.DSPO)...)
			if x.DepartmentID != 0 {
				deptScope = append(deptScope, x.DepartmentID)
			}
		}
		if p.Departments, err = org.Options(ctx, tx, `SELECT id, name FROM departments WHERE organisation_id = $1
			AND ($2::bigint[] IS NULL OR id = ANY($2)) ORDER BY name, id`, tx.OrgID, deptScope); err != nil {
			return err
		}
		if p.ApplicationChoices, err = links.ChoicesOf(ctx, tx, org.KindApplication); err != nil {
			return err
		}
		if p.ProcessChoices, err = links.ChoicesOf(ctx, tx, org.KindProcess); err != nil {
			return err
		}
		p.SupplierChoices, err = links.ChoicesOf(ctx, tx, supplier.KindSupplier)
		return err
	})
	if err != nil {
		return p, err
	}
	p.ShowReporter = sc.fullView(p.DepartmentID, p.PersonalData, p.HandlerID)
	if !p.ShowReporter {
		p.ReporterName, p.ReporterEmail = "", ""
	}
	if p.PersonalData {
		p.APLabel, p.APTone = APOutcome(p.DiscoveredAt, p.APDecision, p.APNotifiedAt)
	}
	if p.PersonalData && p.APLabel == "" && p.Status != StatusClosed {
		c := DatalekClock(p.DiscoveredAt, s.now())
		p.Clock = &c
	}
	if p.CanHandle {
		p.Next = Next(p.Status)
	}
	p.NeedsClassify = p.Category == "" || p.Impact == ""
	for _, code := range risk.ThreatCodesFor(p.Category) {
		if t, ok := risk.ThreatByCode(code); ok {
			p.Threats = append(p.Threats, t.Code+" "+t.Name)
		}
	}
	return p, nil
}

const handlersSQL = `SELECT u.id, u.name FROM users u
	WHERE u.active AND EXISTS (SELECT 1 FROM role_assignments r WHERE r.user_id = u.id AND r.organisation_id = $1 AND r.role IN ('ciso', 'dspo'))
	ORDER BY u.name, u.id`

func timeline(ctx context.Context, tx *db.Tx, id int64) ([]TimelineEntry, error) {
	rows, err := tx.Query(ctx, `SELECT at, author_name, kind, text FROM incident_timeline
		WHERE organisation_id = $1 AND incident_id = $2 ORDER BY at, id`, tx.OrgID, id)
	if err != nil {
		return nil, fmt.Errorf("incident timeline: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[TimelineEntry])
}

func categories(ctx context.Context, tx *db.Tx) ([]CategoryOption, error) {
	rows, err := tx.Query(ctx, `SELECT code, subcategory, label FROM incident_categories
		WHERE organisation_id = $1 AND active ORDER BY position, code, subcategory`, tx.OrgID)
	if err != nil {
		return nil, fmt.Errorf("incident categories: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[CategoryOption])
}

// ---- handling ----

// auditIncident is an incident as the audit trail stores it.
type auditIncident struct {
	Number       string   `json:"nummer"`
	Title        string   `json:"titel"`
	Description  string   `json:"omschrijving,omitempty"`
	Discovered   string   `json:"ontdekt"`
	Occurred     string   `json:"opgetreden,omitempty"`
	Category     string   `json:"categorie"`
	Cause        string   `json:"oorzaak"`
	Impact       string   `json:"impact"`
	Aspects      string   `json:"aspecten"`
	Department   string   `json:"afdeling,omitempty"`
	PersonalData bool     `json:"persoonsgegevens"`
	Handler      string   `json:"behandelaar,omitempty"`
	Status       string   `json:"status"`
	Evaluation   string   `json:"evaluatie,omitempty"`
	APDecision   string   `json:"besluit_ap,omitempty"`
	APRationale  string   `json:"onderbouwing_ap,omitempty"`
	APNotified   string   `json:"gemeld_bij_ap,omitempty"`
	APReference  string   `json:"kenmerk_ap,omitempty"`
	Applications []string `json:"applicaties,omitempty"`
	Processes    []string `json:"processen,omitempty"`
	Suppliers    []string `json:"leveranciers,omitempty"`
}

func auditOf(x Incident) auditIncident {
	a := auditIncident{Number: x.NumberText(), Title: x.Title, Description: x.Description,
		Discovered: x.DiscoveredAt.UTC().Format(time.RFC3339), Category: x.CategoryText(), Cause: CauseLabel(x.Cause),
		Impact: ImpactLabel(x.Impact), Aspects: x.Aspects(), Department: x.DepartmentName, PersonalData: x.PersonalData,
		Handler: x.HandlerName, Status: x.StatusLabel(), Evaluation: x.Evaluation}
	if x.OccurredAt != nil {
		a.Occurred = x.OccurredAt.UTC().Format(time.RFC3339)
	}
	if x.APDecision != "" {
		a.APDecision, a.APRationale, a.APReference = enum.LabelIn(APDecisions, x.APDecision), x.APRationale, x.APReference
	}
	if x.APNotifiedAt != nil {
		a.APNotified = x.APNotifiedAt.UTC().Format(time.RFC3339)
	}
	for _, t := range x.Applications {
		a.Applications = append(a.Applications, t.Label)
	}
	for _, t := range x.Processes {
		a.Processes = append(a.Processes, t.Label)
	}
	for _, t := range x.Suppliers {
		a.Suppliers = append(a.Suppliers, t.Label)
	}
	return a
}

// record writes the event of a change, with the incident as it is now.
func record(ctx context.Context, tx *db.Tx, id int64, before Incident, summary string) error {
	now, err := load(ctx, tx, id, false)
	if err != nil {
		return err
	}
	return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: Entity, EntityID: id,
		Summary: fmt.Sprintf("Incident %s %s", now.NumberText(), summary), Before: auditOf(before), After: auditOf(now)})
}

// handled opens an incident for a change by actor: locked, in scope.
func handled(ctx context.Context, tx *db.Tx, actor authz.Principal, id int64) (Incident, error) {
	cur, err := load(ctx, tx, id, true)
	if err != nil {
		return cur, err
	}
	if !scopeOf(actor).sees(cur.DepartmentID, cur.PersonalData, cur.Impact, cur.HandlerID) {
		return cur, errNotFound
	}
	if !canHandle(actor, cur.DepartmentID, cur.HandlerID) {
		return cur, errHandleScope
	}
	return cur, nil
}

// handle runs f in a write transaction on incident id, as actor handles it
// (HandleIncidents, in scope), with its stored state cur.
func (s *Service) handle(ctx context.Context, actor authz.Principal, id int64, f func(tx *db.Tx, cur Incident) error) error {
	return s.DB.WriteAs(ctx, actor, authz.HandleIncidents, func(tx *db.Tx) error {
		cur, err := handled(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		return f(tx, cur)
	})
}

// Classify stores the handler's classification. HandleIncidents, in scope;
// a DSPO assigns afdelingen they support only.
func (s *Service) Classify(ctx context.Context, actor authz.Principal, id int64, in ClassifyInput) error {
	return s.handle(ctx, actor, id, func(tx *db.Tx, cur Incident) error {
		v := in.Validate()
		if in.occurred != nil {
			notFuture(v, "occurred_at", "Het moment waarop het gebeurde", *in.occurred, tx.Now)
			if in.occurred.After(cur.DiscoveredAt) && v["occurred_at"] == "" {
				v.Add("occurred_at", "Het moment waarop het gebeurde ligt na de ontdekking ("+nl.Local(cur.DiscoveredAt).Format("02-01-2006 15:04")+"). Vul een moment in dat daarvoor ligt.")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if in.Version != cur.Version {
			return apperr.Stale()
		}
		if cur.Status == StatusClosed {
			return apperr.Conflictf("Dit incident is gesloten; de classificatie ligt vast.")
		}
		if err := checkClassifyRefs(ctx, tx, actor, cur, in); err != nil {
			return err
		}
		ct, err := tx.Exec(ctx, `UPDATE incidents SET category = $4, subcategory = $5, cause = $6, impact = $7,
			affects_availability = $8, affects_integrity = $9, affects_confidentiality = $10, personal_data = $11,
			department_id = nullif($12, 0), handler_id = nullif($13, 0), occurred_at = $14, updated_at = $15, version = version + 1
			WHERE organisation_id = $1 AND id = $2 AND version = $3`,
			tx.OrgID, id, in.Version, in.code, in.sub, in.Cause, in.Impact, in.Availability, in.Integrity, in.Confidentiality,
			in.PersonalData, in.DepartmentID, in.HandlerID, in.occurred, tx.Now)
		if err != nil {
			return db.MapError(err, map[string]db.FieldError{
				"incidents_category_fkey": {Field: "category", Message: "Deze categorie bestaat niet. Kies een categorie uit de lijst."},
			})
		}
		if ct.RowsAffected() == 0 {
			return apperr.Stale()
		}
		if err := replaceAffected(ctx, tx, id, in); err != nil {
			return err
		}
		return record(ctx, tx, id, cur, "geclassificeerd")
	})
}

// replaceAffected makes the incident's links the applications, processes and
// suppliers of the classification (checked by checkClassifyRefs).
func replaceAffected(ctx context.Context, tx *db.Tx, id int64, in ClassifyInput) error {
	if _, err := tx.Exec(ctx, `DELETE FROM incident_links WHERE organisation_id = $1 AND incident_id = $2`, tx.OrgID, id); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO incident_links (organisation_id, incident_id, application_id, process_id, supplier_id)
		SELECT $1::bigint, $2::bigint, a, NULL::bigint, NULL::bigint FROM unnest($3::bigint[]) a
		UNION ALL SELECT $1, $2, NULL, p, NULL FROM unnest($4::bigint[]) p
		UNION ALL SELECT $1, $2, NULL, NULL, l FROM unnest($5::bigint[]) l`,
		tx.OrgID, id, in.ApplicationIDs, in.ProcessIDs, in.SupplierIDs)
	return db.MapError(err, nil)
}

func checkClassifyRefs(ctx context.Context, tx *db.Tx, actor authz.Principal, cur Incident, in ClassifyInput) error {
	v := apperr.Validation{}
	var apps, procs, sups int
	if err := tx.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM applications WHERE organisation_id = $1 AND id = ANY($2)),
		(SELECT count(*) FROM processes WHERE organisation_id = $1 AND id = ANY($3)),
		(SELECT count(*) FROM suppliers WHERE organisation_id = $1 AND id = ANY($4))`,
		tx.OrgID, in.ApplicationIDs, in.ProcessIDs, in.SupplierIDs).Scan(&apps, &procs, &sups); err != nil {
		return fmt.Errorf("check affected items: %w", err)
	}
	if apps != len(in.ApplicationIDs) {
		v.Add("application_ids", "Een gekozen applicatie bestaat niet (meer). Kies uit de lijst.")
	}
	if procs != len(in.ProcessIDs) {
		v.Add("process_ids", "Een gekozen proces bestaat niet (meer). Kies uit de lijst.")
	}
	if sups != len(in.SupplierIDs) {
		v.Add("supplier_ids", "Een gekozen leverancier bestaat niet (meer). Kies uit de lijst.")
	}
	var catOK, handlerOK bool
	if err := tx.QueryRow(ctx, `SELECT
		EXISTS (SELECT 1 FROM incident_categories WHERE organisation_id = $1 AND code = $2 AND subcategory = $3 AND active),
		$4::bigint = 0 OR EXISTS (SELECT 1 FROM role_assignments r JOIN users u ON u.id = r.user_id
		                          WHERE r.organisation_id = $1 AND r.user_id = $4 AND r.role IN ('ciso', 'dspo') AND u.active)`,
		tx.OrgID, in.code, in.sub, in.HandlerID).Scan(&catOK, &handlerOK); err != nil {
		return fmt.Errorf("check incident references: %w", err)
	}
	if !catOK {
		v.Add("category", "Deze categorie bestaat niet. Kies een categorie uit de lijst.")
	}
	if !handlerOK {
		v.Add("handler_id", "Kies als behandelaar de CISO of een DSPO.")
	}
	switch {
	case in.DepartmentID == 0 || in.DepartmentID == cur.DepartmentID:
	case !departmentExists(ctx, tx, in.DepartmentID):
		v.Add("department_id", "Deze afdeling bestaat niet (meer). Kies een afdeling uit de lijst.")
	case !actor.Has(authz.CISO) && !slices.Contains(actor.Departments(authz.DSPO), in.DepartmentID):
		v.Add("department_id", "U kunt een incident alleen aan een afdeling toewijzen die u ondersteunt.")
	}
	return v.Err()
}

// SetStatus moves an incident one step along gemeld → in behandeling →
// opgelost → geëvalueerd → gesloten, with a timeline entry. HandleIncidents,
// in scope.
func (s *Service) SetStatus(ctx context.Context, actor authz.Principal, id int64, in StatusInput) error {
	return s.handle(ctx, actor, id, func(tx *db.Tx, cur Incident) error {
		if err := in.Validate().Err(); err != nil {
			return err
		}
		if in.Version != cur.Version {
			return apperr.Stale()
		}
		next := Next(cur.Status)
		if in.To != next {
			if next == "" {
				return apperr.Conflictf("Dit incident is gesloten; de status verandert niet meer.")
			}
			return apperr.Conflictf("Een incident met de status %s gaat alleen naar %s, niet naar %s.",
				StatusLabel(cur.Status), StatusLabel(next), StatusLabel(in.To))
		}
		evaluation := cur.Evaluation
		if in.Evaluation != "" {
			evaluation = in.Evaluation
		}
		switch in.To {
		case StatusResolved:
			if cur.Category == "" || cur.Impact == "" {
				return apperr.Conflictf("Classificeer het incident eerst (categorie en impact) voordat u het op opgelost zet.")
			}
		case StatusEvaluated, StatusClosed:
			if evaluation == "" {
				v := apperr.Validation{}
				v.Add("evaluation", "Vul de evaluatie in: de oorzaak van het incident en de lessen die eruit zijn getrokken.")
				return v.Err()
			}
			if in.To == StatusClosed {
				ok, err := hasActions(ctx, tx, id)
				if err != nil {
					return err
				}
				if !ok {
					return ErrCloseWithoutAction
				}
				if cur.PersonalData && cur.APDecision == "" {
					return ErrCloseWithoutAPDecision
				}
			}
		}
		handler := cur.HandlerID
		if handler == 0 && in.To == StatusHandling {
			handler = actor.UserID
		}
		if _, err := tx.Exec(ctx, `UPDATE incidents SET status = $3, evaluation = $4, handler_id = nullif($5, 0),
			updated_at = $6, version = version + 1 WHERE organisation_id = $1 AND id = $2`,
			tx.OrgID, id, in.To, evaluation, handler, tx.Now); err != nil {
			return db.MapError(err, map[string]db.FieldError{
				"incidents_evaluation_required": {Field: "evaluation", Message: "Vul de evaluatie in: de oorzaak van het incident en de lessen die eruit zijn getrokken."},
			})
		}
		text := "Status: " + StatusLabel(cur.Status) + " → " + StatusLabel(in.To)
		if err := addEntry(ctx, tx, actor, id, tx.Now, KindStatusChange, text); err != nil {
			return err
		}
		return record(ctx, tx, id, cur, "naar "+StatusLabel(in.To))
	})
}

func addEntry(ctx context.Context, tx *db.Tx, actor authz.Principal, id int64, at time.Time, kind, text string) error {
	if r := []rune(text); len(r) > maxEntry {
		text = string(r[:maxEntry-1]) + "…"
	}
	if _, err := tx.Exec(ctx, `INSERT INTO incident_timeline (organisation_id, incident_id, at, author_id, author_name, kind, text, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, tx.OrgID, id, at, actor.UserID, actor.Name, kind, text, tx.Now); err != nil {
		return db.MapError(err, nil)
	}
	return nil
}

// AddEntry appends an entry to the timeline; entries are never changed or
// removed. HandleIncidents, in scope; not on a closed incident.
func (s *Service) AddEntry(ctx context.Context, actor authz.Principal, id int64, in TimelineInput) error {
	return s.handle(ctx, actor, id, func(tx *db.Tx, cur Incident) error {
		v := in.Validate()
		if in.at != nil {
			notFuture(v, "at", "Het tijdstip", *in.at, tx.Now)
		}
		if err := v.Err(); err != nil {
			return err
		}
		if cur.Status == StatusClosed {
			return apperr.Conflictf("Dit incident is gesloten; de tijdlijn is afgesloten.")
		}
		at := tx.Now
		if in.at != nil {
			at = *in.at
		}
		if err := addEntry(ctx, tx, actor, id, at, in.Kind, in.Text); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Create, Entity: Entity, EntityID: id,
			Summary: fmt.Sprintf("Incident %s: %s toegevoegd aan de tijdlijn", cur.NumberText(), TimelineKindLabel(in.Kind)),
			After:   map[string]string{"soort": TimelineKindLabel(in.Kind), "tekst": in.Text, "tijdstip": at.UTC().Format(time.RFC3339)}})
	})
}

// DecideDatalek records the decision on notifying the Autoriteit
// Persoonsgegevens: notified (when, with the AP's reference) or not (with
// the rationale). The decision can be revised while the incident is open;
// the audit trail keeps every version. HandleIncidents, in scope; datalekken
// only.
func (s *Service) DecideDatalek(ctx context.Context, actor authz.Principal, id int64, in DatalekInput) error {
	return s.handle(ctx, actor, id, func(tx *db.Tx, cur Incident) error {
		v := in.Validate()
		if in.notified != nil {
			notFuture(v, "notified_at", "Het moment van de melding", *in.notified, tx.Now)
			if in.notified.Before(cur.DiscoveredAt) {
				v.Add("notified_at", "Het moment van de melding ligt voor de ontdekking van het datalek.")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if in.Version != cur.Version {
			return apperr.Stale()
		}
		if !cur.PersonalData {
			return apperr.Conflictf("Dit incident is geen datalek. Geef eerst in de classificatie aan dat er persoonsgegevens bij betrokken zijn.")
		}
		if cur.Status == StatusClosed {
			return apperr.Conflictf("Dit incident is gesloten; het besluit over de melding ligt vast.")
		}
		reference := in.Reference
		if in.Decision == APNoNotify {
			reference = ""
		}
		if _, err := tx.Exec(ctx, `UPDATE incidents SET ap_decision = $3, ap_rationale = $4, ap_notified_at = $5, ap_reference = $6,
			ap_decided_by_name = $7, ap_decided_at = $8, updated_at = $8, version = version + 1
			WHERE organisation_id = $1 AND id = $2`, tx.OrgID, id, in.Decision, in.Rationale, in.notified, reference, actor.Name, tx.Now); err != nil {
			return db.MapError(err, map[string]db.FieldError{
				"incidents_ap_notified_required":  {Field: "notified_at", Message: "Vul in wanneer het datalek bij de AP is gemeld."},
				"incidents_ap_rationale_required": {Field: "ap_rationale", Message: "Onderbouw waarom het datalek niet bij de AP wordt gemeld."},
			})
		}
		text := "Besluit: niet melden bij de AP. " + in.Rationale
		if in.Decision == APNotify {
			text = "Gemeld bij de AP op " + nl.Local(*in.notified).Format("02-01-2006 15:04")
			if reference != "" {
				text += " (kenmerk " + reference + ")"
			}
			if in.Rationale != "" {
				text += ". " + in.Rationale
			}
		}
		if err := addEntry(ctx, tx, actor, id, tx.Now, "besluit", text); err != nil {
			return err
		}
		return record(ctx, tx, id, cur, "datalek: "+strings.ToLower(enum.LabelIn(APDecisions, in.Decision)))
	})
}

// QueueUndecidedDatalekken adds to b the number of open datalekken without a
// decision about the AP (the FG's start page; the FG sees every datalek).
func QueueUndecidedDatalekken(b *db.Batch, n *int) {
	b.Queue(`SELECT count(*) FROM incidents WHERE organisation_id = $1 AND personal_data AND ap_decision IS NULL AND status <> $2`,
		b.Scope.OrgID, StatusClosed).QueryRow(func(row pgx.Row) error { return row.Scan(n) })
}
