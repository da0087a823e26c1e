package layout

import (
	"context"
	"io"

	"github.com/a-h/templ"

	"github.com/baken-nl/baken/internal/links"
)

// Link is one link of a CommaLinks list.
type Link struct{ Href, Text, Title string }

// LinksOf turns linked items into links to their pages, labelled with
// their short label and titled with their title ("5.15", title
// "Toegangsbeveiliging").
func LinksOf(ts []links.Target) []Link {
	out := make([]Link, len(ts))
	for i, t := range ts {
		out[i] = Link{Href: t.Href(), Text: t.Label, Title: t.Title}
	}
	return out
}

// CommaLinks renders links separated by ", ". Written here rather than as a
// templ loop, which puts a space before every comma.
func CommaLinks(ls []Link) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		for i, l := range ls {
			sep := ", "
			if i == 0 {
				sep = ""
			}
			title := ""
			if l.Title != "" {
				title = ` title="` + templ.EscapeString(l.Title) + `"`
			}
			if _, err := io.WriteString(w, sep+`<a class="utrecht-link" href="`+templ.EscapeString(l.Href)+`"`+title+`>`+
				templ.EscapeString(l.Text)+`</a>`); err != nil {
				return err
			}
		}
		return nil
	})
}
