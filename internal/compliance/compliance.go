// Package compliance is the organisation's implementation of a framework: per
// control and government measure whether it applies (the Verklaring van
// Toepasselijkheid), who owns it, how far it is implemented, the audit
// answers opzet/bestaan/werking, maturity, reviews and evidence; and the GAP
// analysis that summarises it against the organisation's ambition.
package compliance

import (
	"time"

	"github.com/baken-nl/baken/internal/enum"
	"github.com/baken-nl/baken/internal/nl"
)

// Status is the implementation status of a control or measure.
type Status string

const (
	NotStarted    Status = "niet_gestart"
	InProgress    Status = "in_uitvoering"
	Implemented   Status = "geimplementeerd"
	NotApplicable Status = "niet_van_toepassing"
)

// StatusSet holds the statuses in display order with their labels and badge tones.
var StatusSet = enum.Of(
	enum.V[Status](NotStarted, "Niet gestart", "danger"),
	enum.V[Status](InProgress, "In uitvoering", "warn"),
	enum.V[Status](Implemented, "Geïmplementeerd", "ok"),
	enum.V[Status](NotApplicable, "Niet van toepassing", "neutral"),
)

// Statuses lists the statuses in display order.
var Statuses = StatusSet.Values()

// Label is the Dutch label.
func (s Status) Label() string { return StatusSet.Label(s) }

// Answer is the answer to one of the audit questions opzet, bestaan, werking.
type Answer string

const (
	Yes     Answer = "ja"
	Partly  Answer = "deels"
	No      Answer = "nee"
	Unknown Answer = "onbekend"
)

// AnswerSet holds the answers in display order.
var AnswerSet = enum.Of(
	enum.V[Answer](Yes, "Ja", ""),
	enum.V[Answer](Partly, "Deels", ""),
	enum.V[Answer](No, "Nee", ""),
	enum.V[Answer](Unknown, "Onbekend", ""),
)

// Answers lists the answers in display order.
var Answers = AnswerSet.Values()

// Label is the Dutch label; anything unknown is "Onbekend".
func (a Answer) Label() string {
	if !AnswerSet.Valid(a) {
		return "Onbekend"
	}
	return AnswerSet.Label(a)
}

// MaturityLabel names a level of the NBA-LIO/NOREA maturity model.
func MaturityLabel(level int) string {
	switch level {
	case 1:
		return "1 – Initieel"
	case 2:
		return "2 – Herhaalbaar"
	case 3:
		return "3 – Gedefinieerd"
	case 4:
		return "4 – Beheerst en meetbaar"
	case 5:
		return "5 – Continu verbeterend"
	}
	return "Niet bepaald"
}

// Control is a control or government measure with the organisation's status.
type Control struct {
	ItemID       int64
	Kind         string // "control" or "measure"
	Number       string
	Title        string
	GroupNumber  string // theme (BIO2) or chapter (BIO 1.04)
	GroupTitle   string
	ParentNumber string // the control of a measure
	Hygiene      string
	HasText      bool // official wording imported

	Applicable    bool
	Justification string
	OwnerDeptID   int64
	OwnerDeptName string
	Status        Status
	Opzet         Answer
	Bestaan       Answer
	Werking       Answer
	Maturity      int // 0 = not assessed
	Notes         string
	LastReview    *time.Time
	NextReview    *time.Time
	NeedsReview   bool
	ReviewedBy    string
	ReviewedAt    *time.Time
	UpdatedAt     *time.Time
	Version       int // 0: the organisation has not touched this item yet
	EvidenceCount int
	// JustifyingAnalysisID is the risk analysis that justifies not applying
	// the item (the VvT annex "Uitzonderingen op de VvT"), 0 for none.
	JustifyingAnalysisID int64
	OpenActionCount      int
	// OpenMeasures counts, for a control, its applicable government measures
	// that are not implemented yet (set by RollUp when the list is loaded).
	OpenMeasures int
}

// ReviewOverdue reports whether the next review date has passed: a review
// due today is not late yet. Dates are compared as calendar days in Amsterdam.
func (c Control) ReviewOverdue(now time.Time) bool {
	if c.NextReview == nil {
		return false
	}
	due := time.Date(c.NextReview.Year(), c.NextReview.Month(), c.NextReview.Day(), 0, 0, 0, 0, time.UTC)
	return due.Before(LocalDate(now))
}

// BelowAmbition reports whether c counts in the GAP figures and has not
// reached the target maturity: assessed under it, or not assessed at all.
// Without an ambition (target 0) nothing is below it.
func (c Control) BelowAmbition(target int) bool {
	return target > 0 && counted(c) && c.Maturity < target
}

// AtAmbition reports whether c counts in the GAP figures and reaches the
// target maturity. Without an ambition nothing is at it.
func (c Control) AtAmbition(target int) bool {
	return target > 0 && counted(c) && c.Maturity >= target
}

// IsImplemented applies the roll-up rule: an item counts as implemented
// when it counts in the GAP figures, its status is Geïmplementeerd and, for
// a control, none of its applicable government measures is still open.
func (c Control) IsImplemented() bool {
	return counted(c) && c.Status == Implemented && c.OpenMeasures == 0
}

// LocalDate is the calendar date of t in Amsterdam, as midnight UTC (the way
// pgx returns a date column), so dates compare by day.
func LocalDate(t time.Time) time.Time { return nl.Date(t) }

// AnyHygiene reports whether any control carries a hygiene type.
func AnyHygiene(controls []Control) bool {
	for _, c := range controls {
		if c.Hygiene != "" {
			return true
		}
	}
	return false
}

// Filter narrows the control list.
type Filter struct {
	OwnerDeptID int64 // -1: without owner
	Status      Status
	Hygiene     string
	Maturity    int // -1: not assessed
	Query       string
	OnlyMine    bool // the afdelingen of the principal's scoped roles
	NeedsReview bool // only changes waiting for the CISO
	// BelowTarget > 0: only the items below this ambition level (see
	// Control.BelowAmbition); the handler sets it from the ambition.
	BelowTarget int

	// The filters behind the figures of the GAP analysis, so each figure
	// links to a list of exactly the items it counts.
	Group        string // theme or chapter number
	Kind         string // "control" or "measure"
	Counted      bool   // only the items the GAP figures count (applicable)
	NotCounted   bool   // only the items they leave out (not applicable)
	Implemented  bool   // implemented by the roll-up rule (IsImplemented)
	WithEvidence bool
	Overdue      bool      // next review date passed on Today
	Today        time.Time // for Overdue
	// Level compares maturity with the ambition Target: LevelBelow or
	// LevelAt. Without an ambition (Target 0) nothing matches, so the list
	// shows nothing rather than everything.
	Level  string
	Target int
}

// The values of Filter.Level.
const (
	LevelBelow = "onder"
	LevelAt    = "op"
)

// Matches applies the filter to a control (done in Go on the one list query,
// so the GAP view and the list agree by construction).
func (f Filter) Matches(c Control, mine []int64) bool {
	switch {
	case f.OwnerDeptID == -1 && c.OwnerDeptID != 0,
		f.OwnerDeptID > 0 && c.OwnerDeptID != f.OwnerDeptID,
		f.Status != "" && c.Status != f.Status,
		f.Hygiene != "" && !containsWord(c.Hygiene, f.Hygiene),
		f.Maturity == -1 && c.Maturity != 0,
		f.Maturity > 0 && c.Maturity != f.Maturity,
		f.NeedsReview && !c.NeedsReview,
		f.BelowTarget > 0 && !c.BelowAmbition(f.BelowTarget),
		f.Group != "" && c.GroupNumber != f.Group,
		f.Kind != "" && c.Kind != f.Kind,
		f.Counted && !counted(c),
		f.NotCounted && counted(c),
		f.Implemented && !c.IsImplemented(),
		f.WithEvidence && c.EvidenceCount == 0,
		f.Overdue && !c.ReviewOverdue(f.Today),
		f.Level == LevelBelow && !c.BelowAmbition(f.Target),
		f.Level == LevelAt && !c.AtAmbition(f.Target):
		return false
	}
	if f.OnlyMine {
		found := false
		for _, d := range mine {
			if d == c.OwnerDeptID {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	if f.Query != "" && !containsFold(c.Number+" "+c.Title, f.Query) && !numberMatches(c.Number, f.Query) {
		return false
	}
	return true
}
