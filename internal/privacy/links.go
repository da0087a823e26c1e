package privacy

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/links"
)

// KindDPIA is the link kind of DPIAs: a process page lists the DPIAs that
// cover the process, so "DPIA nodig" in its BIA can be checked at a glance.
const KindDPIA = "dpia"

func init() {
	links.Register(links.Kind{
		Name: KindDPIA, Order: 48, Field: "dpia_ids", Label: "DPIA's", Singular: "DPIA", Path: "/dpia",
		View:    authz.ViewPrivacy,
		Query:   links.TargetQuery{SQL: `SELECT id, title, status FROM dpias WHERE organisation_id = $1 AND id = ANY($2) ORDER BY lower(title), id`, Row: dpiaRow},
		Choices: links.Choices(`SELECT id, title FROM dpias WHERE organisation_id = $1 ORDER BY lower(title), id`),
	})
	links.RegisterSource(links.Source{Name: KindDPIA, To: dpiasAbout})
}

// dpiasAbout lists the DPIAs that cover process id (DPIAs link to nothing
// else).
func dpiasAbout(ctx context.Context, tx *db.Tx, kind string, id int64) ([]links.Target, error) {
	if kind != "process" {
		return nil, nil
	}
	return links.Query(ctx, tx, dpiaRow, `SELECT d.id, d.title, d.status FROM dpias d
		JOIN dpia_processes x ON x.organisation_id = d.organisation_id AND x.dpia_id = d.id
		WHERE d.organisation_id = $1 AND x.process_id = $2 ORDER BY lower(d.title), d.id`, id)
}

// dpiaRow reads id, title and status as a target labelled "DPIA (besloten)".
func dpiaRow(r pgx.CollectableRow) (links.Target, error) {
	t := links.Target{Kind: KindDPIA}
	var status string
	err := r.Scan(&t.TargetID, &t.Title, &status)
	t.Label = "DPIA (" + strings.ToLower(StatusLabel(status)) + ")"
	return t, err
}
