package compliance

import (
	"strings"
	"time"
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

// GroupSummary is one line of the GAP analysis: a theme or chapter.
type GroupSummary struct {
	Number string
	Title  string
	// Applicable counts the applicable controls and measures.
	Applicable   int
	Implemented  int
	WithEvidence int
	Assessed     int // with a maturity level
	maturitySum  int
	// Distribution counts maturity levels 1–5 (index 0 unused).
	Distribution [6]int
	AtAmbition   int // assessed at or above the target level
	NoOwner      int
	Overdue      int
	NeedsReview  int
}

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

// Summarise rolls the controls up per group and in total. Items that do not
// apply are left out of every figure except the count in the VvT.
func Summarise(controls []Control, target int, today time.Time) ([]GroupSummary, GroupSummary) {
	var groups []GroupSummary
	index := map[string]int{}
	total := GroupSummary{Title: "Totaal"}
	for _, c := range controls {
		i, ok := index[c.GroupNumber]
		if !ok {
			i = len(groups)
			index[c.GroupNumber] = i
			groups = append(groups, GroupSummary{Number: c.GroupNumber, Title: c.GroupTitle})
		}
		for _, g := range []*GroupSummary{&groups[i], &total} {
			if !c.Applicable || c.Status == NotApplicable {
				continue
			}
			g.Applicable++
			if c.Status == Implemented {
				g.Implemented++
			}
			if c.EvidenceCount > 0 {
				g.WithEvidence++
			}
			if c.Maturity > 0 {
				g.Assessed++
				g.maturitySum += c.Maturity
				g.Distribution[c.Maturity]++
				if target > 0 && c.Maturity >= target {
					g.AtAmbition++
				}
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
	}
	return groups, total
}
