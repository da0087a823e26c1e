// Package incident holds the incident register: security incidents and
// datalekken reported by any user, classified and handled by the CISO or a
// DSPO, with an append-only timeline and an evaluation before closing.
//
// Rules (documented in docs/gebruikershandleiding-incidenten.md):
//   - Everyone reports (ReportIncident) and sees their own reports and their
//     status, nothing else.
//   - Status: gemeld → in behandeling → opgelost → geëvalueerd → gesloten,
//     one step at a time. Opgelost needs a classification (category and
//     impact); geëvalueerd needs the evaluation (root cause and lessons).
//   - A datalek (personal data involved) has 72 hours from discovery to be
//     notified to the Autoriteit Persoonsgegevens (DatalekClock).
//   - Who sees what: CISO and auditor every incident; DSPO and
//     afdelingsmanager the incidents of their afdelingen; the FG every
//     datalek; the handler the incidents assigned to them; directie and
//     college the incidents with high impact, without the reporter's name.
//     The CISO handles every incident, a DSPO those of their afdelingen and
//     those assigned to them.
package incident

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/enum"
	"github.com/baken-nl/baken/internal/nl"
	"github.com/baken-nl/baken/internal/risk"
)

// Entity is the audit trail's name of an incident.
const Entity = "incident"

// Statuses of an incident (incidents.status).
const (
	StatusReported   = "gemeld"
	StatusHandling   = "in_behandeling"
	StatusResolved   = "opgelost"
	StatusEvaluated  = "geevalueerd"
	StatusClosed     = "gesloten"
	ImpactHigh       = "hoog"
	KindStatusChange = "statuswijziging"
)

// Choice is a stored value with its Dutch label.
type Choice = enum.Pair

// Statuses lists the statuses in their order.
var Statuses = []Choice{
	{StatusReported, "Gemeld"},
	{StatusHandling, "In behandeling"},
	{StatusResolved, "Opgelost"},
	{StatusEvaluated, "Geëvalueerd"},
	{StatusClosed, "Gesloten"},
}

// Causes lists who or what caused an incident (the IBD's classification).
var Causes = []Choice{
	{"onbekend", "Onbekend"},
	{"crimineel", "Crimineel"},
	{"medewerker_bewust", "Medewerker (bewust)"},
	{"medewerker_onbewust", "Medewerker (onbewust)"},
	{"derde_partij", "Derde partij of leverancier"},
}

// Impacts lists the impact levels.
var Impacts = []Choice{{"laag", "Laag"}, {"midden", "Midden"}, {ImpactHigh, "Hoog"}}

// Categories lists the main categories of the IBD taxonomy, with the codes
// the threat catalogue uses (risk.ThreatCodesFor); the subcategories are data
// (incident_categories).
var Categories = []Choice{
	{risk.CatAvailability, "Beschikbaarheid"},
	{risk.CatFraud, "Fraude"},
	{risk.CatInfosec, "Informatiebeveiliging"},
	{risk.CatContent, "Malafide inhoud"},
	{risk.CatMalware, "Malware"},
	{risk.CatIntrusionTry, "Inbraakpoging"},
	{risk.CatIntrusion, "Geslaagde inbraak"},
	{risk.CatGathering, "Informatieverzameling"},
}

// PersonalDataAnswers are the reporter's answers to "may personal data be
// involved?".
var PersonalDataAnswers = []Choice{{"ja", "Ja"}, {"nee", "Nee"}, {"weet_niet", "Weet ik niet"}}

// TimelineKinds are the kinds of entry a handler adds; status changes are
// added by the portal.
var TimelineKinds = []Choice{{"actie", "Actie"}, {"contact", "Contact"}, {"besluit", "Besluit"}, {"notitie", "Notitie"}}

// StatusLabel is the Dutch label of a status.
func StatusLabel(s string) string { return enum.LabelIn(Statuses, s) }

// CauseLabel is the Dutch label of a cause.
func CauseLabel(s string) string { return enum.LabelIn(Causes, s) }

// ImpactLabel is the Dutch label of an impact level; "" is not yet decided.
func ImpactLabel(s string) string {
	if s == "" {
		return "Nog niet bepaald"
	}
	return enum.LabelIn(Impacts, s)
}

// CategoryLabel is the Dutch label of a main category.
func CategoryLabel(s string) string { return enum.LabelIn(Categories, s) }

// TimelineKindLabel is the Dutch label of a kind of timeline entry.
func TimelineKindLabel(s string) string {
	if s == KindStatusChange {
		return "Statuswijziging"
	}
	return enum.LabelIn(TimelineKinds, s)
}

// Next is the one status an incident may move to from s; "" when closed.
func Next(s string) string {
	for i, x := range Statuses {
		if x.Value == s && i+1 < len(Statuses) {
			return Statuses[i+1].Value
		}
	}
	return ""
}

// Number is the follow-up number the reporter gets.
func Number(n int) string { return fmt.Sprintf("INC-%04d", n) }

// ---- the datalek clock ----

// DatalekTerm is the time from discovery within which a datalek is notified
// to the Autoriteit Persoonsgegevens (AVG art. 33): 72 real hours, whatever
// the clocks do in between.
const DatalekTerm = 72 * time.Hour

// Clock is the state of a deadline at a moment.
type Clock struct {
	Deadline  time.Time
	Remaining time.Duration // negative once expired
	Expired   bool
	Urgent    bool // less than 24 hours left (a datalek; NewClock: its own margin)
}

// DatalekClock is the 72-hour clock of a datalek discovered at discovered,
// as it stands at now.
func DatalekClock(discovered, now time.Time) Clock {
	return NewClock(discovered.Add(DatalekTerm), now, 24*time.Hour)
}

// NewClock is the state at now of a deadline that turns urgent when less
// than urgentWithin is left (the datalek and the Cbw reports share it).
func NewClock(deadline, now time.Time, urgentWithin time.Duration) Clock {
	c := Clock{Deadline: deadline}
	c.Remaining = c.Deadline.Sub(now)
	c.Expired = c.Remaining <= 0
	c.Urgent = !c.Expired && c.Remaining < urgentWithin
	return c
}

// Text is the countdown as the pages show it: "nog 12 dagen" (four days
// or more), "nog 41 uur", "nog 35 minuten", "verstreken".
func (c Clock) Text() string {
	switch {
	case c.Expired:
		return "verstreken"
	case c.Remaining >= 96*time.Hour:
		return fmt.Sprintf("nog %d dagen", int(c.Remaining/(24*time.Hour)))
	case c.Remaining >= 2*time.Hour:
		return fmt.Sprintf("nog %d uur", int(c.Remaining/time.Hour))
	case c.Remaining >= time.Hour:
		return "nog 1 uur"
	case c.Remaining >= 2*time.Minute:
		return fmt.Sprintf("nog %d minuten", int(c.Remaining/time.Minute))
	}
	return "nog 1 minuut"
}

// DeadlineText is the deadline in Amsterdam, dd-mm-jjjj hh:mm.
func (c Clock) DeadlineText() string { return nl.Local(c.Deadline).Format("02-01-2006 15:04") }

// Tone is the badge tone: danger when expired or urgent.
func (c Clock) Tone() string {
	if c.Expired || c.Urgent {
		return "danger"
	}
	return "warn"
}

// ---- times as users enter them ----

// ParseDateTime reads a moment as users enter it, in Amsterdam: the value of
// a datetime-local input (yyyy-mm-ddThh:mm) or dd-mm-jjjj hh:mm.
func ParseDateTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04", "2-1-2006 15:04"} {
		// Before 1990 is a typing error (0001-01-01), not an incident.
		if t, err := time.ParseInLocation(layout, s, nl.Amsterdam); err == nil && t.Year() >= 1990 {
			return t, true
		}
	}
	return time.Time{}, false
}

// InputValue is t as the value of a datetime-local input, in Amsterdam.
func InputValue(t time.Time) string { return nl.Local(t).Format("2006-01-02T15:04") }

const invalidMoment = ": vul datum en tijd in, bijvoorbeeld 31-12-2026 14:30."

// ---- inputs ----

// Text limits of the fields.
const (
	maxTitle = 200
	maxText  = 8000
	maxEntry = 4000
)

// ReportInput is the short form every user fills in.
type ReportInput struct {
	Title         string
	Description   string
	DiscoveredAt  string // when it was noticed
	ApplicationID int64  // 0: unknown
	ProcessID     int64  // 0: unknown
	DepartmentID  int64  // 0: not given
	PersonalData  string // ja, nee, weet_niet
	Files         []File // attachments, optional
	// Now is the request's clock: when set, Validate also refuses a moment
	// in the future, so that message comes with the others (the service
	// checks again with its transaction's time).
	Now time.Time

	discovered time.Time
	files      []stored
}

// Validate checks the report on its own (pure), trimming the texts.
func (in *ReportInput) Validate() apperr.Validation {
	v := apperr.Validation{}
	v.Text("title", &in.Title, maxTitle, "Beschrijf in een paar woorden wat er is gebeurd.", "De korte omschrijving mag hoogstens 200 tekens hebben.")
	v.Text("description", &in.Description, maxText, "", "De toelichting mag hoogstens 8000 tekens hebben.")
	if t, ok := ParseDateTime(in.DiscoveredAt); ok {
		in.discovered = t
		if !in.Now.IsZero() {
			notFuture(v, "discovered_at", "Het moment waarop u het opmerkte", t, in.Now)
		}
	} else {
		v.Add("discovered_at", "Wanneer merkte u het op"+invalidMoment)
	}
	if !enum.In(PersonalDataAnswers, in.PersonalData) {
		v.Add("personal_data", "Geef aan of er mogelijk persoonsgegevens bij betrokken zijn: ja, nee of weet ik niet.")
	}
	in.files = checkFiles(v, in.Files)
	return v
}

// notFuture refuses a moment more than a few minutes ahead of now (clocks
// of browsers differ a little).
func notFuture(v apperr.Validation, field, label string, t, now time.Time) {
	if t.After(now.Add(5 * time.Minute)) {
		v.Add(field, label+" ligt in de toekomst.")
	}
}

// ClassifyInput is the handler's classification.
type ClassifyInput struct {
	Category        string // "code:subcategory"
	Cause           string
	Impact          string
	Availability    bool
	Integrity       bool
	Confidentiality bool
	PersonalData    bool
	DepartmentID    int64
	HandlerID       int64
	OccurredAt      string // optional
	// The applications, processes and suppliers the incident touches.
	ApplicationIDs, ProcessIDs, SupplierIDs []int64
	Version                                 int

	code, sub string
	occurred  *time.Time
}

// Validate checks the classification on its own (pure).
func (in *ClassifyInput) Validate() apperr.Validation {
	v := apperr.Validation{}
	for _, ids := range []*[]int64{&in.ApplicationIDs, &in.ProcessIDs, &in.SupplierIDs} {
		slices.Sort(*ids)
		*ids = slices.Compact(*ids)
	}
	code, sub, _ := strings.Cut(strings.TrimSpace(in.Category), ":")
	if !enum.In(Categories, code) || sub == "" {
		v.Add("category", "Kies de categorie van het incident.")
	}
	in.code, in.sub = code, sub
	if !enum.In(Causes, in.Cause) {
		v.Add("cause", "Kies de oorzaak van het incident (of onbekend).")
	}
	if !enum.In(Impacts, in.Impact) {
		v.Add("impact", "Kies de impact: laag, midden of hoog.")
	}
	in.occurred = optMoment(v, "occurred_at", "Wanneer gebeurde het", in.OccurredAt)
	return v
}

// StatusInput moves an incident one step; the evaluation is stored with it
// when given.
type StatusInput struct {
	To         string
	Evaluation string
	Version    int
}

// Validate checks the target status and the evaluation's length.
func (in *StatusInput) Validate() apperr.Validation {
	v := apperr.Validation{}
	if !enum.In(Statuses, in.To) {
		v.Add("to", "Kies de nieuwe status van het incident.")
	}
	v.Text("evaluation", &in.Evaluation, maxText, "", "De evaluatie mag hoogstens 8000 tekens hebben.")
	return v
}

// TimelineInput is a new entry of the timeline.
type TimelineInput struct {
	Kind string
	Text string
	At   string // optional: now

	at *time.Time
}

// Validate checks the entry on its own (pure).
func (in *TimelineInput) Validate() apperr.Validation {
	v := apperr.Validation{}
	if !enum.In(TimelineKinds, in.Kind) {
		v.Add("kind", "Kies het soort regel: actie, contact, besluit of notitie.")
	}
	v.Text("text", &in.Text, maxEntry, "Vul in wat er is gedaan, besproken of besloten.", "De tekst mag hoogstens 4000 tekens hebben.")
	in.at = optMoment(v, "at", "Tijdstip", in.At)
	return v
}

// optMoment reads an optional moment (Amsterdam): nil when empty or invalid,
// an invalid one recorded for field with the question or label it answers.
func optMoment(v apperr.Validation, field, label, value string) *time.Time {
	s := strings.TrimSpace(value)
	if s == "" {
		return nil
	}
	t, ok := ParseDateTime(s)
	if !ok {
		v.Add(field, label+invalidMoment)
		return nil
	}
	return &t
}

// ---- scope ----

// scope is what part of the register an actor sees.
type scope struct {
	all     bool    // CISO, auditor
	depts   []int64 // afdelingsmanager, DSPO
	datalek bool    // FG: every datalek
	high    bool    // directie, college: high impact, without reporters
	user    int64   // the handler: incidents assigned to them
}

func scopeOf(actor authz.Principal) scope {
	s := scope{
		all:     actor.Has(authz.CISO) || actor.Has(authz.Auditor),
		depts:   append(append([]int64{}, actor.Departments(authz.Afdelingsmanager)...), actor.Departments(authz.DSPO)...),
		datalek: actor.Has(authz.FG),
		high:    actor.Has(authz.Directie) || actor.Has(authz.College),
		user:    actor.UserID,
	}
	return s
}

// describe says in Dutch which incidents a reader with this scope sees; ""
// when it is all of them.
func (s scope) describe() string {
	if s.all {
		return ""
	}
	var parts []string
	if len(s.depts) > 0 {
		parts = append(parts, "de incidenten van uw afdelingen")
	}
	if s.datalek {
		parts = append(parts, "alle datalekken")
	}
	if s.high {
		parts = append(parts, "de incidenten met impact Hoog (zonder de namen van de melders)")
	}
	parts = append(parts, "de incidenten die u behandelt")
	text := parts[0]
	for i, p := range parts[1:] {
		if i == len(parts)-2 {
			text += " en " + p
		} else {
			text += ", " + p
		}
	}
	return "U ziet in dit register " + text + "."
}

// args are the scope's parameters of scopeSQL, from $first on.
func (s scope) args() []any { return []any{s.all, s.depts, s.datalek, s.high, s.user} }

// scopeSQL is the scope as a condition on incidents i; n is the number of
// the first of the five parameters of args.
func scopeSQL(n int) string {
	return fmt.Sprintf(`($%d OR i.department_id = ANY($%d) OR ($%d AND i.personal_data) OR ($%d AND i.impact = 'hoog') OR i.handler_id = $%d)`,
		n, n+1, n+2, n+3, n+4)
}

// fullView: the actor sees the incident other than as a high-impact
// incident (directie, college), so with the reporter's name.
func (s scope) fullView(deptID int64, personalData bool, handlerID int64) bool {
	return s.all || (deptID != 0 && slices.Contains(s.depts, deptID)) || (s.datalek && personalData) || (handlerID != 0 && handlerID == s.user)
}

func (s scope) sees(deptID int64, personalData bool, impact string, handlerID int64) bool {
	return s.fullView(deptID, personalData, handlerID) || (s.high && impact == ImpactHigh)
}

// canHandle: the CISO every incident, a DSPO those of their afdelingen and
// those assigned to them.
func canHandle(actor authz.Principal, deptID, handlerID int64) bool {
	if !actor.Can(authz.HandleIncidents) {
		return false
	}
	return actor.Has(authz.CISO) || (deptID != 0 && slices.Contains(actor.Departments(authz.DSPO), deptID)) ||
		(handlerID != 0 && handlerID == actor.UserID)
}

var (
	errNotFound    = apperr.NotFoundf("Dit incident bestaat niet (meer).")
	errViewScope   = apperr.Forbiddenf("U mag dit incident niet inzien: het valt buiten uw afdeling(en) of uw rol.")
	errHandleScope = apperr.Forbiddenf("U mag alleen incidenten van uw eigen afdeling(en) of die aan u zijn toegewezen behandelen.")
)

// PersonalDataLabel is the Dutch label of the reporter's answer.
func PersonalDataLabel(s string) string { return enum.LabelIn(PersonalDataAnswers, s) }

// ---- the datalek track: notifying the Autoriteit Persoonsgegevens ----

// Decisions on notifying the AP (incidents.ap_decision).
const (
	APNotify   = "melden"
	APNoNotify = "niet_melden"
)

// APDecisions are the choices of the decision.
var APDecisions = []Choice{{APNotify, "Melden bij de AP"}, {APNoNotify, "Niet melden (geen waarschijnlijk risico)"}}

// APOutcome is the state of a datalek's notification as the register shows
// it: notified in time, notified late, or decided not to notify; "" when
// nothing is decided yet (the clock runs).
func APOutcome(discovered time.Time, decision string, notified *time.Time) (label, tone string) {
	switch {
	case decision == APNotify && notified != nil && !notified.After(discovered.Add(DatalekTerm)):
		return "Gemeld bij de AP", "ok"
	case decision == APNotify:
		return "Te laat gemeld bij de AP", "danger"
	case decision == APNoNotify:
		return "Niet gemeld (besluit vastgelegd)", "neutral"
	}
	return "", ""
}

// DatalekInput is the decision on notifying the AP.
type DatalekInput struct {
	Decision   string
	Rationale  string
	NotifiedAt string // when notified: required for melden
	Reference  string // the AP's reference of the notification
	Version    int

	notified *time.Time
}

// Validate checks the decision on its own (pure): not notifying needs a
// rationale, notifying the moment of the notification.
func (in *DatalekInput) Validate() apperr.Validation {
	v := apperr.Validation{}
	v.Text("ap_rationale", &in.Rationale, maxEntry, "", "De onderbouwing mag hoogstens 4000 tekens hebben.")
	v.Text("reference", &in.Reference, 100, "", "Het kenmerk mag hoogstens 100 tekens hebben.")
	in.notified = nil
	switch in.Decision {
	case APNotify:
		if t, ok := ParseDateTime(in.NotifiedAt); ok {
			in.notified = &t
		} else if strings.TrimSpace(in.NotifiedAt) == "" {
			v.Add("notified_at", "Vul in wanneer het datalek bij de AP is gemeld.")
		} else {
			v.Add("notified_at", "Gemeld bij de AP op"+invalidMoment)
		}
	case APNoNotify:
		if in.Rationale == "" {
			v.Add("ap_rationale", "Onderbouw waarom het datalek niet bij de AP wordt gemeld.")
		}
	default:
		v.Add("decision", "Kies of het datalek bij de AP wordt gemeld.")
	}
	return v
}
