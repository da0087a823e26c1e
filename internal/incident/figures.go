package incident

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/nl"
)

// Count is one row of a table of figures.
type Count struct {
	Key   string
	Label string
	N     int
}

// Percent is the row's share of total, rounded down, 0–100.
func (c Count) Percent(total int) int {
	if total <= 0 {
		return 0
	}
	return c.N * 100 / total
}

// Figures are the counts of the incident register over one period: a
// calendar year, or the last 12 months. Incidents count by their moment of
// discovery, months in Amsterdam.
type Figures struct {
	Year     int       // 0: the last 12 months
	Years    []int     // the years with incidents, newest first, and the current one
	From, To time.Time // the period, [From, To)
	// AllIncidents: the figures count every incident of the organisation
	// (directie and college), not only the reader's scope.
	AllIncidents bool

	Total        int
	ByCategory   []Count // the main categories; "" not yet classified
	ByCause      []Count
	ByImpact     []Count // "" not yet decided
	ByMonth      []Count // the 12 months of the period, oldest first, with zeros
	ByDepartment []Count // reports per afdeling, most first; "" no afdeling

	// Closed incidents of the period with a recorded closing (the
	// timeline's last status change), and their mean time from discovery to
	// closing.
	Closed        int
	MeanTimeClose time.Duration

	// Datalekken of the period by the outcome of the AP decision.
	Datalekken  int
	InTime      int // notified to the AP within 72 hours of discovery
	Late        int // notified after the 72 hours
	NotNotified int // decided not to notify, with a rationale
	Undecided   int // no decision yet
}

// Notified is the number of datalekken notified to the AP.
func (f Figures) Notified() int { return f.InTime + f.Late }

// InTimePercent is the share of the notified datalekken notified within 72
// hours, rounded down; -1 when none was notified.
func (f Figures) InTimePercent() int {
	if f.Notified() == 0 {
		return -1
	}
	return f.InTime * 100 / f.Notified()
}

// MaxMonth is the highest monthly count (the scale of the bars).
func (f Figures) MaxMonth() int {
	m := 0
	for _, c := range f.ByMonth {
		m = max(m, c.N)
	}
	return m
}

// FiguresPeriod is the period of the figures of year (0: the 12 months up
// to and including the month of now), in Amsterdam.
func FiguresPeriod(year int, now time.Time) (from, to time.Time) {
	if year != 0 {
		return time.Date(year, time.January, 1, 0, 0, 0, 0, nl.Amsterdam), time.Date(year+1, time.January, 1, 0, 0, 0, 0, nl.Amsterdam)
	}
	l := nl.Local(now)
	to = time.Date(l.Year(), l.Month()+1, 1, 0, 0, 0, 0, nl.Amsterdam)
	return to.AddDate(0, -12, 0), to
}

var monthNames = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// figuresScope: directie and college see the figures of every incident
// (counts carry no names); everyone else the figures of their register.
func figuresScope(actor authz.Principal) scope {
	sc := scopeOf(actor)
	if sc.high {
		sc.all = true
	}
	return sc
}

// figuresSQL counts the incidents of the period in one pass: one row per
// (dimension, key). The scope condition is the register's (listWhere).
var figuresSQL = fmt.Sprintf(`
	WITH x AS (
		SELECT coalesce(i.category, '') AS category, i.cause, coalesce(i.impact, '') AS impact, coalesce(d.name, '') AS department,
		       to_char(i.discovered_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM') AS month, i.discovered_at,
		       CASE WHEN i.personal_data THEN
		         CASE WHEN i.ap_decision = 'melden' AND i.ap_notified_at <= i.discovered_at + interval '%d hours' THEN 'op_tijd'
		              WHEN i.ap_decision = 'melden' THEN 'te_laat'
		              WHEN i.ap_decision = 'niet_melden' THEN 'niet_melden'
		              ELSE 'open' END END AS ap,
		       CASE WHEN i.status = 'gesloten' THEN
		         (SELECT max(t.at) FROM incident_timeline t
		          WHERE t.organisation_id = i.organisation_id AND t.incident_id = i.id AND t.kind = 'statuswijziging') END AS closed_at
		FROM incidents i
		LEFT JOIN departments d ON d.organisation_id = i.organisation_id AND d.id = i.department_id
		%%s AND i.discovered_at >= $11 AND i.discovered_at < $12
	)
	SELECT 'totaal', '', count(*), NULL::float8 FROM x
	UNION ALL SELECT 'categorie', category, count(*), NULL FROM x GROUP BY category
	UNION ALL SELECT 'oorzaak', cause, count(*), NULL FROM x GROUP BY cause
	UNION ALL SELECT 'impact', impact, count(*), NULL FROM x GROUP BY impact
	UNION ALL SELECT 'maand', month, count(*), NULL FROM x GROUP BY month
	UNION ALL SELECT 'afdeling', department, count(*), NULL FROM x GROUP BY department
	UNION ALL SELECT 'datalek', ap, count(*), NULL FROM x WHERE ap IS NOT NULL GROUP BY ap
	UNION ALL SELECT 'gesloten', '', count(closed_at), avg(extract(epoch FROM closed_at - discovered_at))::float8 FROM x`,
	int(DatalekTerm/time.Hour))

// Figures reads the figures of year (0: the last 12 months) in one round
// trip of two queries. ViewIncidents; scoped as the register, except that
// directie and college count every incident (figuresScope).
func (s *Service) Figures(ctx context.Context, actor authz.Principal, year int) (f Figures, err error) {
	sc := figuresScope(actor)
	now := s.now()
	f.Year, f.AllIncidents = year, sc.all
	f.From, f.To = FiguresPeriod(year, now)
	counts := map[string]map[string]int{}
	err = s.DB.ReadBatchAs(ctx, actor, authz.ViewIncidents, func(b *db.Batch) error {
		where, args := listWhere(b.Scope.OrgID, sc, ListFilter{})
		b.Queue(fmt.Sprintf(figuresSQL, where), append(args, f.From, f.To)...).Query(func(rows pgx.Rows) error {
			for rows.Next() {
				var dim, key string
				var n int
				var mean *float64
				if err := rows.Scan(&dim, &key, &n, &mean); err != nil {
					return err
				}
				if counts[dim] == nil {
					counts[dim] = map[string]int{}
				}
				counts[dim][key] = n
				if dim == "gesloten" && mean != nil {
					f.MeanTimeClose = time.Duration(*mean * float64(time.Second))
				}
			}
			return rows.Err()
		})
		b.Queue(`SELECT DISTINCT extract(year FROM i.discovered_at AT TIME ZONE 'Europe/Amsterdam')::int AS y FROM incidents i`+where+` ORDER BY y DESC`, args...).
			Query(func(rows pgx.Rows) (err error) {
				f.Years, err = pgx.CollectRows(rows, pgx.RowTo[int])
				return err
			})
		return nil
	})
	if err != nil {
		return f, err
	}
	if cur := nl.Local(now).Year(); len(f.Years) == 0 || f.Years[0] < cur {
		f.Years = append([]int{cur}, f.Years...)
	}
	f.Total = counts["totaal"][""]
	f.Closed = counts["gesloten"][""]
	dl := counts["datalek"]
	f.InTime, f.Late, f.NotNotified, f.Undecided = dl["op_tijd"], dl["te_laat"], dl["niet_melden"], dl["open"]
	f.Datalekken = f.InTime + f.Late + f.NotNotified + f.Undecided
	f.ByCategory = fixed(counts["categorie"], Categories, "Nog niet ingedeeld")
	f.ByCause = fixed(counts["oorzaak"], Causes, "")
	f.ByImpact = fixed(counts["impact"], Impacts, "Nog niet bepaald")
	for m := f.From; m.Before(f.To); m = m.AddDate(0, 1, 0) {
		key := m.Format("2006-01")
		f.ByMonth = append(f.ByMonth, Count{Key: key, Label: monthNames[m.Month()-1] + " " + m.Format("2006"), N: counts["maand"][key]})
	}
	for name, n := range counts["afdeling"] {
		label := name
		if name == "" {
			label = "Geen afdeling opgegeven"
		}
		f.ByDepartment = append(f.ByDepartment, Count{Key: name, Label: label, N: n})
	}
	sortCounts(f.ByDepartment)
	return f, nil
}

// fixed lists the counts of every choice in its order, zeros included, and
// "" (when counted) under none.
func fixed(counts map[string]int, list []Choice, none string) []Count {
	out := make([]Count, 0, len(list)+1)
	for _, c := range list {
		out = append(out, Count{Key: c.Value, Label: c.Label, N: counts[c.Value]})
	}
	if n := counts[""]; n > 0 && none != "" {
		out = append(out, Count{Key: "", Label: none, N: n})
	}
	return out
}

// sortCounts orders by count, most first, then by label; no afdeling last.
func sortCounts(cs []Count) {
	slices.SortFunc(cs, func(a, b Count) int {
		if (a.Key == "") != (b.Key == "") {
			if a.Key == "" {
				return 1
			}
			return -1
		}
		if a.N != b.N {
			return cmp.Compare(b.N, a.N)
		}
		return cmp.Compare(a.Label, b.Label)
	})
}
