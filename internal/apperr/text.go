package apperr

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Text trims *s and checks its length: empty, when empty is not "", records
// empty; more than maxRunes characters records tooLong. The messages are the
// form's own (Dutch).
func (v Validation) Text(field string, s *string, maxRunes int, empty, tooLong string) {
	*s = strings.TrimSpace(*s)
	switch {
	case *s == "" && empty != "":
		v.Add(field, empty)
	case utf8.RuneCountInString(*s) > maxRunes:
		v.Add(field, tooLong)
	}
}

// Named checks an already trimmed value by the label of its field ("de
// naam"): "Vul de naam in." when required and empty, "Naam is te lang
// (maximaal n tekens)." when longer than maxRunes.
func (v Validation) Named(field, value, label string, required bool, maxRunes int) {
	switch {
	case required && value == "":
		v.Add(field, "Vul "+label+" in.")
	case utf8.RuneCountInString(value) > maxRunes:
		v.Add(field, fmt.Sprintf("%s is te lang (maximaal %d tekens).", capitalise(label), maxRunes))
	}
}

// NamedLine is Named for a one-line value (a name): no line breaks, and none
// of the invisible direction controls that make a name display as something
// else (the "Trojan Source" characters).
func (v Validation) NamedLine(field, value, label string, required bool, maxRunes int) {
	v.Named(field, value, label, required, maxRunes)
	if strings.ContainsFunc(value, func(r rune) bool {
		return r == '\n' || r == '\r' || r == '\t' || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F
	}) {
		v.Add(field, capitalise(label)+" mag geen regelovergang of onzichtbare leesrichtingstekens bevatten.")
	}
}

// capitalise turns a label ("de naam") into the start of a sentence ("Naam").
func capitalise(s string) string {
	s = strings.TrimPrefix(s, "de ")
	s = strings.TrimPrefix(s, "het ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
