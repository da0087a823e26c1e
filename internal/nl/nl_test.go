package nl

import "testing"

func TestParseDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string // yyyy-mm-dd, "" when refused
	}{
		{"2026-12-31", "2026-12-31"}, // the browser's date input
		{"31-12-2026", "2026-12-31"}, // typed, as the hint asks
		{"1-2-2026", "2026-02-01"},   // d-m-jjjj
		{"01-2-2026", "2026-02-01"},
		{" 31-12-2026 ", "2026-12-31"},
		{"29-02-2028", "2028-02-29"},
		{"29-02-2027", ""}, // no leap day
		{"31-04-2026", ""},
		{"2026-13-01", ""},
		{"12-31-2026", ""}, // American order is not a Dutch date
		{"31-12-26", ""},   // two-digit year
		{"31/12/2026", ""},
		{"2026-1-5", ""},
		{"morgen", ""},
		{"", ""},
	}
	for _, tc := range tests {
		got, ok := ParseDate(tc.in)
		switch {
		case tc.want == "" && ok:
			t.Errorf("ParseDate(%q) = %s, want it refused", tc.in, got.Format("2006-01-02"))
		case tc.want != "" && !ok:
			t.Errorf("ParseDate(%q) refused, want %s", tc.in, tc.want)
		case ok && got.Format("2006-01-02") != tc.want:
			t.Errorf("ParseDate(%q) = %s, want %s", tc.in, got.Format("2006-01-02"), tc.want)
		case ok && (got.Location().String() != "UTC" || got.Hour() != 0):
			t.Errorf("ParseDate(%q) = %v, want midnight UTC", tc.in, got)
		}
	}
	if got := DateValue("31-12-2026"); got != "2026-12-31" {
		t.Errorf("DateValue(31-12-2026) = %q", got)
	}
	if got := DateValue("32-12-2026"); got != "32-12-2026" {
		t.Errorf("DateValue keeps what it cannot read, got %q", got)
	}
}

func TestCount(t *testing.T) {
	if got := Count(1, "incident", "incidenten") + " " + Verb(1, "is", "zijn"); got != "1 incident is" {
		t.Error(got)
	}
	if got := Count(0, "datalek", "datalekken") + " " + Verb(0, "is", "zijn"); got != "0 datalekken zijn" {
		t.Error(got)
	}
}
