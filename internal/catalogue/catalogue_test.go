package catalogue

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func builtin(t *testing.T, code string) Framework {
	t.Helper()
	fw, ok := BuiltinFramework(code)
	if !ok {
		t.Fatalf("built-in framework %s missing", code)
	}
	return fw
}

func byKind(items []Item, k Kind) []Item {
	var out []Item
	for _, it := range items {
		if it.Kind == k {
			out = append(out, it)
		}
	}
	return out
}

func firstSegment(n string) string { return strings.SplitN(n, ".", 2)[0] }

func TestBuiltinFrameworks(t *testing.T) {
	fws := Builtin()
	if len(fws) != 2 || fws[0].Code != CodeBIO2 || fws[1].Code != CodeBIO104 {
		t.Fatalf("Builtin() codes = %v, want [BIO2 BIO1.04]", []string{fws[0].Code, fws[1].Code})
	}
	for _, fw := range fws {
		if fw.Name == "" || fw.Version == "" || fw.Norm == "" {
			t.Errorf("%s: empty name, version or norm: %+v", fw.Code, fw)
		}
		for _, it := range fw.Items {
			if it.Text != "" {
				t.Errorf("%s %s: built-in items carry no official text", fw.Code, it.Number)
			}
			// Own short titles, never copied paragraphs.
			if n := utf8.RuneCountInString(it.Title); n == 0 || n > 60 {
				t.Errorf("%s %s: title %q has %d characters, want 1–60", fw.Code, it.Number, it.Title, n)
			}
		}
	}
	// Callers get copies.
	fws[0].Items[0].Title = "gewijzigd"
	if Builtin()[0].Items[0].Title == "gewijzigd" {
		t.Error("Builtin() shares its items between calls")
	}
}

func TestBIO2Structure(t *testing.T) {
	fw := builtin(t, CodeBIO2)
	themes := byKind(fw.Items, KindTheme)
	wantThemes := []string{"5", "6", "7", "8"}
	var gotThemes []string
	for _, th := range themes {
		gotThemes = append(gotThemes, th.Number)
	}
	if !slices.Equal(gotThemes, wantThemes) {
		t.Errorf("themes = %v, want %v", gotThemes, wantThemes)
	}
	controls := byKind(fw.Items, KindControl)
	if len(controls) != 93 {
		t.Errorf("BIO2 has %d controls, want 93", len(controls))
	}
	for _, tc := range []struct {
		theme string
		count int
	}{{"5", 37}, {"6", 8}, {"7", 14}, {"8", 34}} {
		t.Run("thema "+tc.theme, func(t *testing.T) {
			var got []string
			for _, c := range controls {
				if c.Parent == tc.theme {
					got = append(got, c.Number)
				}
			}
			var want []string
			for i := 1; i <= tc.count; i++ {
				want = append(want, fmt.Sprintf("%s.%d", tc.theme, i))
			}
			if !slices.Equal(got, want) {
				t.Errorf("controls under theme %s = %v, want %v", tc.theme, got, want)
			}
		})
	}
	measures := byKind(fw.Items, KindMeasure)
	if len(measures) != 118 {
		t.Errorf("BIO2 1.3 ships %d government measures, want 118", len(measures))
	}
	for _, m := range measures {
		if m.Title != MeasureTitle(m.Number) {
			t.Errorf("measure %s: title %q, want placeholder %q", m.Number, m.Title, MeasureTitle(m.Number))
		}
		if !hasPrefixNumber(m.Number, m.Parent) {
			t.Errorf("measure %s under control %s", m.Number, m.Parent)
		}
	}
}

func TestBIO104Structure(t *testing.T) {
	fw := builtin(t, CodeBIO104)
	chapters := byKind(fw.Items, KindChapter)
	objectives := byKind(fw.Items, KindObjective)
	controls := byKind(fw.Items, KindControl)
	if len(chapters) != 14 || len(objectives) != 35 || len(controls) != 114 {
		t.Fatalf("BIO 1.04: %d chapters, %d objectives, %d controls; want 14, 35, 114", len(chapters), len(objectives), len(controls))
	}
	if n := len(fw.Items) - len(chapters) - len(objectives) - len(controls); n != 0 {
		t.Errorf("BIO 1.04 has %d items of other kinds", n)
	}
	for i, ch := range chapters {
		if ch.Number != strconv.Itoa(5+i) {
			t.Errorf("chapter %d is %s, want %d", i, ch.Number, 5+i)
		}
	}
	tests := []struct {
		chapter              string
		objectives, controls int
	}{
		{"5", 1, 2}, {"6", 2, 7}, {"7", 3, 6}, {"8", 3, 10}, {"9", 4, 14}, {"10", 1, 2}, {"11", 2, 15},
		{"12", 7, 14}, {"13", 2, 7}, {"14", 3, 13}, {"15", 2, 5}, {"16", 1, 7}, {"17", 2, 4}, {"18", 2, 8},
	}
	for _, tc := range tests {
		t.Run("hoofdstuk "+tc.chapter, func(t *testing.T) {
			var obj, ctl int
			for _, o := range objectives {
				if o.Parent == tc.chapter {
					obj++
				}
			}
			for _, c := range controls {
				if firstSegment(c.Number) == tc.chapter {
					ctl++
					if firstSegment(c.Parent) != tc.chapter {
						t.Errorf("control %s under %s", c.Number, c.Parent)
					}
				}
			}
			if obj != tc.objectives || ctl != tc.controls {
				t.Errorf("chapter %s: %d objectives, %d controls; want %d, %d", tc.chapter, obj, ctl, tc.objectives, tc.controls)
			}
		})
	}
	// Controls are numbered 1..n without gaps within each objective.
	next := map[string]int{}
	for _, c := range controls {
		next[c.Parent]++
		if want := fmt.Sprintf("%s.%d", c.Parent, next[c.Parent]); c.Number != want {
			t.Errorf("control %s, want %s", c.Number, want)
		}
	}
}

func TestMapping(t *testing.T) {
	pairs := Mapping()
	old := map[string]bool{}
	for _, c := range byKind(builtin(t, CodeBIO104).Items, KindControl) {
		old[c.Number] = true
	}
	cur := map[string]bool{}
	for _, c := range byKind(builtin(t, CodeBIO2).Items, KindControl) {
		cur[c.Number] = true
	}
	mappedFrom, mappedTo := map[string]bool{}, map[string]bool{}
	seen := map[MappingPair]bool{}
	for _, p := range pairs {
		if !old[p.From] {
			t.Errorf("pair %v: %s is not an ISO 27002:2013 control", p, p.From)
		}
		if !cur[p.To] {
			t.Errorf("pair %v: %s is not an ISO 27002:2022 control", p, p.To)
		}
		if seen[p] {
			t.Errorf("pair %v twice", p)
		}
		seen[p] = true
		mappedFrom[p.From], mappedTo[p.To] = true, true
	}
	if len(pairs) != 115 {
		t.Errorf("%d pairs, want 115 (114 controls, 18.2.3 to two)", len(pairs))
	}
	for n := range old {
		if !mappedFrom[n] {
			t.Errorf("2013 control %s has no mapping", n)
		}
	}
	newIn2022 := []string{"5.7", "5.23", "5.30", "7.4", "8.9", "8.10", "8.11", "8.12", "8.16", "8.23", "8.28"}
	for n := range cur {
		if slices.Contains(newIn2022, n) == mappedTo[n] {
			t.Errorf("2022 control %s: mapped = %v, new in 2022 = %v", n, mappedTo[n], slices.Contains(newIn2022, n))
		}
	}
	// Spot checks against ISO/IEC 27002:2022 Annex B.
	for _, tc := range []struct {
		from string
		to   []string
	}{
		{"5.1.1", []string{"5.1"}}, {"5.1.2", []string{"5.1"}}, {"6.1.1", []string{"5.2"}}, {"6.1.2", []string{"5.3"}},
		{"6.1.3", []string{"5.5"}}, {"6.1.4", []string{"5.6"}}, {"6.1.5", []string{"5.8"}}, {"6.2.1", []string{"8.1"}},
		{"6.2.2", []string{"6.7"}}, {"7.1.1", []string{"6.1"}}, {"7.2.1", []string{"5.4"}}, {"8.1.1", []string{"5.9"}},
		{"8.1.2", []string{"5.9"}}, {"8.3.1", []string{"7.10"}}, {"9.2.3", []string{"8.2"}}, {"9.4.3", []string{"5.17"}},
		{"11.2.5", []string{"7.10"}}, {"11.2.8", []string{"8.1"}}, {"12.1.2", []string{"8.32"}}, {"12.6.1", []string{"8.8"}},
		{"12.6.2", []string{"8.19"}}, {"13.2.4", []string{"6.6"}}, {"14.1.1", []string{"5.8"}}, {"14.2.6", []string{"8.31"}},
		{"16.1.3", []string{"6.8"}}, {"17.2.1", []string{"8.14"}}, {"18.1.1", []string{"5.31"}}, {"18.1.4", []string{"5.34"}},
		{"18.1.5", []string{"5.31"}}, {"18.2.3", []string{"5.36", "8.8"}},
	} {
		var got []string
		for _, p := range pairs {
			if p.From == tc.from {
				got = append(got, p.To)
			}
		}
		if !slices.Equal(got, tc.to) {
			t.Errorf("%s maps to %v, want %v", tc.from, got, tc.to)
		}
	}
	if !slices.IsSortedFunc(pairs, func(a, b MappingPair) int {
		if c := CompareNumbers(a.From, b.From); c != 0 {
			return c
		}
		return CompareNumbers(a.To, b.To)
	}) {
		t.Error("Mapping() is not sorted")
	}
}

func TestKindLabels(t *testing.T) {
	want := map[Kind]string{
		KindTheme: "thema", KindChapter: "hoofdstuk", KindObjective: "beheersdoelstelling",
		KindControl: "beheersmaatregel", KindMeasure: "overheidsmaatregel",
	}
	for _, k := range Kinds() {
		if k.Label() != want[k] {
			t.Errorf("%s.Label() = %q, want %q", k, k.Label(), want[k])
		}
		if got, ok := ParseKind(string(k)); !ok || got != k {
			t.Errorf("ParseKind(%q) = %q, %v", k, got, ok)
		}
	}
	if _, ok := ParseKind("Control"); ok {
		t.Error("ParseKind is case sensitive")
	}
}

func TestCompareNumbers(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"5.2", "5.10", -1}, {"5.10", "5.2", 1}, {"5", "5.1", -1}, {"5.1", "5.1", 0},
		{"9.2.3", "10.1.1", -1}, {"5.01.01", "5.1.2", -1}, {"8.34", "8.4", 1},
	}
	for _, tc := range tests {
		if got := CompareNumbers(tc.a, tc.b); got != tc.want {
			t.Errorf("CompareNumbers(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
