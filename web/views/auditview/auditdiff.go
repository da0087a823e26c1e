package auditview

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/plan"
	"github.com/baken-nl/baken/web/layout"
)

// DiffRow is one field of an audit event, before and after.
type DiffRow struct {
	key     string
	Label   string
	Before  string
	After   string
	Changed bool
}

// fieldLabels names the recorded fields in Dutch; unknown fields show their key.
var fieldLabels = map[string]string{
	"name": "Naam", "email": "E-mailadres", "active": "Actief", "description": "Omschrijving",
	"manager_id": "Manager (nummer)", "department_id": "Afdeling (nummer)", "owner_id": "Eigenaar (nummer)",
	"supplier": "Leverancier", "supplier_id": "Leverancier (nummer)", "hosting": "Hosting", "process_ids": "Processen (nummers)", "role": "Rol",
	"user_id": "Gebruiker (nummer)", "applicable": "Van toepassing", "justification": "Onderbouwing",
	"owner_department_id": "Eigenaar (afdeling, nummer)", "status": "Status", "opzet": "Opzet", "bestaan": "Bestaan",
	"werking": "Werking", "maturity": "Volwassenheid", "notes": "Toelichting", "last_review": "Laatste beoordeling",
	"next_review": "Volgende beoordeling", "needs_review": "Te beoordelen", "reviewed": "Beoordeeld",
	"target_maturity": "Doelniveau", "target_date": "Te bereiken op", "title": "Titel", "url": "Link",
	"filename": "Bestandsnaam", "sha256": "SHA-256", "size_bytes": "Grootte (bytes)", "due_date": "Deadline",
	"priority": "Prioriteit", "estimated_cost": "Geschatte kosten", "owner_user_id": "Eigenaar (gebruiker, nummer)",
	"links": "Koppelingen", "progress": "Voortgang (%)", "progress_note": "Toelichting op de voortgang",
}

// valueLabels give coded values their Dutch label, per entity: the status
// of a control ("geimplementeerd" → "Geïmplementeerd") is not that of an action.
var valueLabels = map[string]func(key string, v any) (string, bool){
	"control": compliance.ValueLabel,
	plan.Entity: func(key string, v any) (string, bool) {
		s, ok := v.(string)
		switch {
		case !ok:
		case key == "status" && plan.StatusSet.Valid(plan.Status(s)):
			return plan.Status(s).Label(), true
		case key == "priority" && plan.PrioritySet.Valid(plan.Priority(s)):
			return plan.Priority(s).Label(), true
		}
		return "", false
	},
}

// label names a recorded field of an entity in Dutch.
func label(entity, key string) string {
	if entity == "control" && key != "owner_department_id" {
		// (the owner stays "Eigenaar (afdeling, nummer)": the trail shows the id)
		if l := compliance.FieldLabel(key); l != "" {
			return l
		}
	}
	if l := fieldLabels[key]; l != "" {
		return l
	}
	return key
}

// AuditDiff lays the before and after state of an event of entity side by
// side, with Dutch labels for the fields and coded values. It returns nil
// when the states are not JSON objects (then the raw JSON is shown).
func AuditDiff(entity string, before, after []byte) []DiffRow {
	b, okB := object(before)
	a, okA := object(after)
	if !okB || !okA {
		return nil
	}
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	if _, inAfter := a["id"]; !inAfter {
		// The stored row names its id, the submitted input does not: the
		// event is about that id, it did not change.
		delete(keys, "id")
	}
	var rows []DiffRow
	value := func(k string, v any, present bool) string {
		if f := valueLabels[entity]; f != nil && present {
			if l, ok := f(k, v); ok {
				return l
			}
		}
		return auditValue(v, present)
	}
	for k := range keys {
		bv, av := value(k, b[k], len(before) > 0), value(k, a[k], len(after) > 0)
		rows = append(rows, DiffRow{key: k, Label: label(entity, k), Before: bv, After: av, Changed: len(before) > 0 && len(after) > 0 && bv != av})
	}
	// A control's fields in the order of its form, the rest alphabetically.
	rank := func(r DiffRow) int {
		if entity == "control" {
			for i, f := range compliance.FieldLabels {
				if f.Key == r.key {
					return i
				}
			}
		}
		return len(compliance.FieldLabels)
	}
	sort.Slice(rows, func(i, j int) bool {
		if ri, rj := rank(rows[i]), rank(rows[j]); ri != rj {
			return ri < rj
		}
		return rows[i].Label < rows[j].Label
	})
	return rows
}

func object(raw []byte) (map[string]any, bool) {
	if len(raw) == 0 {
		return map[string]any{}, true
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, false
	}
	return m, true
}

func auditValue(v any, present bool) string {
	if !present {
		return ""
	}
	switch x := v.(type) {
	case nil:
		return "–"
	case bool:
		if x {
			return "ja"
		}
		return "nee"
	case float64:
		if x == float64(int64(x)) {
			return fmt.Sprintf("%d", int64(x))
		}
		return strings.Replace(fmt.Sprintf("%.2f", x), ".", ",", 1)
	case string:
		if t, err := time.Parse(time.RFC3339, x); err == nil {
			if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
				return t.Format("02-01-2006")
			}
			return layout.DateTime(t)
		}
		if x == "" {
			return "–"
		}
		return x
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = auditValue(e, true)
		}
		if len(parts) == 0 {
			return "–"
		}
		return strings.Join(parts, ", ")
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}
