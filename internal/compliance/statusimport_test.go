package compliance_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/report"
)

var (
	importCISO  = authz.Principal{UserID: 1, OrgID: 1, Roles: []authz.Assignment{{Role: authz.CISO}}}
	importDepts = []compliance.Department{{ID: 7, Name: "Informatievoorziening en ICT"}, {ID: 8, Name: "Burgerzaken"}}
)

// importSample is sample() with stored versions: 5.1 and 6.1 were edited,
// the measure 5.01.01 was never touched.
func importSample() []compliance.Control {
	cs := sample()
	cs[0].Version, cs[2].Version = 3, 1
	return cs
}

func parse(t *testing.T, name, content string) compliance.ImportFile {
	t.Helper()
	f, err := compliance.ParseStatusFile(name, []byte(content))
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return f
}

func plan(f compliance.ImportFile) compliance.ImportPlan {
	return compliance.PlanImport(f, "BIO2", importSample(), importDepts, importCISO)
}

func changeOf(t *testing.T, p compliance.ImportPlan, number string) compliance.RowChange {
	t.Helper()
	for _, c := range p.Changes {
		if c.Number == number {
			return c
		}
	}
	t.Fatalf("no change for %s: %+v (problems %+v)", number, p.Changes, p.Problems)
	return compliance.RowChange{}
}

func fields(c compliance.RowChange) string {
	var parts []string
	for _, f := range c.Changes {
		parts = append(parts, f.Column+": "+f.Before+" → "+f.After)
	}
	return strings.Join(parts, "; ")
}

// The VvT export read back unchanged is no change at all; an edited cell is
// exactly that change, with Dutch labels.
func TestVVTExportRoundTrip(t *testing.T) {
	wb, err := compliance.VVTWorkbook("Gemeente Voorbeeld", bio2, importSample())
	if err != nil {
		t.Fatal(err)
	}
	buf, err := wb.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	f, err := compliance.ParseStatusFile("vvt.xlsx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for _, col := range []string{"Nummer", "Van toepassing", "Onderbouwing", "Eigenaar", "Status", "Opzet", "Bestaan", "Werking",
		"Volwassenheid", "Toelichting", "Laatste beoordeling", "Volgende beoordeling", "Versie"} {
		if !f.Has(col) {
			t.Errorf("export column %q not recognised; columns %v", col, f.Columns)
		}
	}
	p := plan(f)
	if len(p.Changes) != 0 || len(p.Problems) != 0 || p.Unchanged != 3 {
		t.Fatalf("unchanged export: changes %+v problems %+v unchanged %d", p.Changes, p.Problems, p.Unchanged)
	}

	// Edit in "Excel": a status, a maturity, a real date cell and the owner.
	x, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	sheet := report.SheetVVT
	mustSet := func(cell string, v any) {
		if err := x.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	mustSet("I3", "Geïmplementeerd")     // 5.01.01 status
	mustSet("M3", 3)                     // maturity as a number
	mustSet("H3", " burgerzaken ")       // owner, other case and spaces
	mustSet("O3", *day("2026-11-02"))    // a real date cell
	mustSet("P3", "02-11-2027")          // a date as text
	mustSet("N2", "Beleid vastgesteld.") // 5.1 notes
	out, err := x.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	f, err = compliance.ParseStatusFile("vvt bewerkt.xlsx", out.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	p = plan(f)
	if len(p.Problems) != 0 || len(p.Changes) != 2 || p.Unchanged != 1 {
		t.Fatalf("edited export: changes %+v problems %+v unchanged %d", p.Changes, p.Problems, p.Unchanged)
	}
	got := fields(changeOf(t, p, "5.01.01"))
	want := "Eigenaar: — → Burgerzaken; Status: In uitvoering → Geïmplementeerd; Volwassenheid: 2 – Herhaalbaar → 3 – Gedefinieerd; " +
		"Laatste beoordeling: — → 02-11-2026; Volgende beoordeling: 30-06-2026 → 02-11-2027"
	if got != want {
		t.Errorf("5.01.01 changes:\n got %s\nwant %s", got, want)
	}
	if got := fields(changeOf(t, p, "5.1")); !strings.Contains(got, "Toelichting: =HYPERLINK") || !strings.HasSuffix(got, "→ Beleid vastgesteld.") {
		t.Errorf("5.1 changes: %s", got)
	}
}

// CSV from another tool: ; separated with a BOM, numbers written loosely,
// codes instead of labels, other date formats; columns it lacks stay as they are.
func TestCSVWithSemicolonsBOMAndCodes(t *testing.T) {
	f := parse(t, "status.csv", "\xEF\xBB\xBFnummer;STATUS; Volwassenheid ;Laatste beoordeling;Opmerking\n"+
		" 5.01 ;geimplementeerd;5;2026-10-01;wordt genegeerd\n"+
		"5.1.1;in_uitvoering;3 – Gedefinieerd;1-6-2026;\n"+
		"\n"+
		"6.1;Niet van toepassing;;;\n")
	if strings.Join(f.Columns, "|") != "Nummer|Status|Volwassenheid|Laatste beoordeling" || strings.Join(f.Ignored, "|") != "Opmerking" {
		t.Fatalf("columns %v ignored %v", f.Columns, f.Ignored)
	}
	p := plan(f)
	if len(p.Problems) != 0 {
		t.Fatalf("problems: %+v", p.Problems)
	}
	if got := fields(changeOf(t, p, "5.1")); got != "Volwassenheid: 4 – Beheerst en meetbaar → 5 – Continu verbeterend; Laatste beoordeling: 15-03-2026 → 01-10-2026" {
		t.Errorf("5.1 (written 5.01): %s", got)
	}
	// 5.1.1 is the measure 5.01.01; its owner, answers and notes are not in the file and stay.
	c := changeOf(t, p, "5.01.01")
	if got := fields(c); got != "Volwassenheid: 2 – Herhaalbaar → 3 – Gedefinieerd; Laatste beoordeling: — → 01-06-2026" {
		t.Errorf("5.01.01 (written 5.1.1): %s", got)
	}
	if p.Unchanged != 1 || p.Rows != 3 {
		t.Errorf("unchanged %d rows %d, want 1 and 3 (the blank line does not count)", p.Unchanged, p.Rows)
	}

	// Comma separated, UTF-8 without BOM, Windows-1252 too.
	f = parse(t, "status.csv", "Nummer,Van toepassing,Onderbouwing\n6.1,Nee,Geen eigen personeel\n")
	if got := fields(changeOf(t, plan(f), "6.1")); got != "Onderbouwing: -2+3 geen eigen personeel → Geen eigen personeel" {
		t.Errorf("comma CSV: %s", got)
	}
	f = parse(t, "status.csv", "Nummer;Status\n5.1;Ge\xefmplementeerd\n6.1;Niet van toepassing\n")
	if p := plan(f); len(p.Problems) != 0 || p.Unchanged != 2 {
		t.Errorf("Windows-1252 CSV: %+v", p)
	}
}

// Every problem names its row and column in Dutch; the other rows still count.
func TestImportProblemsNameRowAndColumn(t *testing.T) {
	f := parse(t, "status.csv", "Nummer;Van toepassing;Onderbouwing;Eigenaar;Status;Opzet;Volwassenheid;Volgende beoordeling\n"+
		"9.99;Ja;;;Niet gestart;Ja;;\n"+ // 2: unknown number
		"5.1;Ja;;Financiën;Geïmplementeerd;Ja;4;31-03-2027\n"+ // 3: unknown afdeling
		"5.01.01;Misschien;;;In uitvoering;Ja;7;31-02-2026\n"+ // 4: three invalid values
		"6.1;Nee;;;Niet van toepassing;Onbekend;;\n"+ // 5: not applicable without justification (the form's rule)
		"5.1;Ja;;Informatievoorziening en ICT;Geïmplementeerd;Ja;5;31-03-2027\n") // 6: valid
	p := plan(f)
	var got []string
	for _, pr := range p.Problems {
		got = append(got, pr.Where()+": "+pr.Message)
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"Rij 2 (9.99), kolom Nummer: Onbekend nummer: 9.99 staat niet in BIO2.",
		"Rij 3 (5.1), kolom Eigenaar: Onbekende afdeling: Financiën.",
		"Rij 4 (5.01.01), kolom Van toepassing: ‘Misschien’ is geen geldige waarde; vul Ja of Nee in.",
		"Rij 4 (5.01.01), kolom Volwassenheid: ‘7’ is geen geldig volwassenheidsniveau",
		"Rij 4 (5.01.01), kolom Volgende beoordeling: ‘31-02-2026’ is geen geldige datum",
		"Rij 5 (6.1), kolom Onderbouwing: Leg uit waarom deze maatregel niet van toepassing is",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("problems lack %q:\n%s", want, all)
		}
	}
	// Row 3 had a problem, so row 6 is the first valid row for 5.1 and counts.
	if c := changeOf(t, p, "5.1"); c.Row != 6 || fields(c) != "Volwassenheid: 4 – Beheerst en meetbaar → 5 – Continu verbeterend" {
		t.Errorf("5.1: row %d %s", c.Row, fields(c))
	}
	if len(p.Changes) != 1 {
		t.Errorf("changes: %+v", p.Changes)
	}
}

// A row exported at another version than the stored one is a conflict when
// it would change something, and nothing when it matches.
func TestImportConflictByVersion(t *testing.T) {
	f := parse(t, "vvt.csv", "Nummer;Status;Versie\n5.1;In uitvoering;2\n6.1;Niet van toepassing;0\n5.01.01;In uitvoering;0\n")
	p := plan(f)
	if len(p.Changes) != 0 || p.Conflicts() != 1 || p.Unchanged != 2 {
		t.Fatalf("changes %+v problems %+v unchanged %d", p.Changes, p.Problems, p.Unchanged)
	}
	if pr := p.Problems[0]; pr.Number != "5.1" || pr.Column != "Versie" || !strings.Contains(pr.Message, "gewijzigd sinds de export (versie 2 in het bestand, nu 3)") {
		t.Errorf("conflict: %+v", pr)
	}
	// The current version: the change goes through.
	if c := changeOf(t, plan(parse(t, "vvt.csv", "Nummer;Status;Versie\n5.1;In uitvoering;3\n")), "5.1"); fields(c) != "Status: Geïmplementeerd → In uitvoering" {
		t.Errorf("5.1: %s", fields(c))
	}
}

// The whole file repeated: identical rows count once, a repeated number with
// other values is a problem and the first row wins.
func TestImportDuplicateRows(t *testing.T) {
	p := plan(parse(t, "x.csv", "Nummer;Status\n5.1;In uitvoering\n5.1;In uitvoering\n5.01;Niet gestart\n"))
	if len(p.Changes) != 1 || fields(p.Changes[0]) != "Status: Geïmplementeerd → In uitvoering" || len(p.Problems) != 1 ||
		!strings.Contains(p.Problems[0].Message, "staat ook in rij 2, met andere waarden") || p.Problems[0].Row != 4 {
		t.Errorf("changes %+v problems %+v", p.Changes, p.Problems)
	}
}

// Only the CISO assigns owners, as in the form; others may only touch their own afdeling.
func TestImportFollowsTheFormsPermissions(t *testing.T) {
	manager := authz.Principal{UserID: 2, OrgID: 1, Roles: []authz.Assignment{{Role: authz.Afdelingsmanager, DepartmentID: 7}}}
	f := parse(t, "x.csv", "Nummer;Eigenaar;Status\n5.1;Burgerzaken;Geïmplementeerd\n5.01.01;;Geïmplementeerd\n")
	p := compliance.PlanImport(f, "BIO2", importSample(), importDepts, manager)
	all := ""
	for _, pr := range p.Problems {
		all += pr.Where() + ": " + pr.Message + "\n"
	}
	if len(p.Changes) != 0 || !strings.Contains(all, "Rij 2 (5.1), kolom Eigenaar: Alleen de CISO wijst de eigenaar") ||
		!strings.Contains(all, "Rij 3 (5.01.01), kolom Nummer: U mag de status van 5.01.01 niet bijwerken.") {
		t.Errorf("changes %+v problems:\n%s", p.Changes, all)
	}
}

// Files the import cannot read are refused with a Dutch message for the form.
func TestParseStatusFileRefusesBadFiles(t *testing.T) {
	zip := func() []byte {
		var b bytes.Buffer
		b.WriteString("PK\x03\x04 not really a zip archive")
		return b.Bytes()
	}
	for _, tc := range []struct {
		name    string
		content []byte
		want    string
	}{
		{"leeg.csv", nil, "Het bestand is leeg."},
		{"kapot.xlsx", zip(), "kon niet worden gelezen als Excel-bestand"},
		{"oud.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0, 0, 1}, "Oude Excel-bestanden (.xls)"},
		{"foto.png", []byte("\x89PNG\r\n\x1a\n\x00\x00"), "Kies een Excel-bestand (.xlsx) of een CSV-bestand (.csv)."},
		{"tekst.xlsx", []byte("Nummer;Status\n"), "geen geldig Excel-bestand"},
		{"geen-nummer.csv", []byte("Titel;Status\nx;Ja\n"), "De kolom ‘Nummer’ ontbreekt."},
		{"alleen-kop.csv", []byte("Nummer;Status\n;;\n"), "geen rijen met maatregelen"},
		{"dubbel.csv", []byte("Nummer;Status;status\n5.1;Ja;Ja\n"), "De kolom ‘Status’ komt twee keer voor"},
		{"quotes.csv", []byte("Nummer;Status\n\"5.1;x\n"), ""},
		{"groot.csv", make([]byte, compliance.MaxImportBytes+1), "groter dan"},
	} {
		_, err := compliance.ParseStatusFile(tc.name, tc.content)
		if tc.want == "" {
			continue // only: no panic
		}
		e, ok := apperr.As(err)
		if !ok || e.Code != apperr.Invalid || !strings.Contains(e.Message, tc.want) || e.Fields["file"] == "" {
			t.Errorf("%s: %v, want Invalid with %q", tc.name, err, tc.want)
		}
	}
}
