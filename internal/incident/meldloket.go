package incident

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/throttle"
)

// The public meldloket: per organisation a page without login where anyone
// reports an incident (migration 0017). Off until the CISO switches it on
// (ConfigureMeldloket). The page is found by an unguessable token; an
// unknown and a switched-off loket are not found alike. The reporter gets a
// follow-up code, stored only as its hash, with which they see the status
// of that one report.

// LoketEntity is the audit trail's name of the meldloket settings.
const LoketEntity = "meldloket"

// Limits of the public pages. A report counts against the client address
// (LoketAddressLimit per LoketAddressWindow) and against the loket
// (LoketLimit per LoketWindow); a look-up of a status against the address
// (StatusAddressLimit per LoketAddressWindow). Refused attempts do not count.
const (
	LoketAddressLimit  = 5
	LoketAddressWindow = time.Hour
	LoketLimit         = 50
	LoketWindow        = 24 * time.Hour
	StatusAddressLimit = 20

	maxIntro    = 1000
	maxReporter = 200
	maxEmail    = 254
)

// LimitError refuses a public request over a limit; Until says when the
// window ends.
type LimitError struct{ Until time.Time }

func (e *LimitError) Error() string { return "meldloket limit reached" }

// errNoLoket is the answer for an unknown and a switched-off loket alike.
var errNoLoket = apperr.NotFoundf("Dit meldloket bestaat niet of is niet beschikbaar.")

var tokenPattern = regexp.MustCompile(`^[a-z2-7]{26,64}$`)

var code32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// randomText is n random bytes in base32 (A–Z, 2–7).
func randomText(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return code32.EncodeToString(b)
}

// newToken is the last part of a loket's public address: 160 random bits.
func newToken() string { return strings.ToLower(randomText(20)) }

// newFollowUpCode is a reporter's follow-up code: 160 random bits, shown in
// groups of four (ABCD-EFGH-…).
func newFollowUpCode() string {
	raw := randomText(20)
	var b strings.Builder
	for i := 0; i < len(raw); i += 4 {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(raw[i:min(i+4, len(raw))])
	}
	return b.String()
}

// followUpHash is the stored form of a code as the reporter types it (case,
// spaces and dashes do not matter); ok is false when it cannot be a code.
func followUpHash(code string) (h []byte, ok bool) {
	c := strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, code)
	if len(c) != 32 {
		return nil, false
	}
	if _, err := code32.DecodeString(c); err != nil {
		return nil, false
	}
	sum := sha256.Sum256([]byte(c))
	return sum[:], true
}

// ---- the CISO's settings ----

// Loket is the meldloket of the organisation as its settings page shows it.
type Loket struct {
	Exists    bool // stored once: before the first save it is off and has no address
	Enabled   bool
	Token     string
	Intro     string
	Version   int
	UpdatedAt time.Time
	Reports   int // reports received through the loket
}

// Path is the public address of the loket, without the host.
func (l Loket) Path() string { return "/meldloket/" + l.Token }

// LoketInput is the CISO's settings form.
type LoketInput struct {
	Enabled bool
	Intro   string
	NewLink bool // replace the address: the old one stops working
	Version int  // 0: not stored yet
}

// Validate checks the settings on their own (pure).
func (in *LoketInput) Validate() apperr.Validation {
	v := apperr.Validation{}
	v.Text("intro", &in.Intro, maxIntro, "", "De introductietekst mag hoogstens 1000 tekens hebben.")
	return v
}

// Loket reads the organisation's meldloket. ConfigureMeldloket.
func (s *Service) Loket(ctx context.Context, actor authz.Principal) (l Loket, err error) {
	err = s.DB.ReadAs(ctx, actor, authz.ConfigureMeldloket, func(tx *db.Tx) error {
		return loadLoket(ctx, tx, &l)
	})
	return l, err
}

func loadLoket(ctx context.Context, tx *db.Tx, l *Loket) error {
	err := tx.QueryRow(ctx, `SELECT m.enabled, m.token, m.intro, m.version, m.updated_at,
		(SELECT count(*) FROM incidents i WHERE i.organisation_id = m.organisation_id AND i.via_meldloket)
		FROM meldlokets m WHERE m.organisation_id = $1`, tx.OrgID).
		Scan(&l.Enabled, &l.Token, &l.Intro, &l.Version, &l.UpdatedAt, &l.Reports)
	if db.IsNoRows(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("load meldloket: %w", err)
	}
	l.Exists = true
	return nil
}

type auditLoket struct {
	Enabled bool   `json:"aan"`
	Intro   string `json:"introductie"`
	NewLink bool   `json:"nieuwe_link,omitempty"`
}

// SaveLoket stores the settings with a version check; the first save gives
// the loket its address. ConfigureMeldloket, with an audit event.
func (s *Service) SaveLoket(ctx context.Context, actor authz.Principal, in LoketInput) error {
	return s.DB.WriteAs(ctx, actor, authz.ConfigureMeldloket, func(tx *db.Tx) error {
		if err := in.Validate().Err(); err != nil {
			return err
		}
		var before Loket
		if err := loadLoket(ctx, tx, &before); err != nil {
			return err
		}
		var tag pgconn.CommandTag
		var err error
		if in.Version == 0 {
			tag, err = tx.Exec(ctx, `INSERT INTO meldlokets (organisation_id, enabled, token, intro, updated_at)
				VALUES ($1, $2, $3, $4, $5) ON CONFLICT (organisation_id) DO NOTHING`, tx.OrgID, in.Enabled, newToken(), in.Intro, tx.Now)
		} else {
			tag, err = tx.Exec(ctx, `UPDATE meldlokets SET enabled = $2, intro = $3,
				token = CASE WHEN $4 THEN $5 ELSE token END, version = version + 1, updated_at = $6
				WHERE organisation_id = $1 AND version = $7`, tx.OrgID, in.Enabled, in.Intro, in.NewLink, newToken(), tx.Now, in.Version)
		}
		if err != nil {
			return db.MapError(err, nil)
		}
		if tag.RowsAffected() == 0 {
			return apperr.Stale()
		}
		summary := "Meldloket bijgewerkt"
		switch {
		case in.Enabled && !before.Enabled:
			summary = "Meldloket aangezet"
		case !in.Enabled && before.Enabled:
			summary = "Meldloket uitgezet"
		case in.NewLink && before.Exists:
			summary = "Meldloket: nieuwe link gemaakt"
		}
		action := audit.Update
		if !before.Exists {
			action = audit.Create
		}
		return audit.Record(ctx, tx, audit.Event{Action: action, Entity: LoketEntity, Summary: summary,
			Before: auditLoketOf(before), After: auditLoket{Enabled: in.Enabled, Intro: in.Intro, NewLink: in.NewLink && before.Exists}})
	})
}

func auditLoketOf(l Loket) any {
	if !l.Exists {
		return nil
	}
	return auditLoket{Enabled: l.Enabled, Intro: l.Intro}
}

// ---- the public pages ----

// PublicLoket is what the public form shows of a loket.
type PublicLoket struct {
	orgID   int64
	Token   string
	OrgName string
	Intro   string
	Now     time.Time
}

// openLoket finds a switched-on loket by its token through the one definer
// function that crosses organisations (meldloket_open).
func openLoket(ctx context.Context, tx *db.Tx, token string) (l PublicLoket, err error) {
	if !tokenPattern.MatchString(token) {
		return l, errNoLoket
	}
	err = tx.QueryRow(ctx, `SELECT organisation_id, org_name, intro FROM meldloket_open($1)`, token).Scan(&l.orgID, &l.OrgName, &l.Intro)
	if db.IsNoRows(err) {
		return l, errNoLoket
	}
	if err != nil {
		return l, fmt.Errorf("open meldloket: %w", err)
	}
	l.Token, l.Now = token, tx.Now
	return l, nil
}

// OpenLoket reads a switched-on loket for its public form; an unknown or
// switched-off one is not found. No login: the only thing read is the
// loket itself.
func (s *Service) OpenLoket(ctx context.Context, token string) (l PublicLoket, err error) {
	err = s.DB.Read(ctx, db.Unscoped, func(tx *db.Tx) error {
		l, err = openLoket(ctx, tx, token)
		return err
	})
	return l, err
}

// enterLoket opens the loket and switches the transaction to its
// organisation: what follows runs under row-level security of that
// organisation, as no user.
func enterLoket(ctx context.Context, tx *db.Tx, token string) (PublicLoket, error) {
	l, err := openLoket(ctx, tx, token)
	if err != nil {
		return l, err
	}
	return l, tx.Enter(ctx, l.orgID)
}

// LoketReportInput is the public report form: the short report of every
// user without the portal's choices, with the reporter's name and e-mail.
type LoketReportInput struct {
	ReportInput
	Name  string // name and/or organisation, optional
	Email string // optional
}

// Validate checks the report on its own (pure): the rules of ReportInput
// and the reporter's details.
func (in *LoketReportInput) Validate() apperr.Validation {
	in.ApplicationID, in.ProcessID, in.DepartmentID = 0, 0, 0
	v := in.ReportInput.Validate()
	v.Text("name", &in.Name, maxReporter, "", "Uw naam en organisatie mogen samen hoogstens 200 tekens hebben.")
	in.Email = strings.TrimSpace(in.Email)
	if in.Email != "" {
		a, err := mail.ParseAddress(in.Email)
		switch {
		case len(in.Email) > maxEmail:
			v.Add("email", "Het e-mailadres mag hoogstens 254 tekens hebben.")
		case err != nil || a.Address != in.Email:
			v.Add("email", "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl, of laat het veld leeg.")
		}
	}
	return v
}

// Receipt is what the reporter gets back: the follow-up number and the
// code, shown once.
type Receipt struct {
	Number int
	Code   string
}

// NumberText is the follow-up number, INC-0042.
func (r Receipt) NumberText() string { return Number(r.Number) }

// ReportViaLoket stores a report from the public loket: in the loket's
// organisation, without a user, marked as via the meldloket, with the hash
// of a new follow-up code. Refused with LimitError over the limits.
func (s *Service) ReportViaLoket(ctx context.Context, token, clientIP string, in LoketReportInput) (r Receipt, err error) {
	v := in.Validate()
	now := s.now()
	err = s.DB.Write(ctx, db.Unscoped, func(tx *db.Tx) error {
		if _, err := enterLoket(ctx, tx, token); err != nil {
			return err
		}
		if len(v) == 0 {
			notFuture(v, "discovered_at", "Het moment waarop u het opmerkte", in.discovered, tx.Now)
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := limit(ctx, tx, "meldloket-address:"+clientIP, now, LoketAddressLimit, LoketAddressWindow); err != nil {
			return err
		}
		if err := limit(ctx, tx, "meldloket:"+strconv.FormatInt(tx.OrgID, 10), now, LoketLimit, LoketWindow); err != nil {
			return err
		}
		r.Code = newFollowUpCode()
		h, _ := followUpHash(r.Code)
		_, r.Number, err = insertReport(ctx, tx, in.ReportInput, reporter{name: in.Name, email: in.Email, viaLoket: true, followup: h})
		return err
	})
	if err != nil {
		return Receipt{}, err
	}
	return r, nil
}

// limit counts an attempt against key at now (the service's clock, like the
// login's) and refuses it over most.
func limit(ctx context.Context, tx *db.Tx, key string, now time.Time, most int, window time.Duration) error {
	n, until, err := throttle.Count(ctx, tx, key, now, window)
	if err != nil {
		return err
	}
	if n > most {
		return &LimitError{Until: until}
	}
	return nil
}

// LoketStatus is what the reporter sees of their report: its number and
// status, nothing else.
type LoketStatus struct {
	Number int
	Status string
}

// NumberText is the follow-up number.
func (x LoketStatus) NumberText() string { return Number(x.Number) }

// StatusLabel is the Dutch label of the status.
func (x LoketStatus) StatusLabel() string { return StatusLabel(x.Status) }

func errNoCode() error {
	return apperr.Validation{"code": "Met deze code vinden wij geen melding bij dit meldloket. Controleer de code; hoofdletters en streepjes maken niet uit."}.Err()
}

// StatusViaLoket looks up the report of a follow-up code at the loket.
// Every look-up counts against the address (also one that finds nothing,
// so codes cannot be guessed); an unknown code is a field error.
func (s *Service) StatusViaLoket(ctx context.Context, token, clientIP, code string) (x LoketStatus, err error) {
	found := false
	err = s.DB.Write(ctx, db.Unscoped, func(tx *db.Tx) error {
		if _, err := enterLoket(ctx, tx, token); err != nil {
			return err
		}
		if err := limit(ctx, tx, "meldloket-status:"+clientIP, s.now(), StatusAddressLimit, LoketAddressWindow); err != nil {
			return err
		}
		h, ok := followUpHash(code)
		if !ok {
			return nil
		}
		err := tx.QueryRow(ctx, `SELECT number, status FROM incidents
			WHERE organisation_id = $1 AND via_meldloket AND followup_hash = $2`, tx.OrgID, h).Scan(&x.Number, &x.Status)
		if db.IsNoRows(err) {
			return nil
		}
		found = err == nil
		return err
	})
	if err == nil && !found {
		err = errNoCode()
	}
	return x, err
}
