package exporter_test

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/fixtures/xlsxdump"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// TestTemplateInsertedRows: on a sheet whose protection allows inserting
// rows, a department inserts a row inside the input rows and fills in a
// new post there. The formulas of the rows below keep working (checked
// after LibreOffice recalculates and saves the workbook), the dropdowns
// and checks still cover the rows, and so does the check of formulas typed
// over; the workbook checks clean but for that one.
func TestTemplateInsertedRows(t *testing.T) {
	s, _ := spec.Default()
	tpl := buildTemplate(t, s, exporter.TemplateOptions{Department: "Grundskolenämnden", Period: "Helår 2023"})
	filled := filepath.Join(t.TempDir(), "ifylld.xlsx")
	fill(t, tpl, fixtures.Consistent(fixtures.Departments()[0]), filled)

	f, err := excelize.OpenFile(filled)
	if err != nil {
		t.Fatal(err)
	}
	const sheet = "Investeringar"
	rows, _ := f.GetRows(sheet)
	used := 0
	for r, row := range rows {
		if len(row) > 0 && row[0] != "" {
			used = r + 1
		}
	}
	if used < 3 {
		t.Fatalf("%s has %d filled rows", sheet, used)
	}
	// A new project of budget 0 and outcome 0 beside another one (the same
	// Ingår i): the tree still adds up. Inserted between filled rows, as a
	// person would.
	at, parent := 0, ""
	for r := 2; r < used && parent == ""; r++ {
		if p, _ := f.GetCellValue(sheet, "B"+strconv.Itoa(r)); p != "" {
			at, parent = r+1, p
		}
	}
	if at == 0 || at > used {
		t.Fatalf("%s: no row with an Ingår i to insert beside", sheet)
	}
	// On the last prepared row (51) a project whose deviation was typed
	// over the formula: after the insertion it is on row 52, and the
	// check must still see that the template had a formula there.
	const last = 51
	for col, v := range map[string]string{"A": "Sista projektet", "B": parent} {
		f.SetCellStr(sheet, col+strconv.Itoa(last), v)
	}
	for _, col := range []string{"C", "D", "E"} {
		f.SetCellDefault(sheet, col+strconv.Itoa(last), "0")
	}
	if err := f.InsertRows(sheet, at, 1); err != nil {
		t.Fatal(err)
	}
	for ref, v := range map[string]string{"A": "Nytt projekt", "B": parent, "C": "0", "D": "0"} {
		if ref == "A" || ref == "B" {
			f.SetCellStr(sheet, ref+strconv.Itoa(at), v)
		} else {
			f.SetCellDefault(sheet, ref+strconv.Itoa(at), v)
		}
	}
	moved := at + 1 // the row that was at the inserted one, now one further down
	formula, _ := f.GetCellFormula(sheet, "E"+strconv.Itoa(moved))
	if want := "ROUND((D" + strconv.Itoa(moved) + "-C" + strconv.Itoa(moved) + "),0)"; !strings.Contains(formula, want) {
		t.Errorf("%s!E%d = %s after inserting a row, want it to contain %s", sheet, moved, formula, want)
	}
	dvs, _ := f.GetDataValidations(sheet)
	for _, dv := range dvs {
		if strings.HasPrefix(dv.Sqref, "B") && (dv.Sqref != "B2:B52" || !strings.Contains(dv.Formula1, "$A$2:$A$52")) {
			t.Errorf("Ingår i dropdown after inserting a row: %s %s, want B2:B52 over $A$2:$A$52", dv.Sqref, dv.Formula1)
		}
	}
	inserted := filepath.Join(t.TempDir(), "infogad.xlsx")
	if err := f.SaveAs(inserted); err != nil {
		t.Fatal(err)
	}
	f.Close()

	if testing.Short() {
		t.Skip("starts LibreOffice")
	}
	saved := convertXLSX(t, inserted)
	res := check.File(s, saved, check.Options{})
	if got, want := strings.Join(errorsAndWarnings(res), "|"), "warning Investeringar!E52 template.formula_overwritten"; got != want {
		t.Errorf("after inserting a row and LibreOffice's recalculation: %s, want %s", got, want)
		for _, f := range res.Findings {
			t.Log(f.Ref.Cell(), f.Rule, f.Message)
		}
	}
	dump, err := xlsxdump.Dump(saved)
	if err != nil {
		t.Fatal(err)
	}
	// The moved row's deviation was computed by LibreOffice from its own row.
	g, _ := excelize.OpenFile(saved, excelize.Options{RawCellValue: true})
	defer g.Close()
	budget, _ := g.GetCellValue(sheet, "C"+strconv.Itoa(moved))
	outcome, _ := g.GetCellValue(sheet, "D"+strconv.Itoa(moved))
	dev, _ := g.GetCellValue(sheet, "E"+strconv.Itoa(moved))
	b, _ := strconv.Atoi(budget)
	o, _ := strconv.Atoi(outcome)
	if dev != strconv.Itoa(o-b) {
		t.Errorf("%s!E%d = %q after recalculation, want %d - %d = %d\n%s", sheet, moved, dev, o, b, o-b, dump)
	}
}
