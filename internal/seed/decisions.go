package seed

import (
	"context"
	"fmt"

	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/risk"
)

// DecisionDemoAnalysis is the title of the demo analysis of the decisions:
// submitted by the manager of Burgerzaken, with risks below, above and far
// above the appetite, one of them with an expired acceptance.
const DecisionDemoAnalysis = "Demo besluitvorming: balie en reisdocumenten"

// decisionDemoRisk is one demo risk: residual kans × impact on the default
// matrix, the treatment and the numbers of the controls it relies on.
type decisionDemoRisk struct {
	threat, description, treatment, plan string
	affects                              [3]bool
	inherent, residual                   [2]int
	controls                             []string
	expiredAcceptance                    bool
}

var decisionDemoRisks = []decisionDemoRisk{
	{threat: "Phishing leidt tot overname van het account van een baliemedewerker",
		description: "Een medewerker geeft zijn inloggegevens af op een nagemaakte inlogpagina; de aanvaller ziet BRP-gegevens in.",
		treatment:   "verminderen", plan: "Tweefactorauthenticatie voor alle baliewerkplekken en een jaarlijkse phishingoefening.",
		affects: [3]bool{false, true, true}, inherent: [2]int{4, 4}, residual: [2]int{3, 4},
		controls: []string{"5.15", "6.3", "8.5"}, expiredAcceptance: true},
	{threat: "Ransomware versleutelt de servers van het zaaksysteem",
		description: "Via een kwetsbaarheid wordt het zaaksysteem versleuteld; aanvragen van reisdocumenten liggen dagen stil.",
		treatment:   "verminderen", plan: "Offline back-ups en een hersteltest per kwartaal; de restkans blijft groot zolang het systeem niet is vervangen.",
		affects: [3]bool{true, true, true}, inherent: [2]int{5, 5}, residual: [2]int{4, 5},
		controls: []string{"8.7", "8.13"}},
	{threat: "Uitval van de afsprakenplanner op drukke dagen",
		description: "De leverancier van de afsprakenplanner valt uit; burgers kunnen een halve dag geen afspraak maken.",
		treatment:   "accepteren", plan: "Telefonisch afspraken maken via het KCC als terugvaloptie.",
		affects: [3]bool{true, false, false}, inherent: [2]int{3, 3}, residual: [2]int{2, 3}},
}

func seedDecisions(ctx context.Context, tx *db.Tx) error {
	orgID, seeded, err := enter(ctx, tx, Voorbeeld, `SELECT 1 FROM risk_analyses WHERE organisation_id = $1 AND title = $2`, DecisionDemoAnalysis)
	if err != nil || seeded {
		return err
	}
	var manager, directie int64
	if err := tx.QueryRow(ctx, `SELECT (SELECT id FROM users WHERE lower(email) = 'manager.burgerzaken@voorbeeld.nl'),
		(SELECT id FROM users WHERE lower(email) = 'directie@voorbeeld.nl')`).Scan(&manager, &directie); err != nil {
		return fmt.Errorf("seed decisions: users: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO risk_appetites (organisation_id, max_level, decision_reference, decided_on, decided_by_body,
		notes, recorded_by_name, recorded_at) VALUES ($1, 2, 'Collegebesluit 2026/118', ($2::timestamptz - interval '90 days')::date, 'college',
		'Restrisico''s tot en met midden accepteert de afdelingsmanager; daarboven besluit de directie, bij kritiek het college.', 'Carla Smit (CISO)', $2)`,
		orgID, tx.Now); err != nil {
		return fmt.Errorf("seed appetite: %w", err)
	}
	var analysisID int64
	if err := tx.QueryRow(ctx, `INSERT INTO risk_analyses (organisation_id, title, subject_kind, subject_name, department_id, owner_id,
		status, scope, analysis_date, submitted_by, submitted_at)
		SELECT $1, $2, 'theme', 'Balie en reisdocumenten', d.id, $3, 'ingediend',
		       'Demo voor de besluitvorming over risico''s boven de risicobereidheid.', ($4::timestamptz - interval '14 days')::date, $3, $4
		FROM departments d WHERE d.organisation_id = $1 AND d.name = 'Burgerzaken' RETURNING id`,
		orgID, DecisionDemoAnalysis, manager, tx.Now).Scan(&analysisID); err != nil {
		return fmt.Errorf("seed decision analysis: %w", err)
	}
	m := risk.DefaultMatrix()
	for _, r := range decisionDemoRisks {
		var riskID int64
		if err := tx.QueryRow(ctx, `INSERT INTO risks (organisation_id, analysis_id, threat, description, affects_availability,
			affects_integrity, affects_confidentiality, inherent_likelihood, inherent_impact, treatment, treatment_description,
			residual_likelihood, residual_impact, owner_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
			orgID, analysisID, r.threat, r.description, r.affects[0], r.affects[1], r.affects[2], r.inherent[0], r.inherent[1],
			r.treatment, r.plan, r.residual[0], r.residual[1], manager).Scan(&riskID); err != nil {
			return fmt.Errorf("seed risk: %w", err)
		}
		var controls []int64
		if len(r.controls) > 0 {
			if err := tx.QueryRow(ctx, `WITH ins AS (INSERT INTO risk_controls (organisation_id, risk_id, item_id)
				SELECT $1, $2, ci.id FROM catalogue_items ci JOIN organisations o ON o.active_framework_id = ci.framework_id
				WHERE o.id = $1 AND ci.number = ANY($3) RETURNING item_id) SELECT coalesce(array_agg(item_id), '{}') FROM ins`,
				orgID, riskID, r.controls).Scan(&controls); err != nil {
				return fmt.Errorf("seed risk controls: %w", err)
			}
		}
		if !r.expiredAcceptance {
			continue
		}
		level := m.LevelOf(r.residual[0], r.residual[1])
		if _, err := tx.Exec(ctx, `INSERT INTO risk_decisions (organisation_id, risk_id, kind, outcome, rationale, decided_by, decided_by_name,
			decided_by_body, decided_on, valid_until, residual_level, fingerprint, snapshot, created_at)
			VALUES ($1, $2, 'residual_risk', 'accepted', $3, $4, 'Dirk de Vries (gemeentesecretaris)', 'directie',
			($5::timestamptz - interval '200 days')::date, ($5::timestamptz - interval '20 days')::date, $6, $7,
			jsonb_build_object('dreiging', $8::text, 'restrisico', $9::text), $5::timestamptz - interval '200 days')`,
			orgID, riskID, "Tijdelijk aanvaard tot de invoering van tweefactorauthenticatie aan de balie.", directie, tx.Now,
			level, risk.DecisionFingerprint(level, r.treatment, controls), r.threat, m.LevelName(level)); err != nil {
			return fmt.Errorf("seed decision: %w", err)
		}
	}
	return nil
}
