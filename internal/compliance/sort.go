package compliance

import (
	"cmp"
	"slices"
	"strings"
)

// Sort keys of the control list (the query parameter sorteer).
const (
	SortCatalogue = ""
	SortOpzet     = "opzet"
	SortBestaan   = "bestaan"
	SortWerking   = "werking"
	SortMaturity  = "volwassenheid"
	SortOwner     = "eigenaar"
	SortReview    = "beoordeling" // next review date
)

// SortKeys are the valid sort keys besides the catalogue order.
var SortKeys = []string{SortOpzet, SortBestaan, SortWerking, SortMaturity, SortOwner, SortReview}

// answerRank orders the answers worst first, so a sorted list starts with what
// needs work: nee, deels, onbekend, ja.
func answerRank(a Answer) int {
	switch a {
	case No:
		return 0
	case Partly:
		return 1
	case Yes:
		return 3
	}
	return 2
}

// SortControls orders controls (given in catalogue order) by key, stably: ties
// keep the catalogue order. Unknown keys leave the catalogue order.
//   - opzet/bestaan/werking: nee, deels, onbekend, ja;
//   - volwassenheid: not assessed first, then 1 to 5;
//   - eigenaar: by afdeling name, without owner last;
//   - beoordeling: next review date, earliest first, without date last.
func SortControls(cs []Control, key string) {
	var by func(a, b Control) int
	switch key {
	case SortOpzet:
		by = func(a, b Control) int { return cmp.Compare(answerRank(a.Opzet), answerRank(b.Opzet)) }
	case SortBestaan:
		by = func(a, b Control) int { return cmp.Compare(answerRank(a.Bestaan), answerRank(b.Bestaan)) }
	case SortWerking:
		by = func(a, b Control) int { return cmp.Compare(answerRank(a.Werking), answerRank(b.Werking)) }
	case SortMaturity:
		by = func(a, b Control) int { return cmp.Compare(a.Maturity, b.Maturity) }
	case SortOwner:
		by = func(a, b Control) int {
			if (a.OwnerDeptName == "") != (b.OwnerDeptName == "") {
				if a.OwnerDeptName == "" {
					return 1
				}
				return -1
			}
			return cmp.Compare(strings.ToLower(a.OwnerDeptName), strings.ToLower(b.OwnerDeptName))
		}
	case SortReview:
		by = func(a, b Control) int {
			switch {
			case a.NextReview == nil && b.NextReview == nil:
				return 0
			case a.NextReview == nil:
				return 1
			case b.NextReview == nil:
				return -1
			}
			return a.NextReview.Compare(*b.NextReview)
		}
	default:
		return
	}
	slices.SortStableFunc(cs, by)
}
