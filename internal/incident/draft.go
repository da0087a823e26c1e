package incident

import (
	"strconv"
	"strings"

	"github.com/baken-nl/baken/internal/nl"
)

// DraftItem is one question of the AP's form with its answer.
type DraftItem struct {
	Label, Value string
}

// DraftSection is one section of the AP's form.
type DraftSection struct {
	Title string
	Items []DraftItem
}

// Draft is the concept of the notification to the AP: the register's facts
// in the sections of the AP's meldformulier, to copy into that form.
type Draft struct {
	Incident  Incident
	Sections  []DraftSection
	Missing   []string // questions without an answer yet
	FactsDate string   // when the facts were last changed, "" when none
}

// notYet is the answer to a question nobody has answered yet.
const notYet = "Nog niet ingevuld"

// BuildDraft assembles the draft from the incident, its facts and the
// follow-ups (pure).
func BuildDraft(orgName string, x Incident, f Facts, followUps []Note) Draft {
	d := Draft{Incident: x}
	item := func(label, value string) DraftItem {
		if strings.TrimSpace(value) == "" {
			d.Missing = append(d.Missing, label)
			value = notYet
		}
		return DraftItem{Label: label, Value: value}
	}
	list := func(labels []string) string { return strings.Join(labels, "; ") }
	occurred := ""
	if x.OccurredAt != nil {
		occurred = nl.Local(*x.OccurredAt).Format("02-01-2006 15:04")
	}
	summary := x.Title
	if x.Description != "" {
		summary += "\n" + x.Description
	}
	special := list(Labels(SpecialCategories, f.SpecialCategories))
	if f.Filled() && special == "" {
		special = "Geen bijzondere persoonsgegevens"
	}
	d.Sections = []DraftSection{
		{"1. Algemene gegevens", []DraftItem{
			item("Organisatie", orgName),
			item("Intern kenmerk", x.NumberText()),
			item("Contactpersoon (behandelaar)", x.HandlerName),
		}},
		{"2. Over het datalek", []DraftItem{
			item("Samenvatting", summary),
			item("Datum en tijd van het datalek", occurred),
			item("Datum en tijd van de ontdekking", nl.Local(x.DiscoveredAt).Format("02-01-2006 15:04")),
			item("Aard van de inbreuk", list(Labels(Natures, f.Nature))),
			item("Oorzaak", causeText(x.Cause)),
		}},
		{"3. Betrokken personen", []DraftItem{
			item("Groepen betrokkenen", withOther(PersonGroups, f.PersonGroups, f.PersonGroupsOther)),
			item("Aantal betrokkenen (bij benadering)", rangeText(f.PersonsMin, f.PersonsMax)),
		}},
		{"4. Betrokken persoonsgegevens", []DraftItem{
			item("Soorten persoonsgegevens", withOther(DataCategories, f.DataCategories, f.DataOther)),
			item("Bijzondere persoonsgegevens", special),
			item("Aantal records (bij benadering)", numText(f.Records)),
		}},
		{"5. Gevolgen voor de betrokkenen", []DraftItem{
			item("Mogelijke gevolgen", list(Labels(Consequences, f.Consequences))),
			item("Toelichting", f.ConsequencesText),
		}},
		{"6. Maatregelen", []DraftItem{
			item("Genomen maatregelen", f.MeasuresTaken),
			item("Geplande maatregelen", f.MeasuresPlanned),
		}},
		{"7. Versleuteling", []DraftItem{
			item("Waren de gegevens versleuteld of onleesbaar gemaakt?", joinNote(Label(Encryptions, f.Encrypted), f.EncryptionNote)),
		}},
		{"8. Informeren van betrokkenen", informed(item, f)},
		{"9. Internationale aspecten", []DraftItem{
			item("Betrokkenen in andere EU-landen", joinNote(Label(YesNo, f.CrossBorder), f.CrossBorderNote)),
		}},
	}
	if x.APDecision == APNotify && x.APNotifiedAt != nil {
		s := DraftSection{Title: "10. Melding en aanvullende meldingen", Items: []DraftItem{
			{Label: "Gemeld bij de AP op", Value: nl.Local(*x.APNotifiedAt).Format("02-01-2006 15:04")},
			{Label: "Meldnummer van de AP", Value: orText(x.APReference, "Nog niet bekend")},
		}}
		for _, fu := range followUps {
			s.Items = append(s.Items, DraftItem{Label: "Aanvullende melding " + fu.On.Format("02-01-2006"), Value: fu.Text})
		}
		d.Sections = append(d.Sections, s)
	}
	if f.UpdatedAt != nil {
		d.FactsDate = nl.Local(*f.UpdatedAt).Format("02-01-2006 15:04")
	}
	return d
}

// withOther lists the labels of values, "anders" named by other.
func withOther(list []Choice, values []string, other string) string {
	labels := []string{}
	for _, c := range list {
		if c.Value != "anders" && containsString(values, c.Value) {
			labels = append(labels, c.Label)
		}
	}
	if containsString(values, "anders") {
		labels = append(labels, "anders: "+other)
	}
	return strings.Join(labels, "; ")
}

func informed(item func(label, value string) DraftItem, f Facts) []DraftItem {
	answer := Label(InformedAnswers, f.SubjectsInformed)
	switch f.SubjectsInformed {
	case "ja":
		on := ""
		if f.InformedOn != nil {
			on = f.InformedOn.Format("02-01-2006")
		}
		return []DraftItem{item("Zijn de betrokkenen geïnformeerd?", answer), item("Geïnformeerd op", on), item("Hoe", f.SubjectsHow)}
	case "nee":
		return []DraftItem{item("Zijn de betrokkenen geïnformeerd?", answer), item("Waarom niet", f.SubjectsNotReason)}
	}
	return []DraftItem{item("Zijn de betrokkenen geïnformeerd?", answer)}
}

func causeText(c string) string {
	if c == "" || c == "onbekend" {
		return "Onbekend"
	}
	return CauseLabel(c)
}

func numText(n *int) string {
	if n == nil {
		return ""
	}
	return thousands(*n)
}

// thousands writes n with dots between the groups of three: 12.500.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

func rangeText(lo, hi *int) string {
	switch {
	case lo != nil && hi != nil && *lo == *hi:
		return thousands(*lo)
	case lo != nil && hi != nil:
		return "minimaal " + thousands(*lo) + ", maximaal " + thousands(*hi)
	case lo != nil:
		return "minimaal " + thousands(*lo)
	case hi != nil:
		return "maximaal " + thousands(*hi)
	}
	return ""
}

func joinNote(answer, note string) string {
	if answer == "" || note == "" {
		return answer
	}
	return answer + ". " + note
}

func orText(s, none string) string {
	if s == "" {
		return none
	}
	return s
}

// Text is the draft as plain text, to paste into the AP's form.
func (d Draft) Text() string {
	var b strings.Builder
	b.WriteString("Concept melding datalek aan de Autoriteit Persoonsgegevens – " + d.Incident.NumberText() + " " + d.Incident.Title + "\n")
	for _, s := range d.Sections {
		b.WriteString("\n" + s.Title + "\n")
		for _, it := range s.Items {
			b.WriteString(it.Label + ": " + it.Value + "\n")
		}
	}
	return b.String()
}
