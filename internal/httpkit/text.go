package httpkit

import (
	"net/url"
	"unicode/utf8"
)

// ValidText reports whether s is valid UTF-8 without control characters
// other than tab, newline and carriage return: what a form or query may
// carry (the portal answers anything else with a 400, before any handler).
func ValidText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			return false
		}
	}
	return true
}

// ValidValues is ValidText for every name and value.
func ValidValues(v url.Values) bool {
	for k, vals := range v {
		if !ValidText(k) {
			return false
		}
		for _, s := range vals {
			if !ValidText(s) {
				return false
			}
		}
	}
	return true
}
