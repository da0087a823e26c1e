package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/baken-nl/baken/internal/db"
)

// demoDatalekFacts are the facts for the AP's form of the demo datalekken
// (seed/incidents.go), by title; fg is the FG's advice, when given.
var demoDatalekFacts = []struct {
	org, title                            string
	nature, groups, data, special, conseq []string
	min, max, records                     int
	consequences, taken, planned          string
	encrypted, informed, how, notReason   string
	informedDaysAfter                     int
	crossBorder, fg                       string
}{
	{org: Voorbeeld, title: "Uittreksels uit de BRP naar de verkeerde ontvanger gemaild",
		nature: []string{"lezen"}, groups: []string{"inwoners"}, data: []string{"naw", "geboorte", "bsn"}, conseq: []string{"identiteitsfraude"},
		min: 3, max: 3, records: 3,
		consequences: "Met naam, adres en BSN kan de ontvanger zich voordoen als de betrokkenen; de kans is klein, want de ontvanger is een bekende inwoner die meewerkt.",
		taken:        "Ontvanger gebeld en gevraagd de mail te verwijderen; schriftelijke bevestiging van de verwijdering gevraagd.",
		planned:      "Automatisch aanvullen van e-mailadressen uitzetten voor de afdeling Burgerzaken; uittreksels alleen nog via de beveiligde berichtenbox.",
		encrypted:    "nee", informed: "nog_niet", crossBorder: "nee",
		fg: "Melden bij de AP: er is een BSN bij betrokken, dus een risico op identiteitsfraude is niet uit te sluiten. Informeer de drie betrokkenen per brief, met uitleg over wat zij kunnen doen."},
	{org: Voorbeeld, title: "USB-stick met dossiers jeugdhulp kwijtgeraakt",
		nature: []string{"verlies"}, groups: []string{"minderjarigen", "klanten"}, data: []string{"naw", "geboorte"},
		special: []string{"gezondheid"}, conseq: []string{"stigmatisering", "gezondheid"}, min: 12, max: 20, records: 35,
		consequences: "Gespreksverslagen over de gezondheid en gezinssituatie van jeugdigen; openbaarmaking kan tot stigmatisering leiden.",
		taken:        "Route van het huisbezoek nagelopen; de stick is niet gevonden. Overzicht gemaakt van de dossiers op de stick.",
		planned:      "USB-poorten voor opslag blokkeren op laptops van het Sociaal Domein; alleen nog versleutelde sticks uitgeven.",
		encrypted:    "nee", informed: "ja", informedDaysAfter: 4, how: "Per brief aan de ouders of verzorgers, met een telefoonnummer voor vragen.", crossBorder: "nee"},
}

// seedDatalekFacts fills the facts of the demo datalekken and the FG's
// advice, once.
func seedDatalekFacts(ctx context.Context, tx *db.Tx) error {
	for _, d := range demoDatalekFacts {
		var id int64
		var discovered time.Time
		orgID, _, err := enter(ctx, tx, d.org, "")
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT id, discovered_at FROM incidents WHERE organisation_id = $1 AND title = $2`, orgID, d.title).
			Scan(&id, &discovered); err != nil {
			return fmt.Errorf("seed datalek facts %s: %w", d.title, err)
		}
		var informedOn any
		if d.informed == "ja" {
			informedOn = discovered.AddDate(0, 0, d.informedDaysAfter).Format("2006-01-02")
		}
		special := d.special
		if special == nil {
			special = []string{}
		}
		var handler string
		_ = tx.QueryRow(ctx, `SELECT coalesce(u.name, '') FROM incidents i LEFT JOIN users u ON u.id = i.handler_id WHERE i.id = $1`, id).Scan(&handler)
		if _, err := tx.Exec(ctx, `INSERT INTO incident_datalek_facts (organisation_id, incident_id, nature, person_groups, persons_min, persons_max,
			records_count, data_categories, special_categories, consequences, consequences_text, measures_taken, measures_planned,
			encrypted, subjects_informed, subjects_informed_on, subjects_how, cross_border, updated_by_name, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
			ON CONFLICT DO NOTHING`, orgID, id, d.nature, d.groups, d.min, d.max, d.records, d.data, special, d.conseq, d.consequences,
			d.taken, d.planned, d.encrypted, d.informed, informedOn, d.how, d.crossBorder, handler, discovered.Add(5*time.Hour)); err != nil {
			return fmt.Errorf("seed datalek facts %s: %w", d.title, err)
		}
		if d.fg == "" {
			continue
		}
		if _, err := tx.Exec(ctx, `INSERT INTO incident_datalek_notes (organisation_id, incident_id, kind, noted_on, text, author_id, author_name, created_at)
			SELECT $1, $2, 'fg_advies', $3::timestamptz::date, $4, u.id, u.name, $3 FROM users u WHERE lower(u.email) = 'fg@voorbeeld.nl'
			AND NOT EXISTS (SELECT 1 FROM incident_datalek_notes WHERE organisation_id = $1 AND incident_id = $2 AND kind = 'fg_advies')`,
			orgID, id, discovered.Add(4*time.Hour), d.fg); err != nil {
			return fmt.Errorf("seed FG advice %s: %w", d.title, err)
		}
	}
	return nil
}
