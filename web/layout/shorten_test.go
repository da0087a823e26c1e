package layout

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestShorten(t *testing.T) {
	cases := []struct {
		in   string
		max  int
		want string
	}{
		{"Beleid voor informatiebeveiliging", 120, "Beleid voor informatiebeveiliging"},
		{"  kort  ", 10, "kort"},
		{"Beleid voor informatiebeveiliging", 20, "Beleid voor…"},
		{"Beleid voor informatiebeveiliging", 12, "Beleid voor…"}, // the cut falls on the space
		{"Rollen, taken en verantwoordelijkheden", 16, "Rollen, taken…"},
		{"Rollen, taken en verantwoordelijkheden", 9, "Rollen…"}, // trailing comma dropped
		{"Informatiebeveiligingsbeleid", 10, "Informati…"},       // one long word
		{"Één ïnformatie ûitwisseling", 16, "Één ïnformatie…"},   // runes, not bytes
		{"abc", 1, "abc"},
	}
	for _, c := range cases {
		got := Shorten(c.in, c.max)
		if got != c.want {
			t.Errorf("Shorten(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
		if c.max >= 2 && utf8.RuneCountInString(got) > c.max {
			t.Errorf("Shorten(%q, %d) = %q is longer than %d runes", c.in, c.max, got, c.max)
		}
	}
	long := strings.Repeat("woord ", 40)
	if got := Shorten(long, ListTitleRunes); !strings.HasSuffix(got, "woord…") || utf8.RuneCountInString(got) > ListTitleRunes {
		t.Errorf("long title shortened to %q", got)
	}
	if !Shortened(long, ListTitleRunes) || Shortened("kort", ListTitleRunes) {
		t.Error("Shortened disagrees with Shorten")
	}
}
