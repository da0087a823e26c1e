package pages

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// DiffRow is one field of an audit event, before and after.
type DiffRow struct {
	Label   string
	Before  string
	After   string
	Changed bool
}

// fieldLabels names the recorded fields in Dutch; unknown fields show their key.
var fieldLabels = map[string]string{
	"name": "Naam", "email": "E-mailadres", "active": "Actief", "description": "Omschrijving",
	"manager_id": "Manager (nummer)", "department_id": "Afdeling (nummer)", "owner_id": "Eigenaar (nummer)",
	"supplier": "Leverancier", "hosting": "Hosting", "process_ids": "Processen (nummers)", "role": "Rol",
	"user_id": "Gebruiker (nummer)", "applicable": "Van toepassing", "justification": "Onderbouwing",
	"owner_department_id": "Eigenaar (afdeling, nummer)", "status": "Status", "opzet": "Opzet", "bestaan": "Bestaan",
	"werking": "Werking", "maturity": "Volwassenheid", "notes": "Toelichting", "last_review": "Laatste beoordeling",
	"next_review": "Volgende beoordeling", "needs_review": "Te beoordelen", "reviewed": "Beoordeeld",
	"target_maturity": "Doelniveau", "target_date": "Te bereiken op", "title": "Titel", "url": "Link",
	"filename": "Bestandsnaam", "sha256": "SHA-256", "size_bytes": "Grootte (bytes)", "due_date": "Deadline",
	"priority": "Prioriteit", "estimated_cost": "Geschatte kosten", "owner_user_id": "Eigenaar (gebruiker, nummer)",
	"links": "Koppelingen",
}

// AuditDiff lays the before and after state of an event side by side. It
// returns nil when the states are not JSON objects (then the raw JSON is shown).
func AuditDiff(before, after []byte) []DiffRow {
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
	for k := range keys {
		label := fieldLabels[k]
		if label == "" {
			label = k
		}
		bv, av := auditValue(b[k], len(before) > 0), auditValue(a[k], len(after) > 0)
		rows = append(rows, DiffRow{Label: label, Before: bv, After: av, Changed: len(before) > 0 && len(after) > 0 && bv != av})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Label < rows[j].Label })
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
			return DateTime(t)
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
