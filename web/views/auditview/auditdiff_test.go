package auditview

import "testing"

func TestAuditDiff(t *testing.T) {
	rows := AuditDiff("process", []byte(`{"name":"Jeugdhulp","owner_id":3,"active":true,"next_review":"2026-03-15T00:00:00Z"}`),
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
	if rows := AuditDiff("process", nil, []byte(`{"name":"Nieuw"}`)); len(rows) != 1 || rows[0].Before != "" || rows[0].Changed {
		t.Errorf("create: %+v", rows)
	}
	if AuditDiff("process", []byte(`[1,2]`), nil) != nil {
		t.Error("a non-object must fall back to the raw JSON")
	}
}

func TestAuditDiffOfControlUsesDutchLabels(t *testing.T) {
	rows := AuditDiff("control", []byte(`{"status":"niet_gestart","maturity":2,"opzet":"onbekend","owner_department_id":0,"applicable":true}`),
		[]byte(`{"status":"geimplementeerd","maturity":3,"opzet":"ja","owner_department_id":4,"applicable":true}`))
	got := map[string]DiffRow{}
	var order []string
	for _, r := range rows {
		got[r.Label] = r
		order = append(order, r.Label)
	}
	if r := got["Status"]; r.Before != "Niet gestart" || r.After != "Geïmplementeerd" || !r.Changed {
		t.Errorf("status row %+v", r)
	}
	if r := got["Volwassenheid"]; r.Before != "2 – Herhaalbaar" || r.After != "3 – Gedefinieerd" {
		t.Errorf("maturity row %+v", r)
	}
	if r := got["Opzet"]; r.Before != "Onbekend" || r.After != "Ja" {
		t.Errorf("opzet row %+v", r)
	}
	if r := got["Van toepassing"]; r.Changed || r.After != "ja" {
		t.Errorf("applicable row %+v", r)
	}
	if r := got["Eigenaar (afdeling, nummer)"]; r.After != "4" {
		t.Errorf("owner row %+v", r)
	}
	if order[0] != "Van toepassing" || order[len(order)-1] != "Volwassenheid" {
		t.Errorf("a control's fields come in form order: %v", order)
	}
	// An action's status has its own labels.
	if rows := AuditDiff("action", nil, []byte(`{"status":"gereed","priority":"hoog"}`)); rows[0].After != "Hoog" || rows[1].After != "Gereed" {
		t.Errorf("action rows %+v", rows)
	}
}
