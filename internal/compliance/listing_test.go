package compliance

import (
	"slices"
	"testing"
	"time"
)

func TestLenientNumberSearch(t *testing.T) {
	cases := []struct {
		number, q string
		want      bool
	}{
		{"5.01.01", "5.1", true},
		{"5.01.01", "5.01", true},
		{"5.01.01", "05.1.1", true},
		{"5.1", "5.1", true},
		{"5.10", "5.1", false}, // whole segments only; the text search finds 5.10
		{"5.01.01", "5.1.2", false},
		{"5.01", "5.1.1", false}, // longer than the number
		{"8.34", "8.3", false},
		{"10.1", "1", false},
		{"5.01.01", "5.1 ", true},
		{"5.01.01", "a.1", false},
		{"5.01.01", "5..1", false},
		{"5.01.01", "", false},
		{"0.1", "00.1", true},
	}
	for _, c := range cases {
		if got := numberMatches(c.number, c.q); got != c.want {
			t.Errorf("numberMatches(%q, %q) = %v, want %v", c.number, c.q, got, c.want)
		}
	}
	// Through the one filter: 5.1 finds the control, its measures, and (by
	// text) 5.10; not 6.1.
	var shown []string
	for _, n := range []string{"5.1", "5.01.01", "5.01.02", "5.10", "5.02.01", "6.1"} {
		if (Filter{Query: "5.1"}).Matches(Control{Number: n, Title: "x"}, nil) {
			shown = append(shown, n)
		}
	}
	if want := []string{"5.1", "5.01.01", "5.01.02", "5.10"}; !slices.Equal(shown, want) {
		t.Errorf("query 5.1 shows %v, want %v", shown, want)
	}
}

func TestSortControlsIsStable(t *testing.T) {
	d := func(m time.Month) *time.Time { t := time.Date(2027, m, 1, 0, 0, 0, 0, time.UTC); return &t }
	cs := []Control{
		{Number: "1", Maturity: 3, Opzet: Yes, OwnerDeptName: "Sociaal Domein", NextReview: d(5)},
		{Number: "2", Maturity: 0, Opzet: No, OwnerDeptName: "", NextReview: nil},
		{Number: "3", Maturity: 3, Opzet: Unknown, OwnerDeptName: "burgerzaken", NextReview: d(2)},
		{Number: "4", Maturity: 1, Opzet: Partly, OwnerDeptName: "Burgerzaken", NextReview: d(2)},
		{Number: "5", Maturity: 0, Opzet: No, OwnerDeptName: "ICT", NextReview: d(1)},
	}
	order := func(key string) []string {
		c := slices.Clone(cs)
		SortControls(c, key)
		out := make([]string, len(c))
		for i, x := range c {
			out[i] = x.Number
		}
		return out
	}
	for key, want := range map[string][]string{
		SortCatalogue: {"1", "2", "3", "4", "5"},
		"onzin":       {"1", "2", "3", "4", "5"},
		SortMaturity:  {"2", "5", "4", "1", "3"},
		SortOpzet:     {"2", "5", "4", "3", "1"},
		SortOwner:     {"3", "4", "5", "1", "2"},
		SortReview:    {"5", "3", "4", "1", "2"},
	} {
		if got := order(key); !slices.Equal(got, want) {
			t.Errorf("sort %q: %v, want %v", key, got, want)
		}
	}
}
