package planview

import (
	"strconv"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/plan"
	"github.com/baken-nl/baken/web/layout"
)

// PlanListView is the list of actions of the informatiebeveiligingsplan, with
// the totals of the filtered set (the jaarplan).
type PlanListView struct {
	Page        listing.Page
	Actions     []plan.Action
	Totals      plan.Totals
	Years       []int
	Departments []layout.Option
	Filter      PlanFilterView
	Today       time.Time
	ExportURL   string
	CanEdit     bool // add actions
}

// PlanFilterView holds the raw filter values of the request.
type PlanFilterView struct {
	Year, Department, Status, Query string
	Overdue                         bool
	Mine                            bool // only the user's own actions and those of their afdelingen
}

// Active reports whether any filter is set.
func (f PlanFilterView) Active() bool {
	return f.Year != "" || f.Department != "" || f.Status != "" || f.Query != "" || f.Overdue || f.Mine
}

// Heading names the selection: "Jaarplan 2026 – Burgerzaken".
func (v PlanListView) Heading() string {
	h := "Alle jaren"
	if v.Filter.Year != "" {
		h = "Jaarplan " + v.Filter.Year
	}
	scope := " – hele organisatie"
	for _, d := range v.Departments {
		if d.Value == v.Filter.Department {
			scope = " – " + d.Label
		}
	}
	if v.Filter.Status != "" || v.Filter.Query != "" || v.Filter.Overdue || v.Filter.Mine {
		scope += " (selectie)"
	}
	return h + scope
}

// PlanForm is the state of the action page: the form for the CISO, the
// stored action for everyone.
type PlanForm struct {
	ID          int64
	Input       plan.Input
	Action      *plan.Action // the stored action; nil for a new one
	Owners      []layout.Option
	Departments []layout.Option
	Targets     []PlanTargets
	Form        layout.Form
	Current     *plan.Action // the stored version after a conflict
	Today       time.Time
}

// PlanShowView is the read-only page of an action, with the progress form
// for its owner, the manager of its afdeling and the CISO.
type PlanShowView struct {
	Action      plan.Action
	Today       time.Time
	CanProgress bool
	CanViewPlan bool // the way back to the plan
	Progress    plan.ProgressInput
	Form        layout.Form
	Current     *plan.Action // the stored version after a conflict
}

// progressLines describe the stored progress after a conflict.
func progressLines(a plan.Action) []string {
	return []string{"Status: " + a.Status.Label(), "Voortgang: " + layout.Itoa(a.Progress) + "%", "Toelichting: " + layout.OrDash(a.ProgressNote)}
}

// PlanTargets is the choice of targets of one link kind.
type PlanTargets struct {
	Kind     plan.LinkKind
	Groups   []PlanChoiceGroup
	Selected map[int64]bool
}

// PlanChoiceGroup is an optgroup of targets.
type PlanChoiceGroup struct {
	Label   string
	Choices []plan.Choice
}

// GroupChoices groups choices by their Group, keeping their order.
func GroupChoices(choices []plan.Choice) []PlanChoiceGroup {
	var out []PlanChoiceGroup
	for _, c := range choices {
		if len(out) == 0 || out[len(out)-1].Label != c.Group {
			out = append(out, PlanChoiceGroup{Label: c.Group})
		}
		out[len(out)-1].Choices = append(out[len(out)-1].Choices, c)
	}
	return out
}

// PlanStatusOptions lists the statuses of an action.
func PlanStatusOptions() []layout.Option { return layout.EnumOptions(plan.StatusSet) }

// PlanPriorityOptions lists the priorities.
func PlanPriorityOptions() []layout.Option { return layout.EnumOptions(plan.PrioritySet) }

// PlanStatusBadge is the badge class of an action status.
func PlanStatusBadge(s plan.Status) string { return layout.Badge(plan.StatusSet.Tone(s, "warn")) }

// PlanPriorityBadge is the badge class of a priority.
func PlanPriorityBadge(p plan.Priority) string { return layout.Badge(plan.PrioritySet.Tone(p, "info")) }

func moneyText(m *plan.Money) string {
	if m == nil {
		return "–"
	}
	return m.String()
}

func yearOptions(years []int) []layout.Option {
	out := make([]layout.Option, len(years))
	for i, y := range years {
		out[i] = layout.Option{Value: strconv.Itoa(y), Label: strconv.Itoa(y)}
	}
	return out
}

func planFormOrder() []string {
	order := []string{"title", "description", "owner_user_id", "owner_department_id", "due_date", "status", "priority", "estimated_cost"}
	for _, k := range plan.LinkKinds() {
		order = append(order, k.Field)
	}
	return order
}

// PlanFormOrder is the order of the fields of the action form, for the error summary.
var PlanFormOrder = planFormOrder()

func choiceID(id int64) string { return strconv.FormatInt(id, 10) }

func actionTitle(f PlanForm) string {
	if f.Action != nil {
		return f.Action.Title
	}
	return f.Input.Title
}

func lower(s string) string { return strings.ToLower(s) }

// currentLines describe the stored action after a conflict.
func currentLines(a plan.Action) []string {
	lines := []string{
		"Titel: " + a.Title,
		"Eigenaar: " + layout.OrDash(a.OwnerUserName),
		"Afdeling: " + layout.OrDash(a.OwnerDepartmentName),
		"Deadline: " + layout.Date(a.DueDate),
		"Status: " + a.Status.Label(),
		"Prioriteit: " + a.Priority.Label(),
		"Geschatte kosten: " + moneyText(a.EstimatedCost),
		"Voortgang: " + layout.Itoa(a.Progress) + "%",
		"Omschrijving: " + layout.OrDash(a.Description),
	}
	for _, k := range plan.LinkKinds() {
		var labels []string
		for _, l := range a.LinksOf(k.Name) {
			labels = append(labels, l.Label)
		}
		lines = append(lines, k.Label+": "+layout.OrDash(strings.Join(labels, ", ")))
	}
	return lines
}
