package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/incident"
)

// demoCbwIncident is a significant incident under the Cbw (Gemeente
// Voorbeeld): discovered 30 hours before the seed runs, reported to the IBD
// and the early warning sent in time (after 10 hours); the incident
// notification is still due (72 hours from awareness by default), the final
// report waits for it.
var demoCbwIncident = demoIncident{org: Voorbeeld, title: "Virtualisatieplatform versleuteld: meerdere gemeentelijke diensten uit de lucht",
	description: "Ransomware heeft een deel van de virtuele servers versleuteld. Het zaaksysteem, de telefonie en de e-formulieren zijn onbereikbaar; " +
		"burgers kunnen geen afspraken maken en geen aanvragen doen.",
	reporter: "beheerder@voorbeeld.nl", department: "Informatievoorziening en ICT", category: "malware", sub: "infectie", cause: "crimineel",
	impact: "hoog", aspects: "BIV", answer: "nee", handler: "ciso@voorbeeld.nl", status: incident.StatusHandling, hoursAgo: 30,
	application: "Virtualisatieplatform", process: "Back-up en herstel",
	timeline: []demoEntry{{1, "actie", "Getroffen hosts van het netwerk gehaald; crisisteam bijeengeroepen."},
		{4, "besluit", "Aangemerkt als significant incident onder de Cbw: ernstige verstoring van de dienstverlening aan burgers."},
		{10, "contact", "Vroegtijdige waarschuwing verzonden aan de CSIRT (IBD); het incident is daar ook gemeld."},
		{20, "actie", "Herstel uit de offline back-up gestart; eerst het zaaksysteem."}}}

// seedCbwIncident stores the demo significant incident with its Cbw state
// and IBD report, once (by title).
func seedCbwIncident(ctx context.Context, tx *db.Tx) error {
	d := demoCbwIncident
	if err := seedIncident(ctx, tx, d); err != nil {
		return fmt.Errorf("seed incident %s: %w", d.title, err)
	}
	discovered := tx.Now.Add(-time.Duration(d.hoursAgo) * time.Hour).Truncate(time.Minute)
	if _, err := tx.Exec(ctx, `UPDATE incidents SET cbw_significant = true, cbw_marked_by_name = coalesce(u.name, ''), cbw_marked_at = $3,
		cbw_early_warning_at = $4, cbw_early_warning_ref = 'IBD-VW-2026-0187', csirt_reported_at = $4, csirt_reference = 'IBD-2026-0412'
		FROM organisations o LEFT JOIN users u ON lower(u.email) = 'ciso@voorbeeld.nl'
		WHERE o.name = $1 AND incidents.organisation_id = o.id AND incidents.title = $2 AND NOT incidents.cbw_significant`,
		d.org, d.title, discovered.Add(4*time.Hour), discovered.Add(10*time.Hour)); err != nil {
		return fmt.Errorf("seed cbw incident: %w", err)
	}
	return nil
}
