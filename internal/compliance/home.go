package compliance

import (
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/catalogue"
	"github.com/baken-nl/baken/internal/db"
)

// homeControlSelect reads of every control and measure of the active
// framework only what the home page's counts look at (status, owner,
// maturity, review), with the same defaults as controlSelect, so the home
// page stays cheap: no catalogue hierarchy, texts or evidence.
const homeControlSelect = `
	SELECT i.id, i.kind, i.number,
	       coalesce(s.applicable, true), coalesce(s.owner_department_id, 0), coalesce(s.status, 'niet_gestart'),
	       coalesce(s.opzet, 'onbekend'), coalesce(s.bestaan, 'onbekend'), coalesce(s.werking, 'onbekend'),
	       coalesce(s.maturity, 0), s.next_review, coalesce(s.needs_review, false)
	FROM catalogue_items i
	LEFT JOIN control_statuses s ON s.item_id = i.id AND s.organisation_id = $1
	WHERE i.kind IN ('control', 'measure')
	  AND i.framework_id = coalesce((SELECT active_framework_id FROM organisations WHERE id = $1),
	                                (SELECT id FROM frameworks WHERE organisation_id IS NULL AND code = $2))`

// QueueHomeControls adds the controls of the active framework, with the
// fields the home page counts, to b.
func QueueHomeControls(b *db.Batch, out *[]Control) {
	b.Queue(homeControlSelect, b.Scope.OrgID, catalogue.CodeBIO2).Query(func(rows pgx.Rows) (err error) {
		*out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Control, error) {
			var c Control
			err := r.Scan(&c.ItemID, &c.Kind, &c.Number, &c.Applicable, &c.OwnerDeptID, &c.Status,
				&c.Opzet, &c.Bestaan, &c.Werking, &c.Maturity, &c.NextReview, &c.NeedsReview)
			return c, err
		})
		return err
	})
}

// QueueAmbition adds the organisation's ambition to b.
func QueueAmbition(b *db.Batch, out *Ambition) {
	b.Queue(`SELECT coalesce(target_maturity, 0), target_date, version FROM organisations WHERE id = $1`, b.Scope.OrgID).
		QueryRow(func(row pgx.Row) error { return row.Scan(&out.TargetMaturity, &out.TargetDate, &out.Version) })
}

// Work is the BIO work of the home page: counts that each equal the length
// of the list they link to, because they are computed with that list's rules.
type Work struct {
	ToReview      int // /bio?beoordeling=te: changes waiting for the CISO
	ReviewOverdue int // /bio/gap#gap-te-laat: next review date passed
	NoOwner       int // /bio?afdeling=geen
	BelowAmbition int // /bio?niveau=onder
	Target        int // the ambition; 0: not set
}

// HomeWork counts the work in controls. With mine set (an afdelingsmanager,
// the lists' mijn=1) only the controls of those afdelingen count.
func HomeWork(controls []Control, target int, today time.Time, onlyMine bool, mine []int64) Work {
	w := Work{Target: target}
	review := Filter{NeedsReview: true, OnlyMine: onlyMine}
	noOwner := Filter{OwnerDeptID: -1, OnlyMine: onlyMine}
	below := Filter{BelowTarget: target, OnlyMine: onlyMine}
	scope := Filter{OnlyMine: onlyMine}
	var shown []Control // what the GAP page shows for the same filter
	for _, c := range controls {
		if review.Matches(c, mine) {
			w.ToReview++
		}
		if noOwner.Matches(c, mine) {
			w.NoOwner++
		}
		if target > 0 && below.Matches(c, mine) {
			w.BelowAmbition++
		}
		if scope.Matches(c, mine) {
			shown = append(shown, c)
		}
	}
	_, total := Summarise(shown, target, today)
	w.ReviewOverdue = total.Overdue
	return w
}
