package layout

import (
	"strconv"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/links"
	"github.com/baken-nl/baken/internal/nl"
	"github.com/baken-nl/baken/internal/org"
)

// The formatting helpers every view package shares: dates in Dutch notation,
// numbers and ids as text, select options from domain values.

// DateTime formats a timestamp in Dutch local time.
func DateTime(t time.Time) string {
	return t.In(nl.Amsterdam).Format("02-01-2006 15:04")
}

// OptDateTime formats an optional timestamp, none for nil.
func OptDateTime(t *time.Time, none string) string {
	if t == nil {
		return none
	}
	return DateTime(*t)
}

// Date formats an optional date in Dutch notation, "–" for none.
func Date(t *time.Time) string {
	if t == nil {
		return "–"
	}
	return t.Format("02-01-2006")
}

// DateInput formats an optional date for an <input type=date>.
func DateInput(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format("2006-01-02")
}

// Itoa is n as text.
func Itoa(n int) string { return strconv.Itoa(n) }

// FormatID is an id (or another int64) as text.
func FormatID(n int64) string { return strconv.FormatInt(n, 10) }

// IDString is an optional id as a form value, "" for 0 (none chosen).
func IDString(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// IDSet is the set of ids as form values, for Checkboxes.
func IDSet(ids []int64) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[strconv.FormatInt(id, 10)] = true
	}
	return m
}

// IDURL is the path of item id under base.
func IDURL(base string, id int64) string { return base + "/" + strconv.FormatInt(id, 10) }

// TitleFor is the heading of a form: newTitle for a new item (id 0).
func TitleFor(id int64, newTitle, editTitle string) string {
	if id == 0 {
		return newTitle
	}
	return editTitle
}

// ActionFor is where a form posts: base for a new item, base/id otherwise.
func ActionFor(base string, id int64) string {
	if id == 0 {
		return base
	}
	return IDURL(base, id)
}

// OptNumber is a rank or count as a form value, "" for 0 (none chosen).
func OptNumber(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// OrDash is s, or "–" when it is blank.
func OrDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "–"
	}
	return s
}

// YesNo is "Ja" or "Nee".
func YesNo(b bool) string {
	if b {
		return "Ja"
	}
	return "Nee"
}

// JoinComma joins names with ", ".
func JoinComma(s []string) string { return strings.Join(s, ", ") }

// Lines are the non-blank lines of s, trimmed.
func Lines(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// TextOrNotYet is s, or "Nog niet ingevuld." when it is blank.
func TextOrNotYet(s string) string {
	if strings.TrimSpace(s) == "" {
		return "Nog niet ingevuld."
	}
	return s
}

// blocks splits a text into paragraphs (blank lines) of lines.
func blocks(s string) [][]string {
	var out [][]string
	for _, block := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if block = strings.TrimSpace(block); block != "" {
			out = append(out, strings.Split(block, "\n"))
		}
	}
	return out
}

// ValueOptions turns a domain's list of values with their Dutch labels
// (statuses, causes, bodies, treatments, …) into select options, in its
// order.
func ValueOptions[T ~struct{ Value, Label string }](in []T) []Option {
	out := make([]Option, len(in))
	for i, o := range in {
		out[i] = Option(o)
	}
	return out
}

// OrgOptions turns afdelingen, processen, applicaties or users into select
// options.
func OrgOptions(in []org.Option) []Option {
	out := make([]Option, len(in))
	for i, o := range in {
		out[i] = Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name}
	}
	return out
}

// GroupedOptions turns linkable items into select options labelled with
// their group ("Proces (Afdeling)").
func GroupedOptions(cs []links.Choice) []Option {
	out := make([]Option, len(cs))
	for i, c := range cs {
		label := c.Label
		if c.Group != "" {
			label += " (" + c.Group + ")"
		}
		out[i] = Option{Value: strconv.FormatInt(c.ID, 10), Label: label}
	}
	return out
}

// ToneOf is the badge tone of value in tones, fallback for any other value.
func ToneOf(tones map[string]string, value, fallback string) string {
	if t, ok := tones[value]; ok {
		return t
	}
	return fallback
}
