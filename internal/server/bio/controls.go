package bio

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/catalogue"
	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/risk"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/views/bioview"
)

// controlFilter reads the filters shared by the control list, the GAP view and
// the exports from the query string. now is the day for the overdue filter;
// the ambition level (niveau=onder|op) is set by the caller from the ambition
// it reads in its transaction (Filter.Target). A value no link of the portal
// produces is an error (a 400), not silently no filter.
func controlFilter(r *http.Request, now time.Time) (bioview.ControlFilterView, compliance.Filter, error) {
	lf, err := controlFilters.Parse(r.URL.Query())
	fv := bioview.ControlFilterView{Owner: lf.Get("afdeling"), Status: lf.Get("status"), Hygiene: lf.Get("hygiene"),
		Maturity: lf.Get("niveau"), Query: lf.Get("q"), Mine: lf.On("mijn"), NeedsReview: lf.On("beoordeling"), Group: lf.Get("thema"),
		Kind: lf.Get("soort"), Implemented: lf.On("geimplementeerd"), Evidence: lf.On("bewijs"), Overdue: lf.On("herbeoordeling"),
		Sort: lf.Get("sorteer"), View: lf.Get("weergave"), Counted: lf.Get("toepassing") == "ja", NotCounted: lf.Get("toepassing") == "nee",
		HasOwn: ownsDepartments(kit.Principal(r))}
	f := compliance.Filter{Status: compliance.Status(fv.Status), Hygiene: fv.Hygiene, Query: fv.Query, OnlyMine: fv.Mine, NeedsReview: fv.NeedsReview,
		Group: fv.Group, Kind: fv.Kind, Counted: fv.Counted, NotCounted: fv.NotCounted, Implemented: fv.Implemented, WithEvidence: fv.Evidence, Overdue: fv.Overdue, Today: now}
	if fv.Owner == "geen" {
		f.OwnerDeptID = -1
	} else {
		f.OwnerDeptID = lf.ID("afdeling")
	}
	switch fv.Maturity {
	case "geen":
		f.Maturity = -1
	case compliance.LevelBelow, compliance.LevelAt:
		f.Level = fv.Maturity
	default:
		f.Maturity, _ = strconv.Atoi(fv.Maturity) // one of 1–5 or empty
	}
	return fv, f, err
}

// controlFilters are the filters of the control list, the GAP view and
// their exports.
var controlFilters = listing.Filters{
	{Name: "afdeling", Kind: listing.ID, Values: []string{"geen"}},
	{Name: "status", Kind: listing.Enum, Values: listing.Strings(compliance.Statuses)},
	{Name: "hygiene", Kind: listing.Text},
	{Name: "niveau", Kind: listing.Enum, Values: []string{"geen", compliance.LevelBelow, compliance.LevelAt, "1", "2", "3", "4", "5"}},
	{Name: "q", Kind: listing.Text},
	{Name: "mijn", Kind: listing.Flag},
	{Name: "beoordeling", Kind: listing.Flag, Values: []string{"te"}},
	{Name: "thema", Kind: listing.Text},
	{Name: "soort", Kind: listing.Enum, Values: []string{compliance.ItemControl, compliance.ItemMeasure}},
	{Name: "geimplementeerd", Kind: listing.Flag, Values: []string{"ja"}},
	{Name: "bewijs", Kind: listing.Flag, Values: []string{"ja"}},
	{Name: "herbeoordeling", Kind: listing.Flag, Values: []string{"te-laat"}},
	{Name: "sorteer", Kind: listing.Enum, Values: compliance.SortKeys},
	{Name: "weergave", Kind: listing.Enum, Values: []string{bioview.ViewCompact}},
	{Name: "toepassing", Kind: listing.Enum, Values: []string{"ja", "nee"}},
}

// ControlList serves GET /bio.
func (h *Handlers) ControlList(w http.ResponseWriter, r *http.Request) {
	h.controlList(w, r, http.StatusOK, nil)
}

// controlList renders the list; bulk is the bulk form coming back with
// errors (nil: a fresh one).
func (h *Handlers) controlList(w http.ResponseWriter, r *http.Request, status int, bulk *bioview.BulkFormView) {
	p := kit.Principal(r)
	fv, f, err := controlFilter(r, h.kit.Now())
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	mine := append(p.Departments(authz.Afdelingsmanager), p.Departments(authz.DSPO)...)

	var (
		fw       compliance.Framework
		controls []compliance.Control
	)
	err = h.kit.Read(r, func(tx *db.Tx) error {
		var err error
		if fw, err = compliance.ActiveFramework(r.Context(), tx, p.OrgID); err != nil {
			return err
		}
		if f.Level != "" {
			// Below or at the ambition: the level of the same snapshot.
			a, err := compliance.GetAmbition(r.Context(), tx, p.OrgID)
			if err != nil {
				return err
			}
			f.Target = a.TargetMaturity
			fv.NoAmbition = a.TargetMaturity == 0
		}
		controls, err = compliance.Controls(r.Context(), tx, p.OrgID, fw)
		return err
	})
	if err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	depts, ok := h.kit.Departments(w, r, h.org)
	if !ok {
		return
	}
	fv.HasHygiene = compliance.AnyHygiene(controls)
	v := bioview.ControlListView{Framework: fw, Total: len(controls), Departments: depts, Filter: fv, Today: h.kit.Now(), RawQuery: r.URL.RawQuery,
		CanImport: p.Can(authz.ImportControls), CanExport: p.Can(authz.ExportReports),
		CanManageCatalogue: p.Can(authz.ManageCatalogue), Sorted: fv.Sort != ""}
	v.Bulk = bulkForm(p, r.URL.RawQuery)
	if bulk != nil {
		bulk.CanBulk, bulk.CanSetOwner, bulk.Action = v.Bulk.CanBulk, v.Bulk.CanSetOwner, v.Bulk.Action
		v.Bulk = *bulk
	}
	shown := controls[:0:0]
	for _, c := range controls {
		if f.Matches(c, mine) {
			shown = append(shown, c)
		}
	}
	v.Shown = len(shown)
	if v.Bulk.CanBulk {
		v.Bulk.Editable = make(map[int64]bool, len(shown))
		for _, c := range shown {
			v.Bulk.Editable[c.ItemID] = compliance.CanEdit(*p, c)
		}
	}
	if v.Sorted {
		// A sort is across the whole list (e.g. every control without a
		// maturity level first); sorting inside each theme would hide that
		// order, so the groups give way to one flat table, and the table of
		// contents goes with them.
		compliance.SortControls(shown, fv.Sort)
		if len(shown) > 0 {
			v.Groups = []bioview.ControlGroup{{Title: "Alle getoonde maatregelen", Controls: shown}}
		}
	} else {
		index := map[string]int{}
		for _, c := range shown {
			i, ok := index[c.GroupNumber]
			if !ok {
				i = len(v.Groups)
				index[c.GroupNumber] = i
				v.Groups = append(v.Groups, bioview.ControlGroup{Number: c.GroupNumber, Title: c.GroupTitle})
				// The table of contents links only to groups still shown.
				v.GroupLinks = append(v.GroupLinks, layout.Option{Value: c.GroupNumber, Label: c.GroupTitle})
			}
			v.Groups[i].Controls = append(v.Groups[i].Controls, c)
		}
	}
	h.kit.Render(w, r, status, bioview.ControlList(h.kit.Page(r, "BIO-maatregelen", "bio"), v))
}

// controlPage renders a control; v carries the state of a submitted form, if any.
func (h *Handlers) controlPage(w http.ResponseWriter, r *http.Request, status int, v bioview.ControlView, keepInput bool) {
	p := kit.Principal(r)
	id, err := kit.PathID(r)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	err = h.kit.Read(r, func(tx *db.Tx) error {
		var err error
		if v.Detail, err = compliance.GetControl(r.Context(), tx, p.OrgID, id); err != nil {
			return err
		}
		if v.Framework, err = compliance.FrameworkByID(r.Context(), tx, v.Detail.FrameworkID); err != nil {
			return err
		}
		if v.Evidence.Items, err = compliance.ListEvidence(r.Context(), tx, p.OrgID, id); err != nil {
			return err
		}
		if v.Changes, err = compliance.ReviewDiff(r.Context(), tx, p.OrgID, v.Detail.Control); err != nil {
			return err
		}
		if v.History, err = compliance.History(r.Context(), tx, p.OrgID, id); err != nil {
			return err
		}
		// The risk analyses that can justify "niet van toepassing".
		choices, err := risk.EstablishedChoices(r.Context(), tx)
		for _, c := range choices {
			v.Analyses = append(v.Analyses, layout.Option{Value: strconv.FormatInt(c.ID, 10), Label: c.Label})
		}
		return err
	})
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	c := v.Detail.Control
	v.CanEdit = compliance.CanEdit(*p, c)
	v.EditsControls = p.Can(authz.EditControls)
	v.Evidence.ItemID, v.Evidence.CanEdit, v.Evidence.Limit = id, v.CanEdit, h.kit.UploadLimit()
	v.CanReview = p.Can(authz.ReviewControls)
	v.CanSetOwner = p.Has(authz.CISO)
	v.CanPlan = p.Can(authz.EditPlan)
	v.Today = h.kit.Now()
	if !keepInput {
		v.Input = compliance.InputOf(c)
	}
	var ok bool
	if v.Departments, ok = h.kit.Departments(w, r, h.org); !ok {
		return
	}
	v.Form.Order = []string{"applicable", "justification", "justifying_analysis_id", "owner_department_id", "status", "opzet", "bestaan", "werking", "maturity", "notes", "last_review", "next_review"}
	h.kit.Render(w, r, status, bioview.ControlPage(h.kit.Page(r, c.Number+" "+c.Title, "bio"), v))
}

// ControlShow serves GET /bio/{id}.
func (h *Handlers) ControlShow(w http.ResponseWriter, r *http.Request) {
	h.controlPage(w, r, http.StatusOK, bioview.ControlView{}, false)
}

// ControlUpdate serves POST /bio/{id}.
func (h *Handlers) ControlUpdate(w http.ResponseWriter, r *http.Request) {
	var changes []compliance.Change
	var kind string
	kit.SubmitAction(h.kit, w, r, kit.Action[compliance.Input]{
		Read: func(f *httpkit.Values) compliance.Input {
			return compliance.Input{
				Applicable:           f.Raw("applicable") == "1",
				Justification:        f.Raw("justification"),
				OwnerDeptID:          f.ID("owner_department_id"),
				Status:               compliance.Status(f.String("status")),
				Opzet:                compliance.Answer(f.String("opzet")),
				Bestaan:              compliance.Answer(f.String("bestaan")),
				Werking:              compliance.Answer(f.String("werking")),
				Maturity:             f.Number("maturity"),
				Notes:                f.Raw("notes"),
				LastReview:           f.Raw("last_review"),
				NextReview:           f.Raw("next_review"),
				JustifyingAnalysisID: f.ID("justifying_analysis_id"),
				Version:              f.Version(),
			}
		},
		Save: func(ctx context.Context, actor authz.Principal, id int64, in compliance.Input) (err error) {
			changes, kind, err = h.bio.Update(ctx, actor, id, in)
			return err
		},
		Reshow: func(status int, id int64, in compliance.Input, state layout.Form, stale bool) {
			v := bioview.ControlView{Input: in, Form: state}
			if stale {
				var cur compliance.ControlDetail
				if err := h.kit.Read(r, func(tx *db.Tx) (err error) {
					cur, err = compliance.GetControl(r.Context(), tx, kit.Principal(r).OrgID, id)
					return err
				}); err == nil {
					v.Current, v.Input.Version = &cur.Control, cur.Version
				}
			}
			h.controlPage(w, r, status, v, true)
		},
		Done: func(_ compliance.Input, id int64) (string, string) {
			return savedMessage(changes), kit.IDPath("/bio", id)
		},
		Warn: func(in compliance.Input) string {
			return strings.Join(append(in.Warnings(), in.Warning(kind)...), " ")
		},
	})
}

// savedMessage says what a save changed: "Opgeslagen: status
// Geïmplementeerd, volwassenheid 3." Free text is only named.
func savedMessage(changes []compliance.Change) string {
	if len(changes) == 0 {
		return "Geen wijzigingen."
	}
	parts := make([]string, len(changes))
	for i, c := range changes {
		parts[i] = strings.ToLower(c.Label)
		if c.Short != "" {
			parts[i] += " " + c.Short
		}
	}
	return "Opgeslagen: " + strings.Join(parts, ", ") + "."
}

// ControlReview serves POST /bio/{id}/beoordelen.
func (h *Handlers) ControlReview(w http.ResponseWriter, r *http.Request) {
	kit.ActOn(h.kit, w, r, (*httpkit.Values).Version, h.bio.Review, "De maatregel is gemarkeerd als beoordeeld.", "/bio/{id}")
}

// catalogueSettingsPage renders the settings; f is the state of the
// framework form, tf that of the text upload.
func (h *Handlers) catalogueSettingsPage(w http.ResponseWriter, r *http.Request, status int, f, tf layout.Form) {
	fws, active, ok := readBoth(h, w, r, catalogue.Frameworks, compliance.ActiveFramework)
	if !ok {
		return
	}
	h.kit.Render(w, r, status, bioview.CatalogueSettings(h.kit.Page(r, "Normenkader", "bio"), fws, active, f, tf))
}

// CatalogueSettings serves GET /bio/instellingen.
func (h *Handlers) CatalogueSettings(w http.ResponseWriter, r *http.Request) {
	h.catalogueSettingsPage(w, r, http.StatusOK, layout.Form{}, layout.Form{})
}

// CatalogueSettingsUpdate serves POST /bio/instellingen.
func (h *Handlers) CatalogueSettingsUpdate(w http.ResponseWriter, r *http.Request) {
	kit.Submit(h.kit, w, r, kit.FormPost[int64]{
		Read: func(f *httpkit.Values) int64 { return f.ID("framework_id") },
		Save: func(ctx context.Context, fwID int64) (int64, error) {
			return fwID, h.bio.SetActiveFramework(ctx, *kit.Principal(r), fwID)
		},
		Reshow: func(status int, _ int64, state layout.Form, _ bool) {
			state.Order = []string{"framework_id"}
			h.catalogueSettingsPage(w, r, status, state, layout.Form{})
		},
		Done: func(int64, int64) (string, string) { return "Het actieve normenkader is opgeslagen.", "/bio" },
	})
}

func (h *Handlers) ambitionPage(w http.ResponseWriter, r *http.Request, status int, level, date string, f layout.Form) {
	p := kit.Principal(r)
	a, history, ok := readBoth(h, w, r, compliance.GetAmbition, compliance.AmbitionHistory)
	if !ok {
		return
	}
	if f.Errors == nil && f.Message == "" {
		level, date = maturityValue(a.TargetMaturity), layout.DateInput(a.TargetDate)
	}
	h.kit.Render(w, r, status, bioview.AmbitionPage(h.kit.Page(r, "Ambitie", "gap"), a, history, p.Can(authz.SetAmbition), level, date, f))
}

func maturityValue(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// AmbitionShow serves GET /ambitie.
func (h *Handlers) AmbitionShow(w http.ResponseWriter, r *http.Request) {
	h.ambitionPage(w, r, http.StatusOK, "", "", layout.Form{})
}

// ambitionInput is the submitted ambition: the level and date as typed
// (shown again after an error) and the level as a number.
type ambitionInput struct {
	level, date       string
	maturity, version int
}

// AmbitionUpdate serves POST /ambitie.
func (h *Handlers) AmbitionUpdate(w http.ResponseWriter, r *http.Request) {
	kit.Submit(h.kit, w, r, kit.FormPost[ambitionInput]{
		Read: func(f *httpkit.Values) ambitionInput {
			return ambitionInput{level: f.Raw("target_maturity"), date: f.Raw("target_date"), maturity: f.Number("target_maturity"), version: f.Version()}
		},
		Save: func(ctx context.Context, in ambitionInput) (int64, error) {
			return 0, h.bio.SetAmbition(ctx, *kit.Principal(r), in.maturity, in.date, in.version)
		},
		Reshow: func(status int, in ambitionInput, state layout.Form, _ bool) {
			state.Order = []string{"target_maturity", "target_date"}
			h.ambitionPage(w, r, status, in.level, in.date, state)
		},
		Done: func(ambitionInput, int64) (string, string) { return "De ambitie is vastgesteld.", "/ambitie" },
	})
}

// ownsDepartments: the user is afdelingsmanager or DSPO of an afdeling, so
// the filter "Alleen mijn maatregelen" means something.
func ownsDepartments(p *authz.Principal) bool {
	return len(p.Departments(authz.Afdelingsmanager))+len(p.Departments(authz.DSPO)) > 0
}
