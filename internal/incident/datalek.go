package incident

import (
	"strconv"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/enum"
	"github.com/baken-nl/baken/internal/nl"
)

// ---- the facts of a datalek, as the AP's meldformulier asks them ----

// Natures are the kinds of breach (the AP form: "aard van de inbreuk").
var Natures = []Choice{
	{"lezen", "Lezen (inzage door onbevoegden)"},
	{"kopieren", "Kopiëren"},
	{"wijzigen", "Wijzigen (integriteit)"},
	{"verwijderen", "Verwijderen of vernietigen (beschikbaarheid)"},
	{"verlies", "Verlies"},
	{"diefstal", "Diefstal"},
	{"onbekend", "Nog onbekend"},
}

// PersonGroups are the categories of persons whose data is involved.
var PersonGroups = []Choice{
	{"inwoners", "Inwoners"},
	{"medewerkers", "Medewerkers"},
	{"klanten", "Klanten of cliënten"},
	{"minderjarigen", "Minderjarigen"},
	{"kwetsbaren", "Kwetsbare groepen"},
	{"patienten", "Patiënten of zorgcliënten"},
	{"leerlingen", "Leerlingen of studenten"},
	{"onbekend", "Nog onbekend"},
	{"anders", "Anders"},
}

// DataCategories are the kinds of personal data involved.
var DataCategories = []Choice{
	{"naw", "Namen, adressen en woonplaatsen"},
	{"contact", "Telefoonnummers en e-mailadressen"},
	{"geboorte", "Geslacht, geboortedatum of leeftijd"},
	{"bsn", "Burgerservicenummer (BSN)"},
	{"identiteitsbewijs", "Kopieën van identiteitsbewijzen"},
	{"inlog", "Toegangs- of identificatiegegevens (inlognaam, wachtwoord, klantnummer)"},
	{"financieel", "Financiële of economische gegevens"},
	{"locatie", "Locatiegegevens"},
	{"onbekend", "Nog onbekend"},
	{"anders", "Anders"},
}

// SpecialCategories are the bijzondere persoonsgegevens (AVG art. 9) and
// the strafrechtelijke gegevens (art. 10).
var SpecialCategories = []Choice{
	{"ras", "Ras of etnische afkomst"},
	{"politiek", "Politieke opvattingen"},
	{"religie", "Religieuze of levensbeschouwelijke overtuigingen"},
	{"vakbond", "Lidmaatschap van een vakbond"},
	{"genetisch", "Genetische gegevens"},
	{"biometrisch", "Biometrische gegevens (voor identificatie)"},
	{"gezondheid", "Gezondheid"},
	{"seksueel", "Seksueel gedrag of seksuele gerichtheid"},
	{"strafrechtelijk", "Strafrechtelijke gegevens"},
}

// Consequences are the likely consequences for the persons involved.
var Consequences = []Choice{
	{"stigmatisering", "Stigmatisering of uitsluiting"},
	{"identiteitsfraude", "(Identiteits)fraude"},
	{"phishing", "Spam of phishing"},
	{"financieel", "Financiële schade"},
	{"gezondheid", "Schade aan de gezondheid"},
	{"reputatie", "Schade aan de reputatie"},
	{"onbekend", "Nog onbekend"},
	{"anders", "Anders"},
}

// Encryptions are the answers to "were the data encrypted or otherwise
// unreadable for whoever got them?".
var Encryptions = []Choice{
	{"ja", "Ja, versleuteld of onleesbaar"},
	{"gedeeltelijk", "Gedeeltelijk"},
	{"nee", "Nee"},
	{"onbekend", "Nog onbekend"},
}

// InformedAnswers are the answers to "are the persons involved informed?".
var InformedAnswers = []Choice{{"ja", "Ja"}, {"nee", "Nee, en dat gebeurt ook niet"}, {"nog_niet", "Nog niet (besluit volgt)"}}

// YesNo is ja or nee.
var YesNo = []Choice{{"ja", "Ja"}, {"nee", "Nee"}}

// FactsAnswers are the answers the facts form and the stored facts share:
// the lists and the texts.
type FactsAnswers struct {
	Nature            []string
	PersonGroups      []string
	PersonGroupsOther string
	DataCategories    []string
	DataOther         string
	SpecialCategories []string
	Consequences      []string
	ConsequencesText  string
	MeasuresTaken     string
	MeasuresPlanned   string
	Encrypted         string
	EncryptionNote    string
	SubjectsInformed  string
	SubjectsHow       string
	SubjectsNotReason string
	CrossBorder       string
	CrossBorderNote   string
}

// Facts are the facts of a datalek as stored; Version 0 when none are
// stored yet.
type Facts struct {
	FactsAnswers
	PersonsMin *int
	PersonsMax *int
	Records    *int
	InformedOn *time.Time
	Version    int
	UpdatedBy  string
	UpdatedAt  *time.Time
}

// Filled reports whether any facts are stored.
func (f Facts) Filled() bool { return f.Version > 0 }

// Labels are the Dutch labels of the values of a list, in the list's order.
func Labels(list []Choice, values []string) []string {
	var out []string
	for _, c := range list {
		for _, v := range values {
			if v == c.Value {
				out = append(out, c.Label)
				break
			}
		}
	}
	return out
}

// Label is the Dutch label of one value of a list; "" stays "".
func Label(list []Choice, v string) string {
	if v == "" {
		return ""
	}
	return enum.LabelIn(list, v)
}

// FactsInput is the form of the facts: numbers and dates as typed, so a
// wrong value is shown again as it was entered.
type FactsInput struct {
	FactsAnswers
	PersonsMin string
	PersonsMax string
	Records    string
	InformedOn string
	Version    int

	facts Facts
}

// FactsFields are the form's fields in their order (the error summary).
var FactsFields = []string{"nature", "person_groups", "person_groups_other", "persons_min", "persons_max", "records",
	"data_categories", "data_other", "special_categories", "consequences", "consequences_text", "measures_taken",
	"measures_planned", "encrypted", "encryption_note", "subjects_informed", "informed_on", "subjects_how",
	"subjects_not_reason", "cross_border", "cross_border_note"}

// FactsInputOf is the form filled with stored facts.
func FactsInputOf(f Facts) FactsInput {
	num := func(n *int) string {
		if n == nil {
			return ""
		}
		return strconv.Itoa(*n)
	}
	in := FactsInput{FactsAnswers: f.FactsAnswers, PersonsMin: num(f.PersonsMin), PersonsMax: num(f.PersonsMax),
		Records: num(f.Records), Version: f.Version}
	if f.InformedOn != nil {
		in.InformedOn = f.InformedOn.Format("2006-01-02")
	}
	return in
}

// maxCount bounds the numbers of persons and records (an integer column).
const maxCount = 2_000_000_000

// Validate checks the facts on their own (pure), trimming the texts. The
// nature of the breach is required ("nog onbekend" is an answer); the rest
// may be filled in as it becomes known.
func (in *FactsInput) Validate() apperr.Validation {
	v := apperr.Validation{}
	f := Facts{Version: in.Version}
	lists := []struct {
		field, msg string
		list       []Choice
		values     *[]string
		out        *[]string
	}{
		{"nature", "Kies de aard van de inbreuk uit de lijst.", Natures, &in.Nature, &f.Nature},
		{"person_groups", "Kies de groepen betrokkenen uit de lijst.", PersonGroups, &in.PersonGroups, &f.PersonGroups},
		{"data_categories", "Kies de soorten persoonsgegevens uit de lijst.", DataCategories, &in.DataCategories, &f.DataCategories},
		{"special_categories", "Kies de bijzondere persoonsgegevens uit de lijst.", SpecialCategories, &in.SpecialCategories, &f.SpecialCategories},
		{"consequences", "Kies de mogelijke gevolgen uit de lijst.", Consequences, &in.Consequences, &f.Consequences},
	}
	for _, l := range lists {
		*l.out = []string{}
		for _, x := range *l.values {
			if !enum.In(l.list, x) {
				v.Add(l.field, l.msg)
				continue
			}
			*l.out = append(*l.out, x)
		}
	}
	if len(in.Nature) == 0 {
		v.Add("nature", "Kies de aard van de inbreuk: wat is er met de gegevens gebeurd? Weet u het nog niet, kies dan 'Nog onbekend'.")
	}
	texts := []struct {
		field, name string
		max         int
		value       *string
		out         *string
	}{
		{"person_groups_other", "De andere groepen", 500, &in.PersonGroupsOther, &f.PersonGroupsOther},
		{"data_other", "De andere soorten gegevens", 500, &in.DataOther, &f.DataOther},
		{"consequences_text", "De toelichting op de gevolgen", maxEntry, &in.ConsequencesText, &f.ConsequencesText},
		{"measures_taken", "De genomen maatregelen", maxEntry, &in.MeasuresTaken, &f.MeasuresTaken},
		{"measures_planned", "De geplande maatregelen", maxEntry, &in.MeasuresPlanned, &f.MeasuresPlanned},
		{"encryption_note", "De toelichting op de versleuteling", 2000, &in.EncryptionNote, &f.EncryptionNote},
		{"subjects_how", "De manier van informeren", 2000, &in.SubjectsHow, &f.SubjectsHow},
		{"subjects_not_reason", "De reden om niet te informeren", 2000, &in.SubjectsNotReason, &f.SubjectsNotReason},
		{"cross_border_note", "De toelichting op andere landen", 500, &in.CrossBorderNote, &f.CrossBorderNote},
	}
	for _, t := range texts {
		v.Text(t.field, t.value, t.max, "", t.name+" mag hoogstens "+strconv.Itoa(t.max)+" tekens hebben.")
		*t.out = *t.value
	}
	if containsString(in.PersonGroups, "anders") && in.PersonGroupsOther == "" {
		v.Add("person_groups_other", "Noem de andere groepen betrokkenen.")
	}
	if containsString(in.DataCategories, "anders") && in.DataOther == "" {
		v.Add("data_other", "Noem de andere soorten persoonsgegevens.")
	}
	f.PersonsMin = count(v, "persons_min", "Het minimale aantal betrokkenen", &in.PersonsMin)
	f.PersonsMax = count(v, "persons_max", "Het maximale aantal betrokkenen", &in.PersonsMax)
	f.Records = count(v, "records", "Het aantal records", &in.Records)
	if f.PersonsMin != nil && f.PersonsMax != nil && *f.PersonsMax < *f.PersonsMin {
		v.Add("persons_max", "Het maximale aantal betrokkenen is kleiner dan het minimale.")
	}
	answers := []struct {
		field, msg string
		list       []Choice
		value      *string
	}{
		{"encrypted", "Kies of de gegevens versleuteld of onleesbaar waren.", Encryptions, &in.Encrypted},
		{"subjects_informed", "Kies of de betrokkenen worden geïnformeerd.", InformedAnswers, &in.SubjectsInformed},
		{"cross_border", "Kies ja of nee: zijn er betrokkenen in andere landen van de EU?", YesNo, &in.CrossBorder},
	}
	for _, a := range answers {
		if *a.value != "" && !enum.In(a.list, *a.value) {
			v.Add(a.field, a.msg)
		}
	}
	f.Encrypted, f.SubjectsInformed, f.CrossBorder = in.Encrypted, in.SubjectsInformed, in.CrossBorder
	in.InformedOn = strings.TrimSpace(in.InformedOn)
	switch in.SubjectsInformed {
	case "ja":
		if in.InformedOn == "" {
			v.Add("informed_on", "Vul in wanneer de betrokkenen zijn geïnformeerd.")
		} else if t, ok := nl.ParseDate(in.InformedOn); ok {
			f.InformedOn = &t
		} else {
			v.Add("informed_on", nl.InvalidDate("Geïnformeerd op"))
		}
		if in.SubjectsHow == "" {
			v.Add("subjects_how", "Beschrijf hoe de betrokkenen zijn geïnformeerd (brief, e-mail, telefoon, website).")
		}
	case "nee":
		if in.SubjectsNotReason == "" {
			v.Add("subjects_not_reason", "Leg uit waarom de betrokkenen niet worden geïnformeerd.")
		}
	}
	if in.CrossBorder == "ja" && strings.TrimSpace(in.CrossBorderNote) == "" {
		v.Add("cross_border_note", "Noem de landen waar betrokkenen wonen: de AP vraagt ernaar bij een grensoverschrijdend datalek.")
	}
	if in.SubjectsInformed != "ja" && in.InformedOn != "" {
		v.Add("informed_on", "Vul de datum alleen in als de betrokkenen zijn geïnformeerd (kies dan 'Ja').")
	}
	in.facts = f
	return v
}

func count(v apperr.Validation, field, name string, s *string) *int {
	*s = strings.TrimSpace(*s)
	if *s == "" {
		return nil
	}
	n, err := strconv.Atoi(strings.ReplaceAll(*s, ".", ""))
	if err != nil || n < 0 || n > maxCount {
		v.Add(field, name+": vul een geheel getal in van 0 of meer, zonder tekst (schat het als u het niet precies weet).")
		return nil
	}
	return &n
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ---- aanvullende meldingen and the FG's advice ----

// Kinds of the dated notes of a datalek (incident_datalek_notes.kind).
const (
	NoteFollowUp = "aanvulling" // an aanvullende melding to the AP
	NoteAdvice   = "fg_advies"  // an advice of the FG
)

// Note is a dated note of a datalek: an aanvullende melding or an advice.
type Note struct {
	On         time.Time
	Text       string
	AuthorName string
}

// noteSpec is the form of one kind of note: its fields and messages.
type noteSpec struct {
	DateField, TextField  string
	missingDate, dateName string
	emptyText, longText   string
	max                   int
}

var noteSpecs = map[string]noteSpec{
	NoteFollowUp: {"sent_on", "followup_text", "Vul in op welke datum de aanvullende melding is gedaan.", "Verstuurd op",
		"Beschrijf wat u aan de AP heeft aangevuld of gewijzigd.", "De omschrijving mag hoogstens 4000 tekens hebben.", maxEntry},
	NoteAdvice: {"advised_on", "advice", "Vul de datum van het advies in.", "Datum van het advies",
		"Vul het advies van de FG in.", "Het advies mag hoogstens 8000 tekens hebben.", maxText},
}

// NoteFields are the form's date and text fields of a kind of note.
func NoteFields(kind string) (date, text string) {
	s := noteSpecs[kind]
	return s.DateField, s.TextField
}

// NoteInput is a new note: an aanvullende melding or an advice.
type NoteInput struct {
	Kind string
	On   string
	Text string

	on time.Time
}

// Validate checks the note on its own (pure).
func (in *NoteInput) Validate() apperr.Validation {
	v := apperr.Validation{}
	spec, ok := noteSpecs[in.Kind]
	if !ok {
		v.Add("kind", "Onbekend soort notitie.")
		return v
	}
	in.on = dated(v, spec.DateField, spec.missingDate, spec.dateName, &in.On)
	v.Text(spec.TextField, &in.Text, spec.max, spec.emptyText, spec.longText)
	return v
}

// dated reads a required date field.
func dated(v apperr.Validation, field, missing, name string, s *string) time.Time {
	*s = strings.TrimSpace(*s)
	if *s == "" {
		v.Add(field, missing)
		return time.Time{}
	}
	t, ok := nl.ParseDate(*s)
	if !ok {
		v.Add(field, nl.InvalidDate(name))
	}
	return t
}

// notFutureDay refuses a date after today (in Amsterdam).
func notFutureDay(v apperr.Validation, field, name string, t, now time.Time) {
	if !t.IsZero() && t.After(nl.Date(now)) {
		v.Add(field, name+" ligt in de toekomst.")
	}
}
