package incident

// The Cbw track (Cyberbeveiligingswet, the Dutch NIS2 act, art. 23 NIS2):
// a handler marks an incident as a significant incident; then three reports
// are due to the CSIRT — the early warning (vroegtijdige waarschuwing), the
// incident notification (incidentmelding) and the final report
// (eindrapport). When each term starts and how long it is, is configuration
// per organisation (CbwSettings), because the counting is not settled: NIS2
// counts 24 and 72 hours from awareness and the final report a month after
// the notification; the ADR/NOREA Cbw control framework counts the interim
// report from the first notification. See
// docs/gebruikershandleiding-incidenten.md.

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/enum"
	"github.com/baken-nl/baken/internal/nl"
)

// SettingsEntity is the audit trail's name of the Cbw configuration.
const SettingsEntity = "incident_cbw_settings"

// The reports of the Cbw track, in their order (index into the arrays).
const (
	EarlyWarning = iota
	Notification
	FinalReport
	cbwReports
)

// Start points of a term (incident_cbw_settings.*_start).
const (
	StartAwareness    = "awareness"
	StartEarlyWarning = "early_warning_sent"
	StartNotification = "notification_sent"
)

// Units of a term's length.
const (
	UnitHours  = "hours"
	UnitMonths = "months"
)

// Bounds of a term's length.
const (
	maxTermHours  = 8760 // a year
	maxTermMonths = 24
)

// CbwReport names one of the three reports.
type CbwReport struct {
	Key   string // form field prefix and column prefix: early, notification, final
	Label string // Vroegtijdige waarschuwing
	Lower string // de vroegtijdige waarschuwing, in a sentence
}

// CbwReports are the three reports in their order.
var CbwReports = [cbwReports]CbwReport{
	{"early", "Vroegtijdige waarschuwing", "de vroegtijdige waarschuwing"},
	{"notification", "Incidentmelding", "de incidentmelding"},
	{"final", "Eindrapport", "het eindrapport"},
}

// CbwStarts are the start points a term can have, in their order: a term
// starts at awareness or at a report before it.
var CbwStarts = []Choice{
	{StartAwareness, "Bewustwording (ontdekking van het incident)"},
	{StartEarlyWarning, "Vroegtijdige waarschuwing verzonden"},
	{StartNotification, "Incidentmelding verzonden"},
}

// CbwUnits are the units of a term's length.
var CbwUnits = []Choice{{UnitHours, "uur"}, {UnitMonths, "maanden"}}

// startPos is the position of a start point: 0 awareness, 1 after the early
// warning, 2 after the notification; -1 unknown. A report's term may start
// only at a position before its own (report index + 1).
func startPos(s string) int {
	for i, c := range CbwStarts {
		if c.Value == s {
			return i
		}
	}
	return -1
}

// Term is when one report is due: Amount Units after Start.
type Term struct {
	Start  string
	Amount int
	Unit   string
}

// Text describes the term: "24 uur na bewustwording", "1 maand na
// verzending van de incidentmelding".
func (t Term) Text() string {
	unit := "uur"
	if t.Unit == UnitMonths {
		unit = "maanden"
		if t.Amount == 1 {
			unit = "maand"
		}
	}
	from := "bewustwording"
	switch t.Start {
	case StartEarlyWarning:
		from = "verzending van de vroegtijdige waarschuwing"
	case StartNotification:
		from = "verzending van de incidentmelding"
	}
	return fmt.Sprintf("%d %s na %s", t.Amount, unit, from)
}

// Deadline is the end of the term that starts at start. Hours are real
// hours, whatever the clocks do in between (like the datalek's 72 hours);
// months are calendar months in Amsterdam: the same date and wall-clock
// time, or the last day of a shorter month (31 januari + 1 maand = 28 of 29
// februari), so a month across a change to winter time is an hour longer.
func (t Term) Deadline(start time.Time) time.Time {
	if t.Unit == UnitMonths {
		return AddMonths(start, t.Amount)
	}
	return start.Add(time.Duration(t.Amount) * time.Hour)
}

// AddMonths adds n calendar months to t in Amsterdam, keeping the wall-clock
// time and ending on the last day of a month that is shorter; the result is
// in UTC. A wall-clock time that does not exist on that day (the hour skipped
// in spring) is the moment one hour later in summer time.
func AddMonths(t time.Time, n int) time.Time {
	l := nl.Local(t)
	y, m, d := l.Date()
	first := time.Date(y, m+time.Month(n), 1, 12, 0, 0, 0, nl.Amsterdam)
	if last := first.AddDate(0, 1, -1).Day(); d > last {
		d = last
	}
	r := time.Date(first.Year(), first.Month(), d, l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), nl.Amsterdam)
	if got := nl.Local(r); got.Hour() < l.Hour() && got.Day() == d {
		r = r.Add(time.Hour) // in the skipped hour Go may answer in winter time
	}
	return r.UTC()
}

// CbwSettings are an organisation's terms of the three reports.
type CbwSettings struct {
	Terms     [cbwReports]Term
	Version   int // 0: never saved, the defaults
	UpdatedBy string
	UpdatedAt *time.Time
}

// DefaultCbwSettings are the terms until the CISO configures them: the early
// warning 24 hours and the notification 72 hours from awareness (NIS2 art.
// 23(4)(a) and (b)), the final report one month after the notification was
// sent (art. 23(4)(d)).
func DefaultCbwSettings() CbwSettings {
	return CbwSettings{Terms: [cbwReports]Term{
		{StartAwareness, 24, UnitHours},
		{StartAwareness, 72, UnitHours},
		{StartNotification, 1, UnitMonths},
	}}
}

// IsDefault: the terms are the defaults.
func (s CbwSettings) IsDefault() bool { return s.Terms == DefaultCbwSettings().Terms }

// ---- the state of the reports of one incident ----

// TermState is one report of a significant incident as the page shows it.
type TermState struct {
	Report    CbwReport
	Term      Term
	Deadline  *time.Time // nil: the term has not started (waits for an earlier report)
	SentAt    *time.Time
	Reference string
	Clock     *Clock // not sent and the term runs (or has run out)
	Label     string // "Op tijd verzonden", "Te laat verzonden", "Termijn verstreken", "Nog niet gestart"; "" while the clock runs
	Tone      string
}

// Missed: the term expired, sent late or not at all.
func (t TermState) Missed() bool {
	return (t.Clock != nil && t.Clock.Expired) || (t.SentAt != nil && t.Deadline != nil && t.SentAt.After(*t.Deadline))
}

// DeadlineText is the deadline in Amsterdam, or what it waits for.
func (t TermState) DeadlineText() string {
	if t.Deadline == nil {
		return "start na verzending van " + CbwReports[startPos(t.Term.Start)-1].Lower
	}
	return nl.Local(*t.Deadline).Format("02-01-2006 15:04")
}

// urgentWithin is the margin in which a term's clock is urgent: a third of
// the term, at most three days (8 hours of 24, 24 of 72, 3 days of a month).
func urgentWithin(start, deadline time.Time) time.Duration {
	return min(deadline.Sub(start)/3, 72*time.Hour)
}

// CbwStates computes the three reports of an incident discovered at
// discovered, with the moments they were sent, under settings, at now.
func CbwStates(settings CbwSettings, discovered time.Time, sent [cbwReports]*time.Time, refs [cbwReports]string, now time.Time) [cbwReports]TermState {
	var out [cbwReports]TermState
	for i := range out {
		st := TermState{Report: CbwReports[i], Term: settings.Terms[i], SentAt: sent[i], Reference: refs[i]}
		pos := startPos(st.Term.Start)
		from := &discovered // also for a start point that cannot be stored: count from awareness rather than never
		switch {
		case pos > i:
		case pos == 1:
			from = sent[EarlyWarning]
		case pos == 2:
			from = sent[Notification]
		}
		if from != nil {
			d := st.Term.Deadline(*from)
			st.Deadline = &d
			if st.SentAt == nil {
				c := NewClock(d, now, urgentWithin(*from, d))
				st.Clock = &c
			}
		}
		switch {
		case st.SentAt != nil && st.Deadline != nil && st.SentAt.After(*st.Deadline):
			st.Label, st.Tone = "Te laat verzonden", "danger"
		case st.SentAt != nil:
			st.Label, st.Tone = "Op tijd verzonden", "ok"
		case st.Clock != nil && st.Clock.Expired:
			st.Label, st.Tone = "Termijn verstreken", "danger"
		case st.Clock == nil:
			st.Label, st.Tone = "Nog niet gestart", "neutral"
		}
		out[i] = st
	}
	return out
}

// CbwBadge is the register's summary of a significant incident's reports.
type CbwBadge struct {
	Text  string
	Tone  string
	Title string // the deadline, for the tooltip
	Clock *Clock // the running clock shown, when one runs
}

// Sentence is the badge as a sentence for the page's alert: "Cbw:
// eindrapport nog 30 dagen (uiterlijk 03-01-2027 10:01)."
func (b CbwBadge) Sentence() string {
	if b.Title == "" {
		return b.Text + "."
	}
	return b.Text + " (" + strings.ToLower(b.Title[:1]) + b.Title[1:] + ")."
}

// Urgent: the badge asks for attention now.
func (b CbwBadge) Urgent() bool { return b.Tone == "danger" }

// CbwSummary is the most pressing state of the three reports: a missed
// term not yet sent, else the running clock with the nearest deadline, else
// a report sent late, else done (or waiting).
func CbwSummary(states [cbwReports]TermState) CbwBadge {
	for _, s := range states {
		if s.Clock != nil && s.Clock.Expired {
			return CbwBadge{Text: "Cbw: " + strings.ToLower(s.Report.Label) + " – termijn verstreken", Tone: "danger",
				Title: "Uiterlijk " + s.DeadlineText()}
		}
	}
	var next *TermState
	for i := range states {
		if c := states[i].Clock; c != nil && (next == nil || c.Deadline.Before(next.Clock.Deadline)) {
			next = &states[i]
		}
	}
	if next != nil {
		return CbwBadge{Text: "Cbw: " + strings.ToLower(next.Report.Label) + " " + next.Clock.Text(), Tone: next.Clock.Tone(),
			Title: "Uiterlijk " + next.DeadlineText(), Clock: next.Clock}
	}
	for _, s := range states {
		if s.Missed() {
			return CbwBadge{Text: "Cbw: " + strings.ToLower(s.Report.Label) + " te laat verzonden", Tone: "danger"}
		}
	}
	if states[FinalReport].SentAt != nil {
		return CbwBadge{Text: "Cbw: afgerond", Tone: "ok"}
	}
	return CbwBadge{Text: "Cbw", Tone: "neutral"}
}

// ---- inputs ----

const maxReference = 100

// CbwInput marks an incident as significant (or not) and records when each
// report was sent, with the CSIRT's reference.
type CbwInput struct {
	Significant bool
	SentAt      [cbwReports]string
	Reference   [cbwReports]string
	Version     int

	sent [cbwReports]*time.Time
}

// Field names of the form: early_sent_at, early_reference, ….
func sentField(i int) string { return CbwReports[i].Key + "_sent_at" }
func refField(i int) string  { return CbwReports[i].Key + "_reference" }

// CbwFieldOrder is the order of the Cbw form's fields in its error summary.
func CbwFieldOrder() []string {
	out := []string{"cbw_significant"}
	for i := range CbwReports {
		out = append(out, sentField(i), refField(i))
	}
	return out
}

// SentField is the form field of the moment report i was sent.
func SentField(i int) string { return sentField(i) }

// RefField is the form field of report i's reference.
func RefField(i int) string { return refField(i) }

// Validate checks the input on its own (pure): the moments, the references,
// reports only for a significant incident and one after the other.
func (in *CbwInput) Validate() apperr.Validation {
	v := apperr.Validation{}
	anySent := false
	for i, r := range CbwReports {
		in.sent[i] = sentMoment(v, sentField(i), refField(i), in.SentAt[i], &in.Reference[i], r.Label+" verzonden op",
			"Vul in wanneer "+r.Lower+" is verzonden; een kenmerk hoort bij een verzonden melding.")
		anySent = anySent || in.sent[i] != nil
	}
	if !in.Significant && anySent {
		v.Add("cbw_significant", "Alleen een significant incident heeft Cbw-meldingen. Vink 'significant incident' aan of maak de verzenddatums leeg.")
	}
	for i := Notification; i < cbwReports; i++ {
		cur, prev := in.sent[i], in.sent[i-1]
		switch {
		case cur == nil:
		case prev == nil && v[sentField(i-1)] == "":
			v.Add(sentField(i), "Leg eerst vast wanneer "+CbwReports[i-1].Lower+" is verzonden (dat mag hetzelfde moment zijn).")
		case prev != nil && cur.Before(*prev):
			v.Add(sentField(i), CbwReports[i].Label+" kan niet eerder zijn verzonden dan "+CbwReports[i-1].Lower+".")
		}
	}
	return v
}

// CsirtInput is when the incident was reported to the IBD / CSIRT, with its
// reference; both empty clears it.
type CsirtInput struct {
	ReportedAt string
	Reference  string
	Version    int

	reported *time.Time
}

// Validate checks the input on its own (pure).
func (in *CsirtInput) Validate() apperr.Validation {
	v := apperr.Validation{}
	in.reported = sentMoment(v, "csirt_reported_at", "csirt_reference", in.ReportedAt, &in.Reference, "Gemeld aan de IBD / CSIRT op",
		"Vul in wanneer het incident aan de IBD / CSIRT is gemeld; een kenmerk hoort bij een melding.")
	return v
}

// sentMoment reads when a report was sent (at, optional) with its reference
// (trimmed in place): an unreadable moment is recorded for sentField under
// label, a reference without a moment with missing.
func sentMoment(v apperr.Validation, sentField, refField, at string, ref *string, label, missing string) *time.Time {
	v.Text(refField, ref, maxReference, "", "Het kenmerk mag hoogstens 100 tekens hebben.")
	s := strings.TrimSpace(at)
	switch t, ok := ParseDateTime(s); {
	case ok:
		return &t
	case s != "":
		v.Add(sentField, label+invalidMoment)
	case *ref != "":
		v.Add(sentField, missing)
	}
	return nil
}

// CbwSettingsInput is the CISO's form of the terms: per report the start
// point, the length and its unit, as entered.
type CbwSettingsInput struct {
	Start   [cbwReports]string
	Amount  [cbwReports]string
	Unit    [cbwReports]string
	Version int

	terms [cbwReports]Term
}

// SettingsFieldOrder is the order of the settings form's fields.
func SettingsFieldOrder() []string {
	var out []string
	for _, r := range CbwReports {
		out = append(out, r.Key+"_start", r.Key+"_amount", r.Key+"_unit")
	}
	return out
}

// SettingsInputOf is the form of stored settings.
func SettingsInputOf(s CbwSettings) CbwSettingsInput {
	in := CbwSettingsInput{Version: s.Version}
	for i, t := range s.Terms {
		in.Start[i], in.Amount[i], in.Unit[i] = t.Start, strconv.Itoa(t.Amount), t.Unit
	}
	return in
}

// Validate checks the terms (pure): a known start point before the report
// itself, a whole length of at least one hour or month, at most a year or
// 24 months.
func (in *CbwSettingsInput) Validate() apperr.Validation {
	v := apperr.Validation{}
	for i, r := range CbwReports {
		t := Term{Start: in.Start[i], Unit: in.Unit[i]}
		switch pos := startPos(t.Start); {
		case pos < 0:
			v.Add(r.Key+"_start", r.Label+": kies waar de termijn begint.")
		case pos > i:
			v.Add(r.Key+"_start", fmt.Sprintf("%s: de termijn kan niet beginnen bij %s; kies bewustwording of een eerdere melding.",
				r.Label, strings.ToLower(enum.LabelIn(CbwStarts, t.Start))))
		}
		if !enum.In(CbwUnits, t.Unit) {
			v.Add(r.Key+"_unit", r.Label+": kies uur of maanden.")
		}
		n, err := strconv.Atoi(strings.TrimSpace(in.Amount[i]))
		switch {
		case err != nil || n < 1:
			v.Add(r.Key+"_amount", r.Label+": vul de lengte van de termijn in als heel getal, minstens 1.")
		case t.Unit == UnitHours && n > maxTermHours:
			v.Add(r.Key+"_amount", r.Label+": een termijn in uren is hoogstens 8760 uur (een jaar).")
		case t.Unit == UnitMonths && n > maxTermMonths:
			v.Add(r.Key+"_amount", r.Label+": een termijn in maanden is hoogstens 24 maanden.")
		}
		t.Amount = n
		in.terms[i] = t
	}
	return v
}

// CbwStartLabel is the Dutch label of a start point.
func CbwStartLabel(s string) string { return enum.LabelIn(CbwStarts, s) }
