// Package authz is the single source of truth for who may do what: the roles a
// user can hold in an organisation, the actions of the portal, and the one
// permission table between them. Everything not in the table is denied.
package authz

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/enum"
)

// Role is a role a user holds within one organisation.
type Role string

const (
	College          Role = "college"
	Directie         Role = "directie"
	Afdelingsmanager Role = "afdelingsmanager"
	CISO             Role = "ciso"
	DSPO             Role = "dspo"
	FG               Role = "fg"
	Auditor          Role = "auditor"
	Medewerker       Role = "medewerker"
	Beheerder        Role = "beheerder"
)

// RoleSet holds every role in display order with its Dutch name.
var RoleSet = enum.Of(
	enum.V[Role](College, "College van B&W", ""),
	enum.V[Role](Directie, "Directie", ""),
	enum.V[Role](Afdelingsmanager, "Afdelingsmanager", ""),
	enum.V[Role](CISO, "CISO", ""),
	enum.V[Role](DSPO, "DSPO", ""),
	enum.V[Role](FG, "Functionaris gegevensbescherming", ""),
	enum.V[Role](Auditor, "IT-auditor", ""),
	enum.V[Role](Medewerker, "Medewerker", ""),
	enum.V[Role](Beheerder, "Functioneel beheerder", ""),
)

// Roles lists every role in display order.
var Roles = RoleSet.Values()

// Label is the Dutch name of the role.
func (r Role) Label() string { return RoleSet.Label(r) }

// Scoped reports whether the role applies to specific afdelingen rather than
// to the whole organisation.
func (r Role) Scoped() bool { return r == Afdelingsmanager || r == DSPO }

// ParseRole validates a role name.
func ParseRole(s string) (Role, bool) {
	r := Role(s)
	return r, RoleSet.Valid(r)
}

// Action is something a user does in the portal.
type Action string

const (
	// Public routes need no login (login page, health checks, static files).
	Public Action = "public"
	// Authenticated routes need a login but no organisation (choosing one, logging out).
	Authenticated Action = "authenticated"

	ViewHome       Action = "home.view"
	ViewStructure  Action = "structure.view"
	EditStructure  Action = "structure.edit"
	ViewUsers      Action = "users.view"
	ManageUsers    Action = "users.manage"
	ViewAuditTrail Action = "audit.view"

	ViewControls    Action = "compliance.view"
	EditControls    Action = "compliance.edit"
	ReviewControls  Action = "compliance.review"
	ImportControls  Action = "compliance.import"
	ManageCatalogue Action = "catalogue.manage"
	SetAmbition     Action = "ambition.set"
	ViewPlan        Action = "plan.view"
	EditPlan        Action = "plan.edit"
	// UpdatePlanProgress: status and progress of an action; the service
	// allows it only to the action's owner, the manager of its afdeling and the CISO.
	UpdatePlanProgress Action = "plan.progress"
	ExportReports      Action = "reports.export"

	// Risk management (issue 8). The services narrow the scoped roles to
	// their afdelingen and FG to privacy-relevant risks.
	ViewRisks       Action = "risk.view"
	EditBIA         Action = "bia.edit"
	EditRisks       Action = "risk.edit"
	ReviewRisks     Action = "risk.review"
	ConfigureRisk   Action = "risk.configure"
	DecideRisks     Action = "risk.decide"
	SetRiskAppetite Action = "risk.appetite"
	ViewPrivacy     Action = "privacy.view"
	EditDPIA        Action = "privacy.edit"
	AdviseDPIA      Action = "privacy.advise"
	DecideDPIA      Action = "privacy.decide"
	ViewSuppliers   Action = "supplier.view"
	EditSuppliers   Action = "supplier.edit"

	// Incidents (issue 9). Everyone reports; the service narrows who sees
	// which incidents (afdelingen, datalekken, high impact).
	ReportIncident  Action = "incident.report"
	ViewIncidents   Action = "incident.view"
	HandleIncidents Action = "incident.handle"

	// ConfigureIncidents: the terms of the Cbw reports (CISO).
	ConfigureIncidents Action = "incident.configure"

	// Retention (BIO2 5.28.01) and the reporter's privacy: the beheerder
	// purges incidents past their retention period, the CISO removes a
	// reporter's details on request.
	PurgeIncidents         Action = "incident.purge"
	RemoveIncidentReporter Action = "incident.reporter"
	// The public meldloket: the CISO switches it on and off.
	ConfigureMeldloket Action = "incident.meldloket"
	// AdviseDatalek: the FG records advice on a datalek.
	AdviseDatalek Action = "incident.advise"
)

// Description is the Dutch explanation of an action, used in docs and the UI.
func (a Action) Description() string {
	switch a {
	case Public:
		return "Openbare pagina's (inloggen, gezondheidscontrole)"
	case Authenticated:
		return "Ingelogd zonder organisatie (organisatie kiezen, uitloggen)"
	case ViewHome:
		return "Startpagina van de organisatie"
	case ViewStructure:
		return "Afdelingen, processen en applicaties inzien"
	case EditStructure:
		return "Afdelingen, processen en applicaties beheren"
	case ViewUsers:
		return "Gebruikers en hun rollen inzien"
	case ManageUsers:
		return "Gebruikers aanmaken, rollen toekennen, blokkeren, wachtwoord resetten"
	case ViewAuditTrail:
		return "Audittrail inzien"
	case ViewControls:
		return "BIO-maatregelen, status, bewijs en GAP-analyse inzien"
	case EditControls:
		return "Status en bewijs van maatregelen bijwerken (afdelingsmanager en DSPO: alleen van de eigen afdeling)"
	case ReviewControls:
		return "Bijgewerkte maatregelen als beoordeeld markeren"
	case ImportControls:
		return "Status van maatregelen importeren uit een spreadsheet (XLSX of CSV)"
	case ManageCatalogue:
		return "Normenkader kiezen, importeren en status overnemen"
	case SetAmbition:
		return "Ambitie (doelvolwassenheid) vaststellen"
	case ViewPlan:
		return "Informatiebeveiligingsplan inzien"
	case EditPlan:
		return "Acties van het informatiebeveiligingsplan beheren"
	case UpdatePlanProgress:
		return "Status en voortgang van een actie bijwerken (alleen de eigenaar, de manager van de eigenaar-afdeling en de CISO)"
	case ExportReports:
		return "VvT en GAP-analyse exporteren (XLSX, PDF); het plan exporteert iedereen die het mag inzien"
	case ViewRisks:
		return "BIA's, classificaties, risicoanalyses, het risicoregister en de risicobereidheid inzien (FG: privacyrelevante risico's)"
	case EditBIA:
		return "BIA van een proces invullen en de classificatie van een applicatie verhogen (afdelingsmanager en DSPO: alleen de eigen afdelingen)"
	case EditRisks:
		return "Risicoanalyses en risico's opstellen en indienen (afdelingsmanager en DSPO: alleen de eigen afdelingen)"
	case ReviewRisks:
		return "Ingediende risicoanalyses vaststellen of terugzetten naar concept"
	case ConfigureRisk:
		return "Classificatieschalen, impactgebieden, BBN-afleiding, risicomatrix, dreigingen en herzieningstermijnen instellen"
	case DecideRisks:
		return "Besluiten over restrisico's boven de risicobereidheid en over behandelplannen (college: op het hoogste niveau)"
	case SetRiskAppetite:
		return "Risicobereidheid vaststellen (met besluitreferentie)"
	case ViewPrivacy:
		return "DPIA-register inzien"
	case EditDPIA:
		return "DPIA's opstellen en bijwerken (DSPO: alleen de ondersteunde afdelingen)"
	case AdviseDPIA:
		return "Advies van de FG over een DPIA vastleggen"
	case DecideDPIA:
		return "Besluit over het advies van de FG vastleggen (afdelingsmanager: alleen de eigen afdeling)"
	case ViewSuppliers:
		return "Leveranciers en ketenpartners, verwerkersovereenkomsten en assurancerapporten inzien"
	case EditSuppliers:
		return "Leveranciers, verwerkersovereenkomsten en assurancerapporten beheren"
	case ReportIncident:
		return "Een beveiligingsincident of datalek melden en de eigen meldingen volgen"
	case ViewIncidents:
		return "Het incidentregister inzien (DSPO en afdelingsmanager: de eigen afdelingen; FG: datalekken; directie en college: incidenten met hoge impact, zonder namen van melders)"
	case HandleIncidents:
		return "Incidenten classificeren en behandelen: status, tijdlijn, evaluatie (DSPO: de eigen afdelingen)"
	case ConfigureIncidents:
		return "De termijnen van de Cbw-meldingen (significante incidenten) instellen"
	case PurgeIncidents:
		return "Gesloten incidenten na de bewaartermijn van drie jaar verwijderen"
	case RemoveIncidentReporter:
		return "Op verzoek de gegevens van de melder van een incident verwijderen"
	case ConfigureMeldloket:
		return "Het openbare meldloket (melden zonder inloggen) aan- en uitzetten en de introductietekst bewerken"
	case AdviseDatalek:
		return "Advies van de FG over een datalek vastleggen"
	}
	return string(a)
}

var all = []Role{College, Directie, Afdelingsmanager, CISO, DSPO, FG, Auditor, Medewerker, Beheerder}

// table is the permission table: action → roles that may perform it.
// Public and Authenticated are handled by the router, not by roles.
var table = map[Action][]Role{
	ViewHome:       all,
	ViewStructure:  {College, Directie, Afdelingsmanager, CISO, DSPO, FG, Auditor, Beheerder},
	EditStructure:  {CISO, Beheerder},
	ViewUsers:      {CISO, Auditor, Beheerder},
	ManageUsers:    {Beheerder},
	ViewAuditTrail: {CISO, Auditor, Beheerder},

	ViewControls:    {College, Directie, Afdelingsmanager, CISO, DSPO, FG, Auditor},
	EditControls:    {Afdelingsmanager, CISO, DSPO},
	ReviewControls:  {CISO},
	ImportControls:  {CISO},
	ManageCatalogue: {CISO},
	SetAmbition:     {Directie},
	ViewPlan:        {College, Directie, Afdelingsmanager, CISO, DSPO, FG, Auditor},
	EditPlan:        {CISO},
	// Anyone with a role can own an action; the service checks the action.
	UpdatePlanProgress: all,
	ExportReports:      {College, Directie, CISO, Auditor},

	ViewRisks:       {College, Directie, Afdelingsmanager, CISO, DSPO, FG, Auditor},
	EditBIA:         {Afdelingsmanager, CISO, DSPO},
	EditRisks:       {Afdelingsmanager, CISO, DSPO},
	ReviewRisks:     {CISO},
	ConfigureRisk:   {CISO},
	DecideRisks:     {College, Directie},
	SetRiskAppetite: {College, Directie},
	ViewPrivacy:     {Directie, Afdelingsmanager, CISO, DSPO, FG, Auditor},
	EditDPIA:        {CISO, DSPO},
	AdviseDPIA:      {FG},
	DecideDPIA:      {Directie, Afdelingsmanager},
	ViewSuppliers:   {College, Directie, Afdelingsmanager, CISO, DSPO, FG, Auditor, Beheerder},
	EditSuppliers:   {CISO, DSPO, Beheerder},
	ReportIncident:  all,
	ViewIncidents:   {College, Directie, Afdelingsmanager, CISO, DSPO, FG, Auditor},
	HandleIncidents: {CISO, DSPO},

	ConfigureIncidents: {CISO},

	PurgeIncidents:         {Beheerder},
	RemoveIncidentReporter: {CISO},
	ConfigureMeldloket:     {CISO},
	AdviseDatalek:          {FG},
}

// Actions lists the role-based actions in a stable order.
func Actions() []Action {
	out := make([]Action, 0, len(table))
	for a := range table {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

// Allowed reports whether role may perform action. Unknown actions are denied.
func Allowed(role Role, action Action) bool {
	return slices.Contains(table[action], role)
}

// Known reports whether the action appears in the permission table (or is one
// of the two router-level rules).
func Known(a Action) bool {
	_, ok := table[a]
	return ok || a == Public || a == Authenticated
}

// Assignment is one role of a user in the active organisation, optionally
// scoped to one afdeling.
type Assignment struct {
	Role           Role
	DepartmentID   int64 // 0 for organisation-wide roles
	DepartmentName string
}

// Principal is the logged-in user in the context of the active organisation.
type Principal struct {
	UserID  int64
	Name    string
	Email   string
	OrgID   int64 // 0 until an organisation is chosen
	OrgName string
	Roles   []Assignment
	// OrgCount is the number of organisations in which the user holds a role.
	OrgCount int
	// SessionsValidAfter: sessions that started earlier are void (password reset).
	SessionsValidAfter time.Time
	// DataGeneration is the data generation (migration 0024) when the
	// principal was read: what was rendered under an older one may be stale.
	DataGeneration int64
}

// Can reports whether any of the principal's roles allows the action.
func (p Principal) Can(a Action) bool {
	if a == Public {
		return true
	}
	if p.UserID == 0 {
		return false
	}
	if a == Authenticated {
		return true
	}
	if p.OrgID == 0 {
		return false
	}
	for _, as := range p.Roles {
		if Allowed(as.Role, a) {
			return true
		}
	}
	return false
}

// Has reports whether the principal holds role (in any scope).
func (p Principal) Has(role Role) bool {
	for _, as := range p.Roles {
		if as.Role == role {
			return true
		}
	}
	return false
}

// Departments returns the afdelingen to which the principal's scoped role is limited.
func (p Principal) Departments(role Role) []int64 {
	var ids []int64
	for _, as := range p.Roles {
		if as.Role == role && as.DepartmentID != 0 {
			ids = append(ids, as.DepartmentID)
		}
	}
	return ids
}

// RoleSummary is a short Dutch description of the principal's roles.
func (p Principal) RoleSummary() string {
	var parts []string
	for _, as := range p.Roles {
		s := as.Role.Label()
		if as.DepartmentName != "" {
			s += " (" + as.DepartmentName + ")"
		}
		if !slices.Contains(parts, s) {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// Markdown renders the permission table for docs/security.md.
func Markdown() string {
	var b strings.Builder
	b.WriteString("| actie | omschrijving |")
	for _, r := range Roles {
		b.WriteString(" " + string(r) + " |")
	}
	b.WriteString("\n| --- | --- |")
	for range Roles {
		b.WriteString(" :-: |")
	}
	b.WriteString("\n")
	for _, a := range Actions() {
		fmt.Fprintf(&b, "| `%s` | %s |", a, a.Description())
		for _, r := range Roles {
			if Allowed(r, a) {
				b.WriteString(" ja |")
			} else {
				b.WriteString(" – |")
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// Require returns a Forbidden error unless the principal may perform the
// action. Services call it too, so the rule holds even for a caller that
// forgets the route's check.
func (p Principal) Require(a Action) error {
	if p.Can(a) {
		return nil
	}
	return apperr.Forbiddenf("U heeft geen toestemming voor deze handeling.")
}

// RolesFor lists the roles that may perform a, for checks that must hold in
// another organisation than the active one (a shared user's account).
func RolesFor(a Action) []Role { return append([]Role(nil), table[a]...) }
