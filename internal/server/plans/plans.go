package plans

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/org"
	"github.com/baken-nl/baken/internal/plan"
	"github.com/baken-nl/baken/internal/report"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/views/planview"
)

// planFilters are the list's filters, shared by the page and its export.
// Every one is lenient: a value that makes no sense is no filter.
var planFilters = listing.Filters{
	{Name: "jaar", Kind: listing.Int, Min: 2000, Max: 2100, Lenient: true},
	{Name: "afdeling", Kind: listing.ID, Lenient: true},
	{Name: "status", Kind: listing.Enum, Values: listing.Strings(plan.Statuses), Lenient: true},
	{Name: "te_laat", Kind: listing.Flag, Lenient: true},
	{Name: "mijn", Kind: listing.Flag, Lenient: true},
}

// planFilter reads the list filters from the query string: jaar, afdeling,
// status, te_laat, mijn and q. Values that make no sense are ignored.
func planFilter(r *http.Request) (plan.Filter, planview.PlanFilterView, listing.Filter) {
	q := r.URL.Query()
	lf, _ := planFilters.Parse(q) // never an error: every field is lenient
	f := plan.Filter{Year: lf.Int("jaar"), DepartmentID: lf.ID("afdeling"), Status: plan.Status(lf.Get("status")), Overdue: lf.On("te_laat")}
	v := planview.PlanFilterView{Year: lf.Get("jaar"), Department: lf.Get("afdeling"), Status: lf.Get("status"), Overdue: f.Overdue, Mine: lf.On("mijn")}
	if v.Mine {
		f = f.MineFor(*kit.Principal(r))
	}
	f.Query = listing.Parse(q, plan.Sorts, plan.DefaultSort).Query
	v.Query = f.Query
	return f, v, lf
}

// PlanList serves GET /plan.
func (h *Handlers) PlanList(w http.ResponseWriter, r *http.Request) {
	p := kit.Principal(r)
	svc := h.plans
	pg := kit.ListPage(r, plan.Sorts, plan.DefaultSort)
	f, fv, lf := planFilter(r)
	v := planview.PlanListView{Filter: fv, Today: svc.Today(), CanEdit: p.Can(authz.EditPlan)}
	lp, err := kit.LoadList(&pg, func(q listing.Params) (plan.ListPage, int, error) {
		x, err := svc.List(r.Context(), *p, f, q)
		return x, x.Total, err
	})
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	// The afdelingen of the filter come in the list's round trip.
	v.Actions, v.Totals, v.Years, v.Departments = lp.Actions, lp.Totals, lp.Years, layout.OrgOptions(lp.Departments)
	v.Page = pg
	v.ExportURL = lf.URL("/plan/export.xlsx")
	h.kit.Render(w, r, http.StatusOK, planview.PlanList(h.kit.Page(r, "Informatiebeveiligingsplan", "plan"), v))
}

// PlanExport sends the filtered list (all pages) as a spreadsheet.
func (h *Handlers) PlanExport(w http.ResponseWriter, r *http.Request) {
	p := kit.Principal(r)
	svc := h.plans
	params := listing.Parse(r.URL.Query(), plan.Sorts, plan.DefaultSort)
	f, _, _ := planFilter(r)
	actions, err := svc.All(r.Context(), p.OrgID, f, params)
	if err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := plan.WriteXLSX(&buf, actions, svc.Today()); err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	name := "informatiebeveiligingsplan-" + report.Slug(kit.Principal(r).OrgName)
	if f.Year != 0 {
		name += "-" + strconv.Itoa(f.Year)
	}
	if f.DepartmentID != 0 {
		name += "-afdeling-" + strconv.FormatInt(f.DepartmentID, 10)
	}
	name += "-" + report.Local(h.kit.Now()).Format("2006-01-02")
	h.kit.Download(w, r, report.ContentTypeXLSX, name+".xlsx", buf.Bytes())
}

// planForm renders the action form; f carries the input and errors.
func (h *Handlers) planForm(w http.ResponseWriter, r *http.Request, status int, f planview.PlanForm) {
	p := kit.Principal(r)
	svc := h.plans
	members, err := h.org.Members(r.Context(), *p)
	if err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	f.Owners = layout.OrgOptions(members)
	// A stored owner who is no longer active stays selectable, so saving
	// another field does not drop the owner silently.
	if a := f.Action; a != nil && a.OwnerUserID != 0 && f.Input.OwnerUserID == a.OwnerUserID &&
		!slices.ContainsFunc(members, func(o org.Option) bool { return o.ID == a.OwnerUserID }) {
		f.Owners = append(f.Owners, layout.Option{Value: strconv.FormatInt(a.OwnerUserID, 10), Label: a.OwnerUserName + " (niet meer actief)"})
	}
	var ok bool
	if f.Departments, ok = h.kit.Departments(w, r, h.org); !ok {
		return
	}
	for _, k := range plan.LinkKinds() {
		choices, err := svc.Choices(r.Context(), p.OrgID, k.Name)
		if err != nil {
			h.kit.ServerError(w, r, err)
			return
		}
		selected := map[int64]bool{}
		for _, id := range f.Input.Links[k.Name] {
			selected[id] = true
		}
		// Keep targets outside the offered set (a control of a framework the
		// organisation no longer uses), so saving does not drop them silently.
		var missing []int64
		for id := range selected {
			if !slices.ContainsFunc(choices, func(c plan.Choice) bool { return c.ID == id }) {
				missing = append(missing, id)
			}
		}
		if len(missing) > 0 {
			extra, err := svc.Targets(r.Context(), p.OrgID, k.Name, missing)
			if err != nil {
				h.kit.ServerError(w, r, err)
				return
			}
			for _, l := range extra {
				choices = append(choices, plan.Choice{ID: l.TargetID, Label: l.Text(), Group: "Ander normenkader"})
			}
		}
		f.Targets = append(f.Targets, planview.PlanTargets{Kind: k, Groups: planview.GroupChoices(choices), Selected: selected})
	}
	f.Today = svc.Today()
	f.Form.Order = planview.PlanFormOrder
	title := "Nieuwe actie"
	if f.Action != nil {
		title = f.Action.Title
	}
	h.kit.Render(w, r, status, planview.PlanEdit(h.kit.Page(r, title, "plan"), f))
}

func planInput(f *httpkit.Values) plan.Input {
	in := plan.Input{
		Title:             f.Raw("title"),
		Description:       f.Raw("description"),
		OwnerUserID:       f.ID("owner_user_id"),
		OwnerDepartmentID: f.ID("owner_department_id"),
		DueDate:           f.Raw("due_date"),
		Status:            plan.Status(f.String("status")),
		Priority:          plan.Priority(f.String("priority")),
		EstimatedCost:     f.Raw("estimated_cost"),
		Links:             map[string][]int64{},
		Version:           f.Version(),
	}
	for _, k := range plan.LinkKinds() {
		in.Links[k.Name] = f.IDs(k.Field)
	}
	return in
}

// PlanNew serves GET /plan/nieuw; ?afdeling= preselects the owning
// afdeling, ?maatregel= the control the action addresses (from its page).
func (h *Handlers) PlanNew(w http.ResponseWriter, r *http.Request) {
	dept, err := kit.QueryID(r, "afdeling")
	var control int64
	if err == nil {
		control, err = kit.QueryID(r, "maatregel")
	}
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	in := plan.Input{Status: plan.Planned, Priority: plan.Medium, OwnerDepartmentID: dept, Links: map[string][]int64{}}
	if control != 0 {
		// An id the organisation cannot link to is not offered, so it is not submitted.
		in.Links[plan.KindControl] = []int64{control}
	}
	h.planForm(w, r, http.StatusOK, planview.PlanForm{Input: in})
}

// PlanCreate serves POST /plan.
func (h *Handlers) PlanCreate(w http.ResponseWriter, r *http.Request) {
	kit.SubmitNew(h.kit, w, r, kit.New[plan.Input]{
		Read: planInput,
		Save: h.plans.Create,
		Reshow: func(status int, in plan.Input, state layout.Form) {
			h.planForm(w, r, status, planview.PlanForm{Input: in, Form: state})
		},
		Done: func(in plan.Input, id int64) (string, string) {
			return "Actie " + strings.TrimSpace(in.Title) + " is toegevoegd.", kit.IDPath("/plan", id)
		},
	})
}

// get loads the action id of the principal's organisation.
func (h *Handlers) get(ctx context.Context, p authz.Principal, id int64) (plan.Action, error) {
	return h.plans.Get(ctx, p.OrgID, id)
}

// PlanShow is the page of an action: the form for who may edit the plan,
// the details for everyone else.
func (h *Handlers) PlanShow(w http.ResponseWriter, r *http.Request) {
	a, id, ok := kit.Load(h.kit, w, r, h.get)
	if !ok {
		return
	}
	if !kit.Principal(r).Can(authz.EditPlan) {
		h.showPage(w, r, http.StatusOK, planview.PlanShowView{Action: a, Progress: plan.ProgressOf(a)})
		return
	}
	h.planForm(w, r, http.StatusOK, planview.PlanForm{ID: id, Action: &a, Input: plan.InputOf(a)})
}

// PlanUpdate serves POST /plan/{id}.
func (h *Handlers) PlanUpdate(w http.ResponseWriter, r *http.Request) {
	kit.SubmitShown(h.kit, w, r, kit.Shown[plan.Input, plan.Action]{
		Read: planInput,
		Save: h.plans.Update,
		Get:  h.get,
		Fail: h.kit.Fail,
		Reshow: func(status int, in plan.Input, state layout.Form, cur plan.Action, stale bool) {
			f := planview.PlanForm{ID: cur.ID, Action: &cur, Input: in, Form: state}
			if stale {
				// Show the stored version next to the user's input; the
				// next save is against the stored version.
				f.Current, f.Input.Version = &cur, cur.Version
			}
			h.planForm(w, r, status, f)
		},
		Done: func(in plan.Input, id int64) (string, string) {
			return "Actie " + strings.TrimSpace(in.Title) + " is opgeslagen.", kit.IDPath("/plan", id)
		},
	})
}

// PlanDelete serves POST /plan/{id}/verwijderen.
func (h *Handlers) PlanDelete(w http.ResponseWriter, r *http.Request) {
	kit.Act(h.kit, w, r, h.plans.Delete, "De actie is verwijderd.", "/plan")
}

// showPage renders the read-only page of an action, with the progress form
// for who may report it.
func (h *Handlers) showPage(w http.ResponseWriter, r *http.Request, status int, v planview.PlanShowView) {
	p := kit.Principal(r)
	v.Today = h.plans.Today()
	v.CanProgress = plan.CanUpdateProgress(*p, v.Action)
	v.CanViewPlan = p.Can(authz.ViewPlan)
	v.Form.Order = []string{"status", "progress", "progress_note"}
	h.kit.Render(w, r, status, planview.PlanShow(h.kit.Page(r, v.Action.Title, "plan"), v))
}

// ProgressShow serves GET /plan/{id}/voortgang: the action with its progress
// form, for its owner (who may not see the rest of the plan), the manager of
// its afdeling and the CISO.
func (h *Handlers) ProgressShow(w http.ResponseWriter, r *http.Request) {
	a, _, ok := kit.LoadOr(w, r, h.plans.GetForProgress, h.refuse)
	if !ok {
		return
	}
	h.showPage(w, r, http.StatusOK, planview.PlanShowView{Action: a, Progress: plan.ProgressOf(a)})
}

// ProgressUpdate serves POST /plan/{id}/voortgang.
func (h *Handlers) ProgressUpdate(w http.ResponseWriter, r *http.Request) {
	kit.SubmitShown(h.kit, w, r, kit.Shown[plan.ProgressInput, plan.Action]{
		Read: func(f *httpkit.Values) plan.ProgressInput {
			return plan.ProgressInput{Status: plan.Status(f.String("status")), Progress: f.Raw("progress"), Note: f.Raw("progress_note"), Version: f.Version()}
		},
		Save: h.plans.UpdateProgress,
		Get:  h.plans.GetForProgress,
		Fail: h.refuse,
		Reshow: func(status int, in plan.ProgressInput, state layout.Form, cur plan.Action, stale bool) {
			v := planview.PlanShowView{Action: cur, Progress: in, Form: state}
			if stale {
				v.Current, v.Progress.Version = &cur, cur.Version
			}
			h.showPage(w, r, status, v)
		},
		Done: func(in plan.ProgressInput, id int64) (string, string) {
			target := kit.IDPath("/plan", id)
			if !kit.Principal(r).Can(authz.ViewPlan) {
				target += "/voortgang"
			}
			return "Voortgang opgeslagen: " + in.Status.Label() + ", " + strconv.Itoa(in.Percent()) + "%.", target
		},
	})
}

// refuse answers a refusal of the service with its reason (the action is
// not the user's), any other error with its page.
func (h *Handlers) refuse(w http.ResponseWriter, r *http.Request, err error) {
	if e, ok := apperr.As(err); ok && e.Code == apperr.Forbidden {
		h.kit.Render(w, r, http.StatusForbidden, planview.PlanRefused(h.kit.Page(r, "Geen toegang", "plan"), e.Message))
		return
	}
	h.kit.Fail(w, r, err)
}
