package bio

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/report"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/views/bioview"
)

// gapListCap is the number of controls each attention list on the GAP page shows.
const gapListCap = 50

// gapData is what the GAP page and the exports read: the framework, the
// ambition and the controls, all from one read transaction.
type gapData struct {
	framework compliance.Framework
	ambition  compliance.Ambition
	all       int                  // controls and measures in the framework
	controls  []compliance.Control // those matching the filter
	filter    bioview.ControlFilterView
	today     time.Time
}

// loadGap reads the framework, controls and ambition in one read-only
// transaction (three queries, whatever the size of the catalogue) and
// applies the filter in Go.
func (h *Handlers) loadGap(r *http.Request) (gapData, error) {
	p := kit.Principal(r)
	fv, f, err := controlFilter(r, h.kit.Now())
	if err != nil {
		return gapData{}, err
	}
	mine := append(p.Departments(authz.Afdelingsmanager), p.Departments(authz.DSPO)...)
	d := gapData{filter: fv, today: h.kit.Now()}
	var all []compliance.Control
	err = h.kit.Read(r, func(tx *db.Tx) error {
		var err error
		if d.framework, err = compliance.ActiveFramework(r.Context(), tx, p.OrgID); err != nil {
			return err
		}
		if all, err = compliance.Controls(r.Context(), tx, p.OrgID, d.framework); err != nil {
			return err
		}
		d.ambition, err = compliance.GetAmbition(r.Context(), tx, p.OrgID)
		return err
	})
	if err != nil {
		return d, err
	}
	f.Target = d.ambition.TargetMaturity
	d.filter.NoAmbition = f.Level != "" && f.Target == 0
	d.filter.HasHygiene = compliance.AnyHygiene(all)
	d.all = len(all)
	for _, c := range all {
		if f.Matches(c, mine) {
			d.controls = append(d.controls, c)
		}
	}
	return d, nil
}

func (d gapData) summarise() ([]compliance.GroupSummary, compliance.GroupSummary) {
	return compliance.Summarise(d.controls, d.ambition.TargetMaturity, d.today)
}

// gapFilterNotes describes the active filters for the exports, so a filtered
// report says that it is one.
func (h *Handlers) gapFilterNotes(r *http.Request, d gapData) ([]string, error) {
	fv := d.filter
	if !fv.Active() {
		return nil, nil
	}
	note := "Selectie:"
	if fv.Owner == "geen" {
		note += " zonder eigenaar;"
	} else if fv.Owner != "" {
		depts, err := kit.DepartmentChoices(r, h.org)
		if err != nil {
			return nil, err
		}
		name := "onbekende afdeling"
		for _, o := range depts {
			if o.Value == fv.Owner {
				name = o.Label
			}
		}
		note += " eigenaar " + name + ";"
	}
	if fv.Status != "" {
		note += " status " + compliance.Status(fv.Status).Label() + ";"
	}
	if fv.Hygiene != "" {
		note += " hygiëne " + compliance.HygieneText(fv.Hygiene) + ";"
	}
	switch fv.Maturity {
	case "":
	case "geen":
		note += " volwassenheid niet bepaald;"
	case compliance.LevelBelow:
		note += " onder de ambitie;"
	case compliance.LevelAt:
		note += " op of boven de ambitie;"
	default:
		n, _ := strconv.Atoi(fv.Maturity)
		note += " volwassenheid " + compliance.MaturityLabel(n) + ";"
	}
	if fv.Query != "" {
		note += " zoekterm ‘" + fv.Query + "’;"
	}
	if fv.Mine {
		note += " alleen de maatregelen van mijn afdeling;"
	}
	for _, s := range fv.GapSelection(compliance.GroupLabel(d.framework)) {
		note += " " + s + ";"
	}
	return []string{note[:len(note)-1] + "."}, nil
}

// GapView serves GET /bio/gap.
func (h *Handlers) GapView(w http.ResponseWriter, r *http.Request) {
	p := kit.Principal(r)
	d, depts, ok := kit.FetchWithDepartments(h.kit, w, r, h.org, func(context.Context, authz.Principal) (gapData, error) { return h.loadGap(r) })
	if !ok {
		return
	}
	groups, total := d.summarise()
	owners, _ := compliance.SummariseByOwner(d.controls, d.ambition.TargetMaturity, d.today)
	noOwner, overdue := compliance.Attention(d.controls, d.today)
	v := bioview.GapView{
		Framework: d.framework, GroupLabel: compliance.GroupLabel(d.framework), Ambition: d.ambition,
		Groups: groups, Total: total, Owners: owners, HasMeasures: total.Parts[1].Items > 0,
		NoOwner: bioview.CapGapList(noOwner, gapListCap), Overdue: bioview.CapGapList(overdue, gapListCap),
		Departments: depts, Filter: d.filter, All: d.all, Shown: len(d.controls),
		CanExport: p.Can(authz.ExportReports), Today: d.today,
	}
	// What the attention lists leave out because it does not apply.
	for _, c := range d.controls {
		if c.Applicable && c.Status != compliance.NotApplicable {
			continue
		}
		if c.OwnerDeptID == 0 {
			v.NoOwnerNotApplicable++
		}
		if c.ReviewOverdue(d.today) {
			v.OverdueNotApplicable++
		}
	}
	h.kit.Render(w, r, http.StatusOK, bioview.GapPage(h.kit.Page(r, "GAP-analyse", "gap"), v))
}

// vvtExceptions reads the exceptions the Verklaring van Toepasselijkheid
// lists for the framework of d.
func (h *Handlers) vvtExceptions(r *http.Request, d gapData) (ex []compliance.VVTException, err error) {
	err = h.kit.Read(r, func(tx *db.Tx) (err error) {
		ex, err = compliance.VVTExceptions(r.Context(), tx, d.framework.ID)
		return err
	})
	return ex, err
}

// ExportVVT serves GET /bio/export/vvt.xlsx.
func (h *Handlers) ExportVVT(w http.ResponseWriter, r *http.Request) {
	h.export(w, r, "vvt", "xlsx", false, func(out *bytes.Buffer, org string, d gapData, _ []string) error {
		ex, err := h.vvtExceptions(r, d)
		if err != nil {
			return err
		}
		return writeWorkbook(out)(compliance.VVTWorkbook(org, d.framework, d.controls, compliance.ExceptionsOf(ex, d.controls)...))
	})
}

// ExportVVTPDF is the Verklaring van Toepasselijkheid as PDF for the
// directie, with the filter of the page and a note that says so.
func (h *Handlers) ExportVVTPDF(w http.ResponseWriter, r *http.Request) {
	h.export(w, r, "vvt", "pdf", true, func(out *bytes.Buffer, org string, d gapData, notes []string) error {
		ex, err := h.vvtExceptions(r, d)
		if err != nil {
			return err
		}
		return compliance.VVTPDF(out, org, d.framework, d.controls, compliance.ExceptionsOf(ex, d.controls), d.today, notes...)
	})
}

// ExportGapXLSX serves GET /bio/export/gap.xlsx.
func (h *Handlers) ExportGapXLSX(w http.ResponseWriter, r *http.Request) {
	h.export(w, r, "gap", "xlsx", true, func(out *bytes.Buffer, org string, d gapData, notes []string) error {
		groups, total := d.summarise()
		return writeWorkbook(out)(compliance.GapWorkbook(org, d.framework, d.ambition, groups, total, d.controls, d.today, notes...))
	})
}

// ExportGapPDF serves GET /bio/export/gap.pdf.
func (h *Handlers) ExportGapPDF(w http.ResponseWriter, r *http.Request) {
	h.export(w, r, "gap", "pdf", true, func(out *bytes.Buffer, org string, d gapData, notes []string) error {
		groups, total := d.summarise()
		noOwner, overdue := compliance.Attention(d.controls, d.today)
		return compliance.GapPDF(out, org, d.framework, d.ambition, groups, total, noOwner, overdue, d.today, notes...)
	})
}

// export is the shape the four exports share: the filtered data of the page,
// optionally the notes that describe the filter, the file built into a buffer
// (so a failure still gets the error page instead of half a file), and the
// download named after the organisation, framework and day.
func (h *Handlers) export(w http.ResponseWriter, r *http.Request, kind, ext string, withNotes bool,
	build func(out *bytes.Buffer, org string, d gapData, notes []string) error) {
	d, err := h.loadGap(r)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	var notes []string
	if withNotes {
		if notes, err = h.gapFilterNotes(r, d); err != nil {
			h.kit.ServerError(w, r, err)
			return
		}
	}
	org := kit.Principal(r).OrgName
	var buf bytes.Buffer
	if err := build(&buf, org, d, notes); err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	contentType := report.ContentTypePDF
	if ext == "xlsx" {
		contentType = report.ContentTypeXLSX
	}
	h.kit.Download(w, r, contentType, report.FileName(kind, org, d.framework.Code, d.today, ext), buf.Bytes())
}

// writeWorkbook writes a built workbook to out and closes it.
func writeWorkbook(out *bytes.Buffer) func(f *excelize.File, err error) error {
	return func(f *excelize.File, err error) error {
		if err != nil {
			return err
		}
		defer f.Close()
		return f.Write(out)
	}
}
