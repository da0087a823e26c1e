// Package layout holds the page shell and the building blocks every page uses:
// navigation per role, form fields, error summaries, tables and paging.
package layout

import (
	"sort"
	"strings"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/enum"
)

// Page is what the shell needs to render any page.
type Page struct {
	Title     string
	Principal *authz.Principal // nil for anonymous visitors
	Section   string           // key of the active navigation item
	Flash     string
	FlashKind string // "success", "warning" or "error"
}

// NavItem is one section in the main navigation.
type NavItem struct {
	Key    string
	Label  string
	Href   string
	Action authz.Action
}

// Sections lists every section of the portal with the action that unlocks it.
// The navigation shows a section only when the principal may use it; the router
// enforces the same action, so hiding is a courtesy, not the control.
var Sections = []NavItem{
	{"home", "Start", "/", authz.ViewHome},
	{"bio", "BIO", "/bio", authz.ViewControls},
	{"gap", "GAP-analyse", "/bio/gap", authz.ViewControls},
	{"plan", "Plan", "/plan", authz.ViewPlan},
	{"risicos", "Risico's", "/risicos", authz.ViewRisks},
	{"risicoanalyses", "Risicoanalyses", "/risicoanalyses", authz.ViewRisks},
	{"afdelingen", "Afdelingen", "/afdelingen", authz.ViewStructure},
	{"processen", "Processen", "/processen", authz.ViewStructure},
	{"applicaties", "Applicaties", "/applicaties", authz.ViewStructure},
	{"gebruikers", "Gebruikers", "/gebruikers", authz.ViewUsers},
	{"audittrail", "Audittrail", "/audittrail", authz.ViewAuditTrail},
	{"bia-instellingen", "BIA-instellingen", "/bia/instellingen", authz.ConfigureRisk},
	{"besluiten", "Besluiten", "/besluiten", authz.ViewRisks},
	{"leveranciers", "Leveranciers", "/leveranciers", authz.ViewSuppliers},
	{"dpia", "DPIA's", "/dpia", authz.ViewPrivacy},
	{"incidenten", "Incidenten", "/incidenten", authz.ViewIncidents},
	{"bewaartermijn", "Bewaartermijn incidenten", "/incidenten/bewaartermijn", authz.PurgeIncidents},
}

// Nav returns the sections the principal may use.
func (p Page) Nav() []NavItem {
	if p.Principal == nil || p.Principal.OrgID == 0 {
		return nil
	}
	var out []NavItem
	for _, s := range Sections {
		if p.Principal.Can(s.Action) {
			out = append(out, s)
		}
	}
	return out
}

// FullTitle is the document title.
func (p Page) FullTitle() string {
	if p.Title == "" {
		return "Baken"
	}
	return p.Title + " – Baken"
}

// Form carries the state of a form: the errors per field and a general message.
type Form struct {
	Errors  map[string]string
	Message string   // shown above the form (conflict, forbidden)
	Order   []string // field names in form order, for the error summary
}

// Err returns the message of a field.
func (f Form) Err(field string) string { return f.Errors[field] }

// Summary lists the field errors in form order.
func (f Form) Summary() []FieldError {
	var out []FieldError
	seen := map[string]bool{}
	for _, name := range f.Order {
		if msg, ok := f.Errors[name]; ok {
			out = append(out, FieldError{name, msg})
			seen[name] = true
		}
	}
	var rest []string
	for name := range f.Errors {
		if !seen[name] {
			rest = append(rest, name)
		}
	}
	sort.Strings(rest)
	for _, name := range rest {
		out = append(out, FieldError{name, f.Errors[name]})
	}
	return out
}

// FieldError is one entry of the error summary.
type FieldError struct {
	Field   string
	Message string
}

// FieldID is the HTML id of a form control.
func FieldID(name string) string { return "f-" + strings.ReplaceAll(name, "_", "-") }

// Option is a choice of a select or checkbox list.
type Option struct {
	Value string
	Label string
}

// EnumOptions lists the members of an enum set as select options, in its
// display order.
func EnumOptions[T ~string](s enum.Set[T]) []Option {
	members := s.Members()
	out := make([]Option, len(members))
	for i, m := range members {
		out[i] = Option{Value: string(m.Value), Label: m.Label}
	}
	return out
}

// Badge is the CSS class of a badge in tone (ok, info, warn, danger, neutral).
func Badge(tone string) string { return "badge badge--" + tone }
