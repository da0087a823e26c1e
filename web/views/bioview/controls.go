package bioview

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/catalogue"
	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/web/layout"
)

// ControlListView is the BIO control list.
type ControlListView struct {
	Framework          compliance.Framework
	Groups             []ControlGroup
	Total              int // controls and measures in the framework
	Shown              int
	Departments        []layout.Option
	Filter             ControlFilterView
	GroupLinks         []layout.Option // theme/chapter number → title, for quick navigation
	RawQuery           string          // the filters, passed on to the export
	Today              time.Time
	CanImport          bool // the status import (the CISO)
	CanExport          bool // the VvT exports
	CanManageCatalogue bool // the catalogue settings
	// Sorted: one flat table in the sort order instead of the groups.
	Sorted bool
	Bulk   BulkFormView
}

// SortURL links to the list sorted by key ("" = catalogue order), keeping
// the filters and the view.
func (v ControlListView) SortURL(key string) string { return v.withParam("sorteer", key) }

// ViewURL links to the list in view ("" = full, "compact"), keeping the rest.
func (v ControlListView) ViewURL(view string) string { return v.withParam("weergave", view) }

func (v ControlListView) withParam(name, value string) string {
	q, _ := url.ParseQuery(v.RawQuery)
	if value == "" {
		q.Del(name)
	} else {
		q.Set(name, value)
	}
	return withQuery("/bio", q.Encode())
}

// AriaSort is the aria-sort of a sortable column header.
func (v ControlListView) AriaSort(key string) string {
	if v.Filter.Sort == key {
		return "ascending"
	}
	return "none"
}

// Compact reports whether the list shows one line per control.
func (v ControlListView) Compact() bool { return v.Filter.View == ViewCompact }

// ViewCompact is the value of weergave for one line per control.
const ViewCompact = "compact"

// ControlFilterView holds the raw filter values of the request.
type ControlFilterView struct {
	Owner, Status, Hygiene, Maturity, Query, Group string
	Mine, NeedsReview                              bool
	// The filters the figures of the GAP analysis link to (no control in
	// the filter bar; shown as a line with a link that clears them).
	Kind                                                string // "control" or "measure"
	Counted, NotCounted, Implemented, Evidence, Overdue bool
	// Sort and View (control list only) are kept as hidden fields when the
	// filters change.
	Sort, View string
	// HasHygiene: the framework types its measures; without types the
	// hygiene filter would only ever find nothing.
	HasHygiene bool
	// HasOwn: the user has afdelingen of their own (the filter "mijn").
	HasOwn bool
	// NoAmbition: the filter compares with the ambition and there is none.
	NoAmbition bool
}

// Active reports whether any filter is set.
func (f ControlFilterView) Active() bool {
	return len(f.Values()) > 0
}

// Values is the filter as query parameters, as controlFilter reads them.
func (f ControlFilterView) Values() url.Values {
	v := url.Values{}
	for _, kv := range [][2]string{{"afdeling", f.Owner}, {"status", f.Status}, {"hygiene", f.Hygiene}, {"niveau", f.Maturity}, {"q", f.Query},
		{"thema", f.Group}, {"soort", f.Kind}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	for _, kv := range []struct {
		key, value string
		on         bool
	}{{"mijn", "1", f.Mine}, {"beoordeling", "te", f.NeedsReview}, {"toepassing", "ja", f.Counted}, {"toepassing", "nee", f.NotCounted}, {"geimplementeerd", "ja", f.Implemented},
		{"bewijs", "ja", f.Evidence}, {"herbeoordeling", "te-laat", f.Overdue}} {
		if kv.on {
			v.Set(kv.key, kv.value)
		}
	}
	return v
}

// GapSelection describes the filters without a control in the filter bar
// (set by a link from the GAP analysis), in Dutch; nil when none is set.
func (f ControlFilterView) GapSelection(groupLabel string) []string {
	var out []string
	if f.Group != "" {
		out = append(out, strings.ToLower(groupLabel)+" "+f.Group)
	}
	switch f.Kind {
	case compliance.ItemControl:
		out = append(out, "alleen beheersmaatregelen")
	case compliance.ItemMeasure:
		out = append(out, "alleen overheidsmaatregelen")
	}
	if f.Counted {
		out = append(out, "alleen wat van toepassing is")
	}
	if f.NotCounted {
		out = append(out, "alleen wat niet van toepassing is")
	}
	if f.Implemented {
		out = append(out, "geïmplementeerd volgens de optelregel")
	}
	if f.Evidence {
		out = append(out, "met bewijs")
	}
	if f.Overdue {
		out = append(out, "herbeoordeling te laat")
	}
	return out
}

// ControlGroup is a theme or chapter with its controls.
type ControlGroup struct {
	Number, Title string
	Controls      []compliance.Control
}

// ControlView is the page of one control or measure.
type ControlView struct {
	Detail      compliance.ControlDetail
	Framework   compliance.Framework
	Input       compliance.Input
	Departments []layout.Option
	// Analyses are the risk analyses that can justify "niet van toepassing".
	Analyses []layout.Option
	Form     layout.Form
	CanEdit  bool
	// EditsControls: the role edits controls (of its afdelingen), so a
	// control it may not edit says why.
	EditsControls bool
	CanReview     bool
	CanSetOwner   bool
	Evidence      EvidenceView
	History       []compliance.HistoryEntry
	// Changes are the fields changed since the CISO's last review.
	Changes []compliance.Change
	CanPlan bool                // may add an action to the plan
	Current *compliance.Control // stored state after a conflict
	Today   time.Time
}

// StatusOptions lists the implementation statuses.
func StatusOptions() []layout.Option { return layout.EnumOptions(compliance.StatusSet) }

// AnswerOptions lists ja/deels/nee/onbekend.
func AnswerOptions() []layout.Option { return layout.EnumOptions(compliance.AnswerSet) }

// MaturityOptions lists the maturity levels.
func MaturityOptions() []layout.Option {
	out := make([]layout.Option, 5)
	for i := range 5 {
		out[i] = layout.Option{Value: strconv.Itoa(i + 1), Label: compliance.MaturityLabel(i + 1)}
	}
	return out
}

// HygieneOptions lists the hygiene types.
func HygieneOptions() []layout.Option {
	types := []string{catalogue.HygieneBasis, catalogue.HygieneKeten, catalogue.HygieneOverheid}
	out := make([]layout.Option, len(types))
	for i, t := range types {
		out[i] = layout.Option{Value: t, Label: catalogue.HygieneLabel(t)}
	}
	return out
}

// StatusBadge is the badge class of a status.
func StatusBadge(s compliance.Status) string {
	return layout.Badge(compliance.StatusSet.Tone(s, "danger"))
}

func maturityText(level int) string {
	if level == 0 {
		return "–"
	}
	return strconv.Itoa(level)
}

func withQuery(path, rawQuery string) string {
	if rawQuery == "" {
		return path
	}
	return path + "?" + rawQuery
}

// GapSelectionValues are the query pairs of GapSelection, for hidden inputs.
func (f ControlFilterView) GapSelectionValues() [][2]string {
	var out [][2]string
	v := f.Values()
	for _, k := range []string{"thema", "soort", "toepassing", "geimplementeerd", "bewijs", "herbeoordeling"} {
		if val := v.Get(k); val != "" {
			out = append(out, [2]string{k, val})
		}
	}
	return out
}

// justifyingHint explains the justifying analysis; for an overheidsmaatregel it is the only way not to apply it.
func justifyingHint(kind string) string {
	if kind == "measure" {
		return "Een overheidsmaatregel kan nooit als risico worden geaccepteerd: niet toepassen kan alleen via de VvT, onderbouwd met een risicoanalyse. De maatregel komt dan in de bijlage ‘Uitzonderingen op de VvT’."
	}
	return "Optioneel: de risicoanalyse die onderbouwt waarom de maatregel niet van toepassing is (bijlage ‘Uitzonderingen op de VvT’)."
}

// analysisName is the title of a risk analysis among the options.
func analysisName(options []layout.Option, id int64) string {
	for _, o := range options {
		if o.Value == layout.IDString(id) {
			return o.Label
		}
	}
	return "de risicoanalyse"
}
