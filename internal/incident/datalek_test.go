package incident

import (
	"strings"
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/nl"
)

// TestFactsValidate: the nature is required, lists keep to their values,
// numbers are whole and ordered, informing needs a date and a way, not
// informing a reason; every message is Dutch and names its field.
func TestFactsValidate(t *testing.T) {
	lezen := []string{"lezen"}
	for _, c := range []struct {
		name  string
		in    FactsInput
		field string
		msg   string
	}{
		{"no nature", FactsInput{}, "nature", "Kies de aard van de inbreuk"},
		{"unknown nature", FactsInput{FactsAnswers: FactsAnswers{Nature: []string{"hacken"}}}, "nature", "uit de lijst"},
		{"unknown special category", FactsInput{FactsAnswers: FactsAnswers{Nature: lezen, SpecialCategories: []string{"schoenmaat"}}}, "special_categories", "uit de lijst"},
		{"text as number", FactsInput{FactsAnswers: FactsAnswers{Nature: lezen}, PersonsMin: "ongeveer 30"}, "persons_min", "geheel getal"},
		{"negative records", FactsInput{FactsAnswers: FactsAnswers{Nature: lezen}, Records: "-4"}, "records", "geheel getal"},
		{"max below min", FactsInput{FactsAnswers: FactsAnswers{Nature: lezen}, PersonsMin: "10", PersonsMax: "5"}, "persons_max", "kleiner dan het minimale"},
		{"other group unnamed", FactsInput{FactsAnswers: FactsAnswers{Nature: lezen, PersonGroups: []string{"anders"}}}, "person_groups_other", "Noem de andere groepen"},
		{"informed without date", FactsInput{FactsAnswers: FactsAnswers{Nature: lezen, SubjectsInformed: "ja", SubjectsHow: "brief"}}, "informed_on", "wanneer de betrokkenen"},
		{"informed bad date", FactsInput{FactsAnswers: FactsAnswers{Nature: lezen, SubjectsInformed: "ja", SubjectsHow: "brief"}, InformedOn: "gisteren"}, "informed_on", "dd-mm-jjjj"},
		{"informed without how", FactsInput{FactsAnswers: FactsAnswers{Nature: lezen, SubjectsInformed: "ja"}, InformedOn: "01-12-2026"}, "subjects_how", "hoe de betrokkenen"},
		{"not informed without reason", FactsInput{FactsAnswers: FactsAnswers{Nature: lezen, SubjectsInformed: "nee"}}, "subjects_not_reason", "waarom de betrokkenen niet"},
		{"date without informing", FactsInput{FactsAnswers: FactsAnswers{Nature: lezen}, InformedOn: "01-12-2026"}, "informed_on", "alleen in als"},
		{"cross border without countries", FactsInput{FactsAnswers: FactsAnswers{Nature: lezen, CrossBorder: "ja"}}, "cross_border_note", "Noem de landen"},
		{"cross border other answer", FactsInput{FactsAnswers: FactsAnswers{Nature: lezen, CrossBorder: "misschien"}}, "cross_border", "ja of nee"},
		{"encrypted other answer", FactsInput{FactsAnswers: FactsAnswers{Nature: lezen, Encrypted: "beetje"}}, "encrypted", "versleuteld"},
		{"long measures", FactsInput{FactsAnswers: FactsAnswers{Nature: lezen, MeasuresTaken: strings.Repeat("x", 4001)}}, "measures_taken", "hoogstens 4000"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := c.in.Validate()
			if !strings.Contains(v[c.field], c.msg) {
				t.Errorf("%s: %q, want %q (all: %v)", c.field, v[c.field], c.msg, v)
			}
		})
	}
	in := FactsInput{FactsAnswers: FactsAnswers{Nature: []string{"verlies", "lezen"}, SubjectsInformed: "ja", SubjectsHow: " Per brief ", CrossBorder: "nee"},
		PersonsMin: " 1.200 ", PersonsMax: "1500", InformedOn: "2-12-2026"}
	if v := in.Validate(); len(v) != 0 {
		t.Fatalf("valid facts refused: %v", v)
	}
	if f := in.facts; *f.PersonsMin != 1200 || *f.PersonsMax != 1500 || f.InformedOn.Format("2006-01-02") != "2026-12-02" || f.SubjectsHow != "Per brief" {
		t.Errorf("facts %+v", f)
	}
}

func TestNoteValidate(t *testing.T) {
	f := NoteInput{Kind: NoteFollowUp, On: "morgen"}
	v := f.Validate()
	if !strings.Contains(v["sent_on"], "dd-mm-jjjj") || !strings.Contains(v["followup_text"], "Beschrijf") {
		t.Errorf("follow-up: %v", v)
	}
	a := NoteInput{Kind: NoteAdvice, Text: "  "}
	v = a.Validate()
	if !strings.Contains(v["advised_on"], "datum van het advies") || !strings.Contains(v["advice"], "Vul het advies") {
		t.Errorf("advice: %v", v)
	}
	a = NoteInput{Kind: NoteAdvice, On: "01-12-2026", Text: strings.Repeat("a", 8001)}
	if v = a.Validate(); !strings.Contains(v["advice"], "hoogstens 8000") {
		t.Errorf("long advice: %v", v)
	}
	v = apperr.Validation{}
	notFutureDay(v, "advised_on", "De datum", time.Now().AddDate(0, 0, 2), time.Now())
	if !strings.Contains(v["advised_on"], "toekomst") {
		t.Errorf("a date after today: %v", v)
	}
}

// TestDraftContainsTheFacts: the draft has the sections of the AP's form
// with every fact, and names what is missing.
func TestDraftContainsTheFacts(t *testing.T) {
	discovered := time.Date(2026, 12, 1, 9, 30, 0, 0, nl.Amsterdam)
	notified := discovered.Add(20 * time.Hour)
	on := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	lo, hi, rec := 12, 20, 1500
	x := Incident{ID: 7, Number: 42, Title: "USB-stick kwijt", Description: "Na een huisbezoek.", DiscoveredAt: discovered, HandlerName: "Sam de DSPO",
		Cause: "medewerker_onbewust", APDecision: APNotify, APNotifiedAt: &notified, APReference: "M-123"}
	f := Facts{FactsAnswers: FactsAnswers{Nature: []string{"verlies"}, PersonGroups: []string{"minderjarigen", "anders"}, PersonGroupsOther: "ouders",
		DataCategories: []string{"naw"}, SpecialCategories: []string{"gezondheid"},
		Consequences: []string{"stigmatisering"}, ConsequencesText: "Gevoelige verslagen.", MeasuresTaken: "Route nagelopen.",
		MeasuresPlanned: "USB blokkeren.", Encrypted: "nee", SubjectsInformed: "ja", SubjectsHow: "Per brief.", CrossBorder: "nee"},
		PersonsMin: &lo, PersonsMax: &hi, Records: &rec, InformedOn: &on, Version: 1}
	d := BuildDraft("Gemeente Voorbeeld", x, f, []Note{{On: on, Text: "Definitief aantal: 14."}})
	text := d.Text()
	for _, want := range []string{"Gemeente Voorbeeld", "INC-0042", "Sam de DSPO", "USB-stick kwijt\nNa een huisbezoek.", "01-12-2026 09:30",
		"Aard van de inbreuk: Verlies", "Minderjarigen; anders: ouders", "minimaal 12, maximaal 20", "Namen, adressen en woonplaatsen",
		"Bijzondere persoonsgegevens: Gezondheid", "1.500", "Stigmatisering of uitsluiting", "Gevoelige verslagen.", "Route nagelopen.",
		"USB blokkeren.", "versleuteld of onleesbaar gemaakt?: Nee", "Geïnformeerd op: 02-12-2026", "Hoe: Per brief.",
		"Betrokkenen in andere EU-landen: Nee", "Gemeld bij de AP op: 02-12-2026 05:30", "Meldnummer van de AP: M-123",
		"Aanvullende melding 02-12-2026: Definitief aantal: 14.", "Oorzaak: Medewerker (onbewust)",
		"1. Algemene gegevens", "4. Betrokken persoonsgegevens", "8. Informeren van betrokkenen", "9. Internationale aspecten"} {
		if !strings.Contains(text, want) {
			t.Errorf("the draft lacks %q:\n%s", want, text)
		}
	}
	if len(d.Missing) != 1 || d.Missing[0] != "Datum en tijd van het datalek" {
		t.Errorf("missing %v", d.Missing)
	}
	empty := BuildDraft("Gemeente Voorbeeld", Incident{Title: "Lek", DiscoveredAt: discovered}, Facts{}, nil)
	if !strings.Contains(empty.Text(), "Aard van de inbreuk: "+notYet) || strings.Contains(empty.Text(), "Meldnummer") || len(empty.Missing) < 10 {
		t.Errorf("an empty draft: %v\n%s", empty.Missing, empty.Text())
	}
}
