package layout

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ListTitleRunes is how much of a title a list row shows; the control's page
// and every export show the whole official text.
const ListTitleRunes = 120

// Shorten cuts s to at most max runes at a word boundary and marks the cut
// with an ellipsis (counted in max). A single word longer than max is cut
// inside the word. Text that fits is returned as it is.
func Shorten(s string, max int) string {
	s = strings.TrimSpace(s)
	if max < 2 || utf8.RuneCountInString(s) <= max {
		return s
	}
	runes := []rune(s)
	cut := runes[:max-1] // leave room for the ellipsis
	// The last space within the budget ends the last whole word, unless the
	// cut already falls on a boundary.
	if !unicode.IsSpace(runes[max-1]) {
		if i := lastSpace(cut); i > 0 {
			cut = cut[:i]
		}
	}
	return strings.TrimRightFunc(string(cut), func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) + "…"
}

func lastSpace(rs []rune) int {
	for i := len(rs) - 1; i >= 0; i-- {
		if unicode.IsSpace(rs[i]) {
			return i
		}
	}
	return -1
}

// Shortened reports whether Shorten(s, max) drops text (then the list shows
// the full title as a tooltip).
func Shortened(s string, max int) bool {
	return utf8.RuneCountInString(strings.TrimSpace(s)) > max
}
