package seed

import (
	"context"
	"fmt"
	"hash/fnv"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/catalogue"
	"github.com/baken-nl/baken/internal/db"
)

// ownerByTheme spreads BIO2 themes over the demo afdelingen the way a
// gemeente typically assigns them; "" leaves the control without owner.
var ownerByTheme = map[string][]string{
	"5": {"Informatievoorziening en ICT", "Personeel en Organisatie", "Financiën", "Burgerzaken", "Sociaal Domein", ""},
	"6": {"Personeel en Organisatie", "Personeel en Organisatie", ""},
	"7": {"Informatievoorziening en ICT", "Publiekszaken en Communicatie", "Burgerzaken"},
	"8": {"Informatievoorziening en ICT", "Informatievoorziening en ICT", "Sociaal Domein", ""},
}

func pick(number string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(number))
	return int(h.Sum32() % uint32(n)) //nolint:gosec // G115: n is the length of a short slice
}

// seedBIO gives Gemeente Voorbeeld a realistic spread of statuses, maturity,
// owners, evidence and actions on BIO2, and an ambition.
func seedBIO(ctx context.Context, tx *db.Tx, orgID int64) error {
	var fwID int64
	if err := tx.QueryRow(ctx, `SELECT id FROM frameworks WHERE organisation_id IS NULL AND code = $1`, catalogue.CodeBIO2).Scan(&fwID); err != nil {
		return fmt.Errorf("find BIO2: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE organisations SET active_framework_id = $2, target_maturity = 4, target_date = '2027-12-31' WHERE id = $1`, orgID, fwID); err != nil {
		return err
	}
	// The history of the ambition: level 3 first, raised to 4 a year later
	// (by name: the demo users are created after this).
	if _, err := tx.Exec(ctx, `INSERT INTO ambition_history (organisation_id, target_maturity, target_date, set_by_name, set_at)
		SELECT $1, v.level, v.due::date, 'Dirk de Vries (gemeentesecretaris)', v.at::timestamptz
		FROM (VALUES (3, '2026-12-31', '2025-01-15 10:00+01'), (4, '2027-12-31', '2026-01-20 10:00+01')) v(level, due, at)`, orgID); err != nil {
		return fmt.Errorf("seed ambition history: %w", err)
	}
	rows, err := tx.Query(ctx, `SELECT id, kind, number FROM catalogue_items WHERE framework_id = $1 AND kind IN ('control', 'measure') ORDER BY sort_key`, fwID)
	if err != nil {
		return err
	}
	type item struct {
		id           int64
		kind, number string
	}
	items, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (item, error) {
		var it item
		err := r.Scan(&it.id, &it.kind, &it.number)
		return it, err
	})
	if err != nil {
		return err
	}
	statuses := []string{"geimplementeerd", "geimplementeerd", "geimplementeerd", "in_uitvoering", "in_uitvoering", "niet_gestart", "niet_gestart", "geimplementeerd", "in_uitvoering", "niet_van_toepassing"}
	answers := map[string][3]string{
		"geimplementeerd":     {"ja", "ja", "deels"},
		"in_uitvoering":       {"ja", "deels", "onbekend"},
		"niet_gestart":        {"nee", "nee", "onbekend"},
		"niet_van_toepassing": {"onbekend", "onbekend", "onbekend"},
	}
	maturity := map[string][]int{
		"geimplementeerd":     {3, 3, 4, 2, 4},
		"in_uitvoering":       {2, 2, 1, 3},
		"niet_gestart":        {1, 0, 1},
		"niet_van_toepassing": {0},
	}
	for i, it := range items {
		theme := it.number[:1]
		owners := ownerByTheme[theme]
		owner := owners[pick(it.number+"o", len(owners))]
		status := statuses[pick(it.number, len(statuses))]
		applicable := status != "niet_van_toepassing"
		justification := ""
		if !applicable {
			justification = "Niet van toepassing: de gemeente voert deze activiteit niet zelf uit; zie de risicoanalyse van de ketenpartner (demo)."
		}
		ms := maturity[status]
		level := ms[pick(it.number+"m", len(ms))]
		a := answers[status]
		nextReview := "2027-03-31"
		if i%9 == 0 {
			nextReview = "2026-06-30" // overdue: shows up in the GAP view
		}
		needsReview := i%13 == 0
		_, err := tx.Exec(ctx, `
			INSERT INTO control_statuses (organisation_id, item_id, applicable, justification, owner_department_id, status, opzet, bestaan, werking,
				maturity, notes, last_review, next_review, needs_review)
			SELECT $1, $2, $3, $4, (SELECT id FROM departments WHERE organisation_id = $1 AND name = $5), $6, $7, $8, $9, nullif($10, 0), $11,
				'2026-03-15', $12, $13
			ON CONFLICT DO NOTHING`,
			orgID, it.id, applicable, justification, owner, status, a[0], a[1], a[2], level,
			"Demo: status vastgesteld in de zelfevaluatie van maart 2026.", nextReview, needsReview)
		if err != nil {
			return fmt.Errorf("seed status of %s: %w", it.number, err)
		}
		if status == "geimplementeerd" && pick(it.number+"e", 3) > 0 {
			_, err := tx.Exec(ctx, `
				INSERT INTO evidence (organisation_id, item_id, kind, title, url)
				VALUES ($1, $2, 'link', $3, $4)`,
				orgID, it.id, "Vastgesteld document bij "+it.number, "https://dms.voorbeeld.nl/documenten/bio/"+it.number)
			if err != nil {
				return fmt.Errorf("seed evidence of %s: %w", it.number, err)
			}
		}
	}
	actions := []struct {
		title, owner, due, status, priority string
		cost                                int
		controls                            []string
	}{
		{"Informatiebeveiligingsbeleid herzien en laten vaststellen door het college", "Informatievoorziening en ICT", "2026-12-31", "in_uitvoering", "hoog", 8000, []string{"5.1"}},
		{"Multifactorauthenticatie voor alle beheeraccounts", "Informatievoorziening en ICT", "2026-09-30", "in_uitvoering", "hoog", 15000, []string{"8.5", "5.17"}},
		{"Jaarlijkse bewustwordingscampagne (phishingsimulatie)", "Personeel en Organisatie", "2027-03-31", "gepland", "midden", 12000, []string{"6.3"}},
		{"Verwerkersovereenkomsten leveranciers sociaal domein actualiseren", "Sociaal Domein", "2026-06-30", "gepland", "hoog", 0, []string{"5.20", "5.34"}},
		{"Back-up hersteltest uitvoeren en vastleggen", "Informatievoorziening en ICT", "2026-11-30", "gepland", "midden", 3000, []string{"8.13"}},
		{"Logging en monitoring SIEM uitbreiden naar cloudapplicaties", "Informatievoorziening en ICT", "2027-06-30", "gepland", "midden", 40000, []string{"8.15", "8.16"}},
		{"Autorisatiematrix burgerzakenapplicaties herzien", "Burgerzaken", "2026-10-31", "in_uitvoering", "hoog", 2000, []string{"5.15", "5.18"}},
		{"Clean desk-controle op de publieksbalie", "Burgerzaken", "2026-08-31", "gereed", "laag", 0, []string{"7.7"}},
		{"Continuïteitsplan ICT actualiseren", "Informatievoorziening en ICT", "2027-02-28", "gepland", "hoog", 10000, []string{"5.29", "5.30"}},
		{"Leveranciersbeoordeling SaaS-diensten (assurance-rapportages)", "Financiën", "2026-05-31", "vervallen", "laag", 5000, []string{"5.22"}},
	}
	for _, a := range actions {
		var id int64
		err := tx.QueryRow(ctx, `
			INSERT INTO plan_actions (organisation_id, title, owner_department_id, due_date, status, priority, estimated_cost, description)
			SELECT $1, $2, (SELECT id FROM departments WHERE organisation_id = $1 AND name = $3), $4, $5, $6, nullif($7, 0),
			       'Actie uit het informatiebeveiligingsplan 2026 (demo).'
			RETURNING id`, orgID, a.title, a.owner, a.due, a.status, a.priority, a.cost).Scan(&id)
		if err != nil {
			return fmt.Errorf("seed action %q: %w", a.title, err)
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO plan_action_links (organisation_id, action_id, target_kind, target_id)
			SELECT $1, $2, 'control', i.id FROM catalogue_items i WHERE i.framework_id = $3 AND i.number = ANY($4)`, orgID, id, fwID, a.controls); err != nil {
			return err
		}
	}
	return nil
}
