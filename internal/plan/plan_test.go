package plan

import (
	"bytes"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	_ "github.com/baken-nl/baken/internal/compliance" // registers the control kind

	"github.com/xuri/excelize/v2"
)

func TestPlanParseMoney(t *testing.T) {
	t.Parallel()
	ok := map[string]Money{
		"1.234,50":      123450,
		"1234,50":       123450,
		"1234,5":        123450,
		"1234.50":       123450,
		"1234.5":        123450,
		"1234":          123400,
		"1.234":         123400,
		"1.234.567":     123456700,
		"1,234.50":      123450,
		"€ 1.234,50":    123450,
		"€1234":         123400,
		" 12 500,00 ":   1250000,
		"1.250,-":       125000,
		"0,99":          99,
		",5":            50,
		"-5":            -500,
		"-1.234,50":     -123450,
		"9999999999,99": 999999999999,
	}
	for in, want := range ok {
		got, err := ParseMoney(in)
		if err != nil || got == nil || *got != want {
			t.Errorf("ParseMoney(%q) = %v, %v; want %d", in, got, err, want)
		}
	}
	if got, err := ParseMoney("  "); got != nil || err != nil {
		t.Errorf("empty amount: %v, %v", got, err)
	}
	for _, in := range []string{"abc", "1,2,3", "1.23.4", "12,345", "1234.567", "1,234,50", "1.2345,00", "12e3", "1,234.5.6", "--5", "1 2 3 4 5 6 7 8 9 0 1 2 3"} {
		if got, err := ParseMoney(in); err == nil {
			t.Errorf("ParseMoney(%q) = %v, want an error", in, *got)
		}
	}
}

func TestPlanMoneyFormat(t *testing.T) {
	t.Parallel()
	for m, want := range map[Money]string{0: "€ 0,00", 5: "€ 0,05", 123450: "€ 1.234,50", 100000000: "€ 1.000.000,00", 99999: "€ 999,99"} {
		if got := m.String(); got != want {
			t.Errorf("%d: %q, want %q", int64(m), got, want)
		}
	}
	b, _ := json.Marshal(struct{ C *Money }{C: new(Money(123405))})
	if string(b) != `{"C":1234.05}` {
		t.Errorf("json %s", b)
	}
}

func TestPlanOverdue(t *testing.T) {
	t.Parallel()
	day := func(s string) *time.Time {
		d, _ := time.Parse("2006-01-02", s)
		return &d
	}
	// 23:30 in Amsterdam on 1 July is already 1 July there, 21:30 UTC.
	today := Today(time.Date(2026, 7, 1, 21, 30, 0, 0, time.UTC))
	if today.Format("2006-01-02") != "2026-07-01" {
		t.Fatalf("today %v", today)
	}
	cases := []struct {
		due    *time.Time
		status Status
		want   bool
	}{
		{day("2026-06-30"), Planned, true},
		{day("2026-06-30"), InProgress, true},
		{day("2026-06-30"), Done, false},
		{day("2026-06-30"), Cancelled, false},
		{day("2026-07-01"), Planned, false}, // due today is not late yet
		{day("2026-07-02"), Planned, false},
		{nil, Planned, false},
	}
	for _, c := range cases {
		if got := (Action{DueDate: c.due, Status: c.status}).Overdue(today); got != c.want {
			t.Errorf("due %v status %s: overdue %v, want %v", c.due, c.status, got, c.want)
		}
	}
}

func TestPlanValidateInput(t *testing.T) {
	t.Parallel()
	in := Input{Title: "  ", DueDate: "31-02-2026", Status: "klaar", Priority: Medium, EstimatedCost: "-5"}
	_, v := in.validate()
	for _, field := range []string{"title", "due_date", "status", "estimated_cost", "owner_user_id"} {
		if v[field] == "" {
			t.Errorf("no message for %s: %v", field, v)
		}
	}
	in = Input{Title: "MFA", OwnerDepartmentID: 3, DueDate: "31-12-2026", Status: Planned, Priority: High, EstimatedCost: "1.234,50",
		Links: map[string][]int64{KindControl: {9, 3, 9}}}
	rec, v := in.validate()
	if len(v) > 0 {
		t.Fatalf("valid input rejected: %v", v)
	}
	if *rec.DueDate != "2026-12-31" || *rec.EstimatedCost != 123450 || len(rec.Links[KindControl]) != 2 {
		t.Errorf("parsed %+v", rec)
	}
	in.Links = map[string][]int64{"risk": {1}}
	if _, v := in.validate(); v["links"] == "" {
		t.Error("unknown link kind accepted")
	}
}

func TestPlanLinkRegistry(t *testing.T) {
	t.Parallel()
	k, ok := KindOf(KindControl)
	if !ok || k.Field != "control_ids" {
		t.Fatalf("control kind %+v", k)
	}
	if h := (Link{Kind: KindControl, TargetID: 42}).Href(); h != "/bio/42" {
		t.Errorf("href %q", h)
	}
	if _, ok := KindOf(KindAction); ok {
		t.Error("an action can link to another action")
	}
	seen := map[string]bool{}
	for _, k := range LinkKinds() {
		if seen[k.Name] || seen[k.Field] || k.Targets == nil || k.Choices == nil || k.Path == "" {
			t.Errorf("incomplete or duplicate link kind %+v", k)
		}
		seen[k.Name], seen[k.Field] = true, true
	}
}

func TestPlanWriteXLSX(t *testing.T) {
	t.Parallel()
	due, _ := time.Parse("2006-01-02", "2026-03-31")
	cost := Money(123450)
	actions := []Action{
		{Title: "=HYPERLINK(\"http://x\")", Description: "+cmd", OwnerUserName: "Carla", OwnerDepartmentName: "ICT", DueDate: &due,
			Status: Planned, Priority: High, EstimatedCost: &cost, Links: []Link{{Kind: KindControl, TargetID: 1, Label: "5.1"}, {Kind: KindControl, TargetID: 2, Label: "8.5"}}},
		{Title: "Zonder deadline", Status: Done, Priority: Low},
	}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, actions, Today(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Plan")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "Titel" || rows[0][9] != "Maatregelen" {
		t.Fatalf("rows %q", rows)
	}
	if rows[1][0] != `=HYPERLINK("http://x")` || rows[1][8] != "ja" || rows[1][9] != "5.1, 8.5" || rows[2][8] != "nee" {
		t.Errorf("row %q", rows[1])
	}
	if formula, _ := f.GetCellFormula("Plan", "A2"); formula != "" {
		t.Errorf("user text became a formula: %q", formula)
	}
	raw, _ := f.GetCellValue("Plan", "H2", excelize.Options{RawCellValue: true})
	if n, err := strconv.ParseFloat(raw, 64); err != nil || n != 1234.5 {
		t.Errorf("cost cell %q", raw)
	}
	if typ, _ := f.GetCellType("Plan", "E2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("deadline is text, not a date")
	}
	if v, _ := f.GetCellValue("Plan", "E2"); v != "31-03-2026" {
		t.Errorf("deadline shown as %q", v)
	}
}
