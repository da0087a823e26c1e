// Package reporttest reads back, for tests, the PDFs that internal/report
// writes: the text drawn on the pages (decoded through the font's ToUnicode
// CMap), whether the embedded font subset has a glyph for a character, and
// the number of pages. It is pure Go: no pdftotext needed.
package reporttest

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

// Pages counts the page objects of a PDF from fpdf: "/Type /Page" but not
// "/Type /Pages".
func Pages(b []byte) int {
	return len(pageRe.FindAll(b, -1))
}

var pageRe = regexp.MustCompile(`/Type /Page[^s]`)

// PDF is what a test reads from a PDF that fpdf wrote: the decoded
// streams, the Unicode of each character code (from the ToUnicode CMaps) and
// the glyph of each character code (from the CIDToGIDMaps).
type PDF struct {
	contents  [][]byte
	toUnicode map[uint16]rune
	gids      [][]byte // CIDToGIDMap: two bytes per character code
}

var (
	streamRe  = regexp.MustCompile(`<<([^<>]*)>>\s*stream\r?\n`)
	lengthRe  = regexp.MustCompile(`/Length (\d+)`)
	bfrangeRe = regexp.MustCompile(`<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>`)
	bfcharRe  = regexp.MustCompile(`(?s)beginbfchar(.*?)endbfchar`)
	pairRe    = regexp.MustCompile(`<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>`)
)

// Parse reads b, a PDF that fpdf wrote with the embedded font, and fails
// the test when it finds no page contents, ToUnicode CMap or CIDToGIDMap.
func Parse(t testing.TB, b []byte) *PDF {
	t.Helper()
	d := &PDF{toUnicode: map[uint16]rune{}}
	for _, m := range streamRe.FindAllSubmatchIndex(b, -1) {
		dict := b[m[2]:m[3]]
		if bytes.Contains(dict, []byte("/Length1")) {
			continue // the font file itself
		}
		l := lengthRe.FindSubmatch(dict)
		if l == nil {
			t.Fatalf("stream without /Length: %s", dict)
		}
		n, _ := strconv.Atoi(string(l[1]))
		data := b[m[1] : m[1]+n]
		if bytes.Contains(dict, []byte("/FlateDecode")) {
			r, err := zlib.NewReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if data, err = io.ReadAll(r); err != nil {
				t.Fatal(err)
			}
		}
		switch {
		case bytes.Contains(data, []byte("begincmap")):
			for _, r := range bfrangeRe.FindAllSubmatch(data, -1) {
				lo, hi, dst := hex16(r[1]), hex16(r[2]), hex16(r[3])
				for c := lo; lo <= hi; c++ {
					d.toUnicode[c] = rune(dst) + rune(c) - rune(lo)
					if c == hi {
						break
					}
				}
			}
			for _, block := range bfcharRe.FindAllSubmatch(data, -1) {
				for _, p := range pairRe.FindAllSubmatch(block[1], -1) {
					d.toUnicode[hex16(p[1])] = rune(hex16(p[2]))
				}
			}
		case len(data) == 2*0x10000:
			d.gids = append(d.gids, data)
		case bytes.Contains(data, []byte(" Tf")):
			d.contents = append(d.contents, data)
		}
	}
	if len(d.contents) == 0 || len(d.toUnicode) == 0 || len(d.gids) == 0 {
		t.Fatalf("%d page contents, %d ToUnicode entries, %d CIDToGIDMaps", len(d.contents), len(d.toUnicode), len(d.gids))
	}
	return d
}

func hex16(b []byte) uint16 {
	v, _ := strconv.ParseUint(string(b), 16, 16)
	return uint16(v)
}

// Text is the text drawn on the pages, one line per Tj, the two-byte
// character codes (Identity-H) turned into Unicode by the ToUnicode CMap.
func (d *PDF) Text() string {
	var out strings.Builder
	for _, c := range d.contents {
		for _, s := range tjStrings(c) {
			codes := make([]uint16, 0, len(s)/2)
			for i := 0; i+1 < len(s); i += 2 {
				code := uint16(s[i])<<8 | uint16(s[i+1])
				r, ok := d.toUnicode[code]
				if !ok {
					r = '?'
				}
				codes = append(codes, uint16(r))
			}
			out.WriteString(string(utf16.Decode(codes)))
			out.WriteByte('\n')
		}
	}
	return out.String()
}

// HasGlyph tells whether the character code for r (its code point, as the
// text above shows) maps to a glyph other than .notdef in a CIDToGIDMap.
func (d *PDF) HasGlyph(r rune) bool {
	for code, u := range d.toUnicode {
		if u != r {
			continue
		}
		for _, m := range d.gids {
			if m[2*int(code)] != 0 || m[2*int(code)+1] != 0 {
				return true
			}
		}
	}
	return false
}

// tjStrings returns the literal strings shown with Tj in a content stream.
func tjStrings(c []byte) [][]byte {
	var out [][]byte
	for i := 0; i < len(c); i++ {
		if c[i] != '(' {
			continue
		}
		var s []byte
		depth := 1
		for i++; i < len(c) && depth > 0; i++ {
			switch ch := c[i]; ch {
			case '\\':
				i++
				switch e := c[i]; e {
				case 'n':
					s = append(s, '\n')
				case 'r':
					s = append(s, '\r')
				case 't':
					s = append(s, '\t')
				case 'b':
					s = append(s, '\b')
				case 'f':
					s = append(s, '\f')
				default:
					if e >= '0' && e <= '7' {
						j := i
						for j < len(c) && j < i+3 && c[j] >= '0' && c[j] <= '7' {
							j++
						}
						v, _ := strconv.ParseUint(string(c[i:j]), 8, 8)
						s = append(s, byte(v))
						i = j - 1
					} else {
						s = append(s, e)
					}
				}
			case '(':
				depth++
				s = append(s, ch)
			case ')':
				depth--
				if depth > 0 {
					s = append(s, ch)
				}
			default:
				s = append(s, ch)
			}
		}
		if rest := bytes.TrimLeft(c[i:], " \r\n"); bytes.HasPrefix(rest, []byte("Tj")) {
			out = append(out, s)
		}
		i--
	}
	return out
}
