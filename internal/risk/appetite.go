package risk

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/enum"
	"github.com/baken-nl/baken/internal/nl"
)

// DecisionService is the part of the risk domain that holds the risk
// appetite, the queue of risks above it and the decisions on them.
type DecisionService struct {
	DB  *db.DB
	Now func() time.Time // the clock of "today" (time.Now when nil; tests move it)
}

// today is the calendar day in Amsterdam.
func (s *DecisionService) today() time.Time { return today(s.Now) }

// today is the calendar day in Amsterdam by the clock now (time.Now when nil).
func today(now func() time.Time) time.Time {
	if now != nil {
		return nl.Date(now())
	}
	return nl.Date(time.Now())
}

// AppetiteAspects are the aspects an appetite may be set for, in form order.
var AppetiteAspects = [3]struct{ Field, Label string }{
	{"availability_level", "Beschikbaarheid"},
	{"integrity_level", "Integriteit"},
	{"confidentiality_level", "Vertrouwelijkheid"},
}

// Appetite is one recorded risk appetite: the highest residual level that
// may be accepted without a decision of directie or college, optionally
// lower per aspect (0: not set), and the decision that set it.
type Appetite struct {
	ID         int64
	MaxLevel   int
	Aspects    [3]int // beschikbaarheid, integriteit, vertrouwelijkheid; 0 = the general level
	Reference  string
	DecidedOn  time.Time
	Body       string // directie or college
	Notes      string
	RecordedBy string
	RecordedAt time.Time
}

// For is the appetite for a risk that affects the given aspects: the lowest
// of the general level and the level of every affected aspect that has one.
func (a Appetite) For(affects [3]bool) int {
	level := a.MaxLevel
	for i, l := range a.Aspects {
		if affects[i] && l > 0 && l < level {
			level = l
		}
	}
	return level
}

// AppetiteBodies are the bodies that may set the appetite, with their labels.
var AppetiteBodies = []enum.Pair{{"directie", "Directie"}, {"college", "College van B&W"}}

// AppetiteBodyPhrase names the body in a sentence, with its article: "het
// college van B&W", "de directie".
func AppetiteBodyPhrase(b string) string {
	switch b {
	case "college":
		return "het college van B&W"
	case "directie", "afdelingsmanager":
		return "de " + b
	}
	return b
}

// AppetiteBodyLabel is the Dutch name of a deciding body.
func AppetiteBodyLabel(b string) string {
	switch b {
	case "directie":
		return "Directie"
	case "college":
		return "College van B&W"
	case "afdelingsmanager":
		return "Afdelingsmanager"
	}
	return b
}

// AppetiteInput is the form that records a new appetite.
type AppetiteInput struct {
	MaxLevel  int
	Aspects   [3]int
	Reference string
	DecidedOn string
	Body      string
	Notes     string
	Current   int64 // the id of the appetite the form started from (0: none), to detect a concurrent change
}

// Validate checks the input against the organisation's matrix (levels) and
// today (a decision is not taken in the future).
func (in AppetiteInput) Validate(m Matrix, today time.Time) apperr.Validation {
	v := apperr.Validation{}
	if in.MaxLevel < 1 || in.MaxLevel > m.Highest() {
		v.Add("max_level", "Kies het hoogste risiconiveau dat zonder besluit van directie of college mag worden geaccepteerd.")
	}
	for i, l := range in.Aspects {
		if l != 0 && (l < 1 || l > m.Highest()) {
			v.Add(AppetiteAspects[i].Field, "Kies een risiconiveau voor "+strings.ToLower(AppetiteAspects[i].Label)+" of laat het leeg.")
		} else if l > in.MaxLevel && in.MaxLevel > 0 {
			v.Add(AppetiteAspects[i].Field, "De risicobereidheid voor "+strings.ToLower(AppetiteAspects[i].Label)+" mag niet hoger zijn dan de algemene risicobereidheid.")
		}
	}
	ref := in.Reference
	v.Text("decision_reference", &ref, 200, "Vul het kenmerk van het besluit in, bijvoorbeeld het nummer van het collegebesluit.",
		"Het kenmerk van het besluit mag hoogstens 200 tekens hebben.")
	if strings.TrimSpace(in.DecidedOn) == "" {
		v.Add("decided_on", "Vul de datum van het besluit in.")
	} else if d, ok := nl.ParseDate(in.DecidedOn); !ok {
		v.Add("decided_on", nl.InvalidDate("Datum van het besluit"))
	} else if d.After(today) {
		v.Add("decided_on", "De datum van het besluit ligt in de toekomst. Leg een besluit vast nadat het is genomen.")
	}
	if in.Body != "directie" && in.Body != "college" {
		v.Add("decided_by_body", "Kies wie het besluit nam: de directie of het college.")
	}
	notes := in.Notes
	v.Text("notes", &notes, 4000, "", "De toelichting mag hoogstens 4000 tekens hebben.")
	return v
}

// AppetitePage is what the appetite page shows.
type AppetitePage struct {
	Matrix  Matrix
	Current *Appetite
	History []Appetite
	CanSet  bool
}

// AppetiteLevelName names a level rank on the page's matrix, "–" for none.
func (p AppetitePage) AppetiteLevelName(rank int) string {
	if n := p.Matrix.LevelName(rank); n != "" {
		return n
	}
	return "–"
}

// matrixSQL reads the organisation's risk matrix ($1).
const matrixSQL = `SELECT config FROM risk_matrices WHERE organisation_id = $1`

// appetiteMatrix reads the organisation's risk matrix (the default without a row).
func appetiteMatrix(ctx context.Context, tx *db.Tx) (Matrix, error) {
	return storedMatrix(ctx, tx, matrixSQL)
}

// queueMatrix is appetiteMatrix in a batch: the matrix is in *m once the
// batch has run, before the callbacks of the queries queued after it.
func queueMatrix(b *db.Batch, m *Matrix) {
	b.Queue(matrixSQL, b.Scope.OrgID).QueryRow(func(row pgx.Row) error {
		var raw []byte
		err := row.Scan(&raw)
		if db.IsNoRows(err) {
			*m = DefaultMatrix()
			return nil
		}
		if err != nil {
			return fmt.Errorf("load risk matrix: %w", err)
		}
		*m, err = ParseMatrix(raw)
		return err
	})
}

// storedMatrix reads the organisation's matrix with sql ($1 the
// organisation): its config, then the columns scanned into extra. The
// default matrix when none is stored.
func storedMatrix(ctx context.Context, tx *db.Tx, sql string, extra ...any) (Matrix, error) {
	var raw []byte
	err := tx.QueryRow(ctx, sql, tx.OrgID).Scan(append([]any{&raw}, extra...)...)
	if db.IsNoRows(err) {
		return DefaultMatrix(), nil
	}
	if err != nil {
		return Matrix{}, fmt.Errorf("load risk matrix: %w", err)
	}
	return ParseMatrix(raw)
}

const appetiteColumns = `id, max_level, coalesce(availability_level, 0), coalesce(integrity_level, 0),
	coalesce(confidentiality_level, 0), decision_reference, decided_on, decided_by_body, notes,
	coalesce(nullif(recorded_by_name, ''), 'Onbekend'), recorded_at`

func appetiteScan(row pgx.CollectableRow) (Appetite, error) {
	var a Appetite
	var l, av, in, co int16
	err := row.Scan(&a.ID, &l, &av, &in, &co, &a.Reference, &a.DecidedOn, &a.Body, &a.Notes, &a.RecordedBy, &a.RecordedAt)
	a.MaxLevel, a.Aspects = int(l), [3]int{int(av), int(in), int(co)}
	return a, err
}

// appetiteHistorySQL lists the organisation's ($1) recorded appetites,
// newest (current) first, at most $2.
const appetiteHistorySQL = `SELECT ` + appetiteColumns + ` FROM risk_appetites WHERE organisation_id = $1
		ORDER BY recorded_at DESC, id DESC LIMIT $2`

// appetiteHistory lists the recorded appetites, newest (current) first.
func appetiteHistory(ctx context.Context, tx *db.Tx, limit int) ([]Appetite, error) {
	rows, err := tx.Query(ctx, appetiteHistorySQL, tx.OrgID, limit)
	if err != nil {
		return nil, fmt.Errorf("load risk appetites: %w", err)
	}
	return pgx.CollectRows(rows, appetiteScan)
}

// appetiteCurrent is the current appetite, nil when none was recorded.
func appetiteCurrent(ctx context.Context, tx *db.Tx) (*Appetite, error) {
	h, err := appetiteHistory(ctx, tx, 1)
	if err != nil || len(h) == 0 {
		return nil, err
	}
	return &h[0], nil
}

// queueAppetiteCurrent is appetiteCurrent in a batch: *a is set once the
// batch has run (nil when none was recorded).
func queueAppetiteCurrent(b *db.Batch, a **Appetite) {
	b.Queue(appetiteHistorySQL, b.Scope.OrgID, 1).Query(func(rows pgx.Rows) error {
		h, err := pgx.CollectRows(rows, appetiteScan)
		if err != nil {
			return fmt.Errorf("load risk appetites: %w", err)
		}
		if len(h) > 0 {
			*a = &h[0]
		}
		return nil
	})
}

// Appetite is the appetite page: the matrix, the current appetite and its history.
func (s *DecisionService) Appetite(ctx context.Context, actor authz.Principal) (p AppetitePage, err error) {
	err = s.DB.ReadAs(ctx, actor, authz.ViewRisks, func(tx *db.Tx) error {
		if p.Matrix, err = appetiteMatrix(ctx, tx); err != nil {
			return err
		}
		if p.History, err = appetiteHistory(ctx, tx, 100); err != nil {
			return err
		}
		if len(p.History) > 0 {
			p.Current = &p.History[0]
		}
		return nil
	})
	p.CanSet = actor.Can(authz.SetRiskAppetite)
	return p, err
}

// SetAppetite records a new risk appetite (directie, college) with an audit
// event. The history is append-only.
func (s *DecisionService) SetAppetite(ctx context.Context, actor authz.Principal, in AppetiteInput) error {
	return s.DB.WriteAs(ctx, actor, authz.SetRiskAppetite, func(tx *db.Tx) error {
		m, err := appetiteMatrix(ctx, tx)
		if err != nil {
			return err
		}
		if err := in.Validate(m, s.today()).Err(); err != nil {
			return err
		}
		before, err := appetiteCurrent(ctx, tx)
		if err != nil {
			return err
		}
		if before != nil && before.ID != in.Current || before == nil && in.Current != 0 {
			return apperr.Stale()
		}
		d, _ := nl.ParseDate(in.DecidedOn)
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO risk_appetites (organisation_id, max_level, availability_level, integrity_level,
			confidentiality_level, decision_reference, decided_on, decided_by_body, notes, recorded_by, recorded_by_name, recorded_at)
			VALUES ($1, $2, nullif($3, 0), nullif($4, 0), nullif($5, 0), $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			tx.OrgID, in.MaxLevel, in.Aspects[0], in.Aspects[1], in.Aspects[2], strings.TrimSpace(in.Reference), d, in.Body,
			strings.TrimSpace(in.Notes), actor.UserID, actor.Name, tx.Now).Scan(&id); err != nil {
			return db.MapError(err, nil)
		}
		var prev any
		if before != nil {
			prev = appetiteAudit(m, *before)
		}
		after := appetiteAudit(m, Appetite{MaxLevel: in.MaxLevel, Aspects: in.Aspects, Reference: strings.TrimSpace(in.Reference), DecidedOn: d, Body: in.Body})
		return audit.Record(ctx, tx, audit.Event{Action: audit.Create, Entity: "risk_appetite", EntityID: id,
			Summary: fmt.Sprintf("Risicobereidheid vastgesteld: %s (besluit %s van de %s, %s)", m.LevelName(in.MaxLevel),
				strings.TrimSpace(in.Reference), strings.ToLower(AppetiteBodyLabel(in.Body)), d.Format("02-01-2006")),
			Before: prev, After: after})
	})
}

func appetiteAudit(m Matrix, a Appetite) map[string]string {
	out := map[string]string{"risicobereidheid": m.LevelName(a.MaxLevel), "besluit": a.Reference,
		"datum": a.DecidedOn.Format("02-01-2006"), "orgaan": AppetiteBodyLabel(a.Body)}
	for i, l := range a.Aspects {
		if l > 0 {
			out[strings.ToLower(AppetiteAspects[i].Label)] = m.LevelName(l)
		}
	}
	return out
}
