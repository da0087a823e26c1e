package risk

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/enum"
	"github.com/baken-nl/baken/internal/nl"
	"github.com/baken-nl/baken/internal/plan"
)

// Analysis statuses (risk_analyses.status).
const (
	StatusConcept     = "concept"
	StatusSubmitted   = "ingediend"
	StatusEstablished = "vastgesteld"
)

// Subject kinds of an analysis (risk_analyses.subject_kind). Process,
// application and supplier are items with an id; a project or change and an
// organisation-wide theme are named.
const (
	SubjectProcess     = "process"
	SubjectApplication = "application"
	SubjectSupplier    = "supplier"
	SubjectProject     = "project"
	SubjectTheme       = "theme"
)

// SubjectKinds are the subject kinds with their Dutch labels, in form order.
var SubjectKinds = []enum.Pair{
	{SubjectProcess, "Proces"}, {SubjectApplication, "Applicatie"}, {SubjectSupplier, "Leverancier of ketenpartner"},
	{SubjectProject, "Project of wijziging"}, {SubjectTheme, "Organisatiebreed thema"},
}

// SubjectKindLabel is the Dutch label of a subject kind.
func SubjectKindLabel(k string) string { return enum.LabelIn(SubjectKinds, k) }

// SubjectPath is the page of an analysis's subject, "" for a named one.
func SubjectPath(kind string, id int64) string {
	switch kind {
	case SubjectProcess:
		return "/processen/" + strconv.FormatInt(id, 10)
	case SubjectApplication:
		return "/applicaties/" + strconv.FormatInt(id, 10)
	case SubjectSupplier:
		return "/leveranciers/" + strconv.FormatInt(id, 10)
	}
	return ""
}

// Subject is what an analysis is about, as the form encodes it: "process:12"
// for an item, "project" or "theme" for a named subject.
type Subject struct {
	Kind string
	ID   int64
}

// String is the form value of the subject.
func (s Subject) String() string {
	if s.Kind == "" {
		return ""
	}
	if s.ID == 0 {
		return s.Kind
	}
	return s.Kind + ":" + strconv.FormatInt(s.ID, 10)
}

// Named reports whether the subject is a project or theme (no id).
func (s Subject) Named() bool { return s.Kind == SubjectProject || s.Kind == SubjectTheme }

// ParseSubject reads a form value; ok is false for anything else.
func ParseSubject(v string) (Subject, bool) {
	kind, rest, hasID := strings.Cut(strings.TrimSpace(v), ":")
	switch kind {
	case SubjectProject, SubjectTheme:
		return Subject{Kind: kind}, !hasID
	case SubjectProcess, SubjectApplication, SubjectSupplier:
		id, err := strconv.ParseInt(rest, 10, 64)
		if !hasID || err != nil || id < 1 {
			return Subject{}, false
		}
		return Subject{Kind: kind, ID: id}, true
	}
	return Subject{}, false
}

// AnalysisInput is step 1 of the guided flow: what the analysis is about,
// whose it is and who helps.
type AnalysisInput struct {
	Title        string
	Subject      string
	SubjectName  string
	DepartmentID int64
	OwnerID      int64
	Helpers      []int64
	Scope        string
	AnalysisDate string
	Version      int

	subject Subject
	date    *time.Time
}

// Validate checks the form on its own; the service checks that the subject,
// afdeling, owner and helpers belong to the organisation.
func (in *AnalysisInput) Validate() apperr.Validation {
	v := apperr.Validation{}
	in.Title, in.SubjectName, in.Scope = strings.TrimSpace(in.Title), strings.TrimSpace(in.SubjectName), strings.TrimSpace(in.Scope)
	lengthCheck(v, "title", in.Title, "de titel", 200, true)
	var ok bool
	if in.subject, ok = ParseSubject(in.Subject); !ok {
		v.Add("subject", "Kies waarover de risicoanalyse gaat.")
	} else if in.subject.Named() {
		lengthCheck(v, "subject_name", in.SubjectName, "de naam van het project of thema", 200, true)
	}
	if in.DepartmentID == 0 && in.subject.Kind != SubjectProcess {
		v.Add("department_id", "Kies de afdeling die eigenaar is van de analyse.")
	}
	lengthCheck(v, "scope", in.Scope, "de afbakening", 4000, false)
	if len(in.Helpers) > 10 {
		v.Add("helpers", "Kies hoogstens tien helpers.")
	}
	in.date = nil
	if d, ok := optionalDate(v, "analysis_date", "Datum van de analyse", "Kies een datum tussen 2000 en 2100.", in.AnalysisDate); ok {
		in.date = &d
	}
	return v
}

// optionalDate reads an optional date of the years 2000 to 2100 for field:
// ok when there is one; an unreadable one is recorded under label, one out
// of range with outOfRange.
func optionalDate(v apperr.Validation, field, label, outOfRange, value string) (d time.Time, ok bool) {
	if strings.TrimSpace(value) == "" {
		return d, false
	}
	d, ok = nl.ParseDate(value)
	switch {
	case !ok:
		v.Add(field, nl.InvalidDate(label))
	case d.Year() < 2000 || d.Year() > 2100:
		v.Add(field, outOfRange)
	default:
		return d, true
	}
	return d, false
}

func lengthCheck(v apperr.Validation, field, value, what string, limit int, required bool) {
	switch n := utf8.RuneCountInString(value); {
	case n == 0 && required:
		v.Add(field, "Vul "+what+" in.")
	case n > limit:
		v.Add(field, fmt.Sprintf("Maak %s korter (hoogstens %d tekens).", what, limit))
	}
}

// RiskInput is step 2: a risk identified and scored before treatment.
// Kans and impact may stay empty (0) in a draft; submitting needs them.
type RiskInput struct {
	ThreatCode  string
	Threat      string
	Description string
	Affects     [3]bool
	Likelihood  int
	Impact      int
	Version     int
}

// Validate checks a risk against the matrix.
func (in *RiskInput) Validate(m Matrix) apperr.Validation {
	v := apperr.Validation{}
	in.ThreatCode, in.Threat, in.Description = strings.TrimSpace(in.ThreatCode), strings.TrimSpace(in.Threat), strings.TrimSpace(in.Description)
	if in.ThreatCode != "" {
		t, ok := ThreatByCode(in.ThreatCode)
		if !ok {
			v.Add("threat_code", "Kies een dreiging uit de lijst, of laat de keuze leeg en beschrijf de dreiging zelf.")
		} else if in.Threat == "" {
			in.Threat = t.Name
		}
	}
	if in.Threat == "" {
		v.Add("threat", "Kies een dreiging uit de lijst of beschrijf de dreiging in eigen woorden.")
	}
	lengthCheck(v, "threat", in.Threat, "de dreiging", 300, false)
	lengthCheck(v, "description", in.Description, "de omschrijving", 4000, false)
	if !in.Affects[0] && !in.Affects[1] && !in.Affects[2] {
		v.Add("affects", "Kies welke aspecten het risico raakt: beschikbaarheid, integriteit of vertrouwelijkheid.")
	}
	scoreCheck(v, m, "likelihood", "impact", in.Likelihood, in.Impact)
	return v
}

// scoreCheck: kans and impact are both empty or both on the matrix.
func scoreCheck(v apperr.Validation, m Matrix, lf, imf string, l, i int) {
	switch {
	case l == 0 && i == 0:
	case l < 1 || l > len(m.Likelihoods):
		v.Add(lf, fmt.Sprintf("Kies een kans van 1 tot en met %d uit de lijst.", len(m.Likelihoods)))
	case i < 1 || i > len(m.Impacts):
		v.Add(imf, fmt.Sprintf("Kies een impact van 1 tot en met %d uit de lijst.", len(m.Impacts)))
	}
	if l == 0 && i != 0 {
		v.Add(lf, "Kies ook de kans, of laat kans en impact allebei leeg.")
	}
}

// TreatmentInput is step 3: how a risk is treated and what remains. A new
// treatment action, when titled, becomes an action in the
// informatiebeveiligingsplan that addresses the risk.
type TreatmentInput struct {
	Treatment     string
	TreatmentText string
	Cost          string
	Likelihood    int
	Impact        int
	OwnerID       int64
	Controls      []int64
	ActionTitle   string
	ActionDue     string
	Version       int

	cost      *plan.Money
	inherent  int // the inherent level, set by the service before Validate
	actionDue *string
}

// Validate checks the treatment against the matrix.
func (in *TreatmentInput) Validate(m Matrix) apperr.Validation {
	v := apperr.Validation{}
	in.TreatmentText, in.ActionTitle = strings.TrimSpace(in.TreatmentText), strings.TrimSpace(in.ActionTitle)
	if in.Treatment != "" && TreatmentLabel(in.Treatment) == "Nog niet gekozen" {
		v.Add("treatment", "Kies een behandeling: vermijden, verminderen, overdragen of accepteren.")
	}
	lengthCheck(v, "treatment_description", in.TreatmentText, "de toelichting op de behandeling", 4000, false)
	cost, err := plan.ParseMoney(in.Cost)
	switch {
	case err != nil:
		v.Add("estimated_cost", "Vul de geschatte kosten in als bedrag in euro, bijvoorbeeld 1.234,50.")
	case cost != nil && *cost < 0:
		v.Add("estimated_cost", "De geschatte kosten kunnen niet negatief zijn.")
	case cost != nil && cost.Float() > 9_999_999_999:
		v.Add("estimated_cost", "De geschatte kosten zijn te hoog.")
	}
	in.cost = cost
	scoreCheck(v, m, "residual_likelihood", "residual_impact", in.Likelihood, in.Impact)
	if lvl := m.LevelOf(in.Likelihood, in.Impact); in.inherent > 0 && lvl > in.inherent {
		v.Add("residual_likelihood", "Het restrisico kan niet hoger zijn dan het risico vóór behandeling ("+m.LevelName(in.inherent)+").")
	}
	if len(in.Controls) > 300 {
		v.Add("control_ids", "Kies minder maatregelen.")
	}
	lengthCheck(v, "action_title", in.ActionTitle, "de titel van de behandelactie", 200, false)
	in.actionDue = nil
	if d, ok := optionalDate(v, "action_due", "Deadline van de behandelactie", "Kies een deadline tussen 2000 en 2100.", in.ActionDue); ok {
		if in.ActionTitle == "" {
			v.Add("action_title", "Vul de titel van de behandelactie in, of laat ook de deadline leeg.")
		} else {
			s := d.Format("2006-01-02")
			in.actionDue = &s
		}
	}
	return v
}

// ReviewInput is the CISO's review of a submitted analysis, or the owner's
// reopening of an established one.
type ReviewInput struct {
	Comment string
	Version int
}

// Validate: sending back needs a comment (the manager must know what to change).
func (in *ReviewInput) Validate(commentRequired bool) apperr.Validation {
	v := apperr.Validation{}
	in.Comment = strings.TrimSpace(in.Comment)
	if commentRequired && in.Comment == "" {
		v.Add("comment", "Schrijf wat er moet veranderen: de afdelingsmanager ziet dit commentaar bij de analyse.")
	}
	lengthCheck(v, "comment", in.Comment, "het commentaar", 4000, false)
	return v
}

// Incomplete lists, in Dutch, what stops a risk from being submitted.
func (r AnalysisRisk) Incomplete() []string {
	var out []string
	if r.InherentLevel == 0 {
		out = append(out, "kans en impact vóór behandeling")
	}
	if r.Treatment == "" {
		out = append(out, "behandeling")
	}
	if r.ResidualLevel == 0 {
		out = append(out, "restrisico")
	}
	return out
}

// NextReview is the next review date of an analysis established on day:
// the cycle of its highest residual level.
func NextReview(m Matrix, highest int, day time.Time) time.Time {
	return day.AddDate(0, m.ReviewMonths(highest), 0)
}
