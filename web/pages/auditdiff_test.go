package pages

import "testing"

func TestAuditDiff(t *testing.T) {
	rows := AuditDiff([]byte(`{"name":"Jeugdhulp","owner_id":3,"active":true,"next_review":"2026-03-15T00:00:00Z"}`),
		[]byte(`{"name":"Jeugdzorg","owner_id":3,"active":false,"next_review":"2026-03-15T00:00:00Z"}`))
	got := map[string]DiffRow{}
	for _, r := range rows {
		got[r.Label] = r
	}
	if r := got["Naam"]; !r.Changed || r.Before != "Jeugdhulp" || r.After != "Jeugdzorg" {
		t.Errorf("name row %+v", r)
	}
	if r := got["Eigenaar (nummer)"]; r.Changed || r.After != "3" {
		t.Errorf("owner row %+v", r)
	}
	if r := got["Actief"]; r.Before != "ja" || r.After != "nee" {
		t.Errorf("active row %+v", r)
	}
	if r := got["Volgende beoordeling"]; r.After != "15-03-2026" || r.Changed {
		t.Errorf("date row %+v", r)
	}
	if rows := AuditDiff(nil, []byte(`{"name":"Nieuw"}`)); len(rows) != 1 || rows[0].Before != "" || rows[0].Changed {
		t.Errorf("create: %+v", rows)
	}
	if AuditDiff([]byte(`[1,2]`), nil) != nil {
		t.Error("a non-object must fall back to the raw JSON")
	}
}
