// Package risk is the risk management domain: risk analyses and their risks,
// scored on the organisation's risk matrix, the risk appetite and the
// decisions on risks above it. See docs/architecture.md, "Adding a domain".
package risk

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// Level is one level of the risk matrix ("hoog"), with its colour.
type Level struct {
	Name   string `json:"name"`
	Colour string `json:"colour"` // #rrggbb, for the heatmap; never the only carrier of meaning
	// ReviewMonths is the review cycle of an analysis whose highest residual
	// risk has this level: its next review date follows from it.
	ReviewMonths int `json:"review_months,omitempty"`
}

// Matrix is the organisation's risk matrix: the labels of the kans and impact
// axes (index 0 is rank 1, the lowest), the risk levels in ascending order,
// and the level rank of every cell: Cells[kans-1][impact-1].
type Matrix struct {
	Likelihoods []string `json:"likelihoods"`
	Impacts     []string `json:"impacts"`
	Levels      []Level  `json:"levels"`
	Cells       [][]int  `json:"cells"`
}

// DefaultMatrix is the 5×5 matrix with four levels used when the CISO has not
// configured one: the level follows kans × impact (1–4 laag, 5–9 midden,
// 10–16 hoog, 20–25 kritiek), a common choice in gemeentelijke methodes.
func DefaultMatrix() Matrix {
	m := Matrix{
		Likelihoods: []string{"Zeer klein", "Klein", "Gemiddeld", "Groot", "Zeer groot"},
		Impacts:     []string{"Zeer gering", "Gering", "Aanzienlijk", "Groot", "Zeer groot"},
		Levels: []Level{
			{"Laag", "#2e7d32", 36}, {"Midden", "#f9a825", 24}, {"Hoog", "#ef6c00", 12}, {"Kritiek", "#c62828", 6},
		},
	}
	m.Cells = make([][]int, 5)
	for k := range 5 {
		m.Cells[k] = make([]int, 5)
		for i := range 5 {
			switch score := (k + 1) * (i + 1); {
			case score <= 4:
				m.Cells[k][i] = 1
			case score <= 9:
				m.Cells[k][i] = 2
			case score <= 16:
				m.Cells[k][i] = 3
			default:
				m.Cells[k][i] = 4
			}
		}
	}
	return m
}

// InRange reports whether kans and impact are ranks on the matrix's axes.
func (m Matrix) InRange(likelihood, impact int) bool {
	return likelihood >= 1 && likelihood <= len(m.Likelihoods) && impact >= 1 && impact <= len(m.Impacts)
}

// LevelOf is the level rank (1 = lowest) of a cell, 0 when kans or impact is
// not (yet) scored or out of range.
func (m Matrix) LevelOf(likelihood, impact int) int {
	if !m.InRange(likelihood, impact) {
		return 0
	}
	return m.Cells[likelihood-1][impact-1]
}

// LevelName is the Dutch name of a level rank, "" for 0 (not scored).
func (m Matrix) LevelName(rank int) string {
	if rank < 1 || rank > len(m.Levels) {
		return ""
	}
	return m.Levels[rank-1].Name
}

// DefaultReviewMonths is the review cycle of a level without one.
const DefaultReviewMonths = 12

// ReviewMonths is the review cycle, in months, of an analysis whose highest
// residual level is rank (0: nothing scored, the longest cycle applies).
func (m Matrix) ReviewMonths(rank int) int {
	if rank < 1 {
		rank = 1
	}
	if rank > len(m.Levels) {
		rank = len(m.Levels)
	}
	if n := m.Levels[rank-1].ReviewMonths; n > 0 {
		return n
	}
	return DefaultReviewMonths
}

// Highest is the rank of the highest level.
func (m Matrix) Highest() int { return len(m.Levels) }

var colour = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// Validate checks a configured matrix: 2–10 labels per axis, 2–6 levels with
// names and colours, every cell a level, and levels that never fall when kans
// or impact rises (a higher score may not be a lower risk).
func (m Matrix) Validate() error {
	if n := len(m.Likelihoods); n < 2 || n > 10 {
		return fmt.Errorf("de kans-as moet 2 tot 10 niveaus hebben")
	}
	if n := len(m.Impacts); n < 2 || n > 10 {
		return fmt.Errorf("de impact-as moet 2 tot 10 niveaus hebben")
	}
	if n := len(m.Levels); n < 2 || n > 6 {
		return fmt.Errorf("de matrix moet 2 tot 6 risiconiveaus hebben")
	}
	for _, l := range append(append([]string{}, m.Likelihoods...), m.Impacts...) {
		if strings.TrimSpace(l) == "" {
			return fmt.Errorf("elk niveau van kans en impact heeft een naam nodig")
		}
	}
	for _, l := range m.Levels {
		if strings.TrimSpace(l.Name) == "" || !colour.MatchString(l.Colour) {
			return fmt.Errorf("elk risiconiveau heeft een naam en een kleur (#rrggbb) nodig")
		}
		if l.ReviewMonths < 0 || l.ReviewMonths > 60 {
			return fmt.Errorf("de herzieningstermijn van een risiconiveau ligt tussen 1 en 60 maanden")
		}
	}
	if len(m.Cells) != len(m.Likelihoods) {
		return fmt.Errorf("de matrix heeft niet voor elke kans een rij")
	}
	for k, row := range m.Cells {
		if len(row) != len(m.Impacts) {
			return fmt.Errorf("de matrix heeft niet voor elke impact een kolom")
		}
		for i, v := range row {
			if v < 1 || v > len(m.Levels) {
				return fmt.Errorf("elke cel van de matrix moet een risiconiveau hebben")
			}
			if (k > 0 && v < m.Cells[k-1][i]) || (i > 0 && v < row[i-1]) {
				return fmt.Errorf("een hogere kans of impact mag geen lager risiconiveau geven")
			}
		}
	}
	return nil
}

// ParseMatrix reads a stored matrix; an empty value is the default.
func ParseMatrix(raw []byte) (Matrix, error) {
	if len(raw) == 0 {
		return DefaultMatrix(), nil
	}
	var m Matrix
	if err := json.Unmarshal(raw, &m); err != nil {
		return Matrix{}, fmt.Errorf("parse risk matrix: %w", err)
	}
	if err := m.Validate(); err != nil {
		return Matrix{}, fmt.Errorf("stored risk matrix: %w", err)
	}
	return m, nil
}
