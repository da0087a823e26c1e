package incidents

import (
	"bytes"
	"net/http"

	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/report"
	"github.com/baken-nl/baken/internal/server/kit"
)

// exportSpec is one of the exports of the register: its table, its file
// name and whether it holds datalekken only.
type exportSpec struct {
	kind, qualifier string
	table           func([]incident.ExportRow) report.Table
	datalek         bool
	csv             bool
}

// export sends the register with its filters, all pages, in the reader's
// scope, as the table of spec: XLSX or CSV. A malformed filter is a 400.
func (h *Handlers) export(w http.ResponseWriter, r *http.Request, spec exportSpec) {
	f, _, err := listFilter(r)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	if spec.datalek && f.Datalek == "" {
		f.Datalek = "ja" // the datalekken among the list; with datalek=nee none
	}
	p := kit.Principal(r)
	rows, err := h.svc.Export(r.Context(), *p, f)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	h.sendTables(w, r, spec.kind, spec.qualifier, spec.csv, spec.table(rows))
}

// sendTables writes tables as one workbook, or the first as CSV, and sends
// the file.
func (h *Handlers) sendTables(w http.ResponseWriter, r *http.Request, kind, qualifier string, csv bool, tables ...report.Table) {
	var buf bytes.Buffer
	contentType, ext := report.ContentTypeXLSX, "xlsx"
	write := func() error { return report.WriteXLSX(&buf, tables...) }
	if csv {
		contentType, ext = report.ContentTypeCSV, "csv"
		write = func() error { return report.WriteCSV(&buf, tables[0]) }
	}
	if err := write(); err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	h.kit.Download(w, r, contentType, report.FileName(kind, kit.Principal(r).OrgName, qualifier, h.kit.Now(), ext), buf.Bytes())
}

var (
	registerXLSX = exportSpec{kind: "incidenten", qualifier: "register", table: incident.RegisterTable}
	registerCSV  = exportSpec{kind: "incidenten", qualifier: "register", table: incident.RegisterTable, csv: true}
	ibdXLSX      = exportSpec{kind: "incidenten", qualifier: "ibd", table: incident.IBDTable}
	ibdCSV       = exportSpec{kind: "incidenten", qualifier: "ibd", table: incident.IBDTable, csv: true}
	datalekXLSX  = exportSpec{kind: "datalekregister", qualifier: "avg", table: incident.DatalekTable, datalek: true}
	datalekCSV   = exportSpec{kind: "datalekregister", qualifier: "avg", table: incident.DatalekTable, datalek: true, csv: true}
)

// Export serves GET /incidenten/export.xlsx: the register with its filters,
// the reporter only where the register's page shows it.
func (h *Handlers) Export(w http.ResponseWriter, r *http.Request) { h.export(w, r, registerXLSX) }

// ExportCSV serves GET /incidenten/export.csv: the same as CSV.
func (h *Handlers) ExportCSV(w http.ResponseWriter, r *http.Request) { h.export(w, r, registerCSV) }

// ExportIBD serves GET /incidenten/ibd.xlsx: the register with its filters
// in the columns of the IBD's classification, without names or descriptions.
func (h *Handlers) ExportIBD(w http.ResponseWriter, r *http.Request) { h.export(w, r, ibdXLSX) }

// ExportIBDCSV serves GET /incidenten/ibd.csv: the same as CSV.
func (h *Handlers) ExportIBDCSV(w http.ResponseWriter, r *http.Request) { h.export(w, r, ibdCSV) }

// ExportDatalekken serves GET /incidenten/datalekregister.xlsx: every
// datalek of the register (with its other filters) and the AP decision.
func (h *Handlers) ExportDatalekken(w http.ResponseWriter, r *http.Request) {
	h.export(w, r, datalekXLSX)
}

// ExportDatalekkenCSV serves GET /incidenten/datalekregister.csv.
func (h *Handlers) ExportDatalekkenCSV(w http.ResponseWriter, r *http.Request) {
	h.export(w, r, datalekCSV)
}
