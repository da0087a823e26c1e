package incident

import (
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/nl"
)

func ams(y int, m time.Month, d, h, mi int) time.Time {
	return time.Date(y, m, d, h, mi, 0, 0, nl.Amsterdam)
}

func local(t time.Time) string { return nl.Local(t).Format("02-01-2006 15:04 MST") }

// TestAddMonths: calendar months in Amsterdam, the wall-clock time kept
// across a change of the clocks, the end of a shorter month.
func TestAddMonths(t *testing.T) {
	for _, c := range []struct {
		from time.Time
		n    int
		want string
	}{
		{ams(2026, 10, 10, 14, 0), 1, "10-11-2026 14:00 CET"},                        // summer → winter time: 31 days and 1 hour
		{ams(2026, 3, 10, 9, 30), 1, "10-04-2026 09:30 CEST"},                        // winter → summer time
		{ams(2026, 1, 31, 10, 0), 1, "28-02-2026 10:00 CET"},                         // shorter month
		{ams(2028, 1, 31, 10, 0), 1, "29-02-2028 10:00 CET"},                         // leap year
		{ams(2026, 12, 15, 23, 30), 1, "15-01-2027 23:30 CET"},                       // into the next year
		{ams(2026, 8, 31, 0, 15), 6, "28-02-2027 00:15 CET"},                         // several months
		{ams(2027, 2, 28, 2, 30), 1, "28-03-2027 03:30 CEST"},                        // 02:30 does not exist on 28-03-2027
		{ams(2026, 10, 25, 2, 30), 1, "25-11-2026 02:30 CET"},                        // from the repeated hour
		{time.Date(2026, 5, 31, 22, 30, 0, 0, time.UTC), 1, "01-07-2026 00:30 CEST"}, // the date counts in Amsterdam (1 June)
	} {
		got := AddMonths(c.from, c.n)
		if local(got) != c.want {
			t.Errorf("%s + %d months = %s, want %s", local(c.from), c.n, local(got), c.want)
		}
		if got.Location() != time.UTC {
			t.Errorf("result not in UTC: %s", got.Location())
		}
	}
	if d := AddMonths(ams(2026, 10, 10, 14, 0), 1).Sub(ams(2026, 10, 10, 14, 0)); d != 31*24*time.Hour+time.Hour {
		t.Errorf("a month across the change to winter time is %s", d)
	}
}

// TestCbwDefaultsAcrossDST: the defaults — 24 and 72 real hours from
// awareness, the final report a calendar month after the notification —
// with the clocks going back on 25 October 2026.
func TestCbwDefaultsAcrossDST(t *testing.T) {
	s := DefaultCbwSettings()
	discovered := ams(2026, 10, 24, 12, 0) // CEST
	var sent [cbwReports]*time.Time
	var refs [cbwReports]string
	st := CbwStates(s, discovered, sent, refs, discovered.Add(time.Hour))
	if got := local(*st[EarlyWarning].Deadline); got != "25-10-2026 11:00 CET" {
		t.Errorf("early warning due %s", got)
	}
	if got := local(*st[Notification].Deadline); got != "27-10-2026 11:00 CET" {
		t.Errorf("notification due %s", got)
	}
	if st[FinalReport].Deadline != nil || st[FinalReport].Label != "Nog niet gestart" ||
		st[FinalReport].DeadlineText() != "start na verzending van de incidentmelding" {
		t.Errorf("final report before the notification: %+v %q", st[FinalReport], st[FinalReport].DeadlineText())
	}
	if c := st[EarlyWarning].Clock; c == nil || c.Urgent || c.Text() != "nog 23 uur" {
		t.Errorf("early warning clock %+v", c)
	}
	ew, n := ams(2026, 10, 25, 9, 0), ams(2026, 10, 26, 16, 0)
	sent[EarlyWarning], sent[Notification] = &ew, &n
	st = CbwStates(s, discovered, sent, refs, ams(2026, 11, 24, 20, 0))
	if st[EarlyWarning].Label != "Op tijd verzonden" || st[Notification].Label != "Op tijd verzonden" {
		t.Errorf("sent in time: %q, %q", st[EarlyWarning].Label, st[Notification].Label)
	}
	f := st[FinalReport]
	if got := local(*f.Deadline); got != "26-11-2026 16:00 CET" {
		t.Errorf("final report due %s", got)
	}
	if f.Clock == nil || !f.Clock.Urgent || f.Clock.Text() != "nog 44 uur" || f.Clock.Tone() != "danger" {
		t.Errorf("final report clock two days before: %+v", f.Clock)
	}
	if c := CbwStates(s, discovered, sent, refs, ams(2026, 11, 10, 12, 0))[FinalReport].Clock; c.Urgent || c.Text() != "nog 16 dagen" {
		t.Errorf("final report clock halfway: %+v %q", c, c.Text())
	}
}

// TestCbwStartPoints: each configurable start point, and missed terms that
// stay visible.
func TestCbwStartPoints(t *testing.T) {
	discovered := ams(2026, 3, 27, 10, 0) // CET; summer time from 29-03
	ew, n := ams(2026, 3, 28, 8, 0), ams(2026, 3, 30, 9, 0)
	sent := [cbwReports]*time.Time{&ew, &n, nil}
	var refs [cbwReports]string
	now := ams(2026, 3, 30, 12, 0)
	for _, c := range []struct {
		name  string
		terms [cbwReports]Term
		want  [cbwReports]string
	}{
		{"awareness", [cbwReports]Term{{StartAwareness, 24, UnitHours}, {StartAwareness, 72, UnitHours}, {StartAwareness, 1, UnitMonths}},
			[cbwReports]string{"28-03-2026 10:00 CET", "30-03-2026 11:00 CEST", "27-04-2026 10:00 CEST"}},
		{"after the early warning (ADR/NOREA)", [cbwReports]Term{{StartAwareness, 24, UnitHours}, {StartEarlyWarning, 72, UnitHours}, {StartEarlyWarning, 2, UnitMonths}},
			[cbwReports]string{"28-03-2026 10:00 CET", "31-03-2026 09:00 CEST", "28-05-2026 08:00 CEST"}},
		{"after the notification", [cbwReports]Term{{StartAwareness, 12, UnitHours}, {StartAwareness, 48, UnitHours}, {StartNotification, 720, UnitHours}},
			[cbwReports]string{"27-03-2026 22:00 CET", "29-03-2026 11:00 CEST", "29-04-2026 09:00 CEST"}},
	} {
		st := CbwStates(CbwSettings{Terms: c.terms}, discovered, sent, refs, now)
		for i := range st {
			if got := local(*st[i].Deadline); got != c.want[i] {
				t.Errorf("%s: %s due %s, want %s", c.name, st[i].Report.Label, got, c.want[i])
			}
		}
		if c.name == "after the notification" {
			if st[EarlyWarning].Label != "Te laat verzonden" || st[Notification].Label != "Te laat verzonden" || !st[Notification].Missed() {
				t.Errorf("late reports: %q, %q", st[EarlyWarning].Label, st[Notification].Label)
			}
			if b := CbwSummary(st); b.Text != "Cbw: eindrapport nog 29 dagen" {
				t.Errorf("summary %q", b.Text)
			}
		}
	}
	// Nothing sent, everything expired: the first missed term leads.
	st := CbwStates(DefaultCbwSettings(), discovered, [cbwReports]*time.Time{}, refs, now)
	if st[EarlyWarning].Label != "Termijn verstreken" || st[Notification].Label != "Termijn verstreken" || st[FinalReport].Label != "Nog niet gestart" {
		t.Errorf("states %q, %q", st[EarlyWarning].Label, st[Notification].Label)
	}
	if b := CbwSummary(st); b.Text != "Cbw: vroegtijdige waarschuwing – termijn verstreken" || !b.Urgent() {
		t.Errorf("summary %+v", b)
	}
	f := ams(2026, 4, 2, 9, 0)
	sent[FinalReport] = &f
	if b := CbwSummary(CbwStates(DefaultCbwSettings(), discovered, sent, refs, now)); b.Text != "Cbw: afgerond" {
		t.Errorf("summary when all sent in time: %q", b.Text)
	}
}

func TestCbwInputValidate(t *testing.T) {
	in := CbwInput{SentAt: [cbwReports]string{"2026-03-28T08:00", "", "gisteren"}, Reference: [cbwReports]string{"", "", ""}}
	v := in.Validate()
	if v["cbw_significant"] == "" || v["final_sent_at"] == "" {
		t.Errorf("messages %v", v)
	}
	in = CbwInput{Significant: true, SentAt: [cbwReports]string{"2026-03-28T08:00", "2026-03-28T07:00", "2026-04-01T10:00"},
		Reference: [cbwReports]string{"", "", ""}}
	v = in.Validate()
	if v["notification_sent_at"] != "Incidentmelding kan niet eerder zijn verzonden dan de vroegtijdige waarschuwing." || v["final_sent_at"] != "" {
		t.Errorf("order: %v", v)
	}
	in = CbwInput{Significant: true, SentAt: [cbwReports]string{"", "2026-03-28T07:00", ""}, Reference: [cbwReports]string{"", "", "X-1"}}
	v = in.Validate()
	if v["notification_sent_at"] == "" || v["final_sent_at"] == "" {
		t.Errorf("missing earlier report / reference without date: %v", v)
	}
	in = CbwInput{Significant: true, SentAt: [cbwReports]string{"2026-03-28T07:00", "2026-03-28T07:00", ""}, Reference: [cbwReports]string{" CSIRT-1 ", "", ""}}
	if v = in.Validate(); len(v) != 0 || in.Reference[0] != "CSIRT-1" {
		t.Errorf("combined early warning and notification refused: %v", v)
	}
}

func TestCbwSettingsValidate(t *testing.T) {
	in := SettingsInputOf(DefaultCbwSettings())
	if v := in.Validate(); len(v) != 0 || in.terms != DefaultCbwSettings().Terms {
		t.Fatalf("defaults refused: %v", v)
	}
	in = CbwSettingsInput{Start: [cbwReports]string{StartEarlyWarning, StartNotification, "x"}, Amount: [cbwReports]string{"0", "9000", "25"},
		Unit: [cbwReports]string{UnitHours, UnitHours, UnitMonths}}
	v := in.Validate()
	for _, f := range []string{"early_start", "notification_start", "final_start", "early_amount", "notification_amount", "final_amount"} {
		if v[f] == "" {
			t.Errorf("no message for %s: %v", f, v)
		}
	}
	if v["early_start"] != "Vroegtijdige waarschuwing: de termijn kan niet beginnen bij vroegtijdige waarschuwing verzonden; kies bewustwording of een eerdere melding." {
		t.Errorf("message %q", v["early_start"])
	}
	if got := (Term{StartNotification, 1, UnitMonths}).Text(); got != "1 maand na verzending van de incidentmelding" {
		t.Errorf("text %q", got)
	}
}
