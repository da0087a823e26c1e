package compliance

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/catalogue"
)

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// numberMatches is the lenient number search: q given as a number ("5.1",
// "05.01") matches every number that starts with the same segments once
// leading zeros are ignored, so 5.1 also finds its measures 5.01.01 and
// 5.01.02. The last segment of q must match a whole segment: 5.1 does not
// find 5.12 this way (the plain text search still does).
func numberMatches(number, q string) bool {
	qs := numberSegments(strings.TrimSpace(q))
	ns := numberSegments(number)
	if qs == nil || ns == nil || len(qs) > len(ns) {
		return false
	}
	for i, s := range qs {
		if ns[i] != s {
			return false
		}
	}
	return true
}

// numberSegments splits "5.01.01" into [5 1 1] (as text, without leading
// zeros); nil when s is not dot-separated digits.
func numberSegments(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ".")
	for i, p := range parts {
		if p == "" {
			return nil
		}
		for _, r := range p {
			if r < '0' || r > '9' {
				return nil
			}
		}
		if p = strings.TrimLeft(p, "0"); p == "" {
			p = "0"
		}
		parts[i] = p
	}
	return parts
}

func containsWord(list, word string) bool {
	for _, w := range strings.Split(list, "+") {
		if w == word {
			return true
		}
	}
	return false
}

// GroupSummary is one line of the GAP analysis: a theme or chapter, an
// afdeling, or the total.
type GroupSummary struct {
	Number string
	Title  string
	// Key identifies the row in a filter: the theme or chapter number, the
	// afdeling's id, or "geen" for the items without owner.
	Key string
	// Kind is "control" or "measure" for the parts, "" for both together.
	Kind string
	// Items counts every control and measure of the row; NotApplicable
	// those left out of the figures below because they do not apply.
	Items         int
	NotApplicable int
	// Applicable counts the applicable controls and measures.
	Applicable   int
	Implemented  int // by the roll-up rule, see RollUp
	WithEvidence int
	Assessed     int // with a maturity level
	maturitySum  int
	// Distribution counts maturity levels 1–5 (index 0 unused).
	Distribution [6]int
	AtAmbition   int // assessed at or above the target level
	Below        int // below the target level or not assessed (BelowAmbition)
	NoOwner      int
	Overdue      int
	NeedsReview  int
	// Parts are the same figures for the controls (Parts[0]) and the
	// government measures (Parts[1]) of the row; nil in a part itself.
	Parts []GroupSummary
}

// The kinds of item, as in Control.Kind and GroupSummary.Kind.
const (
	ItemControl = string(catalogue.KindControl)
	ItemMeasure = string(catalogue.KindMeasure)
)

// ImplementedShare is the share of applicable items implemented, 0–100.
func (g GroupSummary) ImplementedShare() int { return percent(g.Implemented, g.Applicable) }

// EvidenceShare is the share of applicable items with evidence, 0–100.
func (g GroupSummary) EvidenceShare() int { return percent(g.WithEvidence, g.Applicable) }

// AverageMaturity is the mean maturity of the assessed items (0 when none).
func (g GroupSummary) AverageMaturity() float64 {
	if g.Assessed == 0 {
		return 0
	}
	return float64(g.maturitySum) / float64(g.Assessed)
}

func percent(n, d int) int {
	if d == 0 {
		return 0
	}
	return (n*100 + d/2) / d
}

// RollUp applies the roll-up rule to a framework's full list of controls
// and measures (before any filter): a control with government measures is
// only implemented when its applicable measures are. It sets OpenMeasures
// on each control to the number of its applicable measures (applicable and
// not "niet van toepassing") whose status is not Geïmplementeerd; a measure
// counts on its own status. Measures find their control by ParentNumber.
func RollUp(controls []Control) {
	open := map[string]int{}
	for _, c := range controls {
		if c.Kind == ItemMeasure && counted(c) && c.Status != Implemented {
			open[c.ParentNumber]++
		}
	}
	for i := range controls {
		if controls[i].Kind == ItemControl {
			controls[i].OpenMeasures = open[controls[i].Number]
		}
	}
}

func newSummary(number, title, key string) GroupSummary {
	return GroupSummary{Number: number, Title: title, Key: key,
		Parts: []GroupSummary{{Number: number, Title: title, Key: key, Kind: ItemControl}, {Number: number, Title: title, Key: key, Kind: ItemMeasure}}}
}

// add counts c in g. Items that do not apply are left out of every figure
// except Items and NotApplicable.
func (g *GroupSummary) add(c Control, target int, today time.Time) {
	g.Items++
	if !counted(c) {
		g.NotApplicable++
		return
	}
	g.Applicable++
	if c.IsImplemented() {
		g.Implemented++
	}
	if c.EvidenceCount > 0 {
		g.WithEvidence++
	}
	if c.Maturity > 0 {
		g.Assessed++
		g.maturitySum += c.Maturity
		g.Distribution[c.Maturity]++
	}
	if c.AtAmbition(target) {
		g.AtAmbition++
	}
	if c.BelowAmbition(target) {
		g.Below++
	}
	if c.OwnerDeptID == 0 {
		g.NoOwner++
	}
	if c.ReviewOverdue(today) {
		g.Overdue++
	}
	if c.NeedsReview {
		g.NeedsReview++
	}
}

// summarise rolls the controls up per row of key (in the order rows first
// appear) and in total, each with its parts per kind.
func summarise(controls []Control, target int, today time.Time, key func(Control) (number, title, key string)) ([]GroupSummary, GroupSummary) {
	var groups []GroupSummary
	index := map[string]int{}
	total := newSummary("", "Totaal", "")
	for _, c := range controls {
		number, title, k := key(c)
		i, ok := index[k]
		if !ok {
			i = len(groups)
			index[k] = i
			groups = append(groups, newSummary(number, title, k))
		}
		part := 0
		if c.Kind == ItemMeasure {
			part = 1
		}
		for _, g := range []*GroupSummary{&groups[i], &total} {
			g.add(c, target, today)
			g.Parts[part].add(c, target, today)
		}
	}
	return groups, total
}

// Summarise rolls the controls up per theme or chapter and in total. The
// controls must have been through RollUp (Controls does that).
func Summarise(controls []Control, target int, today time.Time) ([]GroupSummary, GroupSummary) {
	return summarise(controls, target, today, func(c Control) (string, string, string) {
		return c.GroupNumber, c.GroupTitle, c.GroupNumber
	})
}

// NoOwnerKey is the Key of the row of the items without owner.
const NoOwnerKey = "geen"

// SummariseByOwner rolls the controls up per owner afdeling, sorted by
// name, with the items without owner last ("Zonder eigenaar"), and in total.
func SummariseByOwner(controls []Control, target int, today time.Time) ([]GroupSummary, GroupSummary) {
	groups, total := summarise(controls, target, today, func(c Control) (string, string, string) {
		if c.OwnerDeptID == 0 {
			return "", "Zonder eigenaar", NoOwnerKey
		}
		return "", c.OwnerDeptName, strconv.FormatInt(c.OwnerDeptID, 10)
	})
	sort.SliceStable(groups, func(i, j int) bool {
		a, b := groups[i], groups[j]
		if (a.Key == NoOwnerKey) != (b.Key == NoOwnerKey) {
			return b.Key == NoOwnerKey
		}
		return strings.ToLower(a.Title) < strings.ToLower(b.Title)
	})
	return groups, total
}
