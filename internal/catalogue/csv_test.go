package catalogue

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const hdr = CSVHeader + "\n"

func TestParseCSVValid(t *testing.T) {
	in := "\ufeff" + CSVHeader + "\r\n" +
		"control,5.1,5,\"Beleid, kort\",ketenhygiene+basishygiëne,ja,2\r\n" + // parent defined later
		"theme,5,,Organisatorisch,,,\r\n" +
		"measure,5.01.01,5.1,Maatregel een,Overheidsrisico,nee,\r\n" +
		"\r\n" + // blank lines are skipped
		"chapter,9,,Toegang,,,\r\n" +
		"objective,9.2,9,Gebruikers,,,\r\n" +
		"control,9.2.3,9.2,Bijzondere rechten,,,1\r\n" +
		"measure,9.2.3.1,9.2.3,\"Met \"\"aanhalingstekens\"\"\",,,3\r\n"
	items, err := ParseCSV(strings.NewReader(in))
	if err != nil {
		t.Fatalf("ParseCSV: %v", err)
	}
	want := []Item{
		{Kind: KindControl, Number: "5.1", Parent: "5", Title: "Beleid, kort", Hygiene: "basishygiene+ketenhygiene", CbwScope: "ja", BBN: 2},
		{Kind: KindTheme, Number: "5", Title: "Organisatorisch"},
		{Kind: KindMeasure, Number: "5.01.01", Parent: "5.1", Title: "Maatregel een", Hygiene: "overheidsrisico", CbwScope: "nee"},
		{Kind: KindChapter, Number: "9", Title: "Toegang"},
		{Kind: KindObjective, Number: "9.2", Parent: "9", Title: "Gebruikers"},
		{Kind: KindControl, Number: "9.2.3", Parent: "9.2", Title: "Bijzondere rechten", BBN: 1},
		{Kind: KindMeasure, Number: "9.2.3.1", Parent: "9.2.3", Title: `Met "aanhalingstekens"`, BBN: 3},
	}
	if !slices.Equal(items, want) {
		t.Errorf("items:\n got %+v\nwant %+v", items, want)
	}
	if got := HygieneTypes(items[0].Hygiene); !slices.Equal(got, []string{HygieneBasis, HygieneKeten}) {
		t.Errorf("HygieneTypes = %v", got)
	}
}

type wantErr struct {
	line int
	msg  string // substring of the message
}

func TestParseCSVErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []wantErr
	}{
		{"leeg bestand", "", []wantErr{{1, "leeg"}}},
		{"alleen kopregel", hdr, []wantErr{{1, "alleen de kopregel"}}},
		{"commentaarregel", "# catalogus\n" + hdr + "theme,5,,T,,,\n", []wantErr{{1, "kopregel moet precies"}}},
		{"andere kolomvolgorde", "number,kind,parent,title,hygiene,cbw_scope,bbn\n", []wantErr{{1, "kopregel"}}},
		{"onbekend soort", hdr + "theme,5,,T,,,\nfoo,5.1,5,T,,,\n", []wantErr{{3, "onbekend soort 'foo' (verwacht: theme, chapter, objective, control, measure)"}}},
		{"soort met hoofdletter", hdr + "Theme,5,,T,,,\n", []wantErr{{2, "onbekend soort 'Theme'"}}},
		{"nummer ontbreekt", hdr + "theme,,,T,,,\n", []wantErr{{2, "nummer ontbreekt"}}},
		{"nummer met letters", hdr + "theme,5,,T,,,\ncontrol,5.a,5,T,,,\n", []wantErr{{3, "ongeldig nummer '5.a'"}}},
		{"nummer past niet bij soort", hdr + "theme,5.1,,T,,,\n", []wantErr{{2, "past niet bij soort theme"}}},
		{"measure met twee delen", hdr + "theme,5,,T,,,\ncontrol,5.1,5,T,,,\nmeasure,5.2,5.1,T,,,\n", []wantErr{{4, "past niet bij soort measure"}}},
		{"dubbel nummer", hdr + "theme,5,,T,,,\ntheme,6,,T,,,\ntheme,5,,U,,,\n", []wantErr{{4, "nummer '5' komt al voor op regel 2"}}},
		{"dubbel in waarde", hdr + "theme,5,,T,,,\ncontrol,5.1,5,T,,,\ncontrol,5.01,5,U,,,\n", []wantErr{{4, "'5.01' is gelijk aan '5.1' op regel 3"}}},
		{"ouder bestaat niet", hdr + "theme,5,,T,,,\ncontrol,6.1,6,T,,,\n", []wantErr{{3, "bovenliggend nummer '6' bestaat niet"}}},
		{"ouder van verkeerd soort", hdr + "theme,5,,T,,,\nmeasure,5.01.01,5,T,,,\n", []wantErr{{3, "een measure kan niet onder theme '5' vallen (toegestaan: control)"}}},
		{"nummer buiten ouder", hdr + "theme,5,,T,,,\ntheme,6,,T,,,\ncontrol,6.1,5,T,,,\n", []wantErr{{4, "'6.1' begint niet met het bovenliggende nummer '5'"}}},
		{"thema met ouder", hdr + "theme,5,,T,,,\nchapter,6,5,T,,,\n", []wantErr{{3, "staat bovenaan"}}},
		{"control zonder ouder", hdr + "control,5.1,,T,,,\n", []wantErr{{2, "bovenliggend nummer ontbreekt"}}},
		{"ongeldig ouder-nummer", hdr + "theme,5,,T,,,\ncontrol,5.1,x,T,,,\n", []wantErr{{3, "ongeldig bovenliggend nummer 'x'"}}},
		{"titel ontbreekt", hdr + "theme,5,,,,,\n", []wantErr{{2, "titel ontbreekt"}}},
		{"titel met regeleinde", hdr + "theme,5,,\"twee\nregels\",,,\n", []wantErr{{2, "regeleinde"}}},
		{"titel te lang", hdr + "theme,5,," + strings.Repeat("x", 201) + ",,,\n", []wantErr{{2, "201 tekens"}}},
		{"onbekende hygiëne", hdr + "theme,5,,T,,,\ncontrol,5.1,5,T,basis,,\n", []wantErr{{3, "onbekende hygiëne 'basis'"}}},
		{"dubbele hygiëne", hdr + "theme,5,,T,,,\ncontrol,5.1,5,T,basishygiene+basishygiene,,\n", []wantErr{{3, "twee keer"}}},
		{"hygiëne bij thema", hdr + "theme,5,,T,basishygiene,,\n", []wantErr{{2, "hygiëne mag alleen bij control en measure"}}},
		{"ongeldige cbw", hdr + "theme,5,,T,,,\ncontrol,5.1,5,T,,misschien,\n", []wantErr{{3, "ongeldige cbw_scope 'misschien'"}}},
		{"cbw bij hoofdstuk", hdr + "chapter,5,,T,,nee,\n", []wantErr{{2, "cbw_scope mag alleen"}}},
		{"ongeldig bbn", hdr + "theme,5,,T,,,\ncontrol,5.1,5,T,,,4\n", []wantErr{{3, "ongeldig bbn '4'"}}},
		{"bbn bij doelstelling", hdr + "chapter,5,,T,,,\nobjective,5.1,5,T,,,1\n", []wantErr{{3, "bbn mag alleen"}}},
		{"te weinig kolommen", hdr + "theme,5,,T,,\n", []wantErr{{2, "6 kolommen gevonden, verwacht 7"}}},
		{"te veel kolommen", hdr + "theme,5,,T,,,,\n", []wantErr{{2, "8 kolommen"}}},
		{"los aanhalingsteken", hdr + "theme,5,,T,,,\ntheme,6,,Me\"ns,,,\n", []wantErr{{3, "aanhalingsteken midden in een veld"}}},
		{"niet afgesloten aanhalingsteken", hdr + "theme,5,,T,,,\ntheme,6,,\"Mens,,,\n", []wantErr{{3, "niet afgesloten"}}},
		{"geen utf-8", hdr + "theme,5,,Fysi\xebk,,,\n", []wantErr{{2, "UTF-8"}}},
		{"meerdere fouten op volgorde", hdr + "theme,5,,T,,,\nfoo,5.1,5,T,,,\ncontrol,5.2,7,T,,,\ncontrol,5.3,5,,,,\n",
			[]wantErr{{3, "onbekend soort"}, {4, "'7' bestaat niet"}, {5, "titel ontbreekt"}}},
		{"twee fouten op één regel", hdr + "theme,5,,T,,,\ncontrol,5.1,5,,x,,\n", []wantErr{{3, "titel ontbreekt"}, {3, "onbekende hygiëne"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			items, err := ParseCSV(strings.NewReader(tc.in))
			if items != nil {
				t.Errorf("got %d items with an error; want none", len(items))
			}
			checkParseErrors(t, err, tc.want)
		})
	}
}

func checkParseErrors(t *testing.T, err error, want []wantErr) {
	t.Helper()
	var pes ParseErrors
	if !errors.As(err, &pes) {
		t.Fatalf("error %v (%T) is not ParseErrors", err, err)
	}
	if len(pes) != len(want) {
		t.Fatalf("got %d errors %q, want %d", len(pes), err, len(want))
	}
	for i, w := range want {
		if pes[i].Line != w.line || !strings.Contains(pes[i].Msg, w.msg) {
			t.Errorf("error %d = line %d %q; want line %d containing %q", i, pes[i].Line, pes[i].Msg, w.line, w.msg)
		}
	}
	var pe *ParseError
	if !errors.As(err, &pe) || pe != pes[0] {
		t.Error("errors.As does not find the first *ParseError")
	}
}

func TestParseErrorMessage(t *testing.T) {
	_, err := ParseCSV(strings.NewReader(hdr + strings.Repeat("theme,5,,T,,,\n", 11) + "foo,5.1,5,T,,,\n"))
	var pes ParseErrors
	if !errors.As(err, &pes) {
		t.Fatal(err)
	}
	last := pes[len(pes)-1]
	if got, want := last.Error(), "regel 13: onbekend soort 'foo' (verwacht: theme, chapter, objective, control, measure)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if (&ParseError{Msg: "los"}).Error() != "los" {
		t.Error("ParseError without line should print the message only")
	}
	if !strings.HasPrefix(err.Error(), "regel 3: nummer '5' komt al voor op regel 2; regel 4:") {
		t.Errorf("ParseErrors.Error() = %q", err.Error())
	}
}

func TestParseCSVErrorLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString(hdr)
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&b, "foo,%d,,T,,,\n", i+1)
	}
	_, err := ParseCSV(strings.NewReader(b.String()))
	var pes ParseErrors
	if !errors.As(err, &pes) {
		t.Fatal(err)
	}
	if len(pes) != MaxErrors+1 {
		t.Fatalf("%d errors, want %d plus the stop notice", len(pes), MaxErrors)
	}
	for i, e := range pes[:MaxErrors] {
		if e.Line != i+2 {
			t.Errorf("error %d on line %d, want %d", i, e.Line, i+2)
		}
	}
	if stop := pes[MaxErrors]; stop.Line != MaxErrors+2 || !strings.Contains(stop.Msg, "meer dan 20 fouten") {
		t.Errorf("stop notice = %v", stop)
	}
}

func TestParseCSVReadError(t *testing.T) {
	boom := errors.New("boom")
	_, err := ParseCSV(&failingReader{data: hdr + "theme,5,,T,,,\n", err: boom})
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want the reader's error", err)
	}
}

type failingReader struct {
	data string
	err  error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if r.data == "" {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// TestDocExample keeps the example in docs/catalogue-csv.md valid.
func TestDocExample(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "catalogue-csv.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "```csv\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("no ```csv example in docs/catalogue-csv.md")
	}
	items, err := ParseCSV(strings.NewReader(example))
	if err != nil {
		t.Fatalf("doc example: %v", err)
	}
	if len(items) != 7 {
		t.Errorf("doc example has %d items, want 7", len(items))
	}
}
