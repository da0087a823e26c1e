// Package biaweb holds the handlers of the BIA: the read-only process and
// application pages with their BIA and classification, the BIA form, the
// override of an application's classification and the BIA settings.
package biaweb

import (
	"context"
	"net/http"
	"strings"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/bia"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/links"
	"github.com/baken-nl/baken/internal/org"
	"github.com/baken-nl/baken/internal/risk"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/views/biaview"
)

// biaService is what the handlers use of bia.Service.
type biaService interface {
	Process(ctx context.Context, actor authz.Principal, processID int64) (bia.ProcessBIA, error)
	FormData(ctx context.Context, actor authz.Principal, processID int64) (bia.ProcessBIA, error)
	Save(ctx context.Context, actor authz.Principal, processID int64, in bia.Input) error
	Application(ctx context.Context, actor authz.Principal, appID int64) (bia.ApplicationClass, error)
	OverrideForm(ctx context.Context, actor authz.Principal, appID int64) (bia.ApplicationClass, error)
	SaveOverride(ctx context.Context, actor authz.Principal, appID int64, in bia.OverrideInput) error
	Settings(ctx context.Context, actor authz.Principal) (bia.Settings, error)
	SaveScales(ctx context.Context, actor authz.Principal, in bia.ScaleInput) error
	CreateArea(ctx context.Context, actor authz.Principal, in bia.AreaInput) (int64, error)
	UpdateArea(ctx context.Context, actor authz.Principal, id int64, in bia.AreaInput) error
	Linked(ctx context.Context, actor authz.Principal, kind string, id int64) ([]links.Target, error)
}

// structureService is what the handlers use of org.Service.
type structureService interface {
	GetProcess(ctx context.Context, actor authz.Principal, id int64) (org.Process, error)
	GetApplication(ctx context.Context, actor authz.Principal, id int64) (org.Application, error)
}

// Handlers are the BIA handlers.
type Handlers struct {
	kit *kit.Kit
	bia biaService
	org structureService
}

// New returns the BIA handlers.
func New(k *kit.Kit, b biaService, o structureService) *Handlers {
	return &Handlers{kit: k, bia: b, org: o}
}

// ProcessShow serves GET /processen/{id}: the process read-only, with its BIA
// (for who may view risks) and what links to it.
func (h *Handlers) ProcessShow(w http.ResponseWriter, r *http.Request) {
	showItem(h, w, r, org.KindProcess, h.org.GetProcess, h.bia.Process, func(p *authz.Principal, x org.Process, b bia.ProcessBIA, linked []links.Target) {
		v := biaview.BIAProcessView{Process: x, BIA: b, Linked: linked, CanEdit: p.Can(authz.EditStructure), CanViewBIA: p.Can(authz.ViewRisks),
			CanStartAnalysis: risk.MayStartIn(*p, x.DepartmentID)}
		h.kit.Render(w, r, http.StatusOK, biaview.BIAProcessPage(h.kit.Page(r, "Proces "+x.Name, "processen"), v))
	})
}

// ApplicationShow serves GET /applicaties/{id}: the application read-only,
// with its classification (for who may view risks) and what links to it.
func (h *Handlers) ApplicationShow(w http.ResponseWriter, r *http.Request) {
	showItem(h, w, r, org.KindApplication, h.org.GetApplication, h.bia.Application, func(p *authz.Principal, a org.Application, c bia.ApplicationClass, linked []links.Target) {
		v := biaview.BIAApplicationView{Application: a, Class: c, Linked: linked, CanEdit: p.Can(authz.EditStructure),
			CanViewBIA: p.Can(authz.ViewRisks), CanStartAnalysis: p.Can(authz.EditRisks)}
		h.kit.Render(w, r, http.StatusOK, biaview.BIAApplicationPage(h.kit.Page(r, "Applicatie "+a.Name, "applicaties"), v))
	})
}

// showItem serves the read-only page of an item of kind (a process, an
// application): the item, its BIA part (only for who may view risks; else
// the zero value) and what links to it, for page.
func showItem[T, B any](h *Handlers, w http.ResponseWriter, r *http.Request, kind string, get func(context.Context, authz.Principal, int64) (T, error),
	getBIA func(context.Context, authz.Principal, int64) (B, error), page func(p *authz.Principal, x T, b B, linked []links.Target)) {
	x, id, ok := kit.Load(h.kit, w, r, get)
	if !ok {
		return
	}
	p := kit.Principal(r)
	var b B
	var err error
	if p.Can(authz.ViewRisks) {
		if b, err = getBIA(r.Context(), *p, id); err != nil {
			h.kit.Fail(w, r, err)
			return
		}
	}
	linked, err := h.bia.Linked(r.Context(), *p, kind, id)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	page(p, x, b, linked)
}

// refuse shows a refusal with its reason (outside the actor's afdelingen).
func (h *Handlers) refuse(w http.ResponseWriter, r *http.Request, err error) {
	h.kit.Refuse(w, r, err, "", biaview.BIARefused)
}

// ---- BIA form ----

func biaOrder(b bia.ProcessBIA) []string {
	var order []string
	for _, ar := range b.Areas {
		if ar.Active {
			for _, a := range bia.Aspects {
				order = append(order, bia.AnswerField(a, ar.ID))
			}
		}
	}
	for _, a := range bia.Aspects {
		order = append(order, bia.RaiseField(a), bia.RationaleField(a))
	}
	return append(order, "personal_data", "special_categories", "notes")
}

// biaForm shows the BIA form of the process of b with in; stale: after a
// conflict, b is the stored BIA to show next to in.
func (h *Handlers) biaForm(w http.ResponseWriter, r *http.Request, status int, b bia.ProcessBIA, in bia.Input, state layout.Form, stale bool) {
	f := biaview.BIAForm{BIA: b, Input: in, Form: state}
	if stale {
		f.Current, f.Input.Version = &b, b.Version
	}
	f.Form.Order = biaOrder(f.BIA)
	h.kit.Render(w, r, status, biaview.BIAEdit(h.kit.Page(r, "BIA "+f.BIA.ProcessName, "processen"), f))
}

// inputOf is the form input of a stored BIA.
func inputOf(b bia.ProcessBIA) bia.Input {
	in := bia.Input{Answers: b.Answers, PersonalData: b.PersonalData, SpecialCategories: b.SpecialCategories, Notes: b.Notes, Version: b.Version}
	for i := range bia.Aspects {
		if b.Levels[i] > b.Derived[i] {
			in.Raised[i], in.Rationale[i] = b.Levels[i], b.Rationale[i]
		}
	}
	return in
}

// itemForm is a form of the BIA part of a stored item (the BIA of a
// process, the classification of an application): the edit form of the
// stored part, and its POST; after an error the part is loaded again and
// the form shown with the input kept.
type itemForm[In, T any] struct {
	get   func(ctx context.Context, actor authz.Principal, id int64) (T, error)
	input func(T) In
	read  func(f *httpkit.Values) In
	save  func(ctx context.Context, actor authz.Principal, id int64, in In) error
	// show renders the form of x with in; stale: after a conflict, x is
	// the stored version to show next to in.
	show func(w http.ResponseWriter, r *http.Request, status int, x T, in In, state layout.Form, stale bool)
	// flash is the message after saving, base the path of the item.
	flash, base string
}

func (f itemForm[In, T]) edit(h *Handlers, w http.ResponseWriter, r *http.Request) {
	if x, _, ok := kit.LoadOr(w, r, f.get, h.refuse); ok {
		f.show(w, r, http.StatusOK, x, f.input(x), layout.Form{}, false)
	}
}

func (f itemForm[In, T]) update(h *Handlers, w http.ResponseWriter, r *http.Request) {
	kit.SubmitShown(h.kit, w, r, kit.Shown[In, T]{Read: f.read, Save: f.save, Get: f.get, Fail: h.refuse,
		Reshow: func(status int, in In, state layout.Form, x T, stale bool) { f.show(w, r, status, x, in, state, stale) },
		Done:   func(_ In, id int64) (string, string) { return f.flash, kit.IDPath(f.base, id) },
	})
}

func (h *Handlers) biaItem(r *http.Request) itemForm[bia.Input, bia.ProcessBIA] {
	return itemForm[bia.Input, bia.ProcessBIA]{get: h.bia.FormData, input: inputOf, read: readBIA(r), save: h.bia.Save,
		show: h.biaForm, flash: "De BIA is opgeslagen.", base: "/processen"}
}

// BIAEdit serves GET /processen/{id}/bia: the stored answers.
func (h *Handlers) BIAEdit(w http.ResponseWriter, r *http.Request) { h.biaItem(r).edit(h, w, r) }

func readBIA(r *http.Request) func(f *httpkit.Values) bia.Input {
	return func(f *httpkit.Values) bia.Input {
		in := bia.Input{PersonalData: f.Bool("personal_data"), SpecialCategories: f.Bool("special_categories"), Notes: f.Raw("notes"), Version: f.Version()}
		for i, a := range bia.Aspects {
			in.Answers[i] = map[int64]int{}
			prefix := "a_" + string(a) + "_"
			for key := range r.PostForm {
				rest, found := strings.CutPrefix(key, prefix)
				if !found {
					continue
				}
				id, err := httpkit.PathID(rest)
				if err != nil {
					continue // not an area of this form
				}
				if n := f.Rank(key, bia.RankMessage); n > 0 {
					in.Answers[i][id] = n
				}
			}
			in.Raised[i] = f.Rank(bia.RaiseField(a), bia.RankMessage)
			in.Rationale[i] = f.Raw(bia.RationaleField(a))
		}
		return in
	}
}

// BIAUpdate serves POST /processen/{id}/bia.
func (h *Handlers) BIAUpdate(w http.ResponseWriter, r *http.Request) { h.biaItem(r).update(h, w, r) }

// ---- application override ----

// overrideForm shows the classification form of the application of c with
// in; stale: after a conflict, c is the stored override to show next to in.
func (h *Handlers) overrideForm(w http.ResponseWriter, r *http.Request, status int, c bia.ApplicationClass, in bia.OverrideInput, state layout.Form, stale bool) {
	f := biaview.BIAOverrideForm{Class: c, Input: in, Form: state}
	if stale {
		f.Current, f.Input.Version = &c, c.Version
	}
	for _, a := range bia.Aspects {
		f.Form.Order = append(f.Form.Order, bia.RaiseField(a), bia.RationaleField(a))
	}
	h.kit.Render(w, r, status, biaview.BIAOverrideEdit(h.kit.Page(r, "Classificatie "+f.Class.ApplicationName, "applicaties"), f))
}

func readOverride(f *httpkit.Values) bia.OverrideInput {
	in := bia.OverrideInput{Version: f.Version()}
	for i, a := range bia.Aspects {
		in.Levels[i] = f.Rank(bia.RaiseField(a), bia.RankMessage)
		in.Rationale[i] = f.Raw(bia.RationaleField(a))
	}
	return in
}

// overrideOf is the form input of a stored classification.
func overrideOf(c bia.ApplicationClass) bia.OverrideInput {
	return bia.OverrideInput{Levels: c.Override, Rationale: c.Rationale, Version: c.Version}
}

func (h *Handlers) overrideItem() itemForm[bia.OverrideInput, bia.ApplicationClass] {
	return itemForm[bia.OverrideInput, bia.ApplicationClass]{get: h.bia.OverrideForm, input: overrideOf, read: readOverride,
		save: h.bia.SaveOverride, show: h.overrideForm, flash: "De classificatie is opgeslagen.", base: "/applicaties"}
}

// OverrideEdit serves GET /applicaties/{id}/classificatie: the stored
// override.
func (h *Handlers) OverrideEdit(w http.ResponseWriter, r *http.Request) {
	h.overrideItem().edit(h, w, r)
}

// OverrideUpdate serves POST /applicaties/{id}/classificatie.
func (h *Handlers) OverrideUpdate(w http.ResponseWriter, r *http.Request) {
	h.overrideItem().update(h, w, r)
}

// ---- settings ----

func (h *Handlers) settings(w http.ResponseWriter, r *http.Request, status int, v biaview.BIASettingsView, keepScales bool) {
	st, ok := kit.Fetch(h.kit, w, r, h.bia.Settings)
	if !ok {
		return
	}
	v.Settings = st
	if !keepScales {
		v.Scales = bia.ScaleInput{Scales: st.Scales, Version: st.Version}
	}
	for _, a := range bia.Aspects {
		for rank := 1; rank <= bia.MaxLevels; rank++ {
			v.ScaleForm.Order = append(v.ScaleForm.Order, bia.LevelField(a, rank), bia.BBNField(a, rank))
		}
	}
	v.AreaForm.Order = []string{"name", "description"}
	h.kit.Render(w, r, status, biaview.BIASettingsPage(h.kit.Page(r, "BIA-instellingen", "bia-instellingen"), v))
}

// Settings serves GET /bia/instellingen.
func (h *Handlers) Settings(w http.ResponseWriter, r *http.Request) {
	h.settings(w, r, http.StatusOK, biaview.BIASettingsView{}, false)
}

// ScalesUpdate serves POST /bia/instellingen/schalen.
func (h *Handlers) ScalesUpdate(w http.ResponseWriter, r *http.Request) {
	kit.SubmitSetting(h.kit, w, r, kit.Setting[bia.ScaleInput]{
		Read: func(f *httpkit.Values) bia.ScaleInput {
			in := bia.ScaleInput{Version: f.Version()}
			for i, a := range bia.Aspects {
				in.Scales[i].Aspect = a
				for rank := 1; rank <= bia.MaxLevels; rank++ {
					in.Scales[i].Levels = append(in.Scales[i].Levels, bia.Level{Rank: rank, Name: f.Raw(bia.LevelField(a, rank)), BBN: f.Int(bia.BBNField(a, rank), 1, 3)})
				}
			}
			return in
		},
		Save: h.bia.SaveScales,
		Reshow: func(status int, in bia.ScaleInput, state layout.Form, stale bool) {
			v := biaview.BIASettingsView{Scales: in, ScaleForm: state}
			if stale {
				if st, err := h.bia.Settings(r.Context(), *kit.Principal(r)); err == nil {
					v.Scales.Version = st.Version
				}
			}
			h.settings(w, r, status, v, true)
		},
		Flash: "De classificatieschalen zijn opgeslagen.", Target: "/bia/instellingen",
	})
}

func areaInput(f *httpkit.Values) bia.AreaInput {
	return bia.AreaInput{Name: f.Raw("name"), Description: f.Raw("description"), Active: f.Bool("active"), Version: f.Version()}
}

// AreaCreate serves POST /bia/instellingen/impactgebieden.
func (h *Handlers) AreaCreate(w http.ResponseWriter, r *http.Request) {
	kit.SubmitNew(h.kit, w, r, kit.New[bia.AreaInput]{
		Read: areaInput,
		Save: h.bia.CreateArea,
		Reshow: func(status int, in bia.AreaInput, state layout.Form) {
			h.settings(w, r, status, biaview.BIASettingsView{NewArea: in, AreaForm: state}, false)
		},
		Done: func(in bia.AreaInput, _ int64) (string, string) {
			return "Impactgebied " + strings.TrimSpace(in.Name) + " is toegevoegd.", "/bia/instellingen"
		},
	})
}

// area is the impact area id of the settings; an unknown one is not found.
func (h *Handlers) area(ctx context.Context, p authz.Principal, id int64) (bia.Area, error) {
	st, err := h.bia.Settings(ctx, p)
	if err != nil {
		return bia.Area{}, err
	}
	for _, a := range st.Areas {
		if a.ID == id {
			return a, nil
		}
	}
	return bia.Area{}, apperr.NotFoundf("Dit impactgebied bestaat niet.")
}

func (h *Handlers) areaForm(w http.ResponseWriter, r *http.Request, status int, f biaview.BIAAreaForm) {
	f.Form.Order = []string{"name", "description", "active"}
	h.kit.Render(w, r, status, biaview.BIAAreaEdit(h.kit.Page(r, "Impactgebied", "bia-instellingen"), f))
}

// AreaEdit serves GET /bia/instellingen/impactgebieden/{id}.
func (h *Handlers) AreaEdit(w http.ResponseWriter, r *http.Request) {
	a, id, ok := kit.Load(h.kit, w, r, h.area)
	if !ok {
		return
	}
	h.areaForm(w, r, http.StatusOK, biaview.BIAAreaForm{ID: id, Name: a.Name, Input: bia.AreaInput{Name: a.Name, Description: a.Description, Active: a.Active, Version: a.Version}})
}

// AreaUpdate serves POST /bia/instellingen/impactgebieden/{id}.
func (h *Handlers) AreaUpdate(w http.ResponseWriter, r *http.Request) {
	kit.SubmitEdit(h.kit, w, r, kit.Edit[bia.AreaInput, bia.Area]{
		Read:    areaInput,
		Save:    h.bia.UpdateArea,
		Current: h.area,
		Reshow: func(status int, id int64, in bia.AreaInput, state layout.Form, cur *bia.Area) {
			f := biaview.BIAAreaForm{ID: id, Input: in, Form: state}
			stored := cur
			if stored == nil {
				// After a refused input the input holds what was typed: the
				// heading names the area as it is stored.
				a, err := h.area(r.Context(), *kit.Principal(r), id)
				if err != nil {
					h.kit.Fail(w, r, err) // the area went away meanwhile
					return
				}
				stored = &a
			} else {
				f.Current, f.Input.Version = cur, cur.Version
			}
			f.Name = stored.Name
			h.areaForm(w, r, status, f)
		},
		Done: func(in bia.AreaInput, _ int64) (string, string) {
			return "Impactgebied " + strings.TrimSpace(in.Name) + " is opgeslagen.", "/bia/instellingen"
		},
	})
}
