package catalogue

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// iso2022Controls is the number of controls per ISO/IEC 27002:2022 theme.
var iso2022Controls = map[int]int{5: 37, 6: 8, 7: 14, 8: 34}

// BIO2Document is what ParseBIO2Markdown finds in the BIO2 markdown
// (upstream docs/maatregelen/index.md).
type BIO2Document struct {
	// Controls lists every ISO/IEC 27002:2022 control the file mentions, in
	// file order, once each.
	Controls []BIO2Control
	// Measures are the government measures in force, in file order: Kind
	// measure, Number "CC.CC.NN", Parent the control ("5.1"), Title
	// MeasureTitle(Number), Text the official wording. Hygiene is set when
	// the file types the measure ("Draagt bij aan: ..."); the 1.3 file does
	// not. CbwScope stays empty: the 1.3 file marks the measures outside the
	// Cbw only by grey colour in the official edition, which the markdown does
	// not carry.
	Measures []Item
	// Retired are numbers the file keeps only as "Vervallen." (withdrawn) or
	// "Verplaatst naar ..." (moved). They are not measures in force.
	Retired []BIO2Retired
	// Warnings are oddities that do not stop the import, in line order: two
	// measures with the same text, a control noted "Geen overheidsmaatregel"
	// that still has measures, a move to a number the file does not have.
	Warnings []*ParseError
}

// BIO2Control is one ISO/IEC 27002:2022 control as the BIO2 file treats it.
type BIO2Control struct {
	Number      string // "5.1"
	HasMeasures bool   // at least one government measure in force
	NoMeasure   bool   // the file says "Geen overheidsmaatregel" for it (it may still have measures, as 5.10 in 1.3)
	Line        int    // first line that mentions the control
}

// BIO2Retired is a measure number that is no longer in force.
type BIO2Retired struct {
	Number  string // "5.04.02"
	Control string // "5.4"
	MovedTo string // "5.10.02" when moved; "" when withdrawn
	Line    int
}

// MeasureTitle is the placeholder title Baken gives a government measure.
func MeasureTitle(number string) string { return "Overheidsmaatregel " + number }

var (
	mdHeadingRE  = regexp.MustCompile(`^ {0,3}#{1,6}(?:[ \t]+(.*))?$`)
	mdMeasureRE  = regexp.MustCompile(`^(\d{1,2})\.(\d{1,3})\.(\d{1,3})(.*)$`)
	mdControlRE  = regexp.MustCompile(`(?i)^(?:beheersmaatregel\s+)?(\d{1,2})\.(\d{1,2})(.*)$`)
	mdFenceRE    = regexp.MustCompile("^ {0,3}(```|~~~)")
	mdBreakRE    = regexp.MustCompile(`^ {0,3}([-*_])[ \t]*(?:[-*_][ \t]*){2,}$`)
	mdBrRE       = regexp.MustCompile(`(?i)<br\s*/?>`)
	mdTagRE      = regexp.MustCompile(`</?[a-zA-Z][^>]*>`)
	mdLinkRE     = regexp.MustCompile(`\[([^\]]*)\]\(([^)\s]*)\)`)
	mdEmphRE     = regexp.MustCompile(`\*\*|__`)
	mdListRE     = regexp.MustCompile(`^(?:[-*+]|\d{1,2}[.)])[ \t]+`)
	mdContribRE  = regexp.MustCompile(`(?i)^draagt bij aan\s*:?\s*(.*)$`)
	mdNoMeasRE   = regexp.MustCompile(`(?i)^geen (?:overheidsmaatregel|aanvullende maatregel)`)
	mdWithdrawRE = regexp.MustCompile(`(?i)^vervallen\b`)
	mdMovedRE    = regexp.MustCompile(`(?i)^verplaatst naar\s+(\d{1,2})\.(\d{1,3})\.(\d{1,3})`)
	mdSpaceRE    = regexp.MustCompile(`\s+`)
)

type mdMeasure struct {
	number  string
	control string
	line    int
	lines   []string // heading remainder and body, raw
}

// ParseBIO2Markdown reads the BIO2 government measures in the markdown of
// the upstream repository (MinBZK/Baseline-Informatiebeveiliging-Overheid,
// docs/maatregelen/index.md, version 1.3). Each measure is a heading with
// its number CC.CC.NN followed by its text; optional control headings
// ("Beheersmaatregel 5.01 ..." or "5.1 ...") are checked against the
// measures under them. The text is kept as the file gives it, with the
// markdown rendered to plain text: soft line breaks joined, <br> as line
// breaks, list items on their own line, paragraphs separated by a blank
// line, emphasis and HTML tags removed, block quotes (editorial notes in the
// drafts) left out.
//
// The import is all or nothing: on a malformed file it returns an empty
// document and a ParseErrors (no measures at all, a measure under the wrong
// control heading, a number outside ISO/IEC 27002:2022, duplicates, a
// measure without text).
func ParseBIO2Markdown(r io.Reader) (BIO2Document, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return BIO2Document{}, err
	}
	raw = bytes.TrimPrefix(raw, []byte("\ufeff"))
	text := strings.ReplaceAll(string(raw), "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	lines := strings.Split(text, "\n")

	var c collector
	for i, l := range lines {
		if !utf8.ValidString(l) {
			c.add(i+1, "ongeldige tekens (het bestand moet UTF-8 zijn)")
		}
	}
	if err := c.result(); err != nil {
		return BIO2Document{}, err
	}

	var (
		doc           BIO2Document
		controlIdx    = map[string]int{} // control number → index in doc.Controls
		measures      []*mdMeasure
		seen          = map[string]int{} // measure number → line
		cur           *mdMeasure
		ctxControl    string // from the last control heading; "" if none yet
		inFence       bool
		inFrontMatter bool
	)
	noteControl := func(number string, line int) {
		if _, ok := controlIdx[number]; !ok {
			controlIdx[number] = len(doc.Controls)
			doc.Controls = append(doc.Controls, BIO2Control{Number: number, Line: line})
		}
	}
	validControl := func(theme, n int) bool {
		count, ok := iso2022Controls[theme]
		return ok && n >= 1 && n <= count
	}

	for i, l := range lines {
		lineNo := i + 1
		if i == 0 && strings.TrimSpace(l) == "---" {
			inFrontMatter = true
			continue
		}
		if inFrontMatter {
			if t := strings.TrimSpace(l); t == "---" || t == "..." {
				inFrontMatter = false
			}
			continue
		}
		if mdFenceRE.MatchString(l) {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		m := mdHeadingRE.FindStringSubmatch(l)
		if m == nil {
			if cur != nil {
				cur.lines = append(cur.lines, l)
			}
			continue
		}
		// Any heading ends the text of the current measure.
		cur = nil
		h := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(m[1]), "#"))

		if mm := mdMeasureRE.FindStringSubmatch(h); mm != nil && !continuesNumber(mm[4]) {
			theme, _ := strconv.Atoi(mm[1])
			cn, _ := strconv.Atoi(mm[2])
			seq, _ := strconv.Atoi(mm[3])
			number := fmt.Sprintf("%d.%02d.%02d", theme, cn, seq)
			control := fmt.Sprintf("%d.%d", theme, cn)
			switch {
			case !validControl(theme, cn):
				c.add(lineNo, "overheidsmaatregel '%s' hoort niet bij een beheersmaatregel uit ISO/IEC 27002:2022 (5.1–5.37, 6.1–6.8, 7.1–7.14, 8.1–8.34)", h)
				continue
			case seq < 1:
				c.add(lineNo, "overheidsmaatregel '%s' heeft volgnummer 0", number)
				continue
			}
			if prev, dup := seen[number]; dup {
				c.add(lineNo, "nummer %s komt al voor op regel %d", number, prev)
				continue
			}
			seen[number] = lineNo
			if ctxControl != "" && ctxControl != control {
				c.add(lineNo, "overheidsmaatregel %s staat onder beheersmaatregel %s; het nummer hoort bij %s", number, ctxControl, control)
			}
			noteControl(control, lineNo)
			cur = &mdMeasure{number: number, control: control, line: lineNo}
			if rest := strings.TrimLeft(mm[4], " \t.:-–—"); rest != "" {
				cur.lines = append(cur.lines, rest)
			}
			measures = append(measures, cur)
			continue
		}
		if cm := mdControlRE.FindStringSubmatch(h); cm != nil && !continuesNumber(cm[3]) {
			theme, _ := strconv.Atoi(cm[1])
			cn, _ := strconv.Atoi(cm[2])
			if _, isTheme := iso2022Controls[theme]; !isTheme {
				// Not a control heading (e.g. "1.2 Leeswijzer"); it ends
				// the previous control's section.
				ctxControl = ""
				continue
			}
			if !validControl(theme, cn) {
				c.add(lineNo, "beheersmaatregel '%s.%s' bestaat niet in ISO/IEC 27002:2022", cm[1], cm[2])
				ctxControl = ""
				continue
			}
			ctxControl = fmt.Sprintf("%d.%d", theme, cn)
			noteControl(ctxControl, lineNo)
		}
	}

	// Classify each measure by its text.
	active := map[string]bool{}
	byText := map[string]string{}
	for _, ms := range measures {
		body, hyg := measureBody(ms.lines)
		txt := renderMarkdown(body)
		ci := controlIdx[ms.control]
		switch {
		case txt == "":
			c.add(ms.line, "overheidsmaatregel %s heeft geen tekst", ms.number)
		case mdNoMeasRE.MatchString(txt):
			doc.Controls[ci].NoMeasure = true
		case mdWithdrawRE.MatchString(txt):
			doc.Retired = append(doc.Retired, BIO2Retired{Number: ms.number, Control: ms.control, Line: ms.line})
		case mdMovedRE.MatchString(txt):
			mv := mdMovedRE.FindStringSubmatch(txt)
			a, _ := strconv.Atoi(mv[1])
			b, _ := strconv.Atoi(mv[2])
			s, _ := strconv.Atoi(mv[3])
			doc.Retired = append(doc.Retired, BIO2Retired{Number: ms.number, Control: ms.control, MovedTo: fmt.Sprintf("%d.%02d.%02d", a, b, s), Line: ms.line})
		default:
			doc.Controls[ci].HasMeasures = true
			active[ms.number] = true
			if prev, dup := byText[txt]; dup {
				doc.Warnings = append(doc.Warnings, &ParseError{Line: ms.line, Msg: fmt.Sprintf("overheidsmaatregel %s heeft dezelfde tekst als %s", ms.number, prev)})
			} else {
				byText[txt] = ms.number
			}
			doc.Measures = append(doc.Measures, Item{
				Kind:    KindMeasure,
				Number:  ms.number,
				Parent:  ms.control,
				Title:   MeasureTitle(ms.number),
				Hygiene: hyg,
				Text:    txt,
			})
		}
	}
	if len(doc.Measures) == 0 && !c.full {
		c.add(0, "geen overheidsmaatregelen gevonden: verwacht koppen met een nummer als '## 5.01.01' (BIO2, docs/maatregelen/index.md)")
	}
	if err := c.result(); err != nil {
		return BIO2Document{}, err
	}
	for _, ctl := range doc.Controls {
		if ctl.NoMeasure && ctl.HasMeasures {
			doc.Warnings = append(doc.Warnings, &ParseError{Line: ctl.Line, Msg: fmt.Sprintf("beheersmaatregel %s heeft de aantekening 'Geen overheidsmaatregel' en toch overheidsmaatregelen", ctl.Number)})
		}
	}
	for _, rt := range doc.Retired {
		if rt.MovedTo != "" && !active[rt.MovedTo] {
			doc.Warnings = append(doc.Warnings, &ParseError{Line: rt.Line, Msg: fmt.Sprintf("%s is verplaatst naar %s, maar dat nummer staat niet als overheidsmaatregel in het bestand", rt.Number, rt.MovedTo)})
		}
	}
	slices.SortStableFunc(doc.Warnings, func(a, b *ParseError) int { return a.Line - b.Line })
	return doc, nil
}

// continuesNumber reports whether the text after a matched number shows the
// number goes on (another digit or ".digit"), so the match was too short.
func continuesNumber(rest string) bool {
	if rest == "" {
		return false
	}
	if rest[0] >= '0' && rest[0] <= '9' {
		return true
	}
	return rest[0] == '.' && len(rest) > 1 && rest[1] >= '0' && rest[1] <= '9'
}

// measureBody drops the lines that are not measure text (block quotes,
// thematic breaks, HTML comments, the "Draagt bij aan" line) and returns the
// hygiene types that line names, canonical as in Item.Hygiene.
func measureBody(lines []string) ([]string, string) {
	var body []string
	seen := map[string]bool{}
	for _, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, ">"), mdBreakRE.MatchString(l),
			strings.HasPrefix(t, "<!--") && strings.HasSuffix(t, "-->"):
			continue
		}
		if m := mdContribRE.FindStringSubmatch(t); m != nil {
			for _, part := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == ';' }) {
				if h := hygieneWord(part); h != "" {
					seen[h] = true
				}
			}
			continue
		}
		body = append(body, l)
	}
	var hyg []string
	for _, h := range hygieneOrder {
		if seen[h] {
			hyg = append(hyg, h)
		}
	}
	return body, strings.Join(hyg, "+")
}

// hygieneWord maps a category as the drafts write it to a hygiene type.
func hygieneWord(s string) string {
	w := strings.ToLower(strings.TrimSpace(s))
	w = strings.ReplaceAll(w, "ë", "e")
	switch {
	case strings.HasPrefix(w, "basishygiene"):
		return HygieneBasis
	case strings.HasPrefix(w, "ketenhygiene"), strings.HasPrefix(w, "ketenrisico"):
		return HygieneKeten
	case strings.HasPrefix(w, "overheidsrisico"):
		return HygieneOverheid
	}
	return ""
}

// renderMarkdown turns measure lines into plain text (see ParseBIO2Markdown).
func renderMarkdown(lines []string) string {
	const (
		sepNone = iota // nothing seen since the last segment
		sepSoft        // a line end: a space, or a new line before a list item
		sepPara        // a blank line: a new paragraph
	)
	var (
		b       strings.Builder
		pending = sepNone
		hard    = 0
		started = false
	)
	emit := func(seg string) {
		seg = cleanInline(seg)
		if seg == "" {
			return
		}
		isList := mdListRE.MatchString(seg)
		if isList {
			seg = normalizeListItem(seg)
		}
		if started {
			switch {
			case pending == sepPara || hard >= 2:
				b.WriteString("\n\n")
			case hard == 1 || isList:
				b.WriteString("\n")
			default:
				b.WriteString(" ")
			}
		}
		b.WriteString(seg)
		started = true
		pending, hard = sepNone, 0
	}
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			if started {
				pending = sepPara
			}
			continue
		}
		parts := mdBrRE.Split(l, -1)
		for j, p := range parts {
			if j > 0 && started {
				hard++
			}
			emit(p)
		}
		if started && pending == sepNone {
			pending = sepSoft
		}
	}
	return b.String()
}

func cleanInline(s string) string {
	s = mdLinkRE.ReplaceAllString(s, "$1 ($2)")
	s = mdTagRE.ReplaceAllString(s, "")
	s = mdEmphRE.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	return strings.TrimSpace(mdSpaceRE.ReplaceAllString(s, " "))
}

func normalizeListItem(s string) string {
	loc := mdListRE.FindStringIndex(s)
	marker := strings.TrimSpace(s[:loc[1]])
	if marker == "*" || marker == "+" {
		marker = "-"
	}
	return marker + " " + s[loc[1]:]
}
