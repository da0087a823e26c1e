package incident

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/nl"
)

// MonthOverview is the monthly overview of the afdelingsmanager (BIO2
// 5.24.04): the incidents discovered in one calendar month in the reader's
// scope, with their counts per category and impact.
type MonthOverview struct {
	Month      time.Time // the first moment of the month, in Amsterdam
	Rows       []ListRow // without reporters and clocks
	ByCategory []Count   // every main category, and "" not yet classified when any
	ByImpact   []Count   // every impact level, and "" not yet decided when any
	Datalekken int
	Open       int // not closed
	// Departments: the reader sees the incidents of their afdelingen (and
	// those assigned to them), not the whole register.
	Departments bool
}

// Prev is the month before.
func (m MonthOverview) Prev() time.Time { return m.Month.AddDate(0, -1, 0) }

// Next is the month after; the zero time when it starts after now's month.
func (m MonthOverview) Next(now time.Time) time.Time {
	n := m.Month.AddDate(0, 1, 0)
	if n.After(MonthStart(now)) {
		return time.Time{}
	}
	return n
}

// MonthLabel is "november 2026".
func MonthLabel(m time.Time) string {
	l := nl.Local(m)
	return monthNames[l.Month()-1] + " " + l.Format("2006")
}

// MonthStart is the first moment of the month of t, in Amsterdam.
func MonthStart(t time.Time) time.Time {
	l := nl.Local(t)
	return time.Date(l.Year(), l.Month(), 1, 0, 0, 0, 0, nl.Amsterdam)
}

// ParseMonth reads a month as the overview's link carries it, "2026-11"; ok
// is false for anything else.
func ParseMonth(s string) (time.Time, bool) {
	t, err := time.ParseInLocation("2006-01", s, nl.Amsterdam)
	return t, err == nil && t.Format("2006-01") == s
}

// Month reads the overview of the month that starts at month (MonthStart)
// in one query. ViewIncidents, scoped as the register.
func (s *Service) Month(ctx context.Context, actor authz.Principal, month time.Time) (m MonthOverview, err error) {
	sc := scopeOf(actor)
	m.Month = MonthStart(month)
	m.Departments = !sc.all && len(sc.depts) > 0
	err = s.DB.ReadAs(ctx, actor, authz.ViewIncidents, func(tx *db.Tx) error {
		where, args := listWhere(tx.OrgID, sc, ListFilter{})
		r, err := tx.Query(ctx, `
			SELECT i.id, i.number, i.title, i.discovered_at, coalesce(i.category, ''), coalesce(i.impact, ''), coalesce(d.name, ''),
			       i.personal_data, i.status
			FROM incidents i
			LEFT JOIN departments d ON d.organisation_id = i.organisation_id AND d.id = i.department_id`+where+`
			  AND i.discovered_at >= $11 AND i.discovered_at < $12
			ORDER BY i.discovered_at DESC, i.id DESC`, append(args, m.Month, m.Month.AddDate(0, 1, 0))...)
		if err != nil {
			return err
		}
		m.Rows, err = pgx.CollectRows(r, func(r pgx.CollectableRow) (x ListRow, err error) {
			err = r.Scan(&x.ID, &x.Number, &x.Title, &x.DiscoveredAt, &x.Category, &x.Impact, &x.DepartmentName, &x.PersonalData, &x.Status)
			return x, err
		})
		return err
	})
	if err != nil {
		return m, err
	}
	cats, impacts := map[string]int{}, map[string]int{}
	for _, x := range m.Rows {
		cats[x.Category]++
		impacts[x.Impact]++
		if x.PersonalData {
			m.Datalekken++
		}
		if x.Status != StatusClosed {
			m.Open++
		}
	}
	m.ByCategory = fixed(cats, Categories, "Nog niet ingedeeld")
	m.ByImpact = fixed(impacts, Impacts, "Nog niet bepaald")
	return m, nil
}
