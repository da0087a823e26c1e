package compliance

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/catalogue"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/report"
)

// The spreadsheet round trip of the implementation status: the VvT export
// (VVTWorkbook) is edited in Excel or LibreOffice, or the same columns come
// as CSV from another tool, and imported back. This file holds the pure part:
// ParseStatusFile reads the file into rows of values, PlanImport compares
// them with the current state and says per row what would change and what
// is wrong. The service methods at the end of the file store the parsed
// file between the preview and the confirmation and apply the plan.

// MaxImportBytes bounds an uploaded status spreadsheet. The whole BIO2 VvT
// is about 60 kB as XLSX.
const MaxImportBytes = 8 << 20

// maxImportRows bounds the data rows of one file (the BIO2 has ~400
// controls and measures).
const maxImportRows = 20000

// importField is a column the import understands.
type importField int

const (
	fieldNumber importField = iota
	fieldApplicable
	fieldJustification
	fieldOwner
	fieldStatus
	fieldOpzet
	fieldBestaan
	fieldWerking
	fieldMaturity
	fieldNotes
	fieldLastReview
	fieldNextReview
	fieldVersion
	fieldCount
)

// importColumns are the column titles as exported (controlColumns), with
// the other names accepted for them (the codes, some obvious variants).
// Headers are compared by foldHeader.
var importColumns = [fieldCount]struct {
	title   string
	aliases []string
}{
	fieldNumber:        {"Nummer", []string{"nr", "number"}},
	fieldApplicable:    {"Van toepassing", []string{"toepasselijk", "applicable"}},
	fieldJustification: {"Onderbouwing", []string{"justification"}},
	fieldOwner:         {"Eigenaar", []string{"eigenaar afdeling", "afdeling", "owner", "owner_department"}},
	fieldStatus:        {"Status", nil},
	fieldOpzet:         {"Opzet", nil},
	fieldBestaan:       {"Bestaan", nil},
	fieldWerking:       {"Werking", nil},
	fieldMaturity:      {"Volwassenheid", []string{"volwassenheidsniveau", "maturity"}},
	fieldNotes:         {"Toelichting", []string{"notes"}},
	fieldLastReview:    {"Laatste beoordeling", []string{"last_review"}},
	fieldNextReview:    {"Volgende beoordeling", []string{"next_review"}},
	fieldVersion:       {"Versie", []string{"version"}},
}

// formColumn maps the field names of Input.validate to the column that holds them.
var formColumn = map[string]importField{
	"applicable": fieldApplicable, "justification": fieldJustification, "owner_department_id": fieldOwner,
	"status": fieldStatus, "opzet": fieldOpzet, "bestaan": fieldBestaan, "werking": fieldWerking,
	"maturity": fieldMaturity, "notes": fieldNotes, "last_review": fieldLastReview, "next_review": fieldNextReview,
}

var headerIndex = func() map[string]importField {
	m := map[string]importField{}
	for f, c := range importColumns {
		m[foldHeader(c.title)] = importField(f)
		for _, a := range c.aliases {
			m[foldHeader(a)] = importField(f)
		}
	}
	return m
}()

var diacritics = strings.NewReplacer("ë", "e", "ï", "i", "é", "e", "è", "e", "ê", "e", "ö", "o", "ü", "u", "á", "a", "à", "a", "ó", "o", "í", "i")

// foldValue is how labels and codes are compared: lower case, without
// diacritics, underscores as spaces, runs of spaces as one.
func foldValue(s string) string {
	s = diacritics.Replace(strings.ToLower(s))
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "_", " ")), " ")
}

// foldHeader is foldValue without any spaces ("Van toepassing" = "vantoepassing").
func foldHeader(s string) string { return strings.ReplaceAll(foldValue(s), " ", "") }

// ImportValues are the values of one row; nil leaves the field as it is
// (the column is missing, or an empty cell where empty has no meaning).
type ImportValues struct {
	Applicable    *bool   `json:"applicable,omitempty"`
	Justification *string `json:"justification,omitempty"`
	Owner         *string `json:"owner,omitempty"` // afdeling name as written; "" = no owner
	Status        *Status `json:"status,omitempty"`
	Opzet         *Answer `json:"opzet,omitempty"`
	Bestaan       *Answer `json:"bestaan,omitempty"`
	Werking       *Answer `json:"werking,omitempty"`
	Maturity      *int    `json:"maturity,omitempty"`
	Notes         *string `json:"notes,omitempty"`
	LastReview    *string `json:"last_review,omitempty"` // yyyy-mm-dd or ""
	NextReview    *string `json:"next_review,omitempty"`
}

// ImportRow is one data row of the file.
type ImportRow struct {
	Row     int          `json:"row"` // as the spreadsheet numbers it (the header is row 1)
	Number  string       `json:"number"`
	Version *int         `json:"version,omitempty"` // the "Versie" column: the state the row was exported from
	Values  ImportValues `json:"values"`
}

// ImportProblem is something wrong with a row (or the file, Row 0), in Dutch.
type ImportProblem struct {
	Row      int    `json:"row"`
	Number   string `json:"number,omitempty"`
	Column   string `json:"column,omitempty"`
	Message  string `json:"message"`
	Conflict bool   `json:"conflict,omitempty"` // changed by someone else since the export
}

// Where is "Rij 12 (5.1), kolom Status".
func (p ImportProblem) Where() string {
	var b strings.Builder
	if p.Row > 0 {
		b.WriteString("Rij " + strconv.Itoa(p.Row))
		if p.Number != "" {
			b.WriteString(" (" + p.Number + ")")
		}
	}
	if p.Column != "" {
		if b.Len() > 0 {
			b.WriteString(", kolom ")
		} else {
			b.WriteString("Kolom ")
		}
		b.WriteString(p.Column)
	}
	return b.String()
}

// ImportFile is a parsed status file, as stored between preview and confirm.
type ImportFile struct {
	Columns  []string        `json:"columns"` // the recognised columns, in file order
	Ignored  []string        `json:"ignored"` // headers the import does not use
	Rows     []ImportRow     `json:"rows"`    // rows without problems of their own
	Problems []ImportProblem `json:"problems"`
}

// Has reports whether the file has the column (by its exported title).
func (f ImportFile) Has(title string) bool {
	for _, c := range f.Columns {
		if c == title {
			return true
		}
	}
	return false
}

// importInvalid is a file the import cannot read at all.
func importInvalid(format string, a ...any) error {
	return &apperr.Error{Code: apperr.Invalid, Message: fmt.Sprintf(format, a...),
		Fields: map[string]string{"file": fmt.Sprintf(format, a...)}}
}

// grid is the cells of a sheet; xlsx says date cells may hold Excel serials.
type grid struct {
	rows [][]string
	xlsx bool
}

// ParseStatusFile reads an XLSX (the VvT export, or any workbook with its
// columns) or a CSV file (separator ; or ,, UTF-8 with or without BOM, or
// Windows-1252). Columns are found by their header in the first row; Nummer
// is required, the others optional. A file that cannot be read is an
// apperr.Invalid error with a Dutch message; a bad value only makes a
// problem of its row.
func ParseStatusFile(filename string, data []byte) (ImportFile, error) {
	var f ImportFile
	if len(data) == 0 {
		return f, importInvalid("Het bestand is leeg.")
	}
	if len(data) > MaxImportBytes {
		return f, importInvalid("Het bestand is groter dan %d MB.", MaxImportBytes>>20)
	}
	ext := strings.ToLower(filepath.Ext(filename))
	var (
		g   grid
		err error
	)
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		if ext == ".ods" {
			return f, importInvalid("OpenDocument-bestanden (.ods) worden niet gelezen. Sla het bestand in LibreOffice op als Excel 2007-365 (.xlsx) of als CSV.")
		}
		g, err = readXLSX(data)
	case ext == ".xls" || bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return f, importInvalid("Oude Excel-bestanden (.xls) worden niet gelezen. Sla het bestand op als Excel-werkmap (.xlsx) of als CSV.")
	case ext == ".xlsx" || ext == ".xlsm":
		return f, importInvalid("Het bestand is geen geldig Excel-bestand (XLSX); mogelijk is het beschadigd. Exporteer opnieuw of sla het op als .xlsx of .csv.")
	case ext == ".csv" || ext == ".txt" || ext == "" || looksLikeText(data):
		g, err = readCSV(data)
	default:
		return f, importInvalid("Kies een Excel-bestand (.xlsx) of een CSV-bestand (.csv).")
	}
	if err != nil {
		return f, err
	}
	return parseGrid(g)
}

// looksLikeText: no NUL bytes in the first kilobytes.
func looksLikeText(b []byte) bool {
	return !bytes.Contains(b[:min(len(b), 4096)], []byte{0})
}

func readXLSX(data []byte) (grid, error) {
	g := grid{xlsx: true}
	// RawCellValue: dates come as Excel serials rather than in whatever
	// format the cell shows (m/d/yy in an English Excel).
	x, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true,
		UnzipSizeLimit: 256 << 20, UnzipXMLSizeLimit: 64 << 20})
	if err != nil {
		return g, importInvalid("Het bestand kon niet worden gelezen als Excel-bestand (XLSX); mogelijk is het beschadigd. Exporteer opnieuw of sla het op als .xlsx of .csv.")
	}
	defer x.Close()
	sheets := x.GetSheetList()
	if len(sheets) == 0 {
		return g, importInvalid("Het Excel-bestand bevat geen werkbladen.")
	}
	// The VvT's own sheet, else the control sheet of the GAP workbook,
	// else the first sheet.
	sheet := sheets[0]
	for _, want := range []string{report.SheetControls, report.SheetVVT} {
		for _, s := range sheets {
			if s == want {
				sheet = s
			}
		}
	}
	rows, err := x.Rows(sheet)
	if err != nil {
		return g, importInvalid("Het werkblad ‘%s’ kon niet worden gelezen.", sheet)
	}
	defer rows.Close()
	for rows.Next() {
		if len(g.rows) > maxImportRows {
			return g, importInvalid("Het bestand heeft meer dan %d rijen.", maxImportRows)
		}
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return g, importInvalid("Het werkblad ‘%s’ kon niet worden gelezen; mogelijk is het bestand beschadigd.", sheet)
		}
		g.rows = append(g.rows, cols)
	}
	if rows.Error() != nil {
		return g, importInvalid("Het werkblad ‘%s’ kon niet worden gelezen; mogelijk is het bestand beschadigd.", sheet)
	}
	return g, nil
}

func readCSV(data []byte) (grid, error) {
	var g grid
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) {
		// Excel on Windows saves "CSV (gescheiden door lijstscheidingsteken)" in Windows-1252.
		dec, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return g, importInvalid("Het CSV-bestand heeft een onbekende tekenset; sla het op als CSV UTF-8.")
		}
		data = dec
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	sep := ','
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		sep = ';'
	} else if bytes.Count(first, []byte("\t")) > bytes.Count(first, []byte(",")) {
		sep = '\t'
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = sep, -1, true
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return g, nil
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return g, importInvalid("Het CSV-bestand kon niet worden gelezen (regel %d). Controleer de aanhalingstekens.", line)
		}
		if len(g.rows) > maxImportRows {
			return g, importInvalid("Het bestand heeft meer dan %d rijen.", maxImportRows)
		}
		g.rows = append(g.rows, rec)
	}
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func parseGrid(g grid) (ImportFile, error) {
	var f ImportFile
	head := -1
	for i, r := range g.rows {
		if !blank(r) {
			head = i
			break
		}
	}
	if head < 0 {
		return f, importInvalid("Het bestand bevat geen gegevens.")
	}
	col := [fieldCount]int{}
	for i := range col {
		col[i] = -1
	}
	for i, h := range g.rows[head] {
		fld, ok := headerIndex[foldHeader(h)]
		switch {
		case strings.TrimSpace(h) == "":
		case !ok:
			f.Ignored = append(f.Ignored, strings.TrimSpace(h))
		case col[fld] >= 0:
			return f, importInvalid("De kolom ‘%s’ komt twee keer voor in de eerste rij.", importColumns[fld].title)
		default:
			col[fld] = i
			f.Columns = append(f.Columns, importColumns[fld].title)
		}
	}
	if col[fieldNumber] < 0 {
		return f, importInvalid("De kolom ‘Nummer’ ontbreekt. De eerste rij moet de kolomkoppen bevatten, zoals in de export van de Verklaring van Toepasselijkheid.")
	}
	for i := head + 1; i < len(g.rows); i++ {
		cells := g.rows[i]
		if blank(cells) {
			continue
		}
		row := ImportRow{Row: i + 1}
		cell := func(fld importField) (string, bool) {
			c := col[fld]
			if c < 0 {
				return "", false
			}
			if c >= len(cells) {
				return "", true
			}
			return cells[c], true
		}
		var problems []ImportProblem
		bad := func(fld importField, format string, a ...any) {
			problems = append(problems, ImportProblem{Row: row.Row, Column: importColumns[fld].title, Message: fmt.Sprintf(format, a...)})
		}
		n, _ := cell(fieldNumber)
		row.Number = strings.TrimSpace(n)
		if row.Number == "" {
			bad(fieldNumber, "Het nummer ontbreekt.")
		}
		v := &row.Values
		cellValue(cell, bad, fieldApplicable, true, parseYesNo, &v.Applicable, "‘%s’ is geen geldige waarde; vul Ja of Nee in.")
		if s, ok := cell(fieldJustification); ok {
			s = strings.TrimSpace(s)
			v.Justification = &s
		}
		if s, ok := cell(fieldOwner); ok {
			s = strings.Join(strings.Fields(s), " ")
			if s == "-" || s == "–" {
				s = ""
			}
			v.Owner = &s
		}
		cellValue(cell, bad, fieldStatus, true, parseStatus, &v.Status,
			"‘%s’ is geen geldige status; kies Niet gestart, In uitvoering, Geïmplementeerd of Niet van toepassing.")
		for _, a := range []struct {
			fld importField
			dst **Answer
		}{{fieldOpzet, &v.Opzet}, {fieldBestaan, &v.Bestaan}, {fieldWerking, &v.Werking}} {
			cellValue(cell, bad, a.fld, true, parseAnswer, a.dst, "‘%s’ is geen geldig antwoord; kies Ja, Deels, Nee of Onbekend.")
		}
		cellValue(cell, bad, fieldMaturity, false, parseMaturity, &v.Maturity,
			"‘%s’ is geen geldig volwassenheidsniveau; vul 1 tot en met 5 in, of laat de cel leeg.")
		if s, ok := cell(fieldNotes); ok {
			s = strings.TrimSpace(s)
			v.Notes = &s
		}
		for _, d := range []struct {
			fld importField
			dst **string
		}{{fieldLastReview, &v.LastReview}, {fieldNextReview, &v.NextReview}} {
			cellValue(cell, bad, d.fld, false, func(s string) (string, bool) { return parseImportDate(s, g.xlsx) }, d.dst,
				"‘%s’ is geen geldige datum; schrijf dd-mm-jjjj, bijvoorbeeld 15-03-2026.")
		}
		cellValue(cell, bad, fieldVersion, true, parseVersion, &row.Version, "‘%s’ is geen geldige versie; laat de kolom Versie zoals de export hem gaf.")
		for i := range problems {
			problems[i].Number = row.Number
		}
		if len(problems) > 0 {
			f.Problems = append(f.Problems, problems...)
			continue
		}
		f.Rows = append(f.Rows, row)
	}
	if len(f.Rows) == 0 && len(f.Problems) == 0 {
		return f, importInvalid("Het bestand bevat geen rijen met maatregelen onder de kolomkoppen.")
	}
	return f, nil
}

// cellValue reads the cell of fld, when the file has the column (and, with
// skipBlank, the cell is not blank), with parse into *dst; a value parse
// refuses is reported with msg, whose %s is the value.
func cellValue[T any](cell func(importField) (string, bool), bad func(importField, string, ...any), fld importField, skipBlank bool,
	parse func(string) (T, bool), dst **T, msg string) {
	s, ok := cell(fld)
	if !ok || (skipBlank && strings.TrimSpace(s) == "") {
		return
	}
	if x, ok := parse(s); ok {
		*dst = &x
	} else {
		bad(fld, msg, shorten(s))
	}
}

// parseVersion reads the stored version the export wrote (0 or more).
func parseVersion(s string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(s), ".0"))
	return n, err == nil && n >= 0
}

func shorten(s string) string { return shortenTo(strings.TrimSpace(s), 60) }

func shortenTo(s string, n int) string {
	if utf8.RuneCountInString(s) > n {
		return string([]rune(s)[:n]) + "…"
	}
	return s
}

func parseYesNo(s string) (bool, bool) {
	switch foldValue(s) {
	case "ja", "j", "yes", "y", "true", "waar", "1", "x":
		return true, true
	case "nee", "n", "no", "false", "onwaar", "0":
		return false, true
	}
	return false, false
}

func parseStatus(s string) (Status, bool) {
	k := foldValue(s)
	switch k {
	case "nvt", "n.v.t.", "n.v.t":
		return NotApplicable, true
	}
	for _, st := range Statuses {
		if k == foldValue(string(st)) || k == foldValue(st.Label()) {
			return st, true
		}
	}
	return "", false
}

func parseAnswer(s string) (Answer, bool) {
	k := foldValue(s)
	for _, a := range Answers {
		if k == foldValue(string(a)) || k == foldValue(a.Label()) {
			return a, true
		}
	}
	return "", false
}

// maturityText: "3", "3.0" (a number cell), "3 – Gedefinieerd" (the label).
var maturityText = regexp.MustCompile(`^([0-5])(\.0+)?(\s*[–-].*)?$`)

func parseMaturity(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" || foldValue(s) == "niet bepaald" {
		return 0, true
	}
	m := maturityText.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	return int(m[1][0] - '0'), true
}

var dateLayouts = []string{"2-1-2006", "2/1/2006", "2.1.2006", "2006-1-2", "2006-01-02T15:04:05", "2006-01-02 15:04:05"}

// parseImportDate returns yyyy-mm-dd, "" for an empty cell. In an XLSX a
// date cell holds its Excel serial number.
func parseImportDate(s string, xlsx bool) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	if xlsx {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			if f < 1 || f > 109575 { // 1900 … 2199
				return "", false
			}
			t, err := excelize.ExcelDateToTime(f, false)
			if err != nil {
				return "", false
			}
			return t.Format("2006-01-02"), true
		}
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil && t.Year() >= 1900 && t.Year() < 2200 {
			return t.Format("2006-01-02"), true
		}
	}
	return "", false
}

// Department is an afdeling that can own a control, for matching by name.
type Department struct {
	ID   int64
	Name string
}

// FieldChange is one field of a row that the import changes, in Dutch labels.
type FieldChange struct {
	Column string `json:"column"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// RowChange is a control or measure the import changes.
type RowChange struct {
	Row     int           `json:"row"`
	ItemID  int64         `json:"item_id"`
	Number  string        `json:"number"`
	Title   string        `json:"title"`
	Changes []FieldChange `json:"changes"`
	version int           // the stored version the change is based on
	before  statusRecord
	after   statusRecord
}

// ImportPlan is what an import would do to the current state.
type ImportPlan struct {
	Changes   []RowChange
	Problems  []ImportProblem // including the conflicts
	Unchanged int             // rows that match the current state
	Rows      int             // data rows in the file
}

// Conflicts counts the problems that are changes by someone else.
func (p ImportPlan) Conflicts() int {
	n := 0
	for _, pr := range p.Problems {
		if pr.Conflict {
			n++
		}
	}
	return n
}

// PlanImport compares the rows of f with the current state of the controls
// (one list, compliance.Controls) and says per row what changes. A row is
// left out, with a problem naming its row and column, when its number is
// unknown, its afdeling unknown, its values break the rules of the control
// form (Input.validate, CanEdit), or when the control changed since the
// file was exported (its Versie differs from the stored version and the
// row would change something): that is a conflict, never overwritten.
func PlanImport(f ImportFile, fwName string, controls []Control, depts []Department, actor authz.Principal) ImportPlan {
	plan := ImportPlan{Rows: len(f.Rows) + problemRows(f.Problems)}
	plan.Problems = append(plan.Problems, f.Problems...)
	byNumber := make(map[string]int, len(controls))
	for i, c := range controls {
		k := catalogue.NumberKey(c.Number)
		if _, dup := byNumber[k]; !dup {
			byNumber[k] = i
		}
	}
	deptByName := make(map[string]Department, len(depts))
	deptName := make(map[int64]string, len(depts))
	for _, d := range depts {
		deptByName[strings.ToLower(strings.Join(strings.Fields(d.Name), " "))] = d
		deptName[d.ID] = d.Name
	}
	type first struct {
		row    int
		values string
	}
	seen := map[int64]first{}
	for _, r := range f.Rows {
		problem := func(fld importField, conflict bool, format string, a ...any) {
			plan.Problems = append(plan.Problems, ImportProblem{Row: r.Row, Number: r.Number, Column: columnTitle(fld),
				Message: fmt.Sprintf(format, a...), Conflict: conflict})
		}
		i, ok := byNumber[catalogue.NumberKey(r.Number)]
		if !ok {
			problem(fieldNumber, false, "Onbekend nummer: %s staat niet in %s.", shorten(r.Number), fwName)
			continue
		}
		c := controls[i]
		key, _ := json.Marshal(struct {
			V *int
			X ImportValues
		}{r.Version, r.Values})
		if s, dup := seen[c.ItemID]; dup {
			if s.values != string(key) {
				problem(fieldNumber, false, "%s staat ook in rij %d, met andere waarden. Alleen rij %d telt; haal de dubbele rij weg.", c.Number, s.row, s.row)
			}
			continue
		}

		in := InputOf(c)
		v := r.Values
		if v.Owner != nil {
			if *v.Owner == "" {
				in.OwnerDeptID = 0
			} else if d, ok := deptByName[strings.ToLower(*v.Owner)]; ok {
				in.OwnerDeptID = d.ID
			} else {
				problem(fieldOwner, false, "Onbekende afdeling: %s. Gebruik de naam van een afdeling zoals onder Afdelingen, of laat de cel leeg.", shorten(*v.Owner))
				continue
			}
		}
		setIf(&in.Applicable, v.Applicable)
		setIf(&in.Justification, v.Justification)
		setIf(&in.Status, v.Status)
		setIf(&in.Opzet, v.Opzet)
		setIf(&in.Bestaan, v.Bestaan)
		setIf(&in.Werking, v.Werking)
		setIf(&in.Maturity, v.Maturity)
		setIf(&in.Notes, v.Notes)
		setIf(&in.LastReview, v.LastReview)
		setIf(&in.NextReview, v.NextReview)
		if !CanEdit(actor, c) {
			problem(fieldNumber, false, "U mag de status van %s niet bijwerken.", c.Number)
			continue
		}
		rec, verr := in.validate()
		if !actor.Has(authz.CISO) && in.OwnerDeptID != c.OwnerDeptID {
			verr.Add("owner_department_id", "Alleen de CISO wijst de eigenaar van een maatregel toe.")
		}
		if len(verr) > 0 {
			for _, name := range []string{"applicable", "justification", "owner_department_id", "status", "opzet", "bestaan", "werking", "maturity", "notes", "last_review", "next_review"} {
				if msg, ok := verr[name]; ok {
					problem(formColumn[name], false, "%s", msg)
				}
			}
			continue
		}
		// The first valid row of a number counts.
		seen[c.ItemID] = first{r.Row, string(key)}
		before := recordOf(c)
		changes := diffRecords(before, rec, deptName)
		if len(changes) == 0 {
			plan.Unchanged++
			continue
		}
		if r.Version != nil && *r.Version != c.Version {
			problem(fieldVersion, true, "%s is gewijzigd sinds de export (versie %d in het bestand, nu %d). Deze rij wordt niet overgenomen; exporteer opnieuw en breng de wijziging daar aan.",
				c.Number, *r.Version, c.Version)
			continue
		}
		plan.Changes = append(plan.Changes, RowChange{Row: r.Row, ItemID: c.ItemID, Number: c.Number, Title: c.Title,
			Changes: changes, version: c.Version, before: before, after: rec})
	}
	slices.SortStableFunc(plan.Problems, func(a, b ImportProblem) int { return a.Row - b.Row })
	return plan
}

// problemRows counts the distinct rows with a problem of their own.
func problemRows(ps []ImportProblem) int {
	rows := map[int]bool{}
	for _, p := range ps {
		rows[p.Row] = true
	}
	return len(rows)
}

func columnTitle(f importField) string { return importColumns[f].title }

func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// diffRecords lists the fields that differ with Dutch labels: the review
// diff (review.go), with long texts shortened for the preview table.
func diffRecords(a, b statusRecord, deptName map[int64]string) []FieldChange {
	changes := diff(a, b, func(id int64) string { return deptName[id] })
	out := make([]FieldChange, len(changes))
	for i, c := range changes {
		out[i] = FieldChange{Column: c.Label, Before: shortenTo(c.Before, 120), After: shortenTo(c.After, 120)}
	}
	return out
}

// StatusImport is an uploaded status file with what it does: the plan
// against the current state until it is confirmed, the outcome after.
type StatusImport struct {
	ID        int64
	Filename  string
	CreatedAt time.Time
	Framework Framework
	File      ImportFile
	Plan      ImportPlan     // not yet applied
	Outcome   *ImportOutcome // applied
}

// ImportOutcome is what the confirmation did.
type ImportOutcome struct {
	AppliedAt time.Time       `json:"applied_at"`
	Applied   []RowChange     `json:"applied"`
	Problems  []ImportProblem `json:"problems"` // rows left out, conflicts included
	Unchanged int             `json:"unchanged"`
	Rows      int             `json:"rows"`
}

// Conflicts counts the rows left out because someone else changed them.
func (o ImportOutcome) Conflicts() int { return ImportPlan{Problems: o.Problems}.Conflicts() }

// CreateStatusImport reads an uploaded status file and keeps it for the
// preview; nothing of the statuses changes. A file that cannot be read is
// an apperr.Invalid error with the message for the upload form.
func (s *Service) CreateStatusImport(ctx context.Context, actor authz.Principal, filename string, data []byte) (int64, error) {
	if err := actor.Require(authz.ImportControls); err != nil {
		return 0, err
	}
	f, err := ParseStatusFile(filename, data)
	if err != nil {
		return 0, err
	}
	rows, err := json.Marshal(f)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.DB.WriteAs(ctx, actor, authz.ImportControls, func(tx *db.Tx) error {
		fw, err := ActiveFramework(ctx, tx, actor.OrgID)
		if err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO status_imports (organisation_id, framework_id, created_by, filename, rows)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, actor.OrgID, fw.ID, actor.UserID, shorten(filepath.Base(filename)), rows).Scan(&id)
	})
	return id, err
}

// loadImport reads an import of the organisation, locked when forUpdate;
// only the user who uploaded it may see or confirm it.
func loadImport(ctx context.Context, tx *db.Tx, actor authz.Principal, id int64, forUpdate bool) (StatusImport, error) {
	var (
		imp       StatusImport
		createdBy int64
		fwID      int64
		rows      []byte
		result    []byte
	)
	q := `SELECT framework_id, created_by, created_at, filename, rows, result FROM status_imports WHERE organisation_id = $1 AND id = $2`
	if forUpdate {
		q += ` FOR UPDATE`
	}
	err := tx.QueryRow(ctx, q, actor.OrgID, id).Scan(&fwID, &createdBy, &imp.CreatedAt, &imp.Filename, &rows, &result)
	if db.IsNoRows(err) {
		return imp, apperr.NotFoundf("Deze import bestaat niet (meer).")
	}
	if err != nil {
		return imp, fmt.Errorf("load status import %d: %w", id, err)
	}
	if createdBy != actor.UserID {
		return imp, apperr.Forbiddenf("Alleen wie het bestand heeft geüpload kan deze import bekijken en bevestigen.")
	}
	imp.ID = id
	if err := json.Unmarshal(rows, &imp.File); err != nil {
		return imp, fmt.Errorf("status import %d: %w", id, err)
	}
	if result != nil {
		imp.Outcome = &ImportOutcome{}
		if err := json.Unmarshal(result, imp.Outcome); err != nil {
			return imp, fmt.Errorf("status import %d: %w", id, err)
		}
	}
	imp.Framework, err = FrameworkByID(ctx, tx, fwID)
	return imp, err
}

// departments lists the organisation's afdelingen for matching by name.
func departments(ctx context.Context, tx *db.Tx, orgID int64) ([]Department, error) {
	rows, err := tx.Query(ctx, `SELECT id, name FROM departments WHERE organisation_id = $1 ORDER BY name`, orgID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Department])
}

// planFor compares the import with the current state in tx.
func planFor(ctx context.Context, tx *db.Tx, actor authz.Principal, imp StatusImport) (ImportPlan, error) {
	// Read again: the import may have been previewed before the catalogue changed.
	fw, err := FrameworkByID(ctx, tx, imp.Framework.ID)
	if err != nil {
		return ImportPlan{}, err
	}
	controls, err := Controls(ctx, tx, actor.OrgID, fw)
	if err != nil {
		return ImportPlan{}, err
	}
	depts, err := departments(ctx, tx, actor.OrgID)
	if err != nil {
		return ImportPlan{}, err
	}
	return PlanImport(imp.File, imp.Framework.Name, controls, depts, actor), nil
}

// GetStatusImport returns an import with its preview (what confirming
// would change now) or, once confirmed, its outcome.
func (s *Service) GetStatusImport(ctx context.Context, actor authz.Principal, id int64) (StatusImport, error) {
	var imp StatusImport
	err := s.DB.ReadAs(ctx, actor, authz.ImportControls, func(tx *db.Tx) error {
		var err error
		if imp, err = loadImport(ctx, tx, actor, id, false); err != nil || imp.Outcome != nil {
			return err
		}
		imp.Plan, err = planFor(ctx, tx, actor, imp)
		return err
	})
	return imp, err
}

// ApplyStatusImport confirms an import: in one transaction it compares the
// file with the current state again and writes every valid changed row,
// each with the version check (a row someone changed in the meantime is a
// conflict and keeps their change) and one audit event per control, like
// Update. A second confirmation is refused. Older imports of the
// organisation are removed.
func (s *Service) ApplyStatusImport(ctx context.Context, actor authz.Principal, id int64) (ImportOutcome, error) {
	var out ImportOutcome
	err := s.DB.WriteAs(ctx, actor, authz.ImportControls, func(tx *db.Tx) error {
		imp, err := loadImport(ctx, tx, actor, id, true)
		if err != nil {
			return err
		}
		if imp.Outcome != nil {
			return apperr.Conflictf("Deze import is al toegepast op %s; er is niets opnieuw gewijzigd.", report.Local(imp.Outcome.AppliedAt).Format("02-01-2006 15:04"))
		}
		plan, err := planFor(ctx, tx, actor, imp)
		if err != nil {
			return err
		}
		out = ImportOutcome{AppliedAt: tx.Now, Problems: plan.Problems, Unchanged: plan.Unchanged, Rows: plan.Rows}
		byCISO := actor.Has(authz.CISO)
		b := &pgx.Batch{}
		for _, c := range plan.Changes {
			r := c.after
			b.Queue(upsertStatus, actor.OrgID, c.ItemID, r.Applicable, r.Justification, r.OwnerDeptID, r.Status, r.Opzet, r.Bestaan, r.Werking,
				r.Maturity, r.Notes, r.LastReview, r.NextReview, actor.UserID, byCISO, c.version, r.Analysis)
		}
		var events []audit.Event
		if b.Len() > 0 {
			br := tx.SendBatch(ctx, b)
			for _, c := range plan.Changes {
				tag, err := br.Exec()
				if err != nil {
					_ = br.Close()
					return fmt.Errorf("import status of %s: %w", c.Number, err)
				}
				if tag.RowsAffected() == 0 {
					out.Problems = append(out.Problems, ImportProblem{Row: c.Row, Number: c.Number, Column: columnTitle(fieldVersion), Conflict: true,
						Message: c.Number + " is zojuist door iemand anders gewijzigd; die wijziging blijft staan en deze rij is niet overgenomen."})
					continue
				}
				out.Applied = append(out.Applied, c)
				events = append(events, audit.Event{Action: audit.Update, Entity: "control", EntityID: c.ItemID,
					Summary: "Status van " + c.Number + " bijgewerkt via import (" + imp.Filename + "): " + c.after.Status.Label(),
					Before:  c.before, After: c.after})
			}
			if err := br.Close(); err != nil {
				return fmt.Errorf("import statuses: %w", err)
			}
		}
		if err := audit.RecordAll(ctx, tx, events); err != nil {
			return err
		}
		result, err := json.Marshal(out)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE status_imports SET applied_at = now(), result = $3 WHERE organisation_id = $1 AND id = $2`,
			actor.OrgID, id, result); err != nil {
			return err
		}
		// The parsed files of earlier imports are no longer needed: applied
		// ones, and previews nobody confirmed within a day.
		_, err = tx.Exec(ctx, `DELETE FROM status_imports WHERE organisation_id = $1 AND id <> $2
			AND (applied_at IS NOT NULL OR created_at < now() - interval '1 day')`, actor.OrgID, id)
		return err
	})
	return out, db.MapError(err, nil)
}
