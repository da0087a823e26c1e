package compliance

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/catalogue"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/links"
	"github.com/baken-nl/baken/internal/nl"
)

// Service reads and changes the organisation's implementation status.
type Service struct {
	DB  *db.DB
	Now func() time.Time
}

// Framework is the framework an organisation works with.
type Framework struct {
	ID      int64
	Code    string
	Name    string
	Version string
	// Revision counts the changes to the framework's items (migration
	// 0022): the key of the catalogue's copy in memory (catalogue.Skeleton).
	Revision int64
}

// ActiveFramework returns the organisation's chosen framework, BIO2 when none is chosen.
func ActiveFramework(ctx context.Context, q *db.Tx, orgID int64) (Framework, error) {
	var f Framework
	err := q.QueryRow(ctx, `
		SELECT f.id, f.code, f.name, f.version, f.revision FROM frameworks f
		WHERE f.id = coalesce((SELECT active_framework_id FROM organisations WHERE id = $1),
		                      (SELECT id FROM frameworks WHERE organisation_id IS NULL AND code = $2))`,
		orgID, catalogue.CodeBIO2).Scan(&f.ID, &f.Code, &f.Name, &f.Version, &f.Revision)
	if err != nil {
		return f, fmt.Errorf("active framework of organisation %d: %w", orgID, err)
	}
	return f, nil
}

// FrameworkByID loads a framework (the caller has already scoped the item that
// points to it to the organisation).
func FrameworkByID(ctx context.Context, q *db.Tx, id int64) (Framework, error) {
	var f Framework
	err := q.QueryRow(ctx, `SELECT id, code, name, version, revision FROM frameworks WHERE id = $1`, id).Scan(&f.ID, &f.Code, &f.Name, &f.Version, &f.Revision)
	if err != nil {
		return f, fmt.Errorf("framework %d: %w", id, err)
	}
	return f, nil
}

// controlSelect reads controls and measures with their status, owner,
// evidence and open actions in one query: a fixed cost whatever the size of
// the catalogue.
const controlSelect = `
	SELECT i.id, i.kind, i.number,
	       -- a measure has no title of its own: until its official text is
	       -- imported, say which control it belongs to; then use the text's first line
	       CASE WHEN i.kind = 'measure' AND t.text IS NOT NULL THEN left(split_part(t.text, E'\n', 1), 160)
	            WHEN i.kind = 'measure' AND p.title IS NOT NULL THEN 'Overheidsmaatregel bij: ' || p.title
	            ELSE i.title END,
	       coalesce(p3.number, p2.number, p.number, ''), coalesce(p3.title, p2.title, p.title, ''),
	       CASE WHEN i.kind = 'measure' THEN coalesce(p.number, '') ELSE '' END,
	       i.hygiene, (t.item_id IS NOT NULL),
	       coalesce(s.applicable, true), coalesce(s.justification, ''),
	       coalesce(s.owner_department_id, 0), coalesce(d.name, ''),
	       coalesce(s.status, 'niet_gestart'), coalesce(s.opzet, 'onbekend'), coalesce(s.bestaan, 'onbekend'), coalesce(s.werking, 'onbekend'),
	       coalesce(s.maturity, 0), coalesce(s.notes, ''), s.last_review, s.next_review,
	       coalesce(s.needs_review, false), coalesce(ru.name, ''), s.reviewed_at, s.updated_at, coalesce(s.version, 0),
	       coalesce(e.n, 0), coalesce(s.justifying_analysis_id, 0)
	FROM catalogue_items i
	LEFT JOIN catalogue_items p ON p.id = i.parent_id
	-- the top of the hierarchy, theme (BIO2) or chapter (BIO 1.04): at most
	-- three levels above a measure (measure → control → objective → chapter)
	LEFT JOIN catalogue_items p2 ON p2.id = p.parent_id
	LEFT JOIN catalogue_items p3 ON p3.id = p2.parent_id
	LEFT JOIN catalogue_texts t ON t.item_id = i.id AND t.organisation_id = $1
	LEFT JOIN control_statuses s ON s.item_id = i.id AND s.organisation_id = $1
	LEFT JOIN departments d ON d.id = s.owner_department_id
	LEFT JOIN users ru ON ru.id = s.reviewed_by
	LEFT JOIN (SELECT item_id, count(*) AS n FROM evidence WHERE organisation_id = $1 AND removed_at IS NULL GROUP BY item_id) e ON e.item_id = i.id`

func scanControl(r pgx.CollectableRow) (Control, error) {
	var c Control
	err := r.Scan(&c.ItemID, &c.Kind, &c.Number, &c.Title, &c.GroupNumber, &c.GroupTitle, &c.ParentNumber, &c.Hygiene, &c.HasText,
		&c.Applicable, &c.Justification, &c.OwnerDeptID, &c.OwnerDeptName,
		&c.Status, &c.Opzet, &c.Bestaan, &c.Werking, &c.Maturity, &c.Notes, &c.LastReview, &c.NextReview,
		&c.NeedsReview, &c.ReviewedBy, &c.ReviewedAt, &c.UpdatedAt, &c.Version, &c.EvidenceCount, &c.JustifyingAnalysisID)
	return c, err
}

// Controls lists every control and measure of the framework with the
// organisation's status, in catalogue order. The hierarchy comes from the
// catalogue's copy in memory (catalogue.Skeleton); the database reads only
// the organisation's rows — statuses, official texts and evidence counts —
// in one query, and the open actions (links.Open).
func Controls(ctx context.Context, q *db.Tx, orgID int64, fw Framework) ([]Control, error) {
	nodes, err := catalogue.Skeleton(ctx, q, fw.ID, fw.Revision)
	if err != nil {
		return nil, err
	}
	controls := make([]Control, len(nodes))
	index := make(map[int64]int, len(nodes))
	for i, n := range nodes {
		c := &controls[i]
		c.ItemID, c.Kind, c.Number, c.Title, c.Hygiene = n.ID, string(n.Kind), n.Number, n.Title, n.Hygiene
		c.GroupNumber, c.GroupTitle = n.GroupNumber, n.GroupTitle
		if n.Kind == catalogue.KindMeasure {
			c.ParentNumber = n.ParentNumber
			if n.ParentTitle != "" {
				// A measure has no title of its own: until its official text
				// is imported, say which control it belongs to.
				c.Title = "Overheidsmaatregel bij: " + n.ParentTitle
			}
		}
		c.Applicable, c.Status, c.Opzet, c.Bestaan, c.Werking = true, NotStarted, Unknown, Unknown, Unknown
		index[n.ID] = i
	}
	rows, err := q.Query(ctx, organisationControlsSQL, orgID) //nolint:rowserrcheck // pgx.ForEachRow returns rows.Err
	if err != nil {
		return nil, fmt.Errorf("list controls: %w", err)
	}
	var (
		itemID, ownerID, analysisID                    int64
		hasStatus, hasText                             bool
		firstLine, justification, ownerName, notes, by string
		status, opzet, bestaan, werking                string
		maturity, version, evidence                    int
		lastReview, nextReview, reviewedAt, updatedAt  *time.Time
		applicable, needsReview                        bool
	)
	_, err = pgx.ForEachRow(rows, []any{&itemID, &hasStatus, &applicable, &justification, &ownerID, &ownerName,
		&status, &opzet, &bestaan, &werking, &maturity, &notes, &lastReview, &nextReview,
		&needsReview, &by, &reviewedAt, &updatedAt, &version, &analysisID, &hasText, &firstLine, &evidence}, func() error {
		i, ok := index[itemID]
		if !ok {
			return nil // a row of another framework the organisation used before
		}
		c := &controls[i]
		if hasText {
			c.HasText = true
			if c.Kind == string(catalogue.KindMeasure) {
				c.Title = firstLine
			}
		}
		c.EvidenceCount = evidence
		if hasStatus {
			c.Applicable, c.Justification, c.OwnerDeptID, c.OwnerDeptName = applicable, justification, ownerID, ownerName
			c.Status, c.Opzet, c.Bestaan, c.Werking = Status(status), Answer(opzet), Answer(bestaan), Answer(werking)
			c.Maturity, c.Notes, c.LastReview, c.NextReview = maturity, notes, lastReview, nextReview
			c.NeedsReview, c.ReviewedBy, c.ReviewedAt, c.UpdatedAt = needsReview, by, reviewedAt, updatedAt
			c.Version, c.JustifyingAnalysisID = version, analysisID
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list controls: %w", err)
	}
	// The roll-up needs the whole framework, before any filter.
	RollUp(controls)
	return controls, withOpenLinks(ctx, q, controls)
}

// organisationControlsSQL reads what an organisation has of its own per
// catalogue item: the status with owner and reviewer names, the first line
// of the official text, the number of current evidence items. One row per
// item that has any of them; the same values and defaults as controlSelect.
const organisationControlsSQL = `
	SELECT coalesce(s.item_id, t.item_id, e.item_id), s.item_id IS NOT NULL,
	       coalesce(s.applicable, true), coalesce(s.justification, ''),
	       coalesce(s.owner_department_id, 0), coalesce(s.owner_name, ''),
	       coalesce(s.status, 'niet_gestart'), coalesce(s.opzet, 'onbekend'), coalesce(s.bestaan, 'onbekend'), coalesce(s.werking, 'onbekend'),
	       coalesce(s.maturity, 0), coalesce(s.notes, ''), s.last_review, s.next_review,
	       coalesce(s.needs_review, false), coalesce(s.reviewer_name, ''), s.reviewed_at, s.updated_at, coalesce(s.version, 0),
	       coalesce(s.justifying_analysis_id, 0),
	       t.item_id IS NOT NULL, coalesce(t.first_line, ''), coalesce(e.n, 0)
	FROM (SELECT s.*, d.name AS owner_name, ru.name AS reviewer_name
	      FROM control_statuses s
	      LEFT JOIN departments d ON d.id = s.owner_department_id
	      LEFT JOIN users ru ON ru.id = s.reviewed_by
	      WHERE s.organisation_id = $1) s
	FULL JOIN (SELECT item_id, left(split_part(text, E'\n', 1), 160) AS first_line
	           FROM catalogue_texts WHERE organisation_id = $1) t ON t.item_id = s.item_id
	FULL JOIN (SELECT item_id, count(*) AS n FROM evidence
	           WHERE organisation_id = $1 AND removed_at IS NULL GROUP BY item_id) e ON e.item_id = coalesce(s.item_id, t.item_id)`

// ControlDetail is one control or measure with what its page shows.
type ControlDetail struct {
	Control
	FrameworkID int64
	Text        string    // official wording, if imported
	Measures    []Control // the government measures under a control
	// LinkedFrom are the items that address this one (plan actions; later
	// risks and incidents), from every source of links.
	LinkedFrom []links.Target
}

// GetControl loads one control or measure of a framework visible to the organisation.
func GetControl(ctx context.Context, q *db.Tx, orgID, itemID int64) (ControlDetail, error) {
	var d ControlDetail
	rows, err := q.Query(ctx, controlSelect+`
		JOIN frameworks f ON f.id = i.framework_id
		WHERE i.id = $2 AND i.kind IN ('control', 'measure') AND (f.organisation_id IS NULL OR f.organisation_id = $1)`, orgID, itemID)
	if err != nil {
		return d, fmt.Errorf("get control %d: %w", itemID, err)
	}
	c, err := pgx.CollectExactlyOneRow(rows, scanControl)
	if db.IsNoRows(err) {
		return d, apperr.NotFoundf("Deze maatregel bestaat niet in het normenkader van deze organisatie.")
	}
	if err != nil {
		return d, err
	}
	d.Control = c
	err = q.QueryRow(ctx, `SELECT i.framework_id, coalesce(t.text, '') FROM catalogue_items i
		LEFT JOIN catalogue_texts t ON t.item_id = i.id AND t.organisation_id = $1 WHERE i.id = $2`, orgID, itemID).Scan(&d.FrameworkID, &d.Text)
	if err != nil {
		return d, err
	}
	if c.Kind == string(catalogue.KindControl) {
		rows, err := q.Query(ctx, controlSelect+` WHERE i.parent_id = $2 AND i.kind = 'measure' ORDER BY i.sort_key`, orgID, itemID)
		if err != nil {
			return d, err
		}
		if d.Measures, err = pgx.CollectRows(rows, scanControl); err != nil {
			return d, err
		}
	}
	if d.LinkedFrom, err = links.To(ctx, q, KindControl, itemID); err != nil {
		return d, err
	}
	open, err := links.Open(ctx, q, KindControl)
	if err != nil {
		return d, err
	}
	d.OpenActionCount = open[itemID]
	for i := range d.Measures {
		d.Measures[i].OpenActionCount = open[d.Measures[i].ItemID]
	}
	return d, nil
}

// Input is the form for the status of a control or measure.
type Input struct {
	Applicable    bool
	Justification string
	OwnerDeptID   int64
	Status        Status
	Opzet         Answer
	Bestaan       Answer
	Werking       Answer
	Maturity      int
	Notes         string
	LastReview    string // yyyy-mm-dd or ""
	NextReview    string
	// JustifyingAnalysisID: the risk analysis that justifies "niet van
	// toepassing" (required in spirit for an overheidsmaatregel, which can
	// never be risk-accepted; see Warning).
	JustifyingAnalysisID int64
	Version              int
}

// InputOf is the form state of a stored control: the single form, the bulk
// change and the import all start from it.
func InputOf(c Control) Input {
	return Input{Applicable: c.Applicable, Justification: c.Justification, OwnerDeptID: c.OwnerDeptID, Status: c.Status,
		Opzet: c.Opzet, Bestaan: c.Bestaan, Werking: c.Werking, Maturity: c.Maturity, Notes: c.Notes,
		LastReview: dateString(c.LastReview), NextReview: dateString(c.NextReview), JustifyingAnalysisID: c.JustifyingAnalysisID, Version: c.Version}
}

// Warning names what is allowed but not right for a control of kind: an
// overheidsmaatregel that does not apply without the risk analysis that
// justifies it (BIO2: not applying one is only possible through the VvT,
// justified by a risk analysis).
func (in Input) Warning(kind string) []string {
	if kind == "measure" && !in.Applicable && in.JustifyingAnalysisID == 0 {
		return []string{"Let op: een overheidsmaatregel die niet van toepassing is, moet worden onderbouwd met een risicoanalyse. Kies de analyse bij ‘Onderbouwende risicoanalyse’; dan staat de maatregel in de bijlage ‘Uitzonderingen op de VvT’."}
	}
	return nil
}

// statusRecord is the stored state, as recorded in the audit trail.
type statusRecord struct {
	Applicable    bool       `json:"applicable"`
	Justification string     `json:"justification"`
	OwnerDeptID   int64      `json:"owner_department_id"`
	Status        Status     `json:"status"`
	Opzet         Answer     `json:"opzet"`
	Bestaan       Answer     `json:"bestaan"`
	Werking       Answer     `json:"werking"`
	Maturity      int        `json:"maturity"`
	Notes         string     `json:"notes"`
	LastReview    *time.Time `json:"last_review"`
	NextReview    *time.Time `json:"next_review"`
	Analysis      int64      `json:"justifying_analysis_id,omitempty"`
}

func recordOf(c Control) statusRecord {
	return statusRecord{c.Applicable, c.Justification, c.OwnerDeptID, c.Status, c.Opzet, c.Bestaan, c.Werking, c.Maturity, c.Notes, c.LastReview, c.NextReview, c.JustifyingAnalysisID}
}

// dateLabels name the date fields in their messages: a form with two dates
// must say which one is wrong.
var dateLabels = map[string]string{"last_review": "Laatste beoordeling", "next_review": "Volgende beoordeling", "target_date": "Te bereiken op"}

// parseDate reads a date field with the portal's one date parser (the
// browser's yyyy-mm-dd or typed dd-mm-jjjj); "" is no date.
func parseDate(v apperr.Validation, field, s string) *time.Time {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	t, ok := nl.ParseDate(s)
	if !ok {
		v.Add(field, nl.InvalidDate(dateLabels[field]))
		return nil
	}
	return &t
}

func (in *Input) validate() (statusRecord, apperr.Validation) {
	v := apperr.Validation{}
	in.Justification, in.Notes = strings.TrimSpace(in.Justification), strings.TrimSpace(in.Notes)
	if !in.Applicable && in.Justification == "" {
		v.Add("justification", "Leg uit waarom deze maatregel niet van toepassing is; dat is verplicht in de Verklaring van Toepasselijkheid.")
	}
	if in.Status == NotApplicable && in.Applicable {
		v.Add("status", "De status ‘niet van toepassing’ hoort bij een maatregel die niet van toepassing is. Zet ‘Van toepassing’ uit of kies een andere status.")
	}
	// Not applicable means status "niet van toepassing". "Niet gestart" (the
	// default) becomes it; a status that records work is refused rather than
	// silently dropped.
	if !in.Applicable && (in.Status == Implemented || in.Status == InProgress) {
		v.Add("status", "Een maatregel die niet van toepassing is, kan niet ‘"+in.Status.Label()+"’ zijn. Kies de status ‘Niet van toepassing’ of zet ‘Van toepassing’ weer aan.")
	} else if !in.Applicable {
		in.Status = NotApplicable
	}
	if !slices.Contains(Statuses, in.Status) {
		v.Add("status", "Kies een implementatiestatus.")
	}
	for field, a := range map[string]Answer{"opzet": in.Opzet, "bestaan": in.Bestaan, "werking": in.Werking} {
		if !slices.Contains(Answers, a) {
			v.Add(field, "Kies ja, deels, nee of onbekend.")
		}
	}
	if in.Maturity < 0 || in.Maturity > 5 {
		v.Add("maturity", "Kies een volwassenheidsniveau van 1 tot en met 5.")
	}
	if utf8.RuneCountInString(in.Justification) > 4000 {
		v.Add("justification", "De onderbouwing is te lang (maximaal 4000 tekens).")
	}
	if utf8.RuneCountInString(in.Notes) > 8000 {
		v.Add("notes", "De toelichting is te lang (maximaal 8000 tekens).")
	}
	last, next := parseDate(v, "last_review", in.LastReview), parseDate(v, "next_review", in.NextReview)
	if last != nil && next != nil && next.Before(*last) {
		v.Add("next_review", "De volgende beoordeling ligt vóór de laatste beoordeling.")
	}
	if in.Applicable {
		in.JustifyingAnalysisID = 0 // only "niet van toepassing" is justified by an analysis
	}
	return statusRecord{in.Applicable, in.Justification, in.OwnerDeptID, in.Status, in.Opzet, in.Bestaan, in.Werking, in.Maturity, in.Notes, last, next, in.JustifyingAnalysisID}, v
}

// CanEdit reports whether the principal may change the status of c: the CISO
// always, the afdelingsmanager and DSPO for controls their afdeling owns.
func CanEdit(p authz.Principal, c Control) bool {
	if !p.Can(authz.EditControls) {
		return false
	}
	if p.Has(authz.CISO) {
		return true
	}
	if c.OwnerDeptID == 0 {
		return false
	}
	return slices.Contains(p.Departments(authz.Afdelingsmanager), c.OwnerDeptID) || slices.Contains(p.Departments(authz.DSPO), c.OwnerDeptID)
}

// Update stores the status of a control or measure and returns what
// changed (nothing changed: nothing is written). The version guards against
// overwriting someone else's change.
// The kind of the item is returned for the warnings of what was saved.
func (s *Service) Update(ctx context.Context, actor authz.Principal, itemID int64, in Input) ([]Change, string, error) {
	rec, v := in.validate()
	var changes []Change
	var kind string
	err := s.DB.Write(ctx, db.ScopeOf(actor), func(tx *db.Tx) error {
		cur, err := GetControl(ctx, tx, actor.OrgID, itemID)
		if err != nil {
			return err
		}
		if !CanEdit(actor, cur.Control) {
			return apperr.Forbiddenf("U mag alleen de maatregelen van uw eigen afdeling bijwerken.")
		}
		kind = cur.Kind
		if rec.Analysis != 0 && rec.Analysis != cur.JustifyingAnalysisID {
			// Only an established analysis justifies an exception in the VvT.
			var status string
			err := tx.QueryRow(ctx, `SELECT status FROM risk_analyses WHERE organisation_id = $1 AND id = $2`, actor.OrgID, rec.Analysis).Scan(&status)
			switch {
			case db.IsNoRows(err):
				v.Add("justifying_analysis_id", "Kies een risicoanalyse van deze organisatie.")
			case err != nil:
				return err
			case status != "vastgesteld":
				v.Add("justifying_analysis_id", "Kies een vastgestelde risicoanalyse: alleen een door de CISO vastgestelde analyse onderbouwt een uitzondering op de VvT.")
			}
		}
		ownerName, err := checkOwner(ctx, tx, actor, cur.Control, in.OwnerDeptID, v)
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if in.Version != cur.Version {
			return apperr.Stale()
		}
		changes = diff(recordOf(cur.Control), rec, func(id int64) string {
			if id == cur.OwnerDeptID {
				return cur.OwnerDeptName
			}
			return ownerName
		})
		if len(changes) == 0 {
			return nil
		}
		saved, err := saveStatus(ctx, tx, actor, itemID, rec, in.Version)
		if err != nil {
			return err
		}
		if !saved {
			return apperr.Stale()
		}
		return audit.Record(ctx, tx, statusEvent(cur.Control, rec, ""))
	})
	if err != nil {
		return nil, kind, db.MapError(err, statusConstraints)
	}
	return changes, kind, nil
}

// statusConstraints are the messages of the status's constraints.
var statusConstraints = map[string]db.FieldError{
	"control_statuses_justifying_analysis_fkey": {Field: "justifying_analysis_id", Message: "Kies een risicoanalyse van deze organisatie."},
}

// checkOwner adds the owner rules to v: only the CISO assigns the owner, and
// only an afdeling of the organisation. Shared by Update and the bulk change.
// It returns the name of the owner afdeling, for the change summary.
func checkOwner(ctx context.Context, tx *db.Tx, actor authz.Principal, cur Control, owner int64, v apperr.Validation) (string, error) {
	if !actor.Has(authz.CISO) && owner != cur.OwnerDeptID {
		v.Add("owner_department_id", "Alleen de CISO wijst de eigenaar van een maatregel toe.")
	}
	name := cur.OwnerDeptName
	if owner != 0 && owner != cur.OwnerDeptID {
		err := tx.QueryRow(ctx, `SELECT name FROM departments WHERE organisation_id = $1 AND id = $2`, actor.OrgID, owner).Scan(&name)
		if db.IsNoRows(err) {
			v.Add("owner_department_id", "Kies een afdeling van deze organisatie.")
		} else if err != nil {
			return "", err
		}
	}
	return name, nil
}

// upsertStatus is the statement of Update, the bulk change and the import: the new state of one control,
// guarded by the version the change is based on ($16; 0 = no row yet).
const upsertStatus = `
	INSERT INTO control_statuses AS s (organisation_id, item_id, applicable, justification, owner_department_id, status, opzet, bestaan, werking,
		maturity, notes, last_review, next_review, needs_review, updated_by, updated_at, reviewed_by, reviewed_at, justifying_analysis_id)
	VALUES ($1, $2, $3, $4, nullif($5, 0), $6, $7, $8, $9, nullif($10, 0), $11, $12, $13, NOT $15::boolean, $14, now(),
		CASE WHEN $15 THEN $14::bigint END, CASE WHEN $15 THEN now() END, nullif($17, 0))
	ON CONFLICT (organisation_id, item_id) DO UPDATE SET
		applicable = EXCLUDED.applicable, justification = EXCLUDED.justification, owner_department_id = EXCLUDED.owner_department_id,
		status = EXCLUDED.status, opzet = EXCLUDED.opzet, bestaan = EXCLUDED.bestaan, werking = EXCLUDED.werking,
		maturity = EXCLUDED.maturity, notes = EXCLUDED.notes, last_review = EXCLUDED.last_review, next_review = EXCLUDED.next_review,
		needs_review = EXCLUDED.needs_review, updated_by = EXCLUDED.updated_by, updated_at = now(),
		reviewed_by = EXCLUDED.reviewed_by, reviewed_at = EXCLUDED.reviewed_at, justifying_analysis_id = EXCLUDED.justifying_analysis_id,
		version = s.version + 1
	WHERE s.version = $16`

// saveStatus writes rec for itemID if its version is still version; saved is
// false when someone else changed it in between.
func saveStatus(ctx context.Context, tx *db.Tx, actor authz.Principal, itemID int64, rec statusRecord, version int) (saved bool, err error) {
	// A change by the afdeling waits for the CISO's review ("te beoordelen");
	// the CISO's own change counts as reviewed.
	byCISO := actor.Has(authz.CISO)
	tag, err := tx.Exec(ctx, upsertStatus,
		actor.OrgID, itemID, rec.Applicable, rec.Justification, rec.OwnerDeptID, rec.Status, rec.Opzet, rec.Bestaan, rec.Werking,
		rec.Maturity, rec.Notes, rec.LastReview, rec.NextReview, actor.UserID, byCISO, version, rec.Analysis)
	if err != nil {
		return false, err
	}
	return tag.RowsAffected() > 0, nil
}

// statusEvent is the audit event of a status change from cur to rec; note
// is appended to the summary (the bulk change says so).
func statusEvent(cur Control, rec statusRecord, note string) audit.Event {
	return audit.Event{Action: audit.Update, Entity: "control", EntityID: cur.ItemID,
		Summary: "Status van " + cur.Number + " bijgewerkt: " + rec.Status.Label() + note, Before: recordOf(cur), After: rec}
}

// Review marks the current status of a control as reviewed by the CISO.
func (s *Service) Review(ctx context.Context, actor authz.Principal, itemID int64, version int) error {
	return s.DB.WriteAs(ctx, actor, authz.ReviewControls, func(tx *db.Tx) error {
		cur, err := GetControl(ctx, tx, actor.OrgID, itemID)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return apperr.Conflictf("Iemand anders heeft deze maatregel intussen gewijzigd. Bekijk de actuele versie en beoordeel opnieuw.")
		}
		today := LocalDate(s.Now()).Format("2006-01-02")
		// The version guard makes the review apply to exactly the state the
		// CISO looked at; a change in between is a conflict.
		tag, err := tx.Exec(ctx, `
			INSERT INTO control_statuses AS s (organisation_id, item_id, reviewed_by, reviewed_at, last_review, updated_by)
			VALUES ($1, $2, $3, now(), $4, $3)
			ON CONFLICT (organisation_id, item_id) DO UPDATE SET
				reviewed_by = $3, reviewed_at = now(), last_review = $4, needs_review = false, version = s.version + 1
			WHERE s.version = $5`,
			actor.OrgID, itemID, actor.UserID, today, version)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return apperr.Conflictf("Iemand anders heeft deze maatregel intussen gewijzigd. Bekijk de actuele versie en beoordeel opnieuw.")
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: "control", EntityID: itemID,
			Summary: "Status van " + cur.Number + " beoordeeld door de CISO", Before: map[string]any{"needs_review": cur.NeedsReview}, After: map[string]any{"reviewed": true, "last_review": today}})
	})
}

// History returns the audit events of a control, newest first, each with
// the fields it changed.
func History(ctx context.Context, tx *db.Tx, orgID, itemID int64) ([]HistoryEntry, error) {
	rows, err := tx.Query(ctx, `
		SELECT a.id, a.occurred_at, coalesce(a.actor_name, 'Systeem'), a.action, a.entity, coalesce(a.entity_id, 0),
		       a.summary, a.before, a.after, a.request_id
		FROM audit_events a
		WHERE a.organisation_id = $1 AND a.entity IN ('control', 'evidence') AND a.entity_id = $2
		ORDER BY a.occurred_at DESC, a.id DESC LIMIT 100`, orgID, itemID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (HistoryEntry, error) {
		var e HistoryEntry
		err := r.Scan(&e.ID, &e.OccurredAt, &e.ActorName, &e.Action, &e.Entity, &e.EntityID, &e.Summary, &e.Before, &e.After, &e.RequestID)
		if e.Entity == "control" {
			e.Fields = ChangedFields(e.Before, e.After)
		}
		return e, err
	})
}

// Ambition is the organisation's target maturity.
type Ambition struct {
	TargetMaturity int        `json:"target_maturity"` // 0: not set
	TargetDate     *time.Time `json:"target_date"`
	Version        int        `json:"-"`
}

// GetAmbition reads the organisation's ambition.
func GetAmbition(ctx context.Context, q *db.Tx, orgID int64) (Ambition, error) {
	var a Ambition
	var level *int16
	err := q.QueryRow(ctx, `SELECT target_maturity, target_date, version FROM organisations WHERE id = $1`, orgID).Scan(&level, &a.TargetDate, &a.Version)
	if level != nil {
		a.TargetMaturity = int(*level)
	}
	return a, err
}

// SetAmbition stores the target maturity and date (set by the directie) and
// adds them to the ambition's history. A date in the past is refused.
func (s *Service) SetAmbition(ctx context.Context, actor authz.Principal, level int, date string, version int) error {
	if err := actor.Require(authz.SetAmbition); err != nil {
		return err
	}
	v := apperr.Validation{}
	if level < 1 || level > 5 {
		v.Add("target_maturity", "Kies een volwassenheidsniveau van 1 tot en met 5.")
	}
	d := parseDate(v, "target_date", date)
	if date == "" {
		v.Add("target_date", "Vul de datum in waarop het niveau bereikt moet zijn.")
	}
	if d != nil && d.Before(LocalDate(s.Now())) {
		v.Add("target_date", "De datum ‘Te bereiken op’ ligt in het verleden. Kies vandaag of een latere datum.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.DB.Write(ctx, db.ScopeOf(actor), func(tx *db.Tx) error {
		before, err := GetAmbition(ctx, tx, actor.OrgID)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE organisations SET target_maturity = $2, target_date = $3, version = version + 1 WHERE id = $1 AND version = $4`,
			actor.OrgID, level, d, version)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return apperr.Stale()
		}
		if _, err := tx.Exec(ctx, `INSERT INTO ambition_history (organisation_id, target_maturity, target_date, set_by, set_by_name, set_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, actor.OrgID, level, d, actor.UserID, actor.Name, tx.Now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: "organisation", EntityID: actor.OrgID,
			Summary: fmt.Sprintf("Ambitie vastgesteld: volwassenheidsniveau %d per %s", level, d.Format("02-01-2006")),
			Before:  before, After: map[string]any{"target_maturity": level, "target_date": date}})
	})
}

// AmbitionEntry is one ambition the directie set: the level, the date by
// which to reach it, who set it and when.
type AmbitionEntry struct {
	TargetMaturity int
	TargetDate     *time.Time
	Theme          string // "" for the organisation's ambition
	SetBy          string
	SetAt          time.Time
}

// AmbitionHistory lists the organisation's ambitions, newest first.
func AmbitionHistory(ctx context.Context, q *db.Tx, orgID int64) ([]AmbitionEntry, error) {
	rows, err := q.Query(ctx, `SELECT target_maturity, target_date, coalesce(theme, ''), coalesce(nullif(set_by_name, ''), 'Onbekend'), set_at
		FROM ambition_history WHERE organisation_id = $1 ORDER BY set_at DESC, id DESC LIMIT 100`, orgID)
	if err != nil {
		return nil, fmt.Errorf("ambition history: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (AmbitionEntry, error) {
		var e AmbitionEntry
		var level int16
		err := r.Scan(&level, &e.TargetDate, &e.Theme, &e.SetBy, &e.SetAt)
		e.TargetMaturity = int(level)
		return e, err
	})
}

// SetActiveFramework chooses the framework the organisation works with.
func (s *Service) SetActiveFramework(ctx context.Context, actor authz.Principal, frameworkID int64) error {
	return s.DB.WriteAs(ctx, actor, authz.ManageCatalogue, func(tx *db.Tx) error {
		var code string
		err := tx.QueryRow(ctx, `SELECT code FROM frameworks WHERE id = $1 AND (organisation_id IS NULL OR organisation_id = $2)`, frameworkID, actor.OrgID).Scan(&code)
		if db.IsNoRows(err) {
			return (apperr.Validation{"framework_id": "Kies een normenkader uit de lijst."}).Err()
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE organisations SET active_framework_id = $2 WHERE id = $1`, actor.OrgID, frameworkID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: "organisation", EntityID: actor.OrgID,
			Summary: "Actief normenkader: " + code})
	})
}
