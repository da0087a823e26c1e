package risk

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/links"
)

// KindRisk is the link kind of risks: plan actions address them (a risk's
// treatment), and a risk's page is its decision page.
const KindRisk = "risk"

func init() {
	links.Register(links.Kind{
		Name: KindRisk, Order: 40, Field: "risk_ids", Label: "Risico's", Singular: "risico", Path: "/besluiten",
		Hint:    "De risico's uit de risicoanalyses die deze actie behandelt.",
		View:    authz.ViewRisks,
		Query:   riskTargets,
		Choices: riskChoices,
	})
	// Risks point at the controls they rely on and at the subject of their
	// analysis: the control page and the process or application page list them.
	links.RegisterSource(links.Source{Name: KindRisk, To: risksLinkingTo})
	// Analyses are about a process, application or supplier: its page lists them.
	links.Register(links.Kind{
		Name: KindAnalysis, Order: 45, Field: "analysis_ids", Label: "Risicoanalyses", Singular: "risicoanalyse", Path: "/risicoanalyses",
		View: authz.ViewRisks, Query: analysisLinkTargets, Choices: analysisChoices,
	})
	links.RegisterSource(links.Source{Name: KindAnalysis, To: analysesAbout, Keeps: true})
}

// KindAnalysis is the link kind of risk analyses.
const KindAnalysis = "risk_analysis"

var analysisLinkTargets = links.TargetQuery{Row: analysisRow,
	SQL: `SELECT id, title, status FROM risk_analyses WHERE organisation_id = $1 AND id = ANY($2) ORDER BY id`}

var analysisChoices = links.Choices(`SELECT id, title FROM risk_analyses WHERE organisation_id = $1 ORDER BY lower(title), id`)

// EstablishedChoices are the established analyses, the only ones that can
// justify not applying a control in the VvT: title, establishment date and
// number, so analyses with the same title are told apart.
func EstablishedChoices(ctx context.Context, tx *db.Tx) ([]links.Choice, error) {
	rows, err := tx.Query(ctx, `SELECT id, title || ' (vastgesteld ' || to_char(established_at AT TIME ZONE 'Europe/Amsterdam', 'DD-MM-YYYY') || ', nr. ' || id || ')'
		FROM risk_analyses WHERE organisation_id = $1 AND status = 'vastgesteld' ORDER BY lower(title), id`, tx.OrgID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (links.Choice, error) {
		var c links.Choice
		err := r.Scan(&c.ID, &c.Label)
		return c, err
	})
}

// analysesAbout lists the analyses whose subject is the item: one query.
func analysesAbout(ctx context.Context, tx *db.Tx, kind string, id int64) ([]links.Target, error) {
	return links.Query(ctx, tx, analysisRow, `SELECT id, title, status FROM risk_analyses WHERE organisation_id = $1 AND subject_kind = $2 AND subject_id = $3
		ORDER BY coalesce(analysis_date, created_at::date) DESC, id DESC`, kind, id)
}

// analysisRow reads a row of the analysis's id, title and status as a target
// labelled "Risicoanalyse (<status>)".
func analysisRow(r pgx.CollectableRow) (links.Target, error) {
	t := links.Target{Kind: KindAnalysis}
	var status string
	err := r.Scan(&t.TargetID, &t.Title, &status)
	t.Label = "Risicoanalyse (" + strings.ToLower(AnalysisStatusLabel(status)) + ")"
	return t, err
}

var (
	riskTargets = links.TargetSQL(KindRisk, `SELECT r.id, r.threat, a.title FROM risks r JOIN risk_analyses a ON a.id = r.analysis_id
		WHERE r.organisation_id = $1 AND r.id = ANY($2) ORDER BY a.id, r.id`)
	riskChoices = links.Choices(`SELECT r.id, r.threat, a.title FROM risks r JOIN risk_analyses a ON a.id = r.analysis_id
		WHERE r.organisation_id = $1 ORDER BY lower(a.title), a.id, r.id`)
)

// risksLinkingTo lists the risks that rely on a control, or whose analysis
// is about a process, application or supplier: one query.
func risksLinkingTo(ctx context.Context, tx *db.Tx, kind string, id int64) ([]links.Target, error) {
	return links.Query(ctx, tx, riskOfAnalysis, `
		SELECT r.id, r.threat, a.title FROM risks r JOIN risk_analyses a ON a.id = r.analysis_id
		WHERE r.organisation_id = $1 AND (
			($2 = 'control' AND EXISTS (SELECT 1 FROM risk_controls c WHERE c.risk_id = r.id AND c.item_id = $3))
			OR (a.subject_kind = $2 AND a.subject_id = $3))
		ORDER BY a.id, r.id`, kind, id)
}

// riskOfAnalysis reads a row of the risk's id, its threat and the title of
// its analysis as a target labelled "Risico (<analysis>)".
func riskOfAnalysis(r pgx.CollectableRow) (links.Target, error) {
	t := links.Target{Kind: KindRisk}
	var analysis string
	err := r.Scan(&t.TargetID, &t.Title, &analysis)
	t.Label = "Risico (" + analysis + ")"
	return t, err
}

// RisksForThreats lists the organisation's risks whose threat is one of
// codes, labelled with their analysis: one query, none without codes. An
// incident's page flags them for review.
func RisksForThreats(ctx context.Context, tx *db.Tx, codes []string) ([]links.Target, error) {
	if len(codes) == 0 {
		return nil, nil
	}
	return links.Query(ctx, tx, riskOfAnalysis, `SELECT r.id, r.threat, a.title FROM risks r JOIN risk_analyses a ON a.id = r.analysis_id
		WHERE r.organisation_id = $1 AND r.threat_code = ANY($2) ORDER BY a.id, r.id`, codes)
}

// ThreatIncidents lists the recent incidents, visible to actor, whose
// category maps to the threat with code. Package incident registers it
// (it imports this package, so this one cannot call it directly).
type ThreatIncidents func(ctx context.Context, tx *db.Tx, actor authz.Principal, code string) ([]links.Target, error)

var threatIncidents ThreatIncidents

// RegisterThreatIncidents sets the lookup of a threat's recent incidents;
// package incident calls it from an init function.
func RegisterThreatIncidents(f ThreatIncidents) { threatIncidents = f }

// recentIncidents is the risk's recent incidents with its threat, for a
// reader with ViewIncidents: one query for the threat code, one for the
// incidents.
func recentIncidents(ctx context.Context, tx *db.Tx, actor authz.Principal, riskID int64) ([]links.Target, error) {
	if threatIncidents == nil || !actor.Can(authz.ViewIncidents) {
		return nil, nil
	}
	var code string
	if err := tx.QueryRow(ctx, `SELECT threat_code FROM risks WHERE organisation_id = $1 AND id = $2`, tx.OrgID, riskID).Scan(&code); err != nil {
		return nil, err
	}
	if code == "" {
		return nil, nil
	}
	return threatIncidents(ctx, tx, actor, code)
}
