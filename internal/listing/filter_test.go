package listing

import (
	"net/url"
	"reflect"
	"testing"

	"github.com/baken-nl/baken/internal/apperr"
)

var testFilters = Filters{
	{Name: "status", Kind: Enum, Values: []string{"open", "gesloten"}, Column: "i.status"},
	{Name: "afdeling", Kind: ID, Values: []string{"geen"}, Column: "i.department_id"},
	{Name: "jaar", Kind: Int, Min: 2000, Max: 2100},
	{Name: "mijn", Kind: Flag, Column: "i.mine"},
	{Name: "herziening", Kind: Flag, Values: []string{"verlopen"}},
	{Name: "verlopen", Kind: Bool},
	{Name: "thema", Kind: Text},
}

func parse(t *testing.T, raw string) (Filter, map[string]string) {
	t.Helper()
	v, err := url.ParseQuery(raw)
	if err != nil {
		t.Fatal(err)
	}
	f, err := testFilters.Parse(v)
	if err == nil {
		return f, nil
	}
	e, ok := apperr.As(err)
	if !ok || e.Code != apperr.Invalid {
		t.Fatalf("Parse(%q): %v, want an apperr.Invalid", raw, err)
	}
	return f, e.Fields
}

func TestFilterParsesEveryKind(t *testing.T) {
	f, errs := parse(t, "status=open&afdeling=%207&jaar=2026&mijn=1&herziening=verlopen&verlopen=on&thema=%20Toegang%20&page=3&q=x&sort=naam&dir=desc&onbekend=1")
	if errs != nil {
		t.Fatalf("errors %v", errs)
	}
	if f.Get("status") != "open" || f.ID("afdeling") != 7 || f.Int("jaar") != 2026 || !f.On("mijn") ||
		!f.On("herziening") || !f.On("verlopen") || f.Get("thema") != "Toegang" || !f.Active() {
		t.Errorf("parsed %+v", f.vals)
	}
	if got, want := f.URL("/x/export.xlsx"), "/x/export.xlsx?afdeling=7&dir=desc&herziening=verlopen&jaar=2026&mijn=1&q=x&sort=naam&status=open&thema=Toegang&verlopen=1"; got != want {
		t.Errorf("URL = %s, want %s", got, want)
	}
}

func TestFilterEmptyIsNoFilter(t *testing.T) {
	f, errs := parse(t, "status=&afdeling=0&jaar=&page=2")
	if errs != nil || f.Active() || f.ID("afdeling") != 0 || f.Int("jaar") != 0 {
		t.Errorf("errors %v, values %v", errs, f.vals)
	}
	if got := f.URL("/x/export.xlsx"); got != "/x/export.xlsx" {
		t.Errorf("URL = %s: the page is no part of an export", got)
	}
	if w, args := f.Where(2); len(args) != 3 || args[0] != "" || args[1] != int64(0) || args[2] != false || w == "" {
		t.Errorf("Where = %q %v", w, args)
	}
}

func TestFilterReportsEveryBadValue(t *testing.T) {
	f, errs := parse(t, "status=onzin&afdeling=2147483648&jaar=1999&mijn=ja&herziening=1&verlopen=misschien&thema=iets")
	for _, name := range []string{"status", "afdeling", "jaar", "mijn", "herziening"} {
		if errs[name] == "" {
			t.Errorf("no error for %s (errors %v)", name, errs)
		}
	}
	if _, ok := errs["verlopen"]; ok {
		t.Error("a Bool is never an error")
	}
	if errs["status"] != "Deze keuze is ongeldig. Kies een waarde uit de lijst." ||
		errs["jaar"] != "Deze waarde is ongeldig: kies een geheel getal van 2000 tot en met 2100." {
		t.Errorf("messages %v", errs)
	}
	// A bad value leaves its filter unset: a list that ignores bad values
	// drops the error and keeps the good ones.
	if f.Get("status") != "" || f.ID("afdeling") != 0 || f.Int("jaar") != 0 || f.On("mijn") || f.On("verlopen") || f.Get("thema") != "iets" {
		t.Errorf("values %v", f.vals)
	}
}

func TestFilterBounds(t *testing.T) {
	for raw, want := range map[string]int{"jaar=2000": 2000, "jaar=2100": 2100, "jaar=2101": 0, "jaar=-5": 0, "jaar=20x": 0} {
		f, _ := parse(t, raw)
		if f.Int("jaar") != want {
			t.Errorf("%s: %d, want %d", raw, f.Int("jaar"), want)
		}
	}
	f, errs := parse(t, "afdeling=2147483647")
	if errs != nil || f.ID("afdeling") != 2147483647 {
		t.Errorf("the largest id: %v %v", f.vals, errs)
	}
	f, errs = parse(t, "afdeling=-1")
	if errs["afdeling"] == "" || f.On("afdeling") {
		t.Errorf("a negative id: %v %v", f.vals, errs)
	}
}

func TestFilterIDWords(t *testing.T) {
	f, errs := parse(t, "afdeling=geen")
	if errs != nil || f.Get("afdeling") != "geen" || f.ID("afdeling") != 0 || !f.On("afdeling") {
		t.Errorf("values %v, errors %v", f.vals, errs)
	}
}

func TestFilterWhere(t *testing.T) {
	f, _ := parse(t, "status=open&afdeling=4&mijn=1&jaar=2026")
	w, args := f.Where(3)
	want := " AND ($3::text = '' OR i.status = $3) AND ($4::bigint = 0 OR i.department_id = $4) AND (NOT $5::bool OR i.mine)"
	if w != want {
		t.Errorf("Where = %q\nwant    %q", w, want)
	}
	if !reflect.DeepEqual(args, []any{"open", int64(4), true}) {
		t.Errorf("args %v", args)
	}
}

func TestStrings(t *testing.T) {
	type kind string
	if got := Strings([]kind{"a", "b"}); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("Strings = %v", got)
	}
}

func TestChoiceValues(t *testing.T) {
	type named Choice
	if got := ChoiceValues([]named{{"a", "A"}, {"b", "B"}}); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("ChoiceValues = %v", got)
	}
	if got := ChoiceValues([]struct{ Value, Label string }{{"c", "C"}}); !reflect.DeepEqual(got, []string{"c"}) {
		t.Errorf("ChoiceValues = %v", got)
	}
}

func TestFilterLenient(t *testing.T) {
	fs := Filters{{Name: "soort", Kind: Enum, Values: []string{"user"}, Lenient: true}, {Name: "gebruiker", Kind: ID}}
	f, err := fs.Parse(url.Values{"soort": {"onzin"}})
	if err != nil || f.On("soort") {
		t.Errorf("a lenient filter's bad value: %v, %v", f.vals, err)
	}
	f, err = fs.Parse(url.Values{"soort": {"user"}, "gebruiker": {"x"}})
	if fields := apperr.FieldsOf(err); len(fields) != 1 || fields["gebruiker"] == "" || f.Get("soort") != "user" {
		t.Errorf("fields %v, values %v", fields, f.vals)
	}
}
