package pages

import (
	"strconv"
	"time"

	"github.com/baken-nl/baken/internal/links"
	"github.com/baken-nl/baken/web/layout"
)

// valueOptions turns a domain's list of values with their Dutch labels
// (statuses, causes, bodies, treatments, …) into select options, in its
// order.
func valueOptions[T ~struct{ Value, Label string }](in []T) []layout.Option {
	out := make([]layout.Option, len(in))
	for i, o := range in {
		out[i] = layout.Option(o)
	}
	return out
}

// groupedOptions turns linkable items into select options labelled with
// their group ("Proces (Afdeling)").
func groupedOptions(cs []links.Choice) []layout.Option {
	out := make([]layout.Option, len(cs))
	for i, c := range cs {
		label := c.Label
		if c.Group != "" {
			label += " (" + c.Group + ")"
		}
		out[i] = layout.Option{Value: strconv.FormatInt(c.ID, 10), Label: label}
	}
	return out
}

// optNumber is a rank or count as a form value, "" for 0 (none chosen).
func optNumber(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// dateOrDash is a date as 02-01-2006, "–" for none.
func dateOrDash(t *time.Time) string {
	if t == nil {
		return "–"
	}
	return t.Format("02-01-2006")
}

// toneOf is the badge tone of value in tones, fallback for any other value.
func toneOf(tones map[string]string, value, fallback string) string {
	if t, ok := tones[value]; ok {
		return t
	}
	return fallback
}
