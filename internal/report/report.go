// Package report turns the organisation's compliance data into files: the
// Verklaring van Toepasselijkheid and the GAP analysis as XLSX, and the GAP
// analysis as PDF for the directie. The functions are pure: they get what the
// handler read in one transaction and never query anything themselves.
package report

import (
	"github.com/baken-nl/baken/internal/nl"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/baken-nl/baken/internal/catalogue"
	"github.com/baken-nl/baken/internal/compliance"
)

// Local is t in Dutch local time: the date of a report is the date in the
// Netherlands, also on a server that runs in UTC.
func Local(t time.Time) time.Time { return nl.Local(t) }

// Attention returns the applicable controls and measures without an owner
// and those whose next review date has passed: the two lists of the GAP
// analysis. The selection is the one compliance.Summarise counts as NoOwner
// and Overdue, so the lists and the totals agree.
func Attention(controls []compliance.Control, today time.Time) (noOwner, overdue []compliance.Control) {
	for _, c := range controls {
		if !counted(c) {
			continue
		}
		if c.OwnerDeptID == 0 {
			noOwner = append(noOwner, c)
		}
		if c.ReviewOverdue(today) {
			overdue = append(overdue, c)
		}
	}
	return noOwner, overdue
}

// counted reports whether Summarise counts c in the GAP figures.
func counted(c compliance.Control) bool {
	return c.Applicable && c.Status != compliance.NotApplicable
}

// GroupLabel names the top level of the framework: "Thema" for ISO
// 27002:2022 (BIO2), "Hoofdstuk" for ISO 27002:2013 (BIO 1.04).
func GroupLabel(fw compliance.Framework) string {
	if fw.Code == catalogue.CodeBIO104 {
		return "Hoofdstuk"
	}
	return "Thema"
}

// KindLabel is "Beheersmaatregel" or "Overheidsmaatregel".
func KindLabel(kind string) string {
	l := catalogue.Kind(kind).Label()
	if l == "" {
		return l
	}
	r := []rune(l)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// HygieneText lists the hygiene types of an item in Dutch ("basishygiëne, ketenhygiëne").
func HygieneText(h string) string {
	types := catalogue.HygieneTypes(h)
	labels := make([]string, len(types))
	for i, t := range types {
		labels[i] = catalogue.HygieneLabel(t)
	}
	return strings.Join(labels, ", ")
}

// YesNo is "Ja" or "Nee".
func YesNo(b bool) string {
	if b {
		return "Ja"
	}
	return "Nee"
}

// Decimal formats f with one decimal and a Dutch decimal comma ("2,6").
func Decimal(f float64) string {
	return strings.Replace(strconv.FormatFloat(f, 'f', 1, 64), ".", ",", 1)
}

// Date formats an optional date in Dutch notation; "" when absent.
func Date(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format("02-01-2006")
}

// AmbitionText describes the directie's ambition in one sentence.
func AmbitionText(a compliance.Ambition) string {
	if a.TargetMaturity == 0 {
		return "De directie heeft nog geen ambitie vastgesteld."
	}
	s := "Ambitie van de directie: volwassenheidsniveau " + compliance.MaturityLabel(a.TargetMaturity)
	if a.TargetDate != nil {
		s += ", te bereiken op " + a.TargetDate.Format("02-01-2006")
	}
	return s + "."
}

// Distribution writes the maturity distribution as "1: 3 · 2: 5 · …".
func Distribution(g compliance.GroupSummary) string {
	parts := make([]string, 0, 5)
	for level := 1; level <= 5; level++ {
		parts = append(parts, strconv.Itoa(level)+": "+strconv.Itoa(g.Distribution[level]))
	}
	return strings.Join(parts, " · ")
}

// Slug makes a name safe for a file name: lower case ASCII letters, digits
// and single hyphens ("Gemeente Súdwest-Fryslân" → "gemeente-sudwest-fryslan").
func Slug(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		if f, ok := fold[r]; ok {
			r = f
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			hyphen = false
		case r == 'ß':
			b.WriteString("ss")
			hyphen = false
		case b.Len() > 0 && !hyphen:
			b.WriteByte('-')
			hyphen = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if len(out) > 60 {
		out = strings.TrimSuffix(out[:60], "-")
	}
	if out == "" {
		return "export"
	}
	return out
}

// fold maps the accented letters of Dutch, Frisian and the neighbouring
// languages to their base letter.
var fold = func() map[rune]rune {
	m := map[rune]rune{}
	for base, letters := range map[rune]string{
		'a': "àáâãäåā", 'c': "çć", 'e': "èéêëē", 'i': "ìíîïī", 'n': "ñń",
		'o': "òóôõöøō", 'u': "ùúûüū", 'y': "ýÿ",
	} {
		for _, l := range letters {
			m[l] = base
		}
	}
	return m
}()

// FileName is the download name of a report: kind, organisation,
// framework and the date, e.g. "vvt-gemeente-voorbeeld-bio2-2026-11-23.xlsx".
func FileName(kind, org string, fw compliance.Framework, generated time.Time, ext string) string {
	return kind + "-" + Slug(org) + "-" + Slug(fw.Code) + "-" + Local(generated).Format("2006-01-02") + "." + ext
}
