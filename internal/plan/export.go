package plan

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// ExportColumns are the column headers of the XLSX export.
var ExportColumns = []string{"Titel", "Omschrijving", "Eigenaar", "Afdeling", "Deadline", "Status", "Prioriteit", "Geschatte kosten", "Te laat", "Maatregelen"}

// WriteXLSX writes the actions as a spreadsheet: one header row and one row
// per action. Text from users is written as a string cell, never as a
// formula, so "=HYPERLINK(…)" in a title stays text.
func WriteXLSX(w io.Writer, actions []Action, today time.Time) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Plan"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#DCE6F0"}}})
	if err != nil {
		return err
	}
	dateFmt := "dd-mm-yyyy"
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return err
	}
	moneyFmt := `"€" #,##0.00`
	money, err := f.NewStyle(&excelize.Style{CustomNumFmt: &moneyFmt})
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}

	cell := func(col, row int) string {
		name, _ := excelize.CoordinatesToCellName(col, row)
		return name
	}
	for i, h := range ExportColumns {
		if err := f.SetCellStr(sheet, cell(i+1, 1), h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sheet, cell(1, 1), cell(len(ExportColumns), 1), header); err != nil {
		return err
	}
	for i, a := range actions {
		row := i + 2
		text := map[int]string{
			1: a.Title, 2: a.Description, 3: a.OwnerUserName, 4: a.OwnerDepartmentName,
			6: a.Status.Label(), 7: a.Priority.Label(), 9: jaNee(a.Overdue(today)),
			10: strings.Join(a.ControlNumbers(), ", "),
		}
		for col, v := range text {
			if err := f.SetCellStr(sheet, cell(col, row), v); err != nil {
				return err
			}
		}
		if a.DueDate != nil {
			if err := f.SetCellValue(sheet, cell(5, row), *a.DueDate); err != nil {
				return err
			}
			if err := f.SetCellStyle(sheet, cell(5, row), cell(5, row), date); err != nil {
				return err
			}
		}
		if a.EstimatedCost != nil {
			if err := f.SetCellFloat(sheet, cell(8, row), a.EstimatedCost.Float(), 2, 64); err != nil {
				return err
			}
			if err := f.SetCellStyle(sheet, cell(8, row), cell(8, row), money); err != nil {
				return err
			}
		}
		if err := f.SetCellStyle(sheet, cell(2, row), cell(2, row), wrap); err != nil {
			return err
		}
	}
	widths := []float64{50, 60, 28, 28, 12, 14, 11, 16, 8, 24}
	for i, wd := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, wd); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	last := max(len(actions)+1, 2)
	if err := f.AutoFilter(sheet, fmt.Sprintf("A1:%s", cell(len(ExportColumns), last)), nil); err != nil {
		return err
	}
	return f.Write(w)
}

func jaNee(b bool) string {
	if b {
		return "ja"
	}
	return "nee"
}
