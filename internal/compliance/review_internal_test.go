package compliance

import (
	"encoding/json"
	"slices"
	"testing"
	"time"
)

func TestDiffUsesDutchLabelsAndNames(t *testing.T) {
	next := time.Date(2027, 10, 1, 0, 0, 0, 0, time.UTC)
	a := untouched()
	b := a
	b.Status, b.Maturity, b.OwnerDeptID, b.NextReview, b.Notes = Implemented, 3, 7, &next, "Vastgesteld"
	got := diff(a, b, func(id int64) string { return map[int64]string{7: "ICT"}[id] })
	want := []Change{
		{"owner_department_id", "Eigenaar", "—", "ICT", "ICT"},
		{"status", "Status", "Niet gestart", "Geïmplementeerd", "Geïmplementeerd"},
		{"maturity", "Volwassenheid", "Niet bepaald", "3 – Gedefinieerd", "3"},
		{"notes", "Toelichting", "—", "Vastgesteld", ""},
		{"next_review", "Volgende beoordeling", "—", "01-10-2027", "01-10-2027"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("diff:\n got %+v\nwant %+v", got, want)
	}
	if d := diff(b, b, nil); len(d) != 0 {
		t.Errorf("no change: %+v", d)
	}
}

func TestChangedFieldsReadsOnlyFullRecords(t *testing.T) {
	a := untouched()
	b := a
	b.Status, b.Maturity = InProgress, 2
	before, _ := json.Marshal(a)
	after, _ := json.Marshal(b)
	if got := ChangedFields(before, after); !slices.Equal(got, []string{"Status", "Volwassenheid"}) {
		t.Errorf("changed fields %v", got)
	}
	// A review and a carry-over are not status records.
	if got := ChangedFields([]byte(`{"needs_review":true}`), []byte(`{"reviewed":true,"last_review":"2026-12-01"}`)); got != nil {
		t.Errorf("review event: %v", got)
	}
	if got := ChangedFields(nil, []byte(`{"status":"in_uitvoering","from":["12.6.1"]}`)); got != nil {
		t.Errorf("carry-over event: %v", got)
	}
}
