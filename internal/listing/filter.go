package listing

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/baken-nl/baken/internal/httpkit"
)

// Kind is how a filter reads its query parameter.
type Kind uint8

// The kinds of filter.
const (
	Enum Kind = iota // one of Values; anything else is an error
	ID               // a positive id, or one of Values (a word such as "geen"); "0" is no filter
	Int              // a whole number in [Min, Max]
	Flag             // set by its one value Values[0] ("1" when Values is empty); any other value is an error
	Bool             // set by "1", "on" or "true"; anything else is simply not set
	Text             // free text, trimmed; never an error
)

// Field declares one filter of a list: its query parameter, how it is read
// and, optionally, the SQL column it narrows (see Filter.Where).
type Field struct {
	Name     string   // the query parameter
	Kind     Kind     // how the value is read
	Values   []string // Enum: the allowed values; ID: words allowed besides an id; Flag: the value that sets it
	Min, Max int      // Int: the bounds, inclusive
	Column   string   // the column a plain equality filter narrows; "" when the store writes its own predicate
	Lenient  bool     // a bad value is dropped without an error (a filter that old links may carry with retired values)
}

// Filters is the one definition of a list's filters, shared by the list
// page and its exports: Parse reads a query string with it, the result
// gives the typed values, the view's selected values, the export URL and
// the SQL of the plain filters.
type Filters []Field

// Filter is a query string read with a Filters definition.
type Filter struct {
	fields Filters
	vals   map[string]string // the canonical value of every field that is set
	list   url.Values        // q, sort and dir as sent, for the export URL
}

// listParams are the list parameters an export URL keeps (page is left out:
// an export has every page).
var listParams = []string{"q", "sort", "dir"}

// Parse reads the filters from v. A malformed value leaves its filter unset
// and is reported, with a Dutch message per field, in the error (an
// apperr.Invalid, which kit.Fail answers with a 400); a list that ignores
// bad values drops the error.
func (fs Filters) Parse(v url.Values) (Filter, error) {
	q, lenient := httpkit.Of(v), httpkit.Of(v)
	f := Filter{fields: fs, vals: map[string]string{}, list: url.Values{}}
	for _, fd := range fs {
		x := q
		if fd.Lenient {
			x = lenient // its errors are never read
		}
		var s string
		switch fd.Kind {
		case Enum:
			s = x.OneOf(fd.Name, fd.Values...)
		case ID:
			if s = x.String(fd.Name); !slices.Contains(fd.Values, s) {
				s = formatID(x.ID(fd.Name))
			}
		case Int:
			if n := x.Int(fd.Name, fd.Min, fd.Max); n != 0 || x.String(fd.Name) == "0" && fd.Min <= 0 && fd.Max >= 0 {
				s = strconv.Itoa(n)
			}
		case Flag:
			s = x.OneOf(fd.Name, fd.on())
		case Bool:
			if x.Bool(fd.Name) {
				s = "1"
			}
		case Text:
			s = x.String(fd.Name)
		}
		if s != "" {
			f.vals[fd.Name] = s
		}
	}
	for _, k := range listParams {
		if s := v.Get(k); s != "" {
			f.list.Set(k, s)
		}
	}
	return f, q.Err()
}

func (fd Field) on() string {
	if len(fd.Values) > 0 {
		return fd.Values[0]
	}
	return "1"
}

func formatID(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// Get is the value of a filter as the filter bar selects it ("" when not
// set): the allowed value, the id or the number as text, the flag's value.
func (f Filter) Get(name string) string { return f.vals[name] }

// ID is the id of an ID filter; 0 when not set or set to a word.
func (f Filter) ID(name string) int64 {
	n, _ := strconv.ParseInt(f.vals[name], 10, 64)
	return n
}

// Int is the number of an Int filter; 0 when not set.
func (f Filter) Int(name string) int {
	n, _ := strconv.Atoi(f.vals[name])
	return n
}

// On reports whether a filter is set (a flag is on).
func (f Filter) On(name string) bool { return f.vals[name] != "" }

// Active reports whether any filter is set.
func (f Filter) Active() bool { return len(f.vals) > 0 }

// Values are the set filters with the list's search and sort, without the
// page: the query string of an export of the same selection.
func (f Filter) Values() url.Values {
	v := url.Values{}
	for k, s := range f.list {
		v[k] = append([]string(nil), s...)
	}
	for _, fd := range f.fields {
		if s := f.vals[fd.Name]; s != "" {
			v.Set(fd.Name, s)
		}
	}
	return v
}

// Query is "?" and the encoded Values, or "" when there are none.
func (f Filter) Query() string {
	if v := f.Values(); len(v) > 0 {
		return "?" + v.Encode()
	}
	return ""
}

// URL is path with the same selection (an export link of the list).
func (f Filter) URL(path string) string { return path + f.Query() }

// Where is the conjunction of the filters that name a Column, as
// " AND (…)" terms with placeholders numbered from next, and their
// arguments in that order; an unset filter's term is true. A domain store
// appends it to the WHERE it owns.
func (f Filter) Where(next int) (string, []any) {
	var b strings.Builder
	var args []any
	for _, fd := range f.fields {
		if fd.Column == "" {
			continue
		}
		n := "$" + strconv.Itoa(next+len(args))
		switch fd.Kind {
		case ID:
			b.WriteString(" AND (" + n + "::bigint = 0 OR " + fd.Column + " = " + n + ")")
			args = append(args, f.ID(fd.Name))
		case Int:
			b.WriteString(" AND (" + n + "::int = 0 OR " + fd.Column + " = " + n + ")")
			args = append(args, f.Int(fd.Name))
		case Flag, Bool:
			b.WriteString(" AND (NOT " + n + "::bool OR " + fd.Column + ")")
			args = append(args, f.On(fd.Name))
		default:
			b.WriteString(" AND (" + n + "::text = '' OR " + fd.Column + " = " + n + ")")
			args = append(args, f.Get(fd.Name))
		}
	}
	return b.String(), args
}

// Strings are the values of a list of string-typed values (an enum.Set's
// Values), for an Enum field.
func Strings[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// Choice is the shape of the domains' lists of choices: a stored value with
// its Dutch label.
type Choice = struct{ Value, Label string }

// ChoiceValues are the values of a list of choices (incident.Statuses,
// risk.Treatments, …), for an Enum field.
func ChoiceValues[T ~Choice](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = Choice(x).Value
	}
	return out
}
