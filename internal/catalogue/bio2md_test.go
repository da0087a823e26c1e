package catalogue

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// referenceFile finds ../shared/reference/bio2/maatregelen.md next to the
// project root (the directory with go.mod above the test's working
// directory). Missing file: skip locally, fail under CI=true.
func referenceFile(t *testing.T) []byte {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(wd, "..", "..", "..", "shared", "reference", "bio2", "maatregelen.md")
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			path = filepath.Join(dir, "..", "shared", "reference", "bio2", "maatregelen.md")
			break
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("BIO2 reference text missing under CI: %v", err)
		}
		t.Skipf("BIO2 reference text not available: %v", err)
	}
	return b
}

// TestReferenceBIO2 checks the parser, and every measure number shipped in
// bio2.csv, against the official BIO2 1.3 markdown.
func TestReferenceBIO2(t *testing.T) {
	raw := referenceFile(t)

	// Independent reading of the raw file: every "## CC.CC.NN" heading and
	// the first line under it.
	headRE := regexp.MustCompile(`(?m)^#{1,6}[ \t]+(\d\.\d{2}\.\d{2})[ \t]*\n+([^\n]*)`)
	all := map[string]bool{}
	none, retired := map[string]bool{}, map[string]bool{}
	for _, m := range headRE.FindAllStringSubmatch(string(raw), -1) {
		num, first := m[1], strings.TrimSpace(m[2])
		if all[num] {
			t.Fatalf("reference has %s twice", num)
		}
		all[num] = true
		switch {
		case strings.HasPrefix(first, "Geen overheidsmaatregel"):
			none[num] = true
		case strings.HasPrefix(first, "Vervallen"), strings.HasPrefix(first, "Verplaatst naar"):
			retired[num] = true
		}
	}
	if n := len(regexp.MustCompile(`(?m)^#+\s*\d+\.\d+\.\d+`).FindAllIndex(raw, -1)); n != len(all) {
		t.Fatalf("independent count: %d numbered headings, %d matched", n, len(all))
	}
	if len(all) < 100 {
		t.Fatalf("only %d numbers in the reference; wrong file?", len(all))
	}

	doc, err := ParseBIO2Markdown(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatalf("ParseBIO2Markdown: %v", err)
	}

	// Every number is accounted for: in force, retired, or a no-measure note.
	got := map[string]bool{}
	for _, m := range doc.Measures {
		if got[m.Number] {
			t.Errorf("measure %s returned twice", m.Number)
		}
		got[m.Number] = true
		if !all[m.Number] || none[m.Number] || retired[m.Number] {
			t.Errorf("measure %s is not a measure in force in the file", m.Number)
		}
	}
	gotRetired := map[string]bool{}
	for _, r := range doc.Retired {
		gotRetired[r.Number] = true
	}
	if !mapsEqual(gotRetired, retired) {
		t.Errorf("retired = %v, want %v", keys(gotRetired), keys(retired))
	}
	if len(doc.Measures)+len(doc.Retired)+len(none) != len(all) {
		t.Errorf("%d measures + %d retired + %d without measure != %d numbers in the file",
			len(doc.Measures), len(doc.Retired), len(none), len(all))
	}
	for num := range all {
		if !got[num] && !gotRetired[num] && !none[num] {
			t.Errorf("number %s from the file is missing", num)
		}
	}

	// Controls: all 93, and those marked "Geen overheidsmaatregel" have none.
	if len(doc.Controls) != 93 {
		t.Errorf("%d controls, want 93", len(doc.Controls))
	}
	noneControls := map[string]bool{}
	for num := range none {
		noneControls[numberKey(num)[:strings.LastIndex(numberKey(num), ".")]] = true
	}
	activeControls := map[string]bool{}
	for num := range all {
		if !none[num] && !retired[num] {
			k := numberKey(num)
			activeControls[k[:strings.LastIndex(k, ".")]] = true
		}
	}
	withoutMeasures := 0
	for _, c := range doc.Controls {
		if noneControls[c.Number] != c.NoMeasure {
			t.Errorf("control %s: NoMeasure = %v, file says %v", c.Number, c.NoMeasure, noneControls[c.Number])
		}
		if activeControls[c.Number] != c.HasMeasures {
			t.Errorf("control %s: HasMeasures = %v, file has measures in force: %v", c.Number, c.HasMeasures, activeControls[c.Number])
		}
		if c.NoMeasure && c.HasMeasures && !slices.ContainsFunc(doc.Warnings, func(e *ParseError) bool { return strings.Contains(e.Msg, "beheersmaatregel "+c.Number+" ") }) {
			t.Errorf("control %s is noted without measure but has measures; expected a warning", c.Number)
		}
		if !c.HasMeasures {
			withoutMeasures++
		}
	}
	t.Logf("BIO2 reference: %d numbers, %d measures in force, %d retired, %d 'Geen overheidsmaatregel' notes, %d of %d controls without a measure in force, %d warnings",
		len(all), len(doc.Measures), len(doc.Retired), len(none), withoutMeasures, len(doc.Controls), len(doc.Warnings))
	for _, want := range []string{"5.3", "5.7", "6.7", "7.4", "8.9", "8.34"} {
		if !noneControls[want] {
			t.Errorf("control %s should be marked 'Geen overheidsmaatregel'", want)
		}
	}

	// Every shipped measure number equals the set in the file, under the same control.
	fw := builtin(t, CodeBIO2)
	shipped := map[string]string{}
	for _, it := range byKind(fw.Items, KindMeasure) {
		shipped[it.Number] = it.Parent
	}
	for _, m := range doc.Measures {
		parent, ok := shipped[m.Number]
		switch {
		case !ok:
			t.Errorf("measure %s in the file is missing from bio2.csv", m.Number)
		case parent != m.Parent:
			t.Errorf("measure %s: bio2.csv parent %s, file %s", m.Number, parent, m.Parent)
		}
	}
	for num := range shipped {
		if !got[num] {
			t.Errorf("bio2.csv ships %s, which is not a measure in force in the file", num)
		}
	}
	// Controls with measures in the file are exactly those with measures in bio2.csv.
	for _, c := range doc.Controls {
		hasShipped := slices.ContainsFunc(byKind(fw.Items, KindMeasure), func(it Item) bool { return it.Parent == c.Number })
		if hasShipped != c.HasMeasures {
			t.Errorf("control %s: bio2.csv has measures %v, file %v", c.Number, hasShipped, c.HasMeasures)
		}
	}

	// The text is plain: no markdown left, nothing empty.
	for _, m := range doc.Measures {
		if m.Text == "" || strings.Contains(m.Text, "<br") || strings.Contains(m.Text, "##") || strings.Contains(m.Text, "\n\n\n") || m.Text != strings.TrimSpace(m.Text) {
			t.Errorf("measure %s text not clean: %q", m.Number, m.Text)
		}
		if m.Hygiene != "" || m.CbwScope != "" {
			t.Errorf("measure %s: hygiene %q cbw %q, but the 1.3 markdown carries neither", m.Number, m.Hygiene, m.CbwScope)
		}
	}
	for _, w := range []string{"5.26.01 is verplaatst naar 5.25.02"} {
		if !slices.ContainsFunc(doc.Warnings, func(e *ParseError) bool { return strings.Contains(e.Msg, w) }) {
			t.Errorf("expected warning %q in %v", w, doc.Warnings)
		}
	}
}

func mapsEqual(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.SortFunc(out, CompareNumbers)
	return out
}

func TestParseBIO2MarkdownSynthetic(t *testing.T) {
	in := "---\ntitle: test\n---\n\n" +
		"# Deel 2\nInleiding met 5.01.01 in de lopende tekst.\n\n" +
		"## Beheersmaatregel 5.01 Beleid\n\nTekst van ISO die niet meetelt.\n\n" +
		"### 5.01.01 Eerste zin op de kop.\nTweede zin\nloopt door.<br><br>\nNieuwe alinea met **nadruk** en een [link](https://example.org).\n" +
		"- punt een\n-  punt twee\n\nDraagt bij aan: Basishygiëne, NIS2, ketenhygiëne\n\n> redactionele opmerking\n\n" +
		"### 5.01.02\nRegel<br>breuk &amp; meer.\n\n" +
		"```\n## 5.01.03\n```\n" +
		"## Beheersmaatregel 5.03 Functiescheiding\n### 5.03.01\nGeen aanvullende maatregel\n\n" +
		"## Beheersmaatregel 5.10 Gebruik\n## 5.10.3\nVervallen.\n\n" +
		"## 5.10.4\nVerplaatst naar 5.1.2.\n"
	doc, err := ParseBIO2Markdown(strings.NewReader(in))
	if err != nil {
		t.Fatalf("ParseBIO2Markdown: %v", err)
	}
	wantMeasures := []Item{
		{Kind: KindMeasure, Number: "5.01.01", Parent: "5.1", Title: "Overheidsmaatregel 5.01.01", Hygiene: "basishygiene+ketenhygiene",
			Text: "Eerste zin op de kop. Tweede zin loopt door.\n\nNieuwe alinea met nadruk en een link (https://example.org).\n- punt een\n- punt twee"},
		{Kind: KindMeasure, Number: "5.01.02", Parent: "5.1", Title: "Overheidsmaatregel 5.01.02", Text: "Regel\nbreuk & meer."},
	}
	if !slices.Equal(doc.Measures, wantMeasures) {
		t.Errorf("measures:\n got %#v\nwant %#v", doc.Measures, wantMeasures)
	}
	wantControls := []BIO2Control{
		{Number: "5.1", HasMeasures: true, Line: 8},
		{Number: "5.3", NoMeasure: true, Line: 29},
		{Number: "5.10", Line: 33},
	}
	if !slices.Equal(doc.Controls, wantControls) {
		t.Errorf("controls:\n got %+v\nwant %+v", doc.Controls, wantControls)
	}
	wantRetired := []BIO2Retired{
		{Number: "5.10.03", Control: "5.10", Line: 34},
		{Number: "5.10.04", Control: "5.10", MovedTo: "5.01.02", Line: 37},
	}
	if !slices.Equal(doc.Retired, wantRetired) {
		t.Errorf("retired:\n got %+v\nwant %+v", doc.Retired, wantRetired)
	}
	if len(doc.Warnings) != 0 {
		t.Errorf("warnings: %v", doc.Warnings)
	}
}

func TestParseBIO2MarkdownWarnings(t *testing.T) {
	in := "## 8.16.02\nZelfde tekst.\n\n## 8.16.03\nZelfde  tekst.\n\n## 5.26.01\nVerplaatst naar 5.25.02.\n"
	doc, err := ParseBIO2Markdown(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range doc.Warnings {
		got = append(got, w.Error())
	}
	want := []string{
		"regel 4: overheidsmaatregel 8.16.03 heeft dezelfde tekst als 8.16.02",
		"regel 7: 5.26.01 is verplaatst naar 5.25.02, maar dat nummer staat niet als overheidsmaatregel in het bestand",
	}
	if !slices.Equal(got, want) {
		t.Errorf("warnings = %q, want %q", got, want)
	}
}

func TestParseBIO2MarkdownErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []wantErr
	}{
		{"geen maatregelen", "# BIO2\nAlleen inleiding.\n## 1.2 Leeswijzer\n", []wantErr{{0, "geen overheidsmaatregelen gevonden"}}},
		{"alleen geen-overheidsmaatregel", "## 5.03.01\nGeen overheidsmaatregel, zie inleiding.\n", []wantErr{{0, "geen overheidsmaatregelen"}}},
		{"maatregel onder verkeerde beheersmaatregel", "## Beheersmaatregel 5.01 Beleid\n### 5.01.01\nA\n### 5.02.01\nB\n", []wantErr{{4, "5.02.01 staat onder beheersmaatregel 5.1"}}},
		{"kop 5.2 na maatregel 5.01", "## 5.1 Beleid\n### 5.01.01\nA\n## 5.2 Rollen\n### 5.01.02\nB\n", []wantErr{{5, "staat onder beheersmaatregel 5.2"}}},
		{"dubbel nummer", "## 5.01.01\nA\n\n## 5.01.01\nB\n", []wantErr{{4, "nummer 5.01.01 komt al voor op regel 1"}}},
		{"dubbel in andere schrijfwijze", "## 5.01.01\nA\n## 5.1.1\nB\n", []wantErr{{3, "komt al voor op regel 1"}}},
		{"beheersmaatregel bestaat niet", "## 5.38.01\nA\n## 5.01.01\nB\n", []wantErr{{1, "'5.38.01' hoort niet bij een beheersmaatregel"}}},
		{"thema bestaat niet", "## 9.01.01\nA\n## 5.01.01\nB\n", []wantErr{{1, "'9.01.01' hoort niet"}}},
		{"kop beheersmaatregel bestaat niet", "## Beheersmaatregel 6.09 Iets\n## 5.01.01\nB\n", []wantErr{{1, "beheersmaatregel '6.09' bestaat niet"}}},
		{"volgnummer nul", "## 5.01.00\nA\n## 5.01.01\nB\n", []wantErr{{1, "volgnummer 0"}}},
		{"maatregel zonder tekst", "## 5.01.01\n\n## 5.01.02\nB\n", []wantErr{{1, "5.01.01 heeft geen tekst"}}},
		{"geen utf-8", "## 5.01.01\nFysi\xebk\n", []wantErr{{2, "UTF-8"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := ParseBIO2Markdown(strings.NewReader(tc.in))
			if doc.Measures != nil || doc.Controls != nil {
				t.Errorf("got a document with an error: %+v", doc)
			}
			checkParseErrors(t, err, tc.want)
		})
	}
}

func TestParseBIO2MarkdownReadError(t *testing.T) {
	boom := errors.New("boom")
	if _, err := ParseBIO2Markdown(&failingReader{data: "## 5.01.01\nA\n", err: boom}); !errors.Is(err, boom) {
		t.Errorf("err = %v, want the reader's error", err)
	}
}
