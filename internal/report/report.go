// Package report holds the file formats of the exports and nothing of the
// domain: a table writer for XLSX (Workbook), a document builder for PDF
// (Doc) with the embedded UTF-8 font, and the helpers for file names and
// Dutch notation. The domain packages build their exports on it
// (compliance: the VvT and the GAP analysis; plan: the plan of action).
package report

import (
	"strconv"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/nl"
)

// Local is t in Dutch local time: the date of a report is the date in the
// Netherlands, also on a server that runs in UTC.
func Local(t time.Time) time.Time { return nl.Local(t) }

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

// FileName is the download name of a report: kind, organisation, a
// qualifier (the framework's code, say) and the date in the Netherlands,
// e.g. "vvt-gemeente-voorbeeld-bio2-2026-11-23.xlsx".
func FileName(kind, org, qualifier string, generated time.Time, ext string) string {
	return kind + "-" + Slug(org) + "-" + Slug(qualifier) + "-" + Local(generated).Format("2006-01-02") + "." + ext
}
