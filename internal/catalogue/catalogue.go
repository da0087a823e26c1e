// Package catalogue holds the structure of the security baselines Baken
// ships (BIO2 on ISO/IEC 27002:2022 and BIO 1.04 on ISO/IEC 27002:2013), the
// correspondence between the two ISO editions, and the parsers for the files
// a user imports: the catalogue CSV format (docs/catalogue-csv.md) and the
// BIO2 markdown that carries the official wording of the government measures.
//
// The package is pure: no database, no I/O beyond the readers it is given.
// The built-in data carries numbers, hierarchy and short titles in Baken's
// own words; the official texts belong to their publishers and only enter
// through an import (Item.Text).
package catalogue

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

//go:embed data/bio2.csv data/bio104.csv data/mapping_2013_2022.csv
var dataFS embed.FS

// Codes of the built-in frameworks.
const (
	CodeBIO2   = "BIO2"
	CodeBIO104 = "BIO1.04"
)

// Kind is the level of an item in a framework's hierarchy. The values are
// the ones used in the CSV format.
type Kind string

const (
	KindTheme     Kind = "theme"     // ISO 27002:2022 theme (5–8)
	KindChapter   Kind = "chapter"   // ISO 27002:2013 chapter (5–18)
	KindObjective Kind = "objective" // ISO 27002:2013 control objective (9.2)
	KindControl   Kind = "control"   // ISO control (5.1 or 9.2.3)
	KindMeasure   Kind = "measure"   // government measure (5.01.01 or 9.2.3.1)
)

// Kinds returns every kind, top level first.
func Kinds() []Kind {
	return []Kind{KindTheme, KindChapter, KindObjective, KindControl, KindMeasure}
}

// ParseKind returns the kind for its CSV value.
func ParseKind(s string) (Kind, bool) {
	k := Kind(s)
	return k, slices.Contains(Kinds(), k)
}

// Label is the Dutch name shown to users.
func (k Kind) Label() string {
	switch k {
	case KindTheme:
		return "thema"
	case KindChapter:
		return "hoofdstuk"
	case KindObjective:
		return "beheersdoelstelling"
	case KindControl:
		return "beheersmaatregel"
	case KindMeasure:
		return "overheidsmaatregel"
	}
	return string(k)
}

// Values of Item.Hygiene. A measure may carry a combination; it is written
// with '+' between the types in the order of this list (see HygieneTypes).
const (
	HygieneBasis    = "basishygiene"
	HygieneKeten    = "ketenhygiene"
	HygieneOverheid = "overheidsrisico"
)

var hygieneOrder = []string{HygieneBasis, HygieneKeten, HygieneOverheid}

// HygieneLabel is the Dutch name of one hygiene type.
func HygieneLabel(t string) string {
	switch t {
	case HygieneBasis:
		return "basishygiëne"
	case HygieneKeten:
		return "ketenhygiëne"
	case HygieneOverheid:
		return "overheidsrisico"
	}
	return t
}

// HygieneTypes splits an Item.Hygiene value into its types; nil for "".
func HygieneTypes(h string) []string {
	if h == "" {
		return nil
	}
	return strings.Split(h, "+")
}

// Values of Item.CbwScope. "nee" marks a measure (or control) outside the
// scope of the Cyberbeveiligingswet, where self-regulation applies instead.
const (
	CbwInScope    = "ja"
	CbwOutOfScope = "nee"
)

// Item is one row of a framework: a theme, chapter, objective, control or
// government measure.
type Item struct {
	Kind     Kind
	Number   string // "5.1", "9.2.3", "5.01.01"
	Parent   string // number of the parent item; "" at top level
	Title    string // short title in Baken's own words (or the importer's)
	Hygiene  string // "", one hygiene type, or types joined by '+'
	CbwScope string // "", CbwInScope or CbwOutOfScope
	BBN      int    // basisbeveiligingsniveau 1–3; 0 when not set
	Text     string // official wording; empty unless imported
}

// Framework is a catalogue of controls, with its items in document order.
type Framework struct {
	Code    string // "BIO2", "BIO1.04"
	Name    string
	Version string
	Norm    string // the ISO edition it is built on
	Items   []Item
}

// MappingPair pairs an ISO/IEC 27002:2013 control (as used by BIO 1.04) with an
// ISO/IEC 27002:2022 control (as used by BIO2).
type MappingPair struct {
	From string // 2013 control, e.g. "12.6.1"
	To   string // 2022 control, e.g. "8.8"
}

type builtinData struct {
	frameworks []Framework
	mapping    []MappingPair
}

var loadBuiltin = sync.OnceValues(func() (builtinData, error) {
	var d builtinData
	defs := []struct {
		file string
		fw   Framework
	}{
		{"data/bio2.csv", Framework{Code: CodeBIO2, Name: "BIO2 – Baseline Informatiebeveiliging Overheid 2", Version: "1.3", Norm: "ISO/IEC 27002:2022"}},
		{"data/bio104.csv", Framework{Code: CodeBIO104, Name: "BIO 1.04 – Baseline Informatiebeveiliging Overheid", Version: "1.04", Norm: "ISO/IEC 27002:2013"}},
	}
	for _, def := range defs {
		b, err := dataFS.ReadFile(def.file)
		if err != nil {
			return d, err
		}
		items, err := ParseCSV(bytes.NewReader(b))
		if err != nil {
			return d, fmt.Errorf("%s: %w", def.file, err)
		}
		def.fw.Items = items
		d.frameworks = append(d.frameworks, def.fw)
	}
	b, err := dataFS.ReadFile("data/mapping_2013_2022.csv")
	if err != nil {
		return d, err
	}
	d.mapping, err = parseMapping(b, d.frameworks[1].Items, d.frameworks[0].Items)
	if err != nil {
		return d, fmt.Errorf("data/mapping_2013_2022.csv: %w", err)
	}
	return d, nil
})

func mustBuiltin() builtinData {
	d, err := loadBuiltin()
	if err != nil {
		// The embedded files are checked by the package tests; reaching this
		// is a build defect, not a runtime condition.
		panic("catalogue: embedded data is invalid: " + err.Error())
	}
	return d
}

// Builtin returns the built-in frameworks, BIO2 first, then BIO 1.04. The
// embedded files are parsed once; every call returns fresh copies the
// caller may change.
func Builtin() []Framework {
	d := mustBuiltin()
	out := make([]Framework, len(d.frameworks))
	for i, fw := range d.frameworks {
		fw.Items = slices.Clone(fw.Items)
		out[i] = fw
	}
	return out
}

// BuiltinFramework returns one built-in framework by code.
func BuiltinFramework(code string) (Framework, bool) {
	for _, fw := range Builtin() {
		if fw.Code == code {
			return fw, true
		}
	}
	return Framework{}, false
}

// Mapping returns the correspondence from ISO/IEC 27002:2013 controls
// (BIO 1.04) to ISO/IEC 27002:2022 controls (BIO2), after ISO/IEC
// 27002:2022 Annex B. Every 2013 control has at least one pair; 2022
// controls that are new in that edition have none. Sorted by From, then To.
func Mapping() []MappingPair {
	return slices.Clone(mustBuiltin().mapping)
}

func parseMapping(b []byte, from, to []Item) ([]MappingPair, error) {
	controls := func(items []Item) map[string]bool {
		m := map[string]bool{}
		for _, it := range items {
			if it.Kind == KindControl {
				m[it.Number] = true
			}
		}
		return m
	}
	fromSet, toSet := controls(from), controls(to)
	r := csv.NewReader(bytes.NewReader(b))
	recs, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != "iso2013,iso2022" {
		return nil, fmt.Errorf("kopregel moet 'iso2013,iso2022' zijn")
	}
	seen := map[MappingPair]bool{}
	var out []MappingPair
	for i, rec := range recs[1:] {
		p := MappingPair{From: rec[0], To: rec[1]}
		switch {
		case !fromSet[p.From]:
			return nil, fmt.Errorf("regel %d: onbekende 2013-beheersmaatregel %q", i+2, p.From)
		case !toSet[p.To]:
			return nil, fmt.Errorf("regel %d: onbekende 2022-beheersmaatregel %q", i+2, p.To)
		case seen[p]:
			return nil, fmt.Errorf("regel %d: dubbele koppeling %s → %s", i+2, p.From, p.To)
		}
		seen[p] = true
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b MappingPair) int {
		if c := CompareNumbers(a.From, b.From); c != 0 {
			return c
		}
		return CompareNumbers(a.To, b.To)
	})
	return out, nil
}

// CompareNumbers orders item numbers naturally: segment by segment,
// numerically where both segments are numbers ("5.2" < "5.10" < "6"),
// shorter before longer ("5" < "5.1"); numbers equal in value ("5.01.01",
// "5.1.1") fall back to plain text order.
func CompareNumbers(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		an, aerr := strconv.Atoi(as[i])
		bn, berr := strconv.Atoi(bs[i])
		if aerr == nil && berr == nil {
			if an != bn {
				if an < bn {
					return -1
				}
				return 1
			}
			continue
		}
		if c := strings.Compare(as[i], bs[i]); c != 0 {
			return c
		}
	}
	if c := len(as) - len(bs); c != 0 {
		if c < 0 {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}
