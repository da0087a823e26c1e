// Package privacy holds the DPIA register: data protection impact
// assessments (AVG art. 35) drafted by a DSPO about a processing of personal
// data, linked to the processes it covers and the risks it weighs, advised
// on by the FG and decided on by the directie or the manager of its
// afdeling.
//
// Rules (documented in docs/gebruikershandleiding-privacy.md):
//   - Status: concept → bij FG voor advies → advies ontvangen → besloten.
//     Only a concept is edited; before the decision the DSPO or CISO may put
//     a DPIA back to concept (the advice then lapses; the trail keeps it).
//   - Only the FG records the advice, and only while the DPIA is with the FG.
//   - The decision follows the advice or deviates from it; deviating needs a
//     rationale. Directie decides on every DPIA, an afdelingsmanager on those
//     of their own afdeling.
//   - Who sees what: CISO, FG, directie and auditor every DPIA; an
//     afdelingsmanager or DSPO those of their own afdelingen. Who drafts: the
//     CISO, and a DSPO for their own afdelingen.
package privacy

import (
	"slices"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/enum"
	"github.com/baken-nl/baken/internal/nl"
)

// Statuses of a DPIA (dpias.status).
const (
	StatusConcept   = "concept"
	StatusAtFG      = "bij_fg"
	StatusAdvised   = "advies_ontvangen"
	StatusDecided   = "besloten"
	DecisionFollow  = "follow"
	DecisionDeviate = "deviate"
)

// Statuses lists the statuses in their order with their Dutch labels.
var Statuses = []enum.Pair{
	{StatusConcept, "Concept"},
	{StatusAtFG, "Bij FG voor advies"},
	{StatusAdvised, "Advies ontvangen"},
	{StatusDecided, "Besloten"},
}

// StatusLabel is the Dutch label of a status.
func StatusLabel(s string) string { return enum.LabelIn(Statuses, s) }

// DecisionLabel is the Dutch label of a decision on the advice.
func DecisionLabel(d string) string {
	switch d {
	case DecisionFollow:
		return "Advies gevolgd"
	case DecisionDeviate:
		return "Afgeweken van het advies"
	}
	return "–"
}

// BodyLabel is the Dutch name of who decided.
func BodyLabel(b string) string {
	switch b {
	case "directie":
		return "Directie"
	case "afdelingsmanager":
		return "Afdelingsmanager"
	}
	return b
}

// Text limits of the fields.
const (
	maxTitle      = 200
	maxProcessing = 4000
	maxText       = 8000
)

// Input is the DPIA form (concept).
type Input struct {
	Title        string
	Processing   string
	DepartmentID int64
	DSPOID       int64 // 0: the creator
	ProcessIDs   []int64
	RiskIDs      []int64
	Purpose      string // doel en noodzaak
	Subjects     string // betrokkenen en gegevens
	Risks        string // risico's voor betrokkenen
	Measures     string // maatregelen
	Version      int
}

// Validate checks the form on its own (pure), trimming the texts.
func (in *Input) Validate() apperr.Validation {
	v := apperr.Validation{}
	v.Text("title", &in.Title, maxTitle, "Vul de titel van de DPIA in.", "De titel mag hoogstens 200 tekens hebben.")
	v.Text("processing", &in.Processing, maxProcessing, "", "De beschrijving van de verwerking mag hoogstens 4000 tekens hebben.")
	if in.DepartmentID == 0 {
		v.Add("department_id", "Kies de afdeling die verantwoordelijk is voor de verwerking.")
	}
	if len(in.ProcessIDs) == 0 {
		v.Add("process_ids", "Kies ten minste één proces waarover deze DPIA gaat.")
	}
	for _, f := range []struct {
		field string
		value *string
		label string
	}{{"purpose", &in.Purpose, "Doel en noodzaak"}, {"subjects", &in.Subjects, "Betrokkenen en gegevens"},
		{"risks", &in.Risks, "Risico's voor betrokkenen"}, {"measures", &in.Measures, "Maatregelen"}} {
		v.Text(f.field, f.value, maxText, "", f.label+": de tekst mag hoogstens 8000 tekens hebben.")
	}
	in.ProcessIDs, in.RiskIDs = unique(in.ProcessIDs), unique(in.RiskIDs)
	return v
}

func unique(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// incomplete says what a DPIA needs before it goes to the FG: the
// description of the processing and the four parts of the assessment.
func (d DPIA) incomplete() apperr.Validation {
	v := apperr.Validation{}
	for _, f := range []struct{ field, value, label string }{
		{"processing", d.Processing, "de beschrijving van de verwerking"}, {"purpose", d.Purpose, "doel en noodzaak"},
		{"subjects", d.Subjects, "betrokkenen en gegevens"}, {"risks", d.Risks, "de risico's voor betrokkenen"},
		{"measures", d.Measures, "de maatregelen"}} {
		if strings.TrimSpace(f.value) == "" {
			v.Add("to", "Vul eerst "+f.label+" in voordat u de DPIA aan de FG voorlegt.")
			break
		}
	}
	return v
}

// StatusInput moves a DPIA: to the FG, or back to concept.
type StatusInput struct {
	To      string
	Version int
}

// Validate checks the target status.
func (in *StatusInput) Validate() apperr.Validation {
	v := apperr.Validation{}
	if in.To != StatusAtFG && in.To != StatusConcept {
		v.Add("to", "Kies wat er met de DPIA gebeurt: voorleggen aan de FG of terug naar concept.")
	}
	return v
}

// AdviceInput is the FG's advice.
type AdviceInput struct {
	Advice    string
	AdvisedOn string
	Version   int
}

// Validate checks the advice; today is the calendar day.
func (in *AdviceInput) Validate(today time.Time) apperr.Validation {
	v := apperr.Validation{}
	v.Text("advice", &in.Advice, maxText, "Vul het advies van de FG in.", "Het advies mag hoogstens 8000 tekens hebben.")
	validDate(v, "advised_on", "Datum van het advies", in.AdvisedOn, today)
	return v
}

// DecisionInput is the decision on the advice.
type DecisionInput struct {
	Decision  string
	Rationale string
	DecidedOn string
	Version   int
}

// Validate checks the decision: deviating from the advice needs a rationale.
func (in *DecisionInput) Validate(today time.Time) apperr.Validation {
	v := apperr.Validation{}
	v.Text("rationale", &in.Rationale, maxText, "", "De onderbouwing mag hoogstens 8000 tekens hebben.")
	switch in.Decision {
	case DecisionFollow:
	case DecisionDeviate:
		if in.Rationale == "" {
			v.Add("rationale", "Onderbouw waarom u afwijkt van het advies van de FG.")
		}
	default:
		v.Add("decision", "Kies of u het advies van de FG volgt of ervan afwijkt.")
	}
	validDate(v, "decided_on", "Datum van het besluit", in.DecidedOn, today)
	return v
}

// validDate: required, readable, not in the future.
func validDate(v apperr.Validation, field, label, value string, today time.Time) {
	switch d, ok := nl.ParseDate(value); {
	case strings.TrimSpace(value) == "":
		v.Add(field, label+": vul de datum in.")
	case !ok:
		v.Add(field, nl.InvalidDate(label))
	case d.After(today):
		v.Add(field, label+" ligt in de toekomst. Kies vandaag of een eerdere datum.")
	}
}

// ---- scope ----

// seesAll: the roles that see every DPIA of the organisation.
func seesAll(actor authz.Principal) bool {
	return actor.Has(authz.CISO) || actor.Has(authz.FG) || actor.Has(authz.Directie) || actor.Has(authz.Auditor)
}

// viewDepartments are the afdelingen whose DPIAs actor sees; nil means all.
func viewDepartments(actor authz.Principal) []int64 {
	if seesAll(actor) {
		return nil
	}
	ids := append(actor.Departments(authz.Afdelingsmanager), actor.Departments(authz.DSPO)...)
	if ids == nil {
		ids = []int64{} // none: not nil, which means all
	}
	return ids
}

func canView(actor authz.Principal, deptID int64) bool {
	if !actor.Can(authz.ViewPrivacy) {
		return false
	}
	depts := viewDepartments(actor)
	return depts == nil || slices.Contains(depts, deptID)
}

// canEdit: the CISO everywhere, a DSPO in their own afdelingen.
func canEdit(actor authz.Principal, deptID int64) bool {
	if !actor.Can(authz.EditDPIA) {
		return false
	}
	return actor.Has(authz.CISO) || slices.Contains(actor.Departments(authz.DSPO), deptID)
}

// canDecide: the directie everywhere, an afdelingsmanager in their own afdelingen.
func canDecide(actor authz.Principal, deptID int64) bool {
	if !actor.Can(authz.DecideDPIA) {
		return false
	}
	return actor.Has(authz.Directie) || slices.Contains(actor.Departments(authz.Afdelingsmanager), deptID)
}

// decidingBody is the capacity in which actor decides.
func decidingBody(actor authz.Principal) string {
	if actor.Has(authz.Directie) {
		return "directie"
	}
	return "afdelingsmanager"
}

var (
	errViewScope   = apperr.Forbiddenf("U mag alleen de DPIA's van uw eigen afdeling(en) inzien.")
	errEditScope   = apperr.Forbiddenf("U mag alleen DPIA's van uw eigen afdeling(en) opstellen en wijzigen.")
	errDecideScope = apperr.Forbiddenf("Alleen de directie of de afdelingsmanager van de afdeling van deze DPIA besluit over het advies.")
	errAdviseRole  = apperr.Forbiddenf("Alleen de functionaris gegevensbescherming (FG) legt het advies over een DPIA vast.")
)
