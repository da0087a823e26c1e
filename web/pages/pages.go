// Package pages holds the templ views of the portal, one file per domain.
// Views get typed view models; they never query anything themselves.
package pages

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"

	"github.com/baken-nl/baken/internal/nl"

	"github.com/baken-nl/baken/web/layout"
)

// LoginForm is the state of the login form.
type LoginForm struct {
	Email string
	Next  string
	Form  layout.Form
}

// DateTime formats a timestamp in Dutch local time.
func DateTime(t time.Time) string {
	return t.In(nl.Amsterdam).Format("02-01-2006 15:04")
}

// OptDateTime formats an optional timestamp.
func OptDateTime(t *time.Time, none string) string {
	if t == nil {
		return none
	}
	return DateTime(*t)
}

func itoa(n int) string                  { return strconv.Itoa(n) }
func i64(n int64) string                 { return strconv.FormatInt(n, 10) }
func idURL(base string, id int64) string { return base + "/" + strconv.FormatInt(id, 10) }

// prettyJSON indents a stored JSON document for display.
func prettyJSON(b []byte) string {
	if len(b) == 0 {
		return "–"
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, b, "", "  "); err != nil {
		return string(b)
	}
	return buf.String()
}
