// Package httpkit is the shared kit of the HTTP handlers: typed readers for
// query strings and forms that report bad values instead of swallowing them,
// the one redirect target check, and the one download helper. It knows HTTP
// and apperr, no domain.
package httpkit

import (
	"errors"
	"math"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/baken-nl/baken/internal/apperr"
)

// MaxID is the largest id a request may name. Ids are bigint in the schema,
// but no organisation comes near 2^31 rows; the bound keeps every value inside
// what any parameter (integer or bigint) accepts.
const MaxID = math.MaxInt32

// MaxVersion bounds optimistic-locking versions (an integer column).
const MaxVersion = math.MaxInt32

// Values reads typed values from a query string or a form and collects a
// Dutch message per field for every value that does not parse or is out of
// range. Empty means "not given" and is never an error here: the services
// decide what is required.
type Values struct {
	v    url.Values
	errs apperr.Validation
}

// Query reads the request's query string.
func Query(r *http.Request) *Values { return &Values{v: r.URL.Query(), errs: apperr.Validation{}} }

// Form reads the request's parsed form (call ParseForm first).
func Form(r *http.Request) *Values { return &Values{v: r.PostForm, errs: apperr.Validation{}} }

// Of reads v (for tests and non-request sources).
func Of(v url.Values) *Values { return &Values{v: v, errs: apperr.Validation{}} }

// String is the trimmed value of name.
func (x *Values) String(name string) string { return strings.TrimSpace(x.v.Get(name)) }

// Raw is the value of name as sent (passwords, texts whose spaces matter).
func (x *Values) Raw(name string) string { return x.v.Get(name) }

// Bool is true for "1", "on" and "true".
func (x *Values) Bool(name string) bool {
	switch x.String(name) {
	case "1", "on", "true":
		return true
	}
	return false
}

// Has reports whether value is among the values of a multi-valued field
// (a group of checkboxes sharing one name).
func (x *Values) Has(name, value string) bool {
	for _, s := range x.v[name] {
		if strings.TrimSpace(s) == value {
			return true
		}
	}
	return false
}

// Int reads an integer in [lo, hi]; empty gives 0.
func (x *Values) Int(name string, lo, hi int) int {
	s := x.String(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		x.errs.Add(name, "Deze waarde is ongeldig: kies een geheel getal van "+strconv.Itoa(lo)+" tot en met "+strconv.Itoa(hi)+".")
		return 0
	}
	return n
}

// Rank reads the rank chosen in a select whose options only the domain knows
// (the levels of an organisation's own scale): any positive whole number
// passes, for the domain to check and name the valid range; other text is a
// field error with message. Empty gives 0.
func (x *Values) Rank(name, message string) int {
	s := x.String(name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 32)
	if errors.Is(err, strconv.ErrRange) && n > 0 {
		return int(n) // too large: the highest int32, beyond any scale
	}
	if err != nil || n < 1 {
		x.errs.Add(name, message)
		return 0
	}
	return int(n)
}

// OneOf reads a value that must be one of allowed (a filter in a link);
// empty gives "".
func (x *Values) OneOf(name string, allowed ...string) string {
	s := x.String(name)
	if s != "" && !slices.Contains(allowed, s) {
		x.errs.Add(name, "Deze keuze is ongeldig. Kies een waarde uit de lijst.")
		return ""
	}
	return s
}

// ID reads a positive id; empty gives 0.
func (x *Values) ID(name string) int64 {
	s := x.String(name)
	if s == "" {
		return 0
	}
	if s == "0" {
		return 0 // "none" in a select
	}
	n, ok := parseID(s)
	if !ok {
		x.errs.Add(name, "Deze keuze is ongeldig. Kies een waarde uit de lijst.")
		return 0
	}
	return n
}

// Number reads any whole number that fits an integer column; the service
// checks the range that makes sense (with its own message). Empty gives 0.
func (x *Values) Number(name string) int {
	s := x.String(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < math.MinInt32 || n > math.MaxInt32 {
		x.errs.Add(name, "Vul een geheel getal in.")
		return 0
	}
	return n
}

// IDs reads every value of a multi-valued id field.
func (x *Values) IDs(name string) []int64 {
	var out []int64
	for _, s := range x.v[name] {
		if s = strings.TrimSpace(s); s == "" || s == "0" {
			continue
		}
		n, ok := parseID(s)
		if !ok {
			x.errs.Add(name, "Een van de keuzes is ongeldig. Kies waarden uit de lijst.")
			continue
		}
		out = append(out, n)
	}
	return out
}

// Version reads the optimistic-locking version of an edit form.
func (x *Values) Version() int {
	s := x.String("version")
	n, err := strconv.Atoi(s)
	if s != "" && (err != nil || n < 0 || n > MaxVersion) {
		x.errs.Add("version", "Het formulier is beschadigd of verouderd. Laad de pagina opnieuw en voer uw wijziging nog eens in.")
		return 0
	}
	return n
}

// Err is an apperr.Invalid naming every bad field, or nil.
func (x *Values) Err() error { return x.errs.Err() }

// Fields are the messages collected so far (nil when none).
func (x *Values) Fields() map[string]string {
	if len(x.errs) == 0 {
		return nil
	}
	return x.errs
}

// PathID parses an {id} URL parameter; anything but a positive id in range is
// simply not found.
func PathID(s string) (int64, error) {
	n, ok := parseID(s)
	if !ok {
		return 0, apperr.NotFoundf("Onbekend nummer.")
	}
	return n, nil
}

func parseID(s string) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0 && n <= MaxID
}

// LocalPath returns target when it is a path on this site and "/" otherwise:
// the one check every redirect to a user-supplied target goes through. It
// works on the raw (escaped) text: "/%5Cevil" stays escaped and harmless,
// while anything a browser could read as another host ("//", "/\\", a
// scheme, control characters) is refused.
func LocalPath(target string) string {
	if !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "//") ||
		strings.ContainsFunc(target, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) {
		return "/"
	}
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	return target
}

// RefererPath is the path and query of the page the request came from, when
// that page is on this host; "/" otherwise.
func RefererPath(r *http.Request) string {
	u, err := url.Parse(r.Referer())
	if err != nil || u.Host != r.Host {
		return "/"
	}
	target := u.EscapedPath()
	if u.RawQuery != "" {
		target += "?" + u.RawQuery
	}
	return LocalPath(target)
}

// Redirect sends a 303 to target after checking that it stays on this site.
func Redirect(w http.ResponseWriter, r *http.Request, target string) {
	http.Redirect(w, r, LocalPath(target), http.StatusSeeOther)
}

// Download sends body as a file download: the content type, an attachment
// disposition with both an ASCII fallback and the RFC 6266 filename* (so
// "Gemeente Súdwest-Fryslân.xlsx" arrives as named), its length, nosniff and
// no caching. A write error means the client went away; it is returned for
// the log.
func Download(w http.ResponseWriter, contentType, filename string, body []byte) error {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", Attachment(filename))
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(body)
	return err
}

// Attachment is a Content-Disposition value that always downloads: the name
// itself when it is plain ASCII, else an ASCII fallback plus the exact name
// as an RFC 8187 ext-value (RFC 6266 filename*).
func Attachment(filename string) string { return attachment(filename, false) }

// AttachmentExact always adds the filename* form, for names users chose
// (evidence) that some clients would otherwise mangle.
func AttachmentExact(filename string) string { return attachment(filename, true) }

func attachment(filename string, exact bool) string {
	if filename == "" {
		filename = "download"
	}
	var ascii, enc strings.Builder
	for _, r := range filename {
		if r >= 0x20 && r < 0x7f && r != '"' && r != '\\' && r != '%' && r != ';' {
			ascii.WriteRune(r)
		} else {
			ascii.WriteByte('_')
		}
	}
	if !exact && ascii.String() == filename {
		return mime.FormatMediaType("attachment", map[string]string{"filename": filename})
	}
	const hex = "0123456789ABCDEF"
	for _, b := range []byte(filename) {
		if isAttrChar(b) {
			enc.WriteByte(b)
		} else {
			enc.WriteByte('%')
			enc.WriteByte(hex[b>>4])
			enc.WriteByte(hex[b&15])
		}
	}
	return `attachment; filename="` + ascii.String() + `"; filename*=UTF-8''` + enc.String()
}

// isAttrChar reports whether b may appear unencoded in an RFC 8187 value.
func isAttrChar(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return true
	}
	return strings.IndexByte("!#$&+-.^_`|~", b) >= 0
}

// Strings reads every non-empty value of a multi-valued field (a group of
// checkboxes sharing one name), trimmed; the caller checks them against
// its list.
func (x *Values) Strings(name string) []string {
	var out []string
	for _, s := range x.v[name] {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
