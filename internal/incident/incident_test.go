package incident

import (
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/nl"
)

// TestDatalekClockAcrossDST: 72 real hours, also when the clocks go back in
// between (25 October 2026, 03:00 CEST → 02:00 CET).
func TestDatalekClockAcrossDST(t *testing.T) {
	discovered := time.Date(2026, 10, 24, 12, 0, 0, 0, nl.Amsterdam)
	c := DatalekClock(discovered, discovered)
	want := time.Date(2026, 10, 27, 11, 0, 0, 0, nl.Amsterdam)
	if !c.Deadline.Equal(want) {
		t.Errorf("deadline %s, want %s", c.Deadline.In(nl.Amsterdam), want)
	}
	if c.DeadlineText() != "27-10-2026 11:00" {
		t.Errorf("deadline text %q", c.DeadlineText())
	}
	if c.Deadline.Sub(discovered) != 72*time.Hour {
		t.Errorf("term %s, want 72 real hours", c.Deadline.Sub(discovered))
	}
	// And forward (29 March 2026, 02:00 CET → 03:00 CEST).
	spring := time.Date(2026, 3, 28, 12, 0, 0, 0, nl.Amsterdam)
	if got := DatalekClock(spring, spring).DeadlineText(); got != "31-03-2026 13:00" {
		t.Errorf("spring deadline %q, want 31-03-2026 13:00", got)
	}
}

func TestDatalekClockText(t *testing.T) {
	d := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		after         time.Duration
		text, tone    string
		urgent, ended bool
	}{
		{0, "nog 72 uur", "warn", false, false},
		{31*time.Hour + 20*time.Minute, "nog 40 uur", "warn", false, false},
		{48 * time.Hour, "nog 24 uur", "warn", false, false},
		{48*time.Hour + time.Second, "nog 23 uur", "danger", true, false},
		{70*time.Hour + 30*time.Minute, "nog 1 uur", "danger", true, false},
		{71*time.Hour + 25*time.Minute, "nog 35 minuten", "danger", true, false},
		{72 * time.Hour, "verstreken", "danger", false, true},
		{100 * time.Hour, "verstreken", "danger", false, true},
	} {
		k := DatalekClock(d, d.Add(c.after))
		if k.Text() != c.text || k.Tone() != c.tone || k.Urgent != c.urgent || k.Expired != c.ended {
			t.Errorf("after %s: %q %s urgent=%v expired=%v, want %q %s %v %v", c.after, k.Text(), k.Tone(), k.Urgent, k.Expired, c.text, c.tone, c.urgent, c.ended)
		}
	}
}

func TestNextAllowsOneStepForward(t *testing.T) {
	want := map[string]string{StatusReported: StatusHandling, StatusHandling: StatusResolved, StatusResolved: StatusEvaluated,
		StatusEvaluated: StatusClosed, StatusClosed: "", "onzin": ""}
	for from, to := range want {
		if got := Next(from); got != to {
			t.Errorf("Next(%s) = %q, want %q", from, got, to)
		}
	}
}

func TestParseDateTimeIsAmsterdam(t *testing.T) {
	for _, s := range []string{"2026-07-01T14:30", "01-07-2026 14:30", "1-7-2026 14:30", " 2026-07-01 14:30 "} {
		got, ok := ParseDateTime(s)
		if !ok || !got.Equal(time.Date(2026, 7, 1, 12, 30, 0, 0, time.UTC)) {
			t.Errorf("%q: %v %v", s, got, ok)
		}
	}
	for _, s := range []string{"", "2026-07-01", "gisteren", "2026-13-01T10:00"} {
		if _, ok := ParseDateTime(s); ok {
			t.Errorf("%q parsed", s)
		}
	}
	if InputValue(time.Date(2026, 7, 1, 12, 30, 0, 0, time.UTC)) != "2026-07-01T14:30" {
		t.Error("input value not in Amsterdam")
	}
}

func TestScope(t *testing.T) {
	p := func(roles ...authz.Assignment) authz.Principal {
		return authz.Principal{UserID: 7, OrgID: 1, Roles: roles}
	}
	ciso := p(authz.Assignment{Role: authz.CISO})
	dspo := p(authz.Assignment{Role: authz.DSPO, DepartmentID: 3})
	fg := p(authz.Assignment{Role: authz.FG})
	directie := p(authz.Assignment{Role: authz.Directie})
	cases := []struct {
		name          string
		actor         authz.Principal
		dept          int64
		datalek       bool
		impact        string
		handler       int64
		sees, full, h bool
	}{
		{"ciso any", ciso, 0, false, "", 0, true, true, true},
		{"dspo own afdeling", dspo, 3, false, "laag", 0, true, true, true},
		{"dspo other afdeling", dspo, 4, false, "hoog", 0, false, false, false},
		{"dspo assigned", dspo, 4, false, "laag", 7, true, true, true},
		{"fg datalek", fg, 4, true, "laag", 0, true, true, false},
		{"fg no datalek", fg, 4, false, "hoog", 0, false, false, false},
		{"directie high", directie, 4, false, "hoog", 0, true, false, false},
		{"directie midden", directie, 4, true, "midden", 0, false, false, false},
	}
	for _, c := range cases {
		sc := scopeOf(c.actor)
		if got := sc.sees(c.dept, c.datalek, c.impact, c.handler); got != c.sees {
			t.Errorf("%s: sees %v", c.name, got)
		}
		if got := sc.fullView(c.dept, c.datalek, c.handler); got != c.full {
			t.Errorf("%s: full view %v", c.name, got)
		}
		if got := canHandle(c.actor, c.dept, c.handler); got != c.h {
			t.Errorf("%s: handles %v", c.name, got)
		}
	}
}

func TestReportValidate(t *testing.T) {
	in := ReportInput{Title: "  ", DiscoveredAt: "gisteren", PersonalData: "misschien"}
	v := in.Validate()
	for _, f := range []string{"title", "discovered_at", "personal_data"} {
		if v[f] == "" {
			t.Errorf("no message for %s", f)
		}
	}
	in = ReportInput{Title: "Phishingmail geopend", DiscoveredAt: "2026-12-01T09:15", PersonalData: "weet_niet"}
	if v := in.Validate(); len(v) != 0 {
		t.Errorf("valid report refused: %v", v)
	}
}

func TestAPOutcome(t *testing.T) {
	d := time.Date(2026, 10, 24, 12, 0, 0, 0, nl.Amsterdam)
	in := d.Add(72 * time.Hour)
	late := in.Add(time.Minute)
	for _, c := range []struct {
		decision    string
		notified    *time.Time
		label, tone string
	}{
		{"", nil, "", ""},
		{APNotify, &in, "Gemeld bij de AP", "ok"},
		{APNotify, &late, "Te laat gemeld bij de AP", "danger"},
		{APNoNotify, nil, "Niet gemeld (besluit vastgelegd)", "neutral"},
	} {
		if l, tone := APOutcome(d, c.decision, c.notified); l != c.label || tone != c.tone {
			t.Errorf("%s %v: %q %q", c.decision, c.notified, l, tone)
		}
	}
}

func TestDatalekInputValidate(t *testing.T) {
	for _, c := range []struct {
		in    DatalekInput
		field string
	}{
		{DatalekInput{}, "decision"},
		{DatalekInput{Decision: APNoNotify, Rationale: "  "}, "ap_rationale"},
		{DatalekInput{Decision: APNotify}, "notified_at"},
		{DatalekInput{Decision: APNotify, NotifiedAt: "gisteren"}, "notified_at"},
	} {
		if v := c.in.Validate(); v[c.field] == "" {
			t.Errorf("%+v: no message for %s (%v)", c.in, c.field, v)
		}
	}
	ok := DatalekInput{Decision: APNotify, NotifiedAt: "2026-10-25T09:00", Reference: " M-123 "}
	if v := ok.Validate(); len(v) != 0 || ok.Reference != "M-123" || ok.notified == nil {
		t.Errorf("valid decision refused: %v", v)
	}
}

func TestScopeDescribe(t *testing.T) {
	for _, c := range []struct {
		s    scope
		want string
	}{
		{scope{all: true}, ""},
		{scope{high: true}, "U ziet in dit register de incidenten met impact Hoog (zonder de namen van de melders) en de incidenten die u behandelt."},
		{scope{depts: []int64{1}, datalek: true}, "U ziet in dit register de incidenten van uw afdelingen, alle datalekken en de incidenten die u behandelt."},
		{scope{}, "U ziet in dit register de incidenten die u behandelt."},
	} {
		if got := c.s.describe(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.s, got, c.want)
		}
	}
}
