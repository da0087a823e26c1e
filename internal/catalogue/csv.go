package catalogue

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CSVHeader is the exact first row of a catalogue CSV file.
const CSVHeader = "kind,number,parent,title,hygiene,cbw_scope,bbn"

// MaxErrors is the number of errors a parser collects before it stops.
const MaxErrors = 20

// MaxTitleLen is the longest title, in characters, that ParseCSV accepts.
const MaxTitleLen = 200

// ParseError is one problem in an imported file, with its 1-based line
// number (0 when the problem is not tied to a line). Msg is Dutch and safe to
// show to the user.
type ParseError struct {
	Line int
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("regel %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// ParseErrors is the list of problems found in one file, in line order. The
// parsers return it (never an empty one) when a file is rejected; it holds at
// most MaxErrors problems plus, when there were more, a last entry saying the
// check stopped.
type ParseErrors []*ParseError

func (es ParseErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// Unwrap lets errors.As find the individual *ParseError values.
func (es ParseErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// collector gathers parse errors up to MaxErrors.
type collector struct {
	errs ParseErrors
	full bool
}

func (c *collector) add(line int, format string, args ...any) {
	if c.full {
		return
	}
	if len(c.errs) == MaxErrors {
		c.errs = append(c.errs, &ParseError{Line: line, Msg: fmt.Sprintf("meer dan %d fouten; de controle is hier gestopt", MaxErrors)})
		c.full = true
		return
	}
	c.errs = append(c.errs, &ParseError{Line: line, Msg: fmt.Sprintf(format, args...)})
}

// result returns the collected errors sorted by line, or nil.
func (c *collector) result() error {
	if len(c.errs) == 0 {
		return nil
	}
	// The "stopped" marker stays last; the rest is ordered by line.
	body := c.errs
	if c.full {
		body = c.errs[:len(c.errs)-1]
	}
	slices.SortStableFunc(body, func(a, b *ParseError) int { return a.Line - b.Line })
	return c.errs
}

var numberRE = regexp.MustCompile(`^[0-9]{1,3}(\.[0-9]{1,3})*$`)

// segmentRange gives the allowed number of dot-separated segments per kind.
func segmentRange(k Kind) (lo, hi int) {
	switch k {
	case KindTheme, KindChapter:
		return 1, 1
	case KindObjective:
		return 2, 2
	case KindControl:
		return 2, 3
	case KindMeasure:
		return 3, 4
	}
	return 0, 0
}

// allowedParents lists the kinds an item of kind k may hang under; nil means
// the item is top level.
func allowedParents(k Kind) []Kind {
	switch k {
	case KindObjective:
		return []Kind{KindChapter, KindTheme}
	case KindControl:
		return []Kind{KindObjective, KindChapter, KindTheme}
	case KindMeasure:
		return []Kind{KindControl}
	}
	return nil
}

func kindList(ks []Kind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// numberKey is a number's segments as integers joined again, so "5.01.01"
// and "5.1.1" compare equal.
// NumberKey is the form in which numbers are compared: surrounding spaces
// dropped and numeric segments without leading zeros, so " 5.01 " and "5.1"
// are the same item.
func NumberKey(n string) string { return numberKey(strings.TrimSpace(n)) }

func numberKey(n string) string {
	parts := strings.Split(n, ".")
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err == nil {
			parts[i] = strconv.Itoa(v)
		}
	}
	return strings.Join(parts, ".")
}

// hasPrefixNumber reports whether child's leading segments equal parent's
// (numerically) and child has more segments.
func hasPrefixNumber(child, parent string) bool {
	c, p := strings.Split(numberKey(child), "."), strings.Split(numberKey(parent), ".")
	return len(c) > len(p) && slices.Equal(c[:len(p)], p)
}

// normalizeHygiene validates a hygiene value and returns it in canonical
// form: known types, lower case, without diacritics, in hygieneOrder, joined
// by '+'.
func normalizeHygiene(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	seen := map[string]bool{}
	for _, part := range strings.Split(s, "+") {
		p := strings.ToLower(strings.TrimSpace(part))
		p = strings.ReplaceAll(p, "ë", "e")
		if !slices.Contains(hygieneOrder, p) {
			return "", fmt.Errorf("onbekende hygiëne '%s' (verwacht: %s, of een combinatie met '+')", strings.TrimSpace(part), strings.Join(hygieneOrder, ", "))
		}
		if seen[p] {
			return "", fmt.Errorf("hygiëne '%s' staat er twee keer in", p)
		}
		seen[p] = true
	}
	var out []string
	for _, h := range hygieneOrder {
		if seen[h] {
			out = append(out, h)
		}
	}
	return strings.Join(out, "+"), nil
}

type csvRow struct {
	item Item
	line int
	ok   bool // kind and number valid, so it can serve as a parent
}

// ParseCSV reads a catalogue in the CSV format of docs/catalogue-csv.md and
// returns its items in file order. It checks the header, every value and the
// hierarchy (parents exist, are of a fitting kind and carry the number
// prefix). On any problem it returns no items and a ParseErrors with up to
// MaxErrors entries; a read error of r itself is returned as is.
func ParseCSV(r io.Reader) ([]Item, error) {
	br := bufio.NewReader(r)
	// Tolerate the byte order mark spreadsheet programs put in front.
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1

	var c collector
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, ParseErrors{{Line: 1, Msg: "het bestand is leeg; de kopregel ontbreekt"}}
	}
	if err != nil {
		if pe := csvSyntaxError(err); pe != nil {
			return nil, ParseErrors{pe}
		}
		return nil, err
	}
	if got := strings.Join(header, ","); got != CSVHeader {
		return nil, ParseErrors{{Line: 1, Msg: fmt.Sprintf("de kopregel moet precies '%s' zijn, maar is '%s'", CSVHeader, strings.ToValidUTF8(got, "?"))}}
	}

	var rows []csvRow
	byNumber := map[string]int{} // number → index in rows
	byKey := map[string]int{}    // numberKey → index in rows
	for !c.full {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if pe := csvSyntaxError(err); pe != nil {
				c.add(pe.Line, "%s", pe.Msg)
				break
			}
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		row := csvRow{line: line}
		if len(rec) != 7 {
			c.add(line, "%d kolommen gevonden, verwacht 7 (%s)", len(rec), CSVHeader)
			continue
		}
		fail := func(format string, args ...any) { c.add(line, format, args...) }
		for i := range rec {
			if !utf8.ValidString(rec[i]) {
				fail("kolom %s bevat ongeldige tekens (het bestand moet UTF-8 zijn)", strings.Split(CSVHeader, ",")[i])
				rec[i] = strings.ToValidUTF8(rec[i], "?")
			}
			rec[i] = strings.TrimSpace(rec[i])
		}
		kindS, number, parent, title, hyg, cbw, bbn := rec[0], rec[1], rec[2], rec[3], rec[4], rec[5], rec[6]

		kind, kindOK := ParseKind(kindS)
		if !kindOK {
			fail("onbekend soort '%s' (verwacht: %s)", kindS, kindList(Kinds()))
		}
		numberOK := false
		switch {
		case number == "":
			fail("nummer ontbreekt")
		case !numberRE.MatchString(number):
			fail("ongeldig nummer '%s' (verwacht cijfers gescheiden door punten, zoals 5.1 of 9.2.3)", number)
		case kindOK:
			segs := strings.Count(number, ".") + 1
			lo, hi := segmentRange(kind)
			if segs < lo || segs > hi {
				fail("nummer '%s' past niet bij soort %s (verwacht %s)", number, kind, segmentHint(kind))
			} else {
				numberOK = true
			}
		}
		if number != "" {
			if prev, dup := byNumber[number]; dup {
				fail("nummer '%s' komt al voor op regel %d", number, rows[prev].line)
				numberOK = false
			} else if prev, dup := byKey[numberKey(number)]; dup && numberRE.MatchString(number) {
				fail("nummer '%s' is gelijk aan '%s' op regel %d", number, rows[prev].item.Number, rows[prev].line)
				numberOK = false
			}
		}
		if parent != "" && !numberRE.MatchString(parent) {
			fail("ongeldig bovenliggend nummer '%s'", parent)
		}
		if kindOK {
			if allowedParents(kind) == nil && parent != "" {
				fail("een %s staat bovenaan en heeft geen bovenliggend nummer (gevonden: '%s')", kind, parent)
			}
			if allowedParents(kind) != nil && parent == "" {
				fail("bovenliggend nummer ontbreekt (een %s valt onder een %s)", kind, strings.ReplaceAll(kindList(allowedParents(kind)), ", ", " of "))
			}
		}
		switch n := utf8.RuneCountInString(title); {
		case title == "":
			fail("titel ontbreekt")
		case n > MaxTitleLen:
			fail("titel is %d tekens lang; maximaal %d", n, MaxTitleLen)
		case strings.IndexFunc(title, unicode.IsControl) >= 0:
			fail("titel bevat een regeleinde of ander stuurteken")
		}
		attrs := kindOK && (kind == KindControl || kind == KindMeasure)
		hygN, err := normalizeHygiene(hyg)
		if err != nil {
			fail("%s", err.Error())
		} else if hygN != "" && kindOK && !attrs {
			fail("hygiëne mag alleen bij control en measure, niet bij %s", kind)
		}
		switch cbw {
		case "", CbwInScope, CbwOutOfScope:
			if cbw != "" && kindOK && !attrs {
				fail("cbw_scope mag alleen bij control en measure, niet bij %s", kind)
			}
		default:
			fail("ongeldige cbw_scope '%s' (verwacht: ja, nee of leeg)", cbw)
		}
		bbnN := 0
		switch bbn {
		case "":
		case "1", "2", "3":
			bbnN = int(bbn[0] - '0')
			if kindOK && !attrs {
				fail("bbn mag alleen bij control en measure, niet bij %s", kind)
			}
		default:
			fail("ongeldig bbn '%s' (verwacht: 1, 2, 3 of leeg)", bbn)
		}

		row.item = Item{Kind: kind, Number: number, Parent: parent, Title: title, Hygiene: hygN, CbwScope: cbw, BBN: bbnN}
		row.ok = kindOK && numberOK
		if number != "" {
			if _, dup := byNumber[number]; !dup {
				byNumber[number] = len(rows)
			}
			if _, dup := byKey[numberKey(number)]; !dup && numberRE.MatchString(number) {
				byKey[numberKey(number)] = len(rows)
			}
		}
		rows = append(rows, row)
	}

	if !c.full && len(rows) == 0 && len(c.errs) == 0 {
		c.add(1, "het bestand bevat alleen de kopregel, geen items")
	}

	// Second pass: the hierarchy. Parents may appear anywhere in the file.
	for _, row := range rows {
		if c.full {
			break
		}
		it := row.item
		if !row.ok || it.Parent == "" || !numberRE.MatchString(it.Parent) || allowedParents(it.Kind) == nil {
			continue // nothing to check, or already reported on the first pass
		}
		pi, found := byNumber[it.Parent]
		if !found {
			c.add(row.line, "bovenliggend nummer '%s' bestaat niet in het bestand", it.Parent)
			continue
		}
		p := rows[pi]
		if !p.ok {
			continue // already reported on its own line
		}
		if !slices.Contains(allowedParents(it.Kind), p.item.Kind) {
			c.add(row.line, "een %s kan niet onder %s '%s' vallen (toegestaan: %s)", it.Kind, p.item.Kind, it.Parent, kindList(allowedParents(it.Kind)))
			continue
		}
		if !hasPrefixNumber(it.Number, it.Parent) {
			c.add(row.line, "nummer '%s' begint niet met het bovenliggende nummer '%s'", it.Number, it.Parent)
		}
	}

	if err := c.result(); err != nil {
		return nil, err
	}
	items := make([]Item, len(rows))
	for i, row := range rows {
		items[i] = row.item
	}
	return items, nil
}

func segmentHint(k Kind) string {
	switch k {
	case KindTheme, KindChapter:
		return "één getal, zoals 5"
	case KindObjective:
		return "twee delen, zoals 9.2"
	case KindControl:
		return "twee of drie delen, zoals 5.1 of 9.2.3"
	case KindMeasure:
		return "drie of vier delen, zoals 5.01.01 of 9.2.3.1"
	}
	return ""
}

// csvSyntaxError turns an encoding/csv error into a ParseError; nil for other
// errors.
func csvSyntaxError(err error) *ParseError {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return nil
	}
	msg := "ongeldige CSV"
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		msg = "ongeldige CSV: aanhalingsteken midden in een veld zonder aanhalingstekens (schrijf \"\" binnen een veld tussen aanhalingstekens)"
	case errors.Is(pe.Err, csv.ErrQuote):
		msg = "ongeldige CSV: aanhalingsteken niet afgesloten of op een onverwachte plek"
	}
	line := pe.Line
	if line == 0 {
		line = pe.StartLine
	}
	return &ParseError{Line: line, Msg: msg}
}
