// Package bia holds the business impact analysis (BIA) of processes and the
// classification of applications that follows from it: the organisation's
// scales per aspect (beschikbaarheid, integriteit, vertrouwelijkheid), the
// impact areas a BIA asks about, the derivation of the level per aspect, the
// "DPIA nodig" rule, the BBN of BIO 1.04 and the inheritance of levels by
// applications.
//
// Rules (pure functions in this file, documented in the user guide):
//   - The level of an aspect is the highest answer over the active impact
//     areas (Derive). The manager may raise it, never lower it, and a raise
//     needs a rationale.
//   - DPIA nodig: personal data is processed and either special categories
//     are processed or vertrouwelijkheid is at the highest level of its scale
//     (DPIANeeded).
//   - BBN: every level of every scale maps to BBN1, BBN2 or BBN3 (set by the
//     CISO with the scale); the process's BBN is the highest over the three
//     aspects (BBN).
//   - An application's level per aspect is the highest of its processes'
//     levels (Classify); an override may raise it, with a rationale; the
//     effective level is the highest of both.
//   - A scale may not shrink below a level in use (by a BIA, an answer or an
//     override): the change is refused, naming how many use it.
package bia

import (
	"strconv"
	"strings"

	"github.com/baken-nl/baken/internal/apperr"
)

// Aspect is one of the three BIV aspects.
type Aspect string

// The aspects, in the order the portal shows them.
const (
	Availability    Aspect = "availability"
	Integrity       Aspect = "integrity"
	Confidentiality Aspect = "confidentiality"
)

// Aspects lists the aspects in display order.
var Aspects = []Aspect{Availability, Integrity, Confidentiality}

// Label is the Dutch name of the aspect.
func (a Aspect) Label() string {
	switch a {
	case Availability:
		return "Beschikbaarheid"
	case Integrity:
		return "Integriteit"
	case Confidentiality:
		return "Vertrouwelijkheid"
	}
	return string(a)
}

// lower is the label in a sentence.
func (a Aspect) lower() string { return strings.ToLower(a.Label()) }

// Index is the position of the aspect in Aspects.
func (a Aspect) Index() int {
	for i, x := range Aspects {
		if x == a {
			return i
		}
	}
	return -1
}

// MinLevels and MaxLevels bound the number of levels of a scale.
const (
	MinLevels = 2
	MaxLevels = 5
)

// Level is one level of a scale.
type Level struct {
	Rank int    `json:"rank"`
	Name string `json:"name"`
	BBN  int    `json:"bbn"`
}

// Scale is the scale of one aspect, lowest level first (Levels[i].Rank == i+1).
type Scale struct {
	Aspect Aspect  `json:"aspect"`
	Levels []Level `json:"levels"`
}

// DefaultScale is laag / midden / hoog with BBN1 / BBN2 / BBN3.
func DefaultScale(a Aspect) Scale {
	return Scale{Aspect: a, Levels: []Level{{1, "laag", 1}, {2, "midden", 2}, {3, "hoog", 3}}}
}

// Highest is the rank of the highest level.
func (s Scale) Highest() int { return len(s.Levels) }

// Name is the name of a rank, "–" for none and "niveau n" for a rank outside
// the scale.
func (s Scale) Name(rank int) string {
	if rank <= 0 {
		return "–"
	}
	if rank > len(s.Levels) {
		return "niveau " + strconv.Itoa(rank)
	}
	return s.Levels[rank-1].Name
}

// Range names the scale's levels for a message: "van Laag (1) tot en met
// Zeer hoog (4)".
func (s Scale) Range() string {
	if len(s.Levels) == 0 {
		return ""
	}
	return "van " + s.Name(1) + " (1) tot en met " + s.Name(s.Highest()) + " (" + strconv.Itoa(s.Highest()) + ")"
}

// outOfScale is the message for a rank beyond the organisation's scale of a.
func outOfScale(a Aspect, s Scale) string {
	return "Kies een niveau van de schaal voor " + a.lower() + ": " + s.Range() + "."
}

// RankMessage is the message for a level that is no number at all.
const RankMessage = "Kies een niveau uit de lijst."

// BBNOf is the BBN a rank yields (0 for none).
func (s Scale) BBNOf(rank int) int {
	if rank <= 0 || rank > len(s.Levels) {
		return 0
	}
	return s.Levels[rank-1].BBN
}

// Scales are the three scales of an organisation, in the order of Aspects.
type Scales [3]Scale

// DefaultScales are the default scales of every aspect.
func DefaultScales() Scales {
	return Scales{DefaultScale(Availability), DefaultScale(Integrity), DefaultScale(Confidentiality)}
}

// Of is the scale of an aspect.
func (s Scales) Of(a Aspect) Scale { return s[a.Index()] }

// Levels are the three ranks of a BIA or classification, in the order of Aspects.
type Levels [3]int

// Of is the rank of an aspect.
func (l Levels) Of(a Aspect) int { return l[a.Index()] }

// Derive is the highest of the answers (0 when there are none).
func Derive(answers []int) int {
	best := 0
	for _, a := range answers {
		best = max(best, a)
	}
	return best
}

// DPIANeeded is the "DPIA nodig" rule: personal data and either special
// categories or the highest level of vertrouwelijkheid.
func DPIANeeded(personal, special bool, confidentiality int, scale Scale) bool {
	return personal && (special || (confidentiality > 0 && confidentiality >= scale.Highest()))
}

// BBN is the highest BBN any aspect's level yields (0 when no level is set).
func BBN(scales Scales, levels Levels) int {
	best := 0
	for i, s := range scales {
		best = max(best, s.BBNOf(levels[i]))
	}
	return best
}

// Area is an impact area.
type Area struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Active      bool   `json:"active"`
	SortOrder   int    `json:"sort_order"`
	Version     int    `json:"-"`
}

// Input is the BIA form of one process.
type Input struct {
	// Answers per aspect: impact area id → rank.
	Answers           [3]map[int64]int
	Raised            Levels // 0: not raised
	Rationale         [3]string
	PersonalData      bool
	SpecialCategories bool
	Notes             string
	Version           int // 0 for a first BIA
}

// AnswerField is the form field of one answer.
func AnswerField(a Aspect, areaID int64) string {
	return "a_" + string(a) + "_" + strconv.FormatInt(areaID, 10)
}

// RaiseField and RationaleField are the form fields of a raise.
func RaiseField(a Aspect) string     { return "raise_" + string(a) }
func RationaleField(a Aspect) string { return "rationale_" + string(a) }

// Validate checks what needs neither scale nor areas (trimming the texts).
func (in *Input) Validate() apperr.Validation {
	v := apperr.Validation{}
	rationales(v, &in.Rationale)
	v.Text("notes", &in.Notes, 4000, "", "De toelichting is te lang (maximaal 4000 tekens).")
	if in.SpecialCategories && !in.PersonalData {
		v.Add("special_categories", "Bijzondere persoonsgegevens zijn ook persoonsgegevens: vink ook 'persoonsgegevens' aan.")
	}
	return v
}

// Outcome is what a valid input yields.
type Outcome struct {
	Derived Levels
	Final   Levels
	BBN     int
	DPIA    bool
}

// Evaluate checks the input against the scales and the active areas and
// derives the levels: every active area needs an answer per aspect on its
// scale; a raise must be above the derived level and needs a rationale.
func (in *Input) Evaluate(scales Scales, areas []Area) (Outcome, apperr.Validation) {
	v := in.Validate()
	var out Outcome
	for i, a := range Aspects {
		sc := scales[i]
		var answers []int
		for _, ar := range areas {
			if !ar.Active {
				continue
			}
			rank := in.Answers[i][ar.ID]
			switch {
			case rank == 0:
				v.Add(AnswerField(a, ar.ID), "Kies de impact op "+strings.ToLower(ar.Name)+" voor "+a.lower()+" (het laagste niveau als er geen impact is).")
			case rank > sc.Highest():
				v.Add(AnswerField(a, ar.ID), outOfScale(a, sc))
			default:
				answers = append(answers, rank)
			}
		}
		out.Derived[i] = Derive(answers)
		if out.Derived[i] == 0 {
			out.Derived[i] = 1 // no active areas: the lowest level
		}
		out.Final[i] = out.Derived[i]
		raised := in.Raised[i]
		switch {
		case raised == 0:
			if in.Rationale[i] != "" {
				in.Rationale[i] = "" // a rationale without a raise is not stored
			}
		case raised > sc.Highest():
			v.Add(RaiseField(a), outOfScale(a, sc))
		case raised < out.Derived[i]:
			v.Add(RaiseField(a), "Het niveau voor "+a.lower()+" kan niet lager dan het afgeleide niveau ("+sc.Name(out.Derived[i])+"); laat dit veld leeg of kies een hoger niveau.")
		case raised == out.Derived[i]:
			in.Raised[i], in.Rationale[i] = 0, ""
		default:
			if in.Rationale[i] == "" {
				v.Add(RationaleField(a), "Onderbouw waarom "+a.lower()+" hoger is dan het afgeleide niveau ("+sc.Name(out.Derived[i])+").")
			}
			out.Final[i] = raised
		}
	}
	out.BBN = BBN(scales, out.Final)
	out.DPIA = DPIANeeded(in.PersonalData, in.SpecialCategories, out.Final[Confidentiality.Index()], scales.Of(Confidentiality))
	return out, v
}

// Source is a process's level for one aspect, as input to Classify.
type Source struct {
	ProcessID   int64
	ProcessName string
	Levels      Levels // 0 where the process has no BIA
}

// Derived is an application's derived level per aspect and the processes
// that set it (all processes with that highest level).
type Derived struct {
	Levels Levels
	SetBy  [3][]Source
}

// Classify derives an application's classification from its processes.
func Classify(sources []Source) Derived {
	var d Derived
	for _, s := range sources {
		for i := range Aspects {
			switch {
			case s.Levels[i] == 0:
			case s.Levels[i] > d.Levels[i]:
				d.Levels[i], d.SetBy[i] = s.Levels[i], []Source{s}
			case s.Levels[i] == d.Levels[i]:
				d.SetBy[i] = append(d.SetBy[i], s)
			}
		}
	}
	return d
}

// Effective is the higher of the derived level and the override.
func Effective(derived, override Levels) Levels {
	var e Levels
	for i := range e {
		e[i] = max(derived[i], override[i])
	}
	return e
}

// rationales trims and checks the rationale of a raise per aspect.
func rationales(v apperr.Validation, r *[3]string) {
	for i := range r {
		v.Text(RationaleField(Aspects[i]), &r[i], 2000, "", "De onderbouwing is te lang (maximaal 2000 tekens).")
	}
}

// OverrideInput is the form of an application's override.
type OverrideInput struct {
	Levels    Levels // 0: no override
	Rationale [3]string
	Version   int
}

// Validate trims and checks the lengths.
func (in *OverrideInput) Validate() apperr.Validation {
	v := apperr.Validation{}
	rationales(v, &in.Rationale)
	return v
}

// Check checks the override against the scales and the derived levels: only
// upward, with a rationale. An override equal to or below the derived level
// is dropped (it would change nothing).
func (in *OverrideInput) Check(scales Scales, derived Levels) apperr.Validation {
	v := in.Validate()
	for i, a := range Aspects {
		sc := scales[i]
		switch l := in.Levels[i]; {
		case l == 0:
			in.Rationale[i] = ""
		case l > sc.Highest():
			v.Add(RaiseField(a), outOfScale(a, sc))
		case l < derived[i]:
			v.Add(RaiseField(a), "De classificatie voor "+a.lower()+" kan alleen omhoog: het afgeleide niveau is "+sc.Name(derived[i])+".")
		case l == derived[i]:
			in.Levels[i], in.Rationale[i] = 0, ""
		case in.Rationale[i] == "":
			v.Add(RationaleField(a), "Onderbouw waarom "+a.lower()+" hoger is dan het afgeleide niveau ("+sc.Name(derived[i])+").")
		}
	}
	return v
}

// ScaleInput is the settings form of the three scales.
type ScaleInput struct {
	Scales  Scales
	Version int
}

// LevelField and BBNField are the form fields of one level of a scale.
func LevelField(a Aspect, rank int) string { return "level_" + string(a) + "_" + strconv.Itoa(rank) }
func BBNField(a Aspect, rank int) string   { return "bbn_" + string(a) + "_" + strconv.Itoa(rank) }

// Validate checks the scales: 2 to 5 named levels per aspect without gaps,
// distinct names, each with a BBN that does not go down as the level goes up.
func (in *ScaleInput) Validate() apperr.Validation {
	v := apperr.Validation{}
	for i, a := range Aspects {
		s := &in.Scales[i]
		s.Aspect = a
		var levels []Level
		seen := map[string]bool{}
		gap := false
		for j, l := range s.Levels {
			l.Name = strings.TrimSpace(l.Name)
			rank := j + 1
			if l.Name == "" {
				gap = true
				continue
			}
			if gap {
				v.Add(LevelField(a, rank), "Vul de niveaus van "+a.lower()+" aaneengesloten in, van laag naar hoog, zonder lege regel ertussen.")
			}
			if len([]rune(l.Name)) > 60 {
				v.Add(LevelField(a, rank), "De naam van het niveau is te lang (maximaal 60 tekens).")
			}
			if seen[strings.ToLower(l.Name)] {
				v.Add(LevelField(a, rank), "Elk niveau van "+a.lower()+" heeft een eigen naam.")
			}
			seen[strings.ToLower(l.Name)] = true
			if l.BBN < 1 || l.BBN > 3 {
				v.Add(BBNField(a, rank), "Kies de BBN (1, 2 of 3) van dit niveau.")
			} else if len(levels) > 0 && l.BBN < levels[len(levels)-1].BBN {
				v.Add(BBNField(a, rank), "Een hoger niveau geeft geen lagere BBN dan het niveau eronder.")
			}
			levels = append(levels, Level{Rank: len(levels) + 1, Name: l.Name, BBN: l.BBN})
		}
		if len(levels) < MinLevels {
			v.Add(LevelField(a, 1), "Geef "+a.lower()+" minstens twee niveaus.")
		}
		if len(levels) > MaxLevels {
			v.Add(LevelField(a, MaxLevels+1), "Een schaal heeft hoogstens vijf niveaus.")
		}
		s.Levels = levels
	}
	return v
}

// AreaInput is the form of an impact area.
type AreaInput struct {
	Name        string
	Description string
	Active      bool
	SortOrder   int
	Version     int
}

// Validate trims and checks the area.
func (in *AreaInput) Validate() apperr.Validation {
	v := apperr.Validation{}
	v.Text("name", &in.Name, 120, "Vul de naam van het impactgebied in.", "De naam is te lang (maximaal 120 tekens).")
	v.Text("description", &in.Description, 1000, "", "De omschrijving is te lang (maximaal 1000 tekens).")
	return v
}
